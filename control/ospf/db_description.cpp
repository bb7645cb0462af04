#include "db_description.hpp"

#include "types.hpp"

namespace ldpsync::ospf {

DecodeResult<DbDescription> DbDescription::decode(Reader& r) {
    DbDescription dd;
    LDPSYNC_OSPF_TRY(mtu, r.u16(Field::dd_fixed));
    LDPSYNC_OSPF_TRY(opts, r.u8(Field::dd_fixed));
    LDPSYNC_OSPF_TRY(flags, r.u8(Field::dd_fixed));
    LDPSYNC_OSPF_TRY(seq, r.u32(Field::dd_fixed));
    dd.mtu = mtu;
    dd.options = opts;
    dd.flags = flags;
    dd.dd_sequence = seq;
    if (r.remaining() % lsa_header_size != 0) {
        return decode_error(Reason::bad_length, Field::lsa_header, r.offset(),
                            static_cast<std::uint32_t>(r.remaining()));
    }
    dd.lsa_headers.reserve(r.remaining() / lsa_header_size);
    while (!r.empty()) {
        LDPSYNC_OSPF_TRY(h, LsaHeader::decode(r));
        dd.lsa_headers.push_back(h);
    }
    return dd;
}

DecodeResult<DbDescription> DbDescription::decode(ByteView body, std::size_t base_offset) {
    Reader r(body, base_offset);
    return DbDescription::decode(r);
}

void encode_db_description(Writer& w, const DbDescription& dd) {
    w.u16(dd.mtu);
    w.u8(dd.options);
    w.u8(dd.flags);
    w.u32(dd.dd_sequence);
    for (const LsaHeader& h : dd.lsa_headers) {
        encode_lsa_header(w, h);
    }
}

std::string to_string(const DbDescription& dd) {
    std::string out = "mtu " + std::to_string(dd.mtu) + " opts " + format_options(dd.options) + " flags";
    out += dd.init() ? " I" : "";
    out += dd.more() ? " M" : "";
    out += dd.master() ? " MS" : "";
    out += " seq " + format_hex(dd.dd_sequence, 8) + " headers " + std::to_string(dd.lsa_headers.size());
    for (const LsaHeader& h : dd.lsa_headers) {
        out += "\n  " + to_string(h);
    }
    return out;
}

}  // namespace ldpsync::ospf
