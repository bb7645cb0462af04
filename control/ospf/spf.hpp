#pragma once
// Intra-area shortest-path calculation (RFC 2328 16.1, with the next hops of 16.1.1 and equal-
// cost multipath) over the Router-LSAs and Network-LSAs of one area. Pure: LSAs in, routes out.
//
// LSInfinity (65535) in a Router-LSA link is an ordinary, very large metric in OSPFv2 (RFC 5443,
// RFC 6987): the link still carries traffic when nothing cheaper exists. Only LSAs at MaxAge are
// left out. A link is used only if the other end lists it back (16.1 step 2b).

#include <compare>
#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <string>
#include <vector>

#include "lsa.hpp"

namespace ldpsync::ospf {

struct Prefix {
    std::uint32_t address = 0;  // network bits only
    std::uint8_t length = 0;
    auto operator<=>(const Prefix&) const = default;
};
std::string to_string(const Prefix& p);
Prefix make_prefix(std::uint32_t address, std::uint32_t mask);

struct NextHop {
    std::uint32_t interface_address = 0;  // the calculating router's address on the outgoing interface
    std::uint32_t gateway = 0;            // the neighbour's address; 0 = directly attached network
    std::string interface;                // name, when SpfInput::interfaces knows the address
    auto operator<=>(const NextHop& o) const {
        return std::tie(interface_address, gateway) <=> std::tie(o.interface_address, o.gateway);
    }
    bool operator==(const NextHop& o) const { return interface_address == o.interface_address && gateway == o.gateway; }
};

struct Route {
    Prefix prefix;
    std::uint32_t cost = 0;
    bool connected = false;         // one of the calculating router's own networks
    std::set<NextHop> next_hops;    // empty for a connected stub
};

struct RouterPath {
    std::uint32_t cost = 0;
    std::set<NextHop> next_hops;
};

struct SpfInput {
    std::uint32_t root = 0;                          // the calculating router's id
    std::vector<Lsa> lsas;                           // the area's LSDB (other types ignored)
    std::map<std::uint32_t, std::string> interfaces; // own interface address -> name (optional)
};

struct SpfResult {
    std::map<Prefix, Route> routes;
    std::map<std::uint32_t, RouterPath> routers;  // every router in the tree (root: cost 0)
};

SpfResult run_spf(const SpfInput& input);
// One line per route: "2.2.2.2/32 cost 10 via 10.0.12.2 dev eth0", "10.0.12.0/24 cost 10 connected".
std::string to_string(const SpfResult& r);

}  // namespace ldpsync::ospf
