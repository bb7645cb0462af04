#pragma once
// Small builders shared by the hand-built topologies of the SPF and RFC 6138 tests (links come
// from ospf::router_link, the one origination uses).

#include <cstdint>

#include "router_lsa.hpp"

namespace ldpsync::ospf::test {

constexpr std::uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d) { return (a << 24) | (b << 16) | (c << 8) | d; }
constexpr std::uint32_t rid(unsigned n) { return ip(n, n, n, n); }

}  // namespace ldpsync::ospf::test
