#include "snp.hpp"

namespace ldpsync::isis {

std::vector<LspEntry> lsp_entries(const Tlvs& tlvs) {
    std::vector<LspEntry> out;
    for (const auto* t : tlvs.all<LspEntries>()) out.insert(out.end(), t->entries.begin(), t->entries.end());
    return out;
}

DecodeResult<Csnp> Csnp::decode(ByteView pdu) {
    Reader in(pdu);
    auto h = Header::decode(in);
    if (!h) return codec::Unexpected{h.error()};
    if (h->pdu_type != pdu_type::csnp_l1 && h->pdu_type != pdu_type::csnp_l2) {
        return decode_error(Reason::bad_pdu_type, "pdu type", 4);
    }
    Csnp m;
    m.header = *h;
    const std::size_t length_at = in.offset();
    auto length = in.u16("pdu length");
    auto source = in.node_id("source id");
    auto start = in.lsp_id("start lsp id");
    auto end = in.lsp_id("end lsp id");
    if (auto e = first_error(length, source, start, end)) return codec::Unexpected{*e};
    m.source = *source;
    m.start = *start;
    m.end = *end;
    auto tlvs = Tlvs::decode_pdu_body(pdu, *length, header_length::csnp, length_at);
    if (!tlvs) return codec::Unexpected{tlvs.error()};
    m.tlvs = std::move(*tlvs);
    return m;
}

Bytes Csnp::encode() const {
    Bytes out;
    Writer w(out);
    header.encode(w);
    const std::size_t length_at = w.size();
    w.u16(0);
    w.node_id(source);
    w.lsp_id(start);
    w.lsp_id(end);
    tlvs.encode(w);
    w.patch_u16(length_at, static_cast<std::uint16_t>(out.size()));
    return out;
}

}  // namespace ldpsync::isis
