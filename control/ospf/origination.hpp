#pragma once
// Router-LSA (RFC 2328 12.4.1) and Network-LSA (12.4.2) contents for one area, as pure
// functions of the interfaces' states. The Lsdb (lsdb.hpp) turns the bodies into instances
// (sequence number, MinLSInterval, checksum).
//
// The metric of every link comes from a callback, so that LDP-IGP synchronization (RFC 5443)
// can advertise LSInfinity (65535) on a link whose LDP session is not synchronized. The default
// callback, configured_metric(), applies a per-interface `max_metric` flag:
//   - point-to-point: both the p2p link and the link's stub network get 65535 (FRR does the same,
//     lab gotcha 5);
//   - broadcast: the transit link (or the stub link while there is no adjacency to the DR) of the
//     interface gets 65535. With RFC 6138 (cut_edge.hpp) the runner withholds the transit link
//     instead (`withhold_transit`: the subnet is advertised as a stub link, at the metric of the
//     callback) unless the LAN is a cut edge.
// Loopbacks always advertise a /32 stub with metric 0 (12.4.1 "Loopback").

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "interface_fsm.hpp"
#include "neighbor_fsm.hpp"
#include "network_lsa.hpp"
#include "router_lsa.hpp"

namespace ldpsync::ospf {

enum class InterfaceKind : std::uint8_t { point_to_point, broadcast, loopback };

struct NeighborSummary {
    std::uint32_t router_id = 0;
    std::uint32_t address = 0;  // its interface address on the link
    NbrState state = NbrState::down;
};

struct InterfaceSummary {
    std::string name;
    InterfaceKind kind = InterfaceKind::point_to_point;
    IfState state = IfState::down;
    std::uint32_t address = 0;  // numbered interfaces only
    std::uint32_t mask = 0xFFFFFF00;
    std::uint16_t cost = 10;
    bool max_metric = false;    // LDP-IGP sync: advertise LSInfinity on this interface's links
    bool withhold_transit = false;  // RFC 6138: a stub link for the subnet instead of the transit link
    std::uint32_t dr = 0;       // broadcast: the DR's interface address (0 = none)
    std::vector<NeighborSummary> neighbors;
};

using LinkMetricFn = std::function<std::uint16_t(const InterfaceSummary&, RouterLinkType)>;

// max_metric ? LSInfinity : cost.
std::uint16_t configured_metric(const InterfaceSummary& iface, RouterLinkType link);

struct RouterLsaInput {
    std::uint32_t router_id = 0;
    std::uint8_t flags = 0;  // V/E/B (router_flags)
    std::vector<InterfaceSummary> interfaces;
};

// 12.4.1: links in interface order; per p2p interface the p2p link(s) precede the stub, as FRR
// lays them out.
RouterLsa build_router_lsa(const RouterLsaInput& input, const LinkMetricFn& metric = configured_metric);

// 12.4.2: when this router is DR on the interface and fully adjacent to at least one neighbour;
// attached routers: itself first, then the Full neighbours. The LSA's Link State ID is the
// interface address.
std::optional<NetworkLsa> build_network_lsa(std::uint32_t router_id, const InterfaceSummary& iface);

}  // namespace ldpsync::ospf
