#include "network_lsa.hpp"

#include "types.hpp"

namespace ldpsync::ospf {

DecodeResult<NetworkLsa> NetworkLsa::decode(Reader& r) {
    NetworkLsa lsa;
    LDPSYNC_OSPF_TRY(mask, r.u32(Field::network_lsa_mask));
    lsa.mask = mask;
    if (r.remaining() % 4 != 0) {
        return decode_error(Reason::bad_length, Field::network_lsa_router, r.offset(),
                            static_cast<std::uint32_t>(r.remaining()));
    }
    lsa.attached_routers.reserve(r.remaining() / 4);
    while (!r.empty()) {
        LDPSYNC_OSPF_TRY(router, r.u32(Field::network_lsa_router));
        lsa.attached_routers.push_back(router);
    }
    return lsa;
}

void encode_network_lsa(Writer& w, const NetworkLsa& lsa) {
    w.u32(lsa.mask);
    for (std::uint32_t router : lsa.attached_routers) {
        w.u32(router);
    }
}

std::string to_string(const NetworkLsa& lsa) {
    std::string out = "mask " + format_ipv4(lsa.mask) + " attached";
    for (std::uint32_t router : lsa.attached_routers) {
        out += ' ' + format_ipv4(router);
    }
    return out;
}

}  // namespace ldpsync::ospf
