#pragma once
// The Link State PDU of level 1 or 2 (ISO 10589 9.8, 9.9) and its checksum (7.3.11: the ISO
// 8473 Fletcher checksum from the LSP ID to the end; the remaining lifetime is not covered, so
// a flooded LSP ages without re-checksumming).

#include <cstdint>

#include "header.hpp"
#include "tlv.hpp"

namespace ldpsync::isis {

inline constexpr std::size_t kLspLifetimeOffset = 10;
inline constexpr std::size_t kLspIdOffset = 12;
inline constexpr std::size_t kLspChecksumOffset = 24;

namespace lsp_flags {
inline constexpr std::uint8_t partition = 0x80;
inline constexpr std::uint8_t attached_default = 0x08;  // ATT, default metric (RFC 3787 2.1: the one used)
inline constexpr std::uint8_t attached_mask = 0x78;
inline constexpr std::uint8_t overload = 0x04;
inline constexpr std::uint8_t is_type_mask = 0x03;
// The IS Type bits (9.9): 1 for a level 1 IS, 3 for a level 2 IS (a level 1-2 router's L1 LSP
// says 3 too); 0 and 2 are unused.
inline constexpr std::uint8_t is_type_l1 = 0x01;
inline constexpr std::uint8_t is_type_l2 = 0x03;
}  // namespace lsp_flags

struct Lsp {
    Header header{pdu_type::lsp_l2};
    std::uint16_t remaining_lifetime = 0;
    LspId id;
    std::uint32_t sequence = 0;
    std::uint16_t checksum = 0;
    std::uint8_t flags = 0;
    Tlvs tlvs;
    bool operator==(const Lsp&) const = default;

    Level level() const { return header.pdu_type == pdu_type::lsp_l1 ? Level::l1 : Level::l2; }
    bool overload() const { return (flags & lsp_flags::overload) != 0; }
    bool attached() const { return (flags & lsp_flags::attached_mask) != 0; }

    // Verifies the checksum unless it is 0 with a zero lifetime (a purge may carry none,
    // 7.3.16.4 / RFC 6233).
    static DecodeResult<Lsp> decode(ByteView pdu);
    // With the checksum computed (`keep_checksum` writes the stored one instead).
    Bytes encode(bool keep_checksum = false) const;
};

// The checksum of an encoded LSP (the bytes at kLspChecksumOffset taken as zero), and whether
// the stored one verifies.
std::uint16_t lsp_checksum(ByteView lsp);
bool lsp_checksum_ok(ByteView lsp);
// An LSP that decoded, without the frame padding after its PDU length.
ByteView lsp_bytes(ByteView decoded_lsp);
// Rewrites the remaining lifetime of an encoded LSP (not covered by the checksum).
void set_remaining_lifetime(Bytes& lsp, std::uint16_t seconds);

}  // namespace ldpsync::isis
