#pragma once
// Network-LSA body (RFC 2328 A.4.3), after the 20-byte LSA header:
//
//   0-3   Network Mask
//   4..   Attached Router (4 bytes each, to the end of the LSA)

#include <cstdint>
#include <string>
#include <vector>

#include "cursor.hpp"

namespace ldpsync::ospf {

struct NetworkLsa {
    // `body` holds exactly the LSA body; its size after the mask must be a multiple of 4.
    static DecodeResult<NetworkLsa> decode(Reader& body);

    std::uint32_t mask = 0;
    std::vector<std::uint32_t> attached_routers;
    bool operator==(const NetworkLsa&) const = default;
};

void encode_network_lsa(Writer& w, const NetworkLsa& lsa);
std::string to_string(const NetworkLsa& lsa);

}  // namespace ldpsync::ospf
