#include "lsa_header.hpp"

#include "types.hpp"

namespace ldpsync::ospf {

std::string lsa_type_name(std::uint8_t type) {
    switch (type) {
    case lsa_type::router: return "router";
    case lsa_type::network: return "network";
    case lsa_type::summary_network: return "summary";
    case lsa_type::summary_asbr: return "asbr-summary";
    case lsa_type::as_external: return "as-external";
    case lsa_type::nssa: return "nssa";
    case lsa_type::opaque_link: return "opaque-link";
    case lsa_type::opaque_area: return "opaque-area";
    case lsa_type::opaque_as: return "opaque-as";
    default: return "type-" + std::to_string(type);
    }
}

DecodeResult<LsaHeader> LsaHeader::decode(Reader& r) {
    LsaHeader h;
    const std::size_t start = r.offset();
    LDPSYNC_OSPF_TRY(age, r.u16(Field::lsa_header));
    LDPSYNC_OSPF_TRY(opts, r.u8(Field::lsa_header));
    LDPSYNC_OSPF_TRY(type, r.u8(Field::lsa_header));
    LDPSYNC_OSPF_TRY(ls_id, r.u32(Field::lsa_header));
    LDPSYNC_OSPF_TRY(adv, r.u32(Field::lsa_header));
    LDPSYNC_OSPF_TRY(seq, r.u32(Field::lsa_header));
    LDPSYNC_OSPF_TRY(cks, r.u16(Field::lsa_header));
    LDPSYNC_OSPF_TRY(len, r.u16(Field::lsa_length));
    if (len < lsa_header_size) {
        return decode_error(Reason::bad_length, Field::lsa_length, start + 18, len);
    }
    h.age = age;
    h.options = opts;
    h.type = type;
    h.ls_id = ls_id;
    h.adv_router = adv;
    h.seq = seq;
    h.checksum = cks;
    h.length = len;
    return h;
}

DecodeResult<LsaHeader> LsaHeader::decode(ByteView data) {
    Reader r(data);
    LDPSYNC_OSPF_TRY(h, LsaHeader::decode(r));
    if (!r.empty()) {
        return decode_error(Reason::trailing_bytes, Field::lsa_header, r.offset());
    }
    return h;
}

void encode_lsa_header(Writer& w, const LsaHeader& h) {
    w.u16(h.age);
    w.u8(h.options);
    w.u8(h.type);
    w.u32(h.ls_id);
    w.u32(h.adv_router);
    w.u32(h.seq);
    w.u16(h.checksum);
    w.u16(h.length);
}

std::string to_string(const LsaHeader& h) {
    return lsa_type_name(h.type) + ' ' + format_ipv4(h.ls_id) + " adv " + format_ipv4(h.adv_router) + " seq " +
           format_hex(h.seq, 8) + " age " + std::to_string(h.age) + " cksum " + format_hex(h.checksum, 4) +
           " len " + std::to_string(h.length) + " opts " + format_options(h.options);
}

}  // namespace ldpsync::ospf
