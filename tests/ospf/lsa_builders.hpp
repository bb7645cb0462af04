#pragma once
// Small builders shared by the hand-built topologies of the SPF and RFC 6138 tests.

#include <cstdint>

#include "router_lsa.hpp"

namespace ldpsync::ospf::test {

constexpr std::uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d) { return (a << 24) | (b << 16) | (c << 8) | d; }
constexpr std::uint32_t rid(unsigned n) { return ip(n, n, n, n); }

inline RouterLink link(RouterLinkType t, std::uint32_t id, std::uint32_t data, std::uint16_t metric) {
    RouterLink l;
    l.type = t;
    l.link_id = id;
    l.link_data = data;
    l.metric = metric;
    return l;
}

}  // namespace ldpsync::ospf::test
