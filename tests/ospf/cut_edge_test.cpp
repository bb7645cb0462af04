// RFC 6138: the cut-edge test (cut_edge.hpp) on a hand-built area, and the Router-LSA that
// withholds a LAN's transit link (origination.hpp, `withhold_transit`).

#include <gtest/gtest.h>

#include "cut_edge.hpp"
#include "lsa_builders.hpp"
#include "origination.hpp"

namespace ldpsync::ospf {
namespace {

using test::ip;
using test::rid;

Lsa router_lsa(unsigned n, std::vector<RouterLink> links) {
    Lsa l;
    l.header.type = lsa_type::router;
    l.header.ls_id = rid(n);
    l.header.adv_router = rid(n);
    RouterLsa body;
    body.links = std::move(links);
    l.body = body;
    return l;
}

// Routers 1, 2, 3 on the LAN 10.0.123.0/24 (DR 2, .n for router n); with `p2p13`, routers 1
// and 3 also share a point-to-point link 10.0.13.0/24.
std::vector<Lsa> area(bool p2p13) {
    const auto dr = ip(10, 0, 123, 2);
    Lsa net;
    net.header.type = lsa_type::network;
    net.header.ls_id = dr;
    net.header.adv_router = rid(2);
    net.body = NetworkLsa{0xFFFFFF00, {rid(2), rid(1), rid(3)}};
    std::vector<RouterLink> r3{router_link(RouterLinkType::transit, dr, ip(10, 0, 123, 3), 10)};
    if (p2p13) r3.push_back(router_link(RouterLinkType::point_to_point, rid(1), ip(10, 0, 13, 3), 10));
    return {net,
            router_lsa(1, {router_link(RouterLinkType::transit, dr, ip(10, 0, 123, 1), 10)}),
            router_lsa(2, {router_link(RouterLinkType::transit, dr, ip(10, 0, 123, 2), 10)}),
            router_lsa(3, r3)};
}

RouterLsa without_transit(bool p2p13) {
    RouterLsa r;
    r.links.push_back(router_link(RouterLinkType::stub, ip(10, 0, 123, 0), 0xFFFFFF00, kLsInfinity));
    if (p2p13) r.links.push_back(router_link(RouterLinkType::point_to_point, rid(3), ip(10, 0, 13, 1), 10));
    return r;
}

TEST(OspfCutEdge, LanWithAnotherPathToEveryLanRouterIsNotACutEdge) {
    // 3 directly over the p2p link, 2 through 3 and the LAN.
    EXPECT_FALSE(is_cut_edge(rid(1), area(true), without_transit(true), {rid(2), rid(3)}));
}

TEST(OspfCutEdge, LanThatIsTheOnlyWayIsACutEdge) {
    EXPECT_TRUE(is_cut_edge(rid(1), area(false), without_transit(false), {rid(2), rid(3)}));
    // One LAN router reachable another way is not enough: 2 still hangs on the LAN alone
    // when 3's transit link is missing too.
    auto lsas = area(true);
    lsas[3] = router_lsa(3, {router_link(RouterLinkType::point_to_point, rid(1), ip(10, 0, 13, 3), 10)});
    EXPECT_TRUE(is_cut_edge(rid(1), lsas, without_transit(true), {rid(2), rid(3)}));
}

TEST(OspfCutEdge, OwnRouterLsaMissingFromTheDatabaseIsSupplied) {
    auto lsas = area(true);
    lsas.erase(lsas.begin() + 1);  // router 1's own LSA
    EXPECT_FALSE(is_cut_edge(rid(1), lsas, without_transit(true), {rid(2), rid(3)}));
}

TEST(OspfCutEdge, WithheldTransitBecomesAStubLinkAtTheCallbacksMetric) {
    InterfaceSummary lan;
    lan.name = "eth0";
    lan.kind = InterfaceKind::broadcast;
    lan.state = IfState::dr_other;
    lan.address = ip(10, 0, 123, 1);
    lan.dr = ip(10, 0, 123, 2);
    lan.max_metric = true;
    lan.neighbors.push_back(NeighborSummary{rid(2), ip(10, 0, 123, 2), NbrState::full});
    RouterLsaInput in;
    in.router_id = rid(1);
    in.interfaces.push_back(lan);
    // RFC 5443 alone: the transit link at LSInfinity.
    auto lsa = build_router_lsa(in);
    ASSERT_EQ(lsa.links.size(), 1u);
    EXPECT_EQ(lsa.links[0].type, RouterLinkType::transit);
    EXPECT_EQ(lsa.links[0].metric, kLsInfinity);
    // RFC 6138: no transit link; the subnet as a stub.
    in.interfaces[0].withhold_transit = true;
    lsa = build_router_lsa(in);
    ASSERT_EQ(lsa.links.size(), 1u);
    EXPECT_EQ(lsa.links[0].type, RouterLinkType::stub);
    EXPECT_EQ(lsa.links[0].link_id, ip(10, 0, 123, 0));
    EXPECT_EQ(lsa.links[0].link_data, 0xFFFFFF00u);
    EXPECT_EQ(lsa.links[0].metric, kLsInfinity);
}

}  // namespace
}  // namespace ldpsync::ospf
