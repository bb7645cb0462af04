#include "origination.hpp"

#include <algorithm>

namespace ldpsync::ospf {

std::uint16_t configured_metric(const InterfaceSummary& iface, RouterLinkType /*link*/) {
    return iface.max_metric ? kLsInfinity : iface.cost;
}

namespace {

bool full(const NeighborSummary& n) { return n.state == NbrState::full; }

}  // namespace

RouterLsa build_router_lsa(const RouterLsaInput& input, const LinkMetricFn& metric) {
    RouterLsa lsa;
    lsa.flags = input.flags;
    for (const InterfaceSummary& i : input.interfaces) {
        if (i.state == IfState::down) {
            continue;  // 12.4.1: no links for interfaces in Down
        }
        // Loopback interfaces, and any interface in state Loopback: a host route, cost 0.
        if (i.kind == InterfaceKind::loopback || i.state == IfState::loopback) {
            lsa.links.push_back(router_link(RouterLinkType::stub, i.address, 0xFFFFFFFF, 0));
            continue;
        }
        const std::uint32_t network = i.address & i.mask;
        if (i.kind == InterfaceKind::point_to_point) {
            // 12.4.1.1: a p2p link per fully adjacent neighbour (Link Data = our address,
            // numbered links only), and the subnet as a stub whatever the neighbour's state
            // (option 2, as FRR does for a numbered subnet).
            for (const NeighborSummary& n : i.neighbors) {
                if (full(n)) {
                    lsa.links.push_back(router_link(RouterLinkType::point_to_point, n.router_id, i.address,
                                                  metric(i, RouterLinkType::point_to_point)));
                }
            }
            lsa.links.push_back(router_link(RouterLinkType::stub, network, i.mask, metric(i, RouterLinkType::stub)));
            continue;
        }
        // 12.4.1.2 broadcast: a transit link when fully adjacent to the DR (or DR with at least
        // one fully adjacent neighbour); otherwise (Waiting, no DR, no adjacency) a stub link.
        bool transit = false;
        if (i.state != IfState::waiting && i.dr != 0) {
            if (i.dr == i.address) {
                transit = std::any_of(i.neighbors.begin(), i.neighbors.end(), full);
            } else {
                transit = std::any_of(i.neighbors.begin(), i.neighbors.end(),
                                      [&](const NeighborSummary& n) { return n.address == i.dr && full(n); });
            }
        }
        if (transit && !i.withhold_transit) {
            lsa.links.push_back(router_link(RouterLinkType::transit, i.dr, i.address, metric(i, RouterLinkType::transit)));
        } else {
            lsa.links.push_back(router_link(RouterLinkType::stub, network, i.mask, metric(i, RouterLinkType::stub)));
        }
    }
    return lsa;
}

std::optional<NetworkLsa> build_network_lsa(std::uint32_t router_id, const InterfaceSummary& iface) {
    if (iface.kind != InterfaceKind::broadcast || iface.state != IfState::dr) {
        return std::nullopt;
    }
    NetworkLsa lsa;
    lsa.mask = iface.mask;
    lsa.attached_routers.push_back(router_id);
    for (const NeighborSummary& n : iface.neighbors) {
        if (full(n)) {
            lsa.attached_routers.push_back(n.router_id);
        }
    }
    if (lsa.attached_routers.size() == 1) {
        return std::nullopt;  // no fully adjacent neighbour: no Network-LSA (12.4.2)
    }
    return lsa;
}

}  // namespace ldpsync::ospf
