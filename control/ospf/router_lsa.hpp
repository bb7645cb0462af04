#pragma once
// Router-LSA body (RFC 2328 A.4.2), after the 20-byte LSA header:
//
//   0     flags: 0 0 0 0 0 V E B (upper bits kept as received: Nt RFC 3101, W RFC 5351 ...)
//   1     reserved (0)
//   2-3   # links
//   per link (12 + 4 * #TOS bytes):
//     0-3  Link ID        4-7  Link Data
//     8    Type (1 p2p, 2 transit, 3 stub, 4 virtual)   9  # TOS
//     10-11 TOS 0 metric (0xFFFF = LSInfinity, RFC 5443 / RFC 6987)
//     per TOS: 0 TOS, 1 reserved (0), 2-3 TOS metric
//
// The decoder reads exactly the body the LSA length delimits: # links must account for every
// byte (Reason::count_mismatch otherwise).

#include <cstdint>
#include <string>
#include <vector>

#include "cursor.hpp"

namespace ldpsync::ospf {

namespace router_flags {
inline constexpr std::uint8_t b = 0x01;  // area border router
inline constexpr std::uint8_t e = 0x02;  // AS boundary router
inline constexpr std::uint8_t v = 0x04;  // endpoint of a full virtual link
}  // namespace router_flags

enum class RouterLinkType : std::uint8_t {
    point_to_point = 1,
    transit = 2,
    stub = 3,
    virtual_link = 4,
};
std::string to_string(RouterLinkType t);

// RFC 5443 (LDP-IGP sync) and RFC 6987: a link advertised with the maximum metric.
inline constexpr std::uint16_t kLsInfinity = 0xFFFF;

struct TosMetric {
    std::uint8_t tos = 0;
    std::uint8_t reserved = 0;
    std::uint16_t metric = 0;
    bool operator==(const TosMetric&) const = default;
};

struct RouterLink {
    std::uint32_t link_id = 0;
    std::uint32_t link_data = 0;
    RouterLinkType type = RouterLinkType::point_to_point;  // other values are kept as received
    std::uint16_t metric = 0;                              // TOS 0 metric
    std::vector<TosMetric> tos;                            // deprecated TOS entries, kept
    bool operator==(const RouterLink&) const = default;
};

// A link with a TOS 0 metric only, the kind this router originates.
inline RouterLink router_link(RouterLinkType type, std::uint32_t id, std::uint32_t data, std::uint16_t metric) {
    RouterLink l;
    l.type = type;
    l.link_id = id;
    l.link_data = data;
    l.metric = metric;
    return l;
}

struct RouterLsa {
    // `body` holds exactly the LSA body (LSA length - 20 bytes).
    static DecodeResult<RouterLsa> decode(Reader& body);

    std::uint8_t flags = 0;
    std::uint8_t reserved = 0;
    std::vector<RouterLink> links;

    bool v() const { return (flags & router_flags::v) != 0; }
    bool e() const { return (flags & router_flags::e) != 0; }
    bool b() const { return (flags & router_flags::b) != 0; }
    bool operator==(const RouterLsa&) const = default;
};

EncodeResult<Ok> encode_router_lsa(Writer& w, const RouterLsa& lsa);
std::string to_string(const RouterLsa& lsa);

}  // namespace ldpsync::ospf
