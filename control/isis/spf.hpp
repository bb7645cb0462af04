#pragma once
// One level's shortest-path calculation (ISO 10589 7.2.6 and Annex C.2, RFC 5305's wide
// metrics, RFC 1195 for IP): Dijkstra over the live LSPs of the level, equal-cost next hops up
// to kMaxPaths, then each reached node's IP prefixes. Pure: records and adjacencies in, routes
// out.
//
// - A node exists when its fragment 0 is live; all its live fragments are read together.
// - A link is used only when both ends list each other (7.2.6: the two-way check).
// - An overloaded node (LSP DB overload bit, 7.2.8.1) is reached but not transited.
// - A wide link metric of 0xFFFFFF is not used (RFC 5305 3); 0xFFFFFE (RFC 5443's maximum)
//   is an ordinary, very large metric: the link stays usable when nothing cheaper exists.
// - From the root, the first hops are our own adjacencies with the metrics we advertise; on a
//   LAN the first hop is the pseudonode and the routers behind it get their LAN addresses.
// - At level 1, a router without a level-2 path of its own takes a default route toward the
//   nearest level-1-2 router that sets the attached bit (ISO 10589 7.2.9.2, RFC 1195 3.2).

#include <compare>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lsdb.hpp"

namespace ldpsync::isis {

inline constexpr std::size_t kMaxPaths = 16;

struct Prefix {
    std::uint32_t address = 0;  // network bits only
    std::uint8_t length = 0;
    auto operator<=>(const Prefix&) const = default;
};
std::string to_string(const Prefix& p);

struct NextHop {
    std::uint32_t gateway = 0;  // the neighbour's address on the link
    std::string interface;
    auto operator<=>(const NextHop&) const = default;
};

struct Route {
    Prefix prefix;
    std::uint32_t metric = 0;
    Level level = Level::l2;
    bool connected = false;  // one of our own prefixes
    std::set<NextHop> next_hops;
};

// One of our adjacencies at the level: the neighbour's node (its pseudonode on a LAN is not
// here: a LAN adjacency names the router), the metric we advertise toward it, and where its
// packets go.
struct SpfAdjacency {
    NodeId neighbor;
    std::uint32_t metric = 0;
    NextHop next_hop;
};

struct SpfInput {
    SystemId root{};
    Level level = Level::l2;
    const Lsdb* lsdb = nullptr;
    std::vector<SpfAdjacency> adjacencies;
    // Our LANs: for each pseudonode we are attached to, the next hop to each router on it.
    std::map<NodeId, std::map<SystemId, NextHop>> lan_next_hops;
    bool root_attached = false;  // we are a level-1-2 router with level-2 reach: no default
};

struct NodePath {
    std::uint32_t metric = 0;
    std::set<NextHop> next_hops;  // empty for the root
};

struct SpfResult {
    std::map<Prefix, Route> routes;
    std::map<NodeId, NodePath> nodes;  // every node reached (show isis topology)
};

SpfResult run_spf(const SpfInput& in, TimePoint now);

}  // namespace ldpsync::isis
