#include "hello.hpp"

namespace ldpsync::isis {

DecodeResult<LanHello> LanHello::decode(ByteView pdu) {
    Reader in(pdu);
    auto h = Header::decode(in);
    if (!h) return codec::Unexpected{h.error()};
    if (h->pdu_type != pdu_type::lan_iih_l1 && h->pdu_type != pdu_type::lan_iih_l2) {
        return decode_error(Reason::bad_pdu_type, "pdu type", 4);
    }
    LanHello m;
    m.header = *h;
    auto ct = in.u8("circuit type");
    auto source = in.system_id("source id");
    auto hold = in.u16("holding time");
    const std::size_t length_at = in.offset();
    auto length = in.u16("pdu length");
    auto priority = in.u8("priority");
    auto lan_id = in.node_id("lan id");
    if (auto e = first_error(ct, source, hold, length, priority, lan_id)) return codec::Unexpected{*e};
    m.circuit_type = *ct & 0x03;
    if (m.circuit_type == 0) return decode_error(Reason::bad_value, "circuit type", kCommonHeaderSize);
    m.source = *source;
    m.holding_time = *hold;
    m.priority = *priority & 0x7f;
    m.lan_id = *lan_id;
    auto tlvs = Tlvs::decode_pdu_body(pdu, *length, header_length::lan_iih, length_at);
    if (!tlvs) return codec::Unexpected{tlvs.error()};
    m.tlvs = std::move(*tlvs);
    return m;
}

Bytes LanHello::encode() const {
    Bytes out;
    Writer w(out);
    header.encode(w);
    w.u8(circuit_type);
    w.system_id(source);
    w.u16(holding_time);
    const std::size_t length_at = w.size();
    w.u16(0);
    w.u8(priority & 0x7f);
    w.node_id(lan_id);
    tlvs.encode(w);
    w.patch_u16(length_at, static_cast<std::uint16_t>(out.size()));
    return out;
}

}  // namespace ldpsync::isis
