#include "hello.hpp"

#include "types.hpp"

namespace ldpsync::ospf {

DecodeResult<Hello> Hello::decode(Reader& r) {
    Hello h;
    LDPSYNC_OSPF_TRY(mask, r.u32(Field::hello_fixed));
    LDPSYNC_OSPF_TRY(interval, r.u16(Field::hello_fixed));
    LDPSYNC_OSPF_TRY(opts, r.u8(Field::hello_fixed));
    LDPSYNC_OSPF_TRY(prio, r.u8(Field::hello_fixed));
    LDPSYNC_OSPF_TRY(dead, r.u32(Field::hello_fixed));
    LDPSYNC_OSPF_TRY(dr, r.u32(Field::hello_fixed));
    LDPSYNC_OSPF_TRY(bdr, r.u32(Field::hello_fixed));
    h.network_mask = mask;
    h.hello_interval = interval;
    h.options = opts;
    h.priority = prio;
    h.dead_interval = dead;
    h.dr = dr;
    h.bdr = bdr;
    if (r.remaining() % 4 != 0) {
        return decode_error(Reason::bad_length, Field::hello_neighbor, r.offset(),
                            static_cast<std::uint32_t>(r.remaining()));
    }
    h.neighbors.reserve(r.remaining() / 4);
    while (!r.empty()) {
        LDPSYNC_OSPF_TRY(nbr, r.u32(Field::hello_neighbor));
        h.neighbors.push_back(nbr);
    }
    return h;
}

DecodeResult<Hello> Hello::decode(ByteView body, std::size_t base_offset) {
    Reader r(body, base_offset);
    return Hello::decode(r);
}

void encode_hello(Writer& w, const Hello& h) {
    w.u32(h.network_mask);
    w.u16(h.hello_interval);
    w.u8(h.options);
    w.u8(h.priority);
    w.u32(h.dead_interval);
    w.u32(h.dr);
    w.u32(h.bdr);
    for (std::uint32_t nbr : h.neighbors) {
        w.u32(nbr);
    }
}

std::string to_string(const Hello& h) {
    std::string out = "mask " + format_ipv4(h.network_mask) + " hello " + std::to_string(h.hello_interval) +
                      " dead " + std::to_string(h.dead_interval) + " prio " + std::to_string(h.priority) +
                      " opts " + format_options(h.options) + " dr " + format_ipv4(h.dr) + " bdr " +
                      format_ipv4(h.bdr) + " neighbors";
    if (h.neighbors.empty()) {
        out += " -";
    }
    for (std::uint32_t nbr : h.neighbors) {
        out += ' ' + format_ipv4(nbr);
    }
    return out;
}

}  // namespace ldpsync::ospf
