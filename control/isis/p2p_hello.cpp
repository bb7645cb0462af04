#include "hello.hpp"

namespace ldpsync::isis {

DecodeResult<P2pHello> P2pHello::decode(ByteView pdu) {
    Reader in(pdu);
    auto h = Header::decode(in);
    if (!h) return codec::Unexpected{h.error()};
    if (h->pdu_type != pdu_type::p2p_iih) return decode_error(Reason::bad_pdu_type, "pdu type", 4);
    P2pHello m;
    m.header = *h;
    auto ct = in.u8("circuit type");
    auto source = in.system_id("source id");
    auto hold = in.u16("holding time");
    const std::size_t length_at = in.offset();
    auto length = in.u16("pdu length");
    auto circuit = in.u8("local circuit id");
    if (auto e = first_error(ct, source, hold, length, circuit)) return codec::Unexpected{*e};
    m.circuit_type = *ct & 0x03;
    if (m.circuit_type == 0) return decode_error(Reason::bad_value, "circuit type", kCommonHeaderSize);
    m.source = *source;
    m.holding_time = *hold;
    m.local_circuit_id = *circuit;
    auto tlvs = Tlvs::decode_pdu_body(pdu, *length, header_length::p2p_iih, length_at);
    if (!tlvs) return codec::Unexpected{tlvs.error()};
    m.tlvs = std::move(*tlvs);
    return m;
}

Bytes P2pHello::encode() const {
    Bytes out;
    Writer w(out);
    header.encode(w);
    w.u8(circuit_type);
    w.system_id(source);
    w.u16(holding_time);
    const std::size_t length_at = w.size();
    w.u16(0);
    w.u8(local_circuit_id);
    tlvs.encode(w);
    w.patch_u16(length_at, static_cast<std::uint16_t>(out.size()));
    return out;
}

}  // namespace ldpsync::isis
