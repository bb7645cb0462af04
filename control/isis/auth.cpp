#include "auth.hpp"

#include <nettle/hmac.h>

#include <optional>

#include "header.hpp"
#include "lsp.hpp"

namespace ldpsync::isis {

namespace {

// Where the Authentication TLV's value (its type byte) sits in an encoded PDU; the PDU length
// field bounds the walk. Nothing when there is none or the PDU is malformed.
std::optional<std::size_t> auth_value_offset(ByteView pdu, std::size_t& pdu_length, bool& is_lsp) {
    if (pdu.size() < kCommonHeaderSize + 2) return std::nullopt;
    const auto type = std::to_integer<std::uint8_t>(pdu[4]) & 0x1f;
    const std::uint8_t header = header_length_of(type);
    if (header == 0 || pdu.size() < header) return std::nullopt;
    // The PDU length follows the fixed fields: at 8 for LSP/SNPs, at 17 for the Hellos.
    const bool hello = type == pdu_type::p2p_iih || type == pdu_type::lan_iih_l1 || type == pdu_type::lan_iih_l2;
    const std::size_t length_at = hello ? 17 : 8;
    pdu_length = (std::size_t{std::to_integer<std::uint8_t>(pdu[length_at])} << 8) |
                 std::to_integer<std::uint8_t>(pdu[length_at + 1]);
    if (pdu_length < header || pdu_length > pdu.size()) return std::nullopt;
    is_lsp = type == pdu_type::lsp_l1 || type == pdu_type::lsp_l2;
    for (std::size_t at = header; at + 2 <= pdu_length;) {
        const auto t = std::to_integer<std::uint8_t>(pdu[at]);
        const std::size_t len = std::to_integer<std::uint8_t>(pdu[at + 1]);
        if (at + 2 + len > pdu_length) return std::nullopt;
        if (t == tlv_type::authentication && len >= 1) return at + 2;
        at += 2 + len;
    }
    return std::nullopt;
}

void hmac(ByteView data, std::string_view key, std::byte* out) {
    hmac_md5_ctx ctx;
    hmac_md5_set_key(&ctx, key.size(), reinterpret_cast<const std::uint8_t*>(key.data()));
    hmac_md5_update(&ctx, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
    hmac_md5_digest(&ctx, kHmacMd5Size, reinterpret_cast<std::uint8_t*>(out));
}

// The bytes the digest is computed over: the PDU with the digest (and an LSP's lifetime and
// checksum) zero.
Bytes digest_input(ByteView pdu, std::size_t pdu_length, std::size_t digest_at, bool is_lsp) {
    Bytes copy(pdu.begin(), pdu.begin() + static_cast<std::ptrdiff_t>(pdu_length));
    std::fill(copy.begin() + static_cast<std::ptrdiff_t>(digest_at),
              copy.begin() + static_cast<std::ptrdiff_t>(digest_at + kHmacMd5Size), std::byte{0});
    if (is_lsp) {
        for (std::size_t i : {kLspLifetimeOffset, kLspLifetimeOffset + 1, kLspChecksumOffset, kLspChecksumOffset + 1}) {
            copy[i] = std::byte{0};
        }
    }
    return copy;
}

}  // namespace

Authentication hmac_md5_placeholder() { return Authentication{auth_type::hmac_md5, Bytes(kHmacMd5Size, std::byte{0})}; }

bool sign_hmac_md5(Bytes& pdu, std::string_view key) {
    std::size_t length = 0;
    bool is_lsp = false;
    const auto at = auth_value_offset(pdu, length, is_lsp);
    if (!at || std::to_integer<std::uint8_t>(pdu[*at]) != auth_type::hmac_md5 || *at + 1 + kHmacMd5Size > length) {
        return false;
    }
    const std::size_t digest_at = *at + 1;
    const Bytes input = digest_input(pdu, length, digest_at, is_lsp);
    hmac(input, key, pdu.data() + digest_at);
    if (is_lsp) {
        const std::uint16_t cks = lsp_checksum(ByteView(pdu).first(length));
        pdu[kLspChecksumOffset] = std::byte{static_cast<std::uint8_t>(cks >> 8)};
        pdu[kLspChecksumOffset + 1] = std::byte{static_cast<std::uint8_t>(cks)};
    }
    return true;
}

AuthCheck verify_hmac_md5(ByteView pdu, std::string_view key) {
    std::size_t length = 0;
    bool is_lsp = false;
    const auto at = auth_value_offset(pdu, length, is_lsp);
    if (!at) return AuthCheck::missing;
    if (std::to_integer<std::uint8_t>(pdu[*at]) != auth_type::hmac_md5 || *at + 1 + kHmacMd5Size > length) {
        return AuthCheck::wrong_type;
    }
    const std::size_t digest_at = *at + 1;
    std::byte expected[kHmacMd5Size];
    hmac(digest_input(pdu, length, digest_at, is_lsp), key, expected);
    unsigned diff = 0;
    for (std::size_t i = 0; i < kHmacMd5Size; ++i) diff |= std::to_integer<unsigned>(expected[i] ^ pdu[digest_at + i]);
    return diff == 0 ? AuthCheck::ok : AuthCheck::bad_digest;
}

}  // namespace ldpsync::isis
