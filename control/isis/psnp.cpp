#include "snp.hpp"

namespace ldpsync::isis {

DecodeResult<Psnp> Psnp::decode(ByteView pdu) {
    Reader in(pdu);
    auto h = Header::decode(in);
    if (!h) return codec::Unexpected{h.error()};
    if (h->pdu_type != pdu_type::psnp_l1 && h->pdu_type != pdu_type::psnp_l2) {
        return decode_error(Reason::bad_pdu_type, "pdu type", 4);
    }
    Psnp m;
    m.header = *h;
    const std::size_t length_at = in.offset();
    auto length = in.u16("pdu length");
    auto source = in.node_id("source id");
    if (auto e = first_error(length, source)) return codec::Unexpected{*e};
    m.source = *source;
    auto tlvs = Tlvs::decode_pdu_body(pdu, *length, header_length::psnp, length_at);
    if (!tlvs) return codec::Unexpected{tlvs.error()};
    m.tlvs = std::move(*tlvs);
    return m;
}

Bytes Psnp::encode() const {
    Bytes out;
    Writer w(out);
    header.encode(w);
    const std::size_t length_at = w.size();
    w.u16(0);
    w.node_id(source);
    tlvs.encode(w);
    w.patch_u16(length_at, static_cast<std::uint16_t>(out.size()));
    return out;
}

}  // namespace ldpsync::isis
