#include "lsp.hpp"

#include <algorithm>

#include "codec/fletcher.hpp"

namespace ldpsync::isis {

std::uint16_t lsp_checksum(ByteView lsp) {
    if (lsp.size() < header_length::lsp) return 0;
    return codec::fletcher_checksum(lsp.subspan(kLspIdOffset), kLspChecksumOffset - kLspIdOffset);
}

bool lsp_checksum_ok(ByteView lsp) {
    return lsp.size() >= header_length::lsp && codec::fletcher_ok(lsp.subspan(kLspIdOffset));
}

ByteView lsp_bytes(ByteView lsp) {
    if (lsp.size() < kCommonHeaderSize + 2) return lsp;
    const std::size_t length =
        (std::size_t{std::to_integer<std::uint8_t>(lsp[8])} << 8) | std::to_integer<std::uint8_t>(lsp[9]);
    return lsp.first(std::min(length, lsp.size()));
}

void set_remaining_lifetime(Bytes& lsp, std::uint16_t seconds) {
    if (lsp.size() < kLspLifetimeOffset + 2) return;
    lsp[kLspLifetimeOffset] = std::byte{static_cast<std::uint8_t>(seconds >> 8)};
    lsp[kLspLifetimeOffset + 1] = std::byte{static_cast<std::uint8_t>(seconds)};
}

DecodeResult<Lsp> Lsp::decode(ByteView pdu) {
    Reader in(pdu);
    auto h = Header::decode(in);
    if (!h) return codec::Unexpected{h.error()};
    if (h->pdu_type != pdu_type::lsp_l1 && h->pdu_type != pdu_type::lsp_l2) {
        return decode_error(Reason::bad_pdu_type, "pdu type", 4);
    }
    Lsp m;
    m.header = *h;
    const std::size_t length_at = in.offset();
    auto length = in.u16("pdu length");
    auto life = in.u16("remaining lifetime");
    auto id = in.lsp_id("lsp id");
    auto seq = in.u32("sequence number");
    auto cks = in.u16("checksum");
    auto flags = in.u8("flags");
    if (auto e = first_error(length, life, id, seq, cks, flags)) return codec::Unexpected{*e};
    m.remaining_lifetime = *life;
    m.id = *id;
    m.sequence = *seq;
    m.checksum = *cks;
    m.flags = *flags;
    auto body = tlv_area(pdu, *length, header_length::lsp, length_at);
    if (!body) return codec::Unexpected{body.error()};
    const bool unchecked_purge = m.checksum == 0 && m.remaining_lifetime == 0;
    if (!unchecked_purge && !lsp_checksum_ok(pdu.first(*length))) {
        return decode_error(Reason::bad_checksum, "lsp checksum", kLspChecksumOffset);
    }
    auto tlvs = Tlvs::decode(*body);
    if (!tlvs) return codec::Unexpected{tlvs.error()};
    m.tlvs = std::move(*tlvs);
    return m;
}

Bytes Lsp::encode(bool keep_checksum) const {
    Bytes out;
    Writer w(out);
    header.encode(w);
    const std::size_t length_at = w.size();
    w.u16(0);
    w.u16(remaining_lifetime);
    w.lsp_id(id);
    w.u32(sequence);
    w.u16(checksum);
    w.u8(flags);
    tlvs.encode(w);
    w.patch_u16(length_at, static_cast<std::uint16_t>(out.size()));
    if (!keep_checksum) w.patch_u16(kLspChecksumOffset, lsp_checksum(out));
    return out;
}

}  // namespace ldpsync::isis
