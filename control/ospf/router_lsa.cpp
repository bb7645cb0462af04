#include "router_lsa.hpp"

#include <limits>

#include "types.hpp"

namespace ldpsync::ospf {

std::string to_string(RouterLinkType t) {
    switch (t) {
    case RouterLinkType::point_to_point: return "p2p";
    case RouterLinkType::transit: return "transit";
    case RouterLinkType::stub: return "stub";
    case RouterLinkType::virtual_link: return "virtual";
    }
    return "type-" + std::to_string(static_cast<unsigned>(t));
}

namespace {

constexpr std::size_t link_fixed_size = 12;
constexpr std::size_t tos_entry_size = 4;

DecodeResult<RouterLink> decode_link(Reader& r) {
    RouterLink link;
    const std::size_t start = r.offset();
    LDPSYNC_OSPF_TRY(id, r.u32(Field::router_link));
    LDPSYNC_OSPF_TRY(data, r.u32(Field::router_link));
    LDPSYNC_OSPF_TRY(type, r.u8(Field::router_link));
    LDPSYNC_OSPF_TRY(ntos, r.u8(Field::router_link));
    LDPSYNC_OSPF_TRY(metric, r.u16(Field::router_link));
    // Check the whole TOS block before reading it: # TOS must not lie about the body.
    if (r.remaining() < std::size_t{ntos} * tos_entry_size) {
        return decode_error(Reason::count_mismatch, Field::router_link_tos, start + 9, ntos);
    }
    link.link_id = id;
    link.link_data = data;
    link.type = static_cast<RouterLinkType>(type);
    link.metric = metric;
    link.tos.reserve(ntos);
    for (unsigned i = 0; i < ntos; ++i) {
        TosMetric t;
        LDPSYNC_OSPF_TRY(tos, r.u8(Field::router_link_tos));
        LDPSYNC_OSPF_TRY(reserved, r.u8(Field::router_link_tos));
        LDPSYNC_OSPF_TRY(tmetric, r.u16(Field::router_link_tos));
        t.tos = tos;
        t.reserved = reserved;
        t.metric = tmetric;
        link.tos.push_back(t);
    }
    return link;
}

}  // namespace

DecodeResult<RouterLsa> RouterLsa::decode(Reader& r) {
    RouterLsa lsa;
    LDPSYNC_OSPF_TRY(flags, r.u8(Field::router_lsa_fixed));
    LDPSYNC_OSPF_TRY(reserved, r.u8(Field::router_lsa_fixed));
    const std::size_t count_offset = r.offset();
    LDPSYNC_OSPF_TRY(nlinks, r.u16(Field::router_lsa_link_count));
    lsa.flags = flags;
    lsa.reserved = reserved;
    // A link needs at least 12 bytes: a count the body cannot hold is rejected before any
    // allocation sized from it.
    if (r.remaining() / link_fixed_size < nlinks) {
        return decode_error(Reason::count_mismatch, Field::router_lsa_link_count, count_offset, nlinks);
    }
    lsa.links.reserve(nlinks);
    for (unsigned i = 0; i < nlinks; ++i) {
        if (r.remaining() < link_fixed_size) {
            return decode_error(Reason::count_mismatch, Field::router_lsa_link_count, count_offset, nlinks);
        }
        LDPSYNC_OSPF_TRY(link, decode_link(r));
        lsa.links.push_back(std::move(link));
    }
    if (!r.empty()) {
        return decode_error(Reason::count_mismatch, Field::router_lsa_link_count, count_offset, nlinks);
    }
    return lsa;
}

EncodeResult<Ok> encode_router_lsa(Writer& w, const RouterLsa& lsa) {
    if (lsa.links.size() > std::numeric_limits<std::uint16_t>::max()) {
        return Unexpected{EncodeError::too_many_entries};
    }
    w.u8(lsa.flags);
    w.u8(lsa.reserved);
    w.u16(static_cast<std::uint16_t>(lsa.links.size()));
    for (const RouterLink& link : lsa.links) {
        if (link.tos.size() > std::numeric_limits<std::uint8_t>::max()) {
            return Unexpected{EncodeError::too_many_entries};
        }
        w.u32(link.link_id);
        w.u32(link.link_data);
        w.u8(static_cast<std::uint8_t>(link.type));
        w.u8(static_cast<std::uint8_t>(link.tos.size()));
        w.u16(link.metric);
        for (const TosMetric& t : link.tos) {
            w.u8(t.tos);
            w.u8(t.reserved);
            w.u16(t.metric);
        }
    }
    return Ok{};
}

std::string to_string(const RouterLsa& lsa) {
    std::string out = "flags";
    out += lsa.v() ? " V" : "";
    out += lsa.e() ? " E" : "";
    out += lsa.b() ? " B" : "";
    out += " links " + std::to_string(lsa.links.size());
    for (const RouterLink& l : lsa.links) {
        out += "\n    " + to_string(l.type) + " id " + format_ipv4(l.link_id) + " data " + format_ipv4(l.link_data) +
               " metric " + std::to_string(l.metric);
        if (l.metric == kLsInfinity) {
            out += " (LSInfinity)";
        }
        for (const TosMetric& t : l.tos) {
            out += " tos " + std::to_string(t.tos) + ':' + std::to_string(t.metric);
        }
    }
    return out;
}

}  // namespace ldpsync::ospf
