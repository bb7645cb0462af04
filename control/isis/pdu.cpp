#include "pdu.hpp"

namespace ldpsync::isis {

namespace {

template <class T>
DecodeResult<Pdu> as_pdu(DecodeResult<T> r) {
    if (!r) return codec::Unexpected{r.error()};
    return Pdu{std::move(*r)};
}

}  // namespace

DecodeResult<Pdu> decode_pdu(ByteView pdu) {
    Reader in(pdu);
    auto h = Header::decode(in);
    if (!h) return codec::Unexpected{h.error()};
    switch (h->pdu_type) {
    case pdu_type::p2p_iih: return as_pdu(P2pHello::decode(pdu));
    case pdu_type::lan_iih_l1:
    case pdu_type::lan_iih_l2: return as_pdu(LanHello::decode(pdu));
    case pdu_type::lsp_l1:
    case pdu_type::lsp_l2: return as_pdu(Lsp::decode(pdu));
    case pdu_type::csnp_l1:
    case pdu_type::csnp_l2: return as_pdu(Csnp::decode(pdu));
    default: return as_pdu(Psnp::decode(pdu));  // Header::decode knows no other type
    }
}

Bytes encode_pdu(const Pdu& pdu) {
    return std::visit([](const auto& m) { return m.encode(); }, pdu);
}

std::optional<Frame> parse_frame(ByteView frame) {
    if (frame.size() < kEthernetHeaderSize + kLlcHeaderSize) return std::nullopt;
    auto b = [&](std::size_t i) { return std::to_integer<std::uint8_t>(frame[i]); };
    const std::size_t length = (std::size_t{b(12)} << 8) | b(13);
    // An 802.3 length (not an EtherType), within the frame, holding at least the LLC header.
    if (length > 1500 || length < kLlcHeaderSize || kEthernetHeaderSize + length > frame.size()) return std::nullopt;
    if (b(14) != 0xfe || b(15) != 0xfe || b(16) != 0x03) return std::nullopt;
    Frame f;
    for (std::size_t i = 0; i < 6; ++i) {
        f.destination[i] = b(i);
        f.source[i] = b(6 + i);
    }
    f.pdu = frame.subspan(kEthernetHeaderSize + kLlcHeaderSize, length - kLlcHeaderSize);
    return f;
}

Bytes build_frame(const MacAddress& destination, const MacAddress& source, ByteView pdu) {
    Bytes out;
    Writer w(out);
    w.system_id(destination);
    w.system_id(source);
    w.u16(static_cast<std::uint16_t>(pdu.size() + kLlcHeaderSize));
    w.u8(0xfe);
    w.u8(0xfe);
    w.u8(0x03);
    w.bytes(pdu);
    return out;
}

}  // namespace ldpsync::isis
