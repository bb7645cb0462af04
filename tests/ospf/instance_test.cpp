// OspfInstance on a fake wire: p2p pair, broadcast DR/BDR, max metric (RFC 5443), held
// adjacency, dead interval, loss recovered by retransmission, Hello parameter checks.
#include <gtest/gtest.h>

#include <algorithm>

#include "fake_wire.hpp"
#include "types.hpp"

namespace ldpsync::ospf::test {
namespace {

using namespace std::chrono_literals;

InterfaceConfig link(std::string name, std::uint32_t address, NetworkType type = NetworkType::point_to_point) {
    InterfaceConfig c;
    c.name = std::move(name);
    c.type = type;
    c.address = address;
    c.mask = 0xFFFFFF00;
    c.hello_interval = 1;
    c.dead_interval = 4;
    c.rxmt_interval = 2;
    return c;
}

InterfaceConfig loopback(std::uint32_t address) {
    InterfaceConfig c;
    c.name = "lo";
    c.loopback = true;
    c.address = address;
    c.mask = 0xFFFFFFFF;
    return c;
}

InstanceConfig router(std::uint32_t id, std::vector<InterfaceConfig> ifs) {
    InstanceConfig c;
    c.router_id = id;
    c.interfaces = std::move(ifs);
    c.interfaces.push_back(loopback(id));
    c.min_ls_arrival = 0s;  // as the FRR lab ("timers lsa min-arrival 0")
    return c;
}

std::optional<NbrState> state_of(const OspfInstance& r, std::uint32_t nbr_id) {
    for (const NeighborView& n : r.neighbors()) {
        if (n.router_id == nbr_id) {
            return n.state;
        }
    }
    return std::nullopt;
}

// (type, id, adv, seq, checksum) of every LSA: what "identical LSDBs" means.
std::vector<std::tuple<int, std::uint32_t, std::uint32_t, std::uint32_t, int>> lsdb_ids(FakeWire& w, std::size_t i,
                                                                                       std::uint32_t area = 0) {
    std::vector<std::tuple<int, std::uint32_t, std::uint32_t, std::uint32_t, int>> out;
    for (const Lsa& l : w.r(i).lsdb_snapshot(area, w.now)) {
        out.emplace_back(l.header.type, l.header.ls_id, l.header.adv_router, l.header.seq, l.header.checksum);
    }
    return out;
}

const Route* route(const OspfInstance& r, std::uint32_t addr, std::uint8_t len) {
    auto it = r.routes().find(Prefix{addr, len});
    return it == r.routes().end() ? nullptr : &it->second;
}

std::set<std::uint32_t> gateways(const Route* r) {
    std::set<std::uint32_t> out;
    for (const NextHop& h : r->next_hops) {
        out.insert(h.gateway);
    }
    return out;
}

const RouterLsa* router_lsa(const OspfInstance& r, std::uint32_t adv, TimePoint now) {
    static std::optional<Lsa> keep;
    keep = r.lsdb()->current(LsaKey{lsa_type::router, adv, adv}, now);
    return keep ? std::get_if<RouterLsa>(&keep->body) : nullptr;
}

std::optional<std::uint16_t> link_metric(const RouterLsa* lsa, RouterLinkType type, std::uint32_t id) {
    for (const RouterLink& l : lsa->links) {
        if (l.type == type && l.link_id == id) {
            return l.metric;
        }
    }
    return std::nullopt;
}

constexpr std::uint32_t r1_id = ip(1, 1, 1, 1);
constexpr std::uint32_t r2_id = ip(2, 2, 2, 2);
constexpr std::uint32_t r3_id = ip(3, 3, 3, 3);
constexpr std::uint32_t r4_id = ip(4, 4, 4, 4);

// r1 eth0 10.0.12.1/24 --- 10.0.12.2/24 eth0 r2, loopbacks 1.1.1.1 and 2.2.2.2.
void p2p_pair(FakeWire& w) {
    w.add(router(r1_id, {link("eth0", ip(10, 0, 12, 1))}));
    w.add(router(r2_id, {link("eth0", ip(10, 0, 12, 2))}));
    w.connect({{0, "eth0", ip(10, 0, 12, 1)}, {1, "eth0", ip(10, 0, 12, 2)}});
}

TEST(OspfInstance, PointToPointPairReachesFullWithIdenticalLsdbsAndRoutes) {
    FakeWire w;
    p2p_pair(w);
    w.start();
    w.run(10s);
    EXPECT_EQ(state_of(w.r(0), r2_id), NbrState::full);
    EXPECT_EQ(state_of(w.r(1), r1_id), NbrState::full);
    EXPECT_EQ(lsdb_ids(w, 0), lsdb_ids(w, 1));
    EXPECT_EQ(lsdb_ids(w, 0).size(), 2u);

    // r1: 2.2.2.2/32 at 10 via 10.0.12.2 on eth0; its own networks connected.
    const Route* lo2 = route(w.r(0), r2_id, 32);
    ASSERT_NE(lo2, nullptr);
    EXPECT_EQ(lo2->cost, 10u);
    ASSERT_EQ(lo2->next_hops.size(), 1u);
    EXPECT_EQ(lo2->next_hops.begin()->gateway, ip(10, 0, 12, 2));
    EXPECT_EQ(lo2->next_hops.begin()->interface, "eth0");
    ASSERT_NE(route(w.r(0), ip(10, 0, 12, 0), 24), nullptr);
    EXPECT_TRUE(route(w.r(0), ip(10, 0, 12, 0), 24)->connected);
    ASSERT_NE(route(w.r(1), r1_id, 32), nullptr);
    EXPECT_EQ(route(w.r(1), r1_id, 32)->cost, 10u);

    // The daemon sees "IGP adjacency up" exactly once per side, and a route change.
    for (std::size_t i : {0u, 1u}) {
        int up = 0;
        bool routes = false;
        for (const InstanceEvent& e : w.events[i]) {
            if (const auto* n = std::get_if<NeighborStateChange>(&e)) {
                up += n->adjacency_up() ? 1 : 0;
            }
            routes = routes || std::holds_alternative<RoutesChanged>(e);
        }
        EXPECT_EQ(up, 1) << "router " << i;
        EXPECT_TRUE(routes);
    }
    // One side was master, the other slave; both sent DDs and LS Requests.
    EXPECT_GT(w.count(0, PacketType::db_description), 1u);
    EXPECT_GT(w.count(1, PacketType::db_description), 1u);
    EXPECT_EQ(w.r(0).counter("nbr_fsm_unexpected") + w.r(1).counter("nbr_fsm_unexpected"), 0u);
    EXPECT_EQ(w.r(0).counter("if_fsm_unexpected") + w.r(1).counter("if_fsm_unexpected"), 0u);
}

// Three routers on one LAN, priority 1: DR = highest router id (r3), BDR = r2.
TEST(OspfInstance, BroadcastThreeRoutersElectDrBdrAndReachFull) {
    FakeWire w;
    std::vector<Port> lan;
    for (std::uint32_t k = 1; k <= 3; ++k) {
        const std::uint32_t id = ip(k, k, k, k);
        w.add(router(id, {link("lan", ip(10, 0, 0, k), NetworkType::broadcast)}));
        lan.push_back({k - 1, "lan", ip(10, 0, 0, k)});
    }
    w.connect(lan);
    w.start();
    w.run(15s);
    for (std::size_t i = 0; i < 3; ++i) {
        const InterfaceView v = w.r(i).interfaces().front();
        EXPECT_EQ(v.dr, ip(10, 0, 0, 3)) << "router " << i;
        EXPECT_EQ(v.bdr, ip(10, 0, 0, 2)) << "router " << i;
    }
    EXPECT_EQ(w.r(2).interfaces().front().state, IfState::dr);
    EXPECT_EQ(w.r(1).interfaces().front().state, IfState::backup);
    EXPECT_EQ(w.r(0).interfaces().front().state, IfState::dr_other);
    for (std::size_t i = 0; i < 3; ++i) {
        for (const NeighborView& n : w.r(i).neighbors()) {
            EXPECT_EQ(n.state, NbrState::full) << "router " << i << " nbr " << format_ipv4(n.router_id);
        }
        EXPECT_EQ(w.r(i).neighbors().size(), 2u);
    }
    EXPECT_EQ(lsdb_ids(w, 0), lsdb_ids(w, 1));
    EXPECT_EQ(lsdb_ids(w, 0), lsdb_ids(w, 2));
    // The DR's Network-LSA: Link State ID = its address, attached = itself then r1, r2.
    auto net = w.r(0).lsdb()->current(LsaKey{lsa_type::network, ip(10, 0, 0, 3), r3_id}, w.now);
    ASSERT_TRUE(net.has_value());
    const auto& body = std::get<NetworkLsa>(net->body);
    EXPECT_EQ(body.attached_routers, (std::vector<std::uint32_t>{r3_id, r1_id, r2_id}));
    // r1 reaches the others' loopbacks directly on the LAN.
    ASSERT_NE(route(w.r(0), r2_id, 32), nullptr);
    EXPECT_EQ(gateways(route(w.r(0), r2_id, 32)), std::set<std::uint32_t>{ip(10, 0, 0, 2)});
    EXPECT_EQ(route(w.r(0), r3_id, 32)->cost, 10u);
}

// Four routers: DR r4, BDR r3, and r1/r2 are DROthers that stay 2-Way with each other.
TEST(OspfInstance, BroadcastDrOthersStayTwoWay) {
    FakeWire w;
    std::vector<Port> lan;
    for (std::uint32_t k = 1; k <= 4; ++k) {
        const std::uint32_t id = ip(k, k, k, k);
        w.add(router(id, {link("lan", ip(10, 0, 0, k), NetworkType::broadcast)}));
        lan.push_back({k - 1, "lan", ip(10, 0, 0, k)});
    }
    w.connect(lan);
    w.start();
    w.run(15s);
    EXPECT_EQ(w.r(3).interfaces().front().state, IfState::dr);
    EXPECT_EQ(w.r(2).interfaces().front().state, IfState::backup);
    EXPECT_EQ(state_of(w.r(0), r2_id), NbrState::two_way);
    EXPECT_EQ(state_of(w.r(1), r1_id), NbrState::two_way);
    EXPECT_EQ(state_of(w.r(0), r3_id), NbrState::full);
    EXPECT_EQ(state_of(w.r(0), r4_id), NbrState::full);
    EXPECT_EQ(state_of(w.r(1), r4_id), NbrState::full);
    for (std::size_t i = 1; i < 4; ++i) {
        EXPECT_EQ(lsdb_ids(w, 0), lsdb_ids(w, i));
    }
    // DROthers send nothing but Hellos to each other; r1 reaches r2's loopback over the LAN.
    ASSERT_NE(route(w.r(0), r2_id, 32), nullptr);
    EXPECT_EQ(gateways(route(w.r(0), r2_id, 32)), std::set<std::uint32_t>{ip(10, 0, 0, 2)});
    EXPECT_EQ(w.r(0).counter("rx_all_d_routers_not_dr"), w.r(1).counter("rx_all_d_routers_not_dr"));
}

// Triangle r1-r2 (10.0.12/24), r2-r3 (10.0.23/24), r1-r3 (10.0.13/24), all cost 10.
void triangle(FakeWire& w) {
    w.add(router(r1_id, {link("e12", ip(10, 0, 12, 1)), link("e13", ip(10, 0, 13, 1))}));
    w.add(router(r2_id, {link("e12", ip(10, 0, 12, 2)), link("e23", ip(10, 0, 23, 2))}));
    w.add(router(r3_id, {link("e13", ip(10, 0, 13, 3)), link("e23", ip(10, 0, 23, 3))}));
    w.connect({{0, "e12", ip(10, 0, 12, 1)}, {1, "e12", ip(10, 0, 12, 2)}});
    w.connect({{0, "e13", ip(10, 0, 13, 1)}, {2, "e13", ip(10, 0, 13, 3)}});
    w.connect({{1, "e23", ip(10, 0, 23, 2)}, {2, "e23", ip(10, 0, 23, 3)}});
}

TEST(OspfInstance, MaxMetricIsAdvertisedAndAvoidedThenRestored) {
    FakeWire w;
    triangle(w);
    w.start();
    w.run(10s);
    ASSERT_EQ(state_of(w.r(0), r2_id), NbrState::full);
    ASSERT_EQ(gateways(route(w.r(0), r2_id, 32)), std::set<std::uint32_t>{ip(10, 0, 12, 2)});

    // LDP-IGP sync: the LDP session over r1-r2 is not synchronized, on both ends.
    ASSERT_TRUE(w.r(0).set_max_metric("e12", true, w.now));
    ASSERT_TRUE(w.r(1).set_max_metric("e12", true, w.now));
    EXPECT_FALSE(w.r(0).set_max_metric("nope", true, w.now));
    w.deliver();
    w.run(8s);  // MinLSInterval (5 s) may defer the new instance
    // r2's copy of r1's Router-LSA: 65535 on the p2p link and on the stub network.
    const RouterLsa* r1_lsa = router_lsa(w.r(1), r1_id, w.now);
    ASSERT_NE(r1_lsa, nullptr);
    EXPECT_EQ(link_metric(r1_lsa, RouterLinkType::point_to_point, r2_id), kLsInfinity);
    EXPECT_EQ(link_metric(r1_lsa, RouterLinkType::stub, ip(10, 0, 12, 0)), kLsInfinity);
    EXPECT_EQ(link_metric(r1_lsa, RouterLinkType::point_to_point, r3_id), 10);
    // The peer's (and everyone's) SPF goes around: r2 -> 1.1.1.1 via r3 at 20.
    const Route* to_r1 = route(w.r(1), r1_id, 32);
    ASSERT_NE(to_r1, nullptr);
    EXPECT_EQ(to_r1->cost, 20u);
    EXPECT_EQ(gateways(to_r1), std::set<std::uint32_t>{ip(10, 0, 23, 3)});
    EXPECT_EQ(gateways(route(w.r(0), r2_id, 32)), std::set<std::uint32_t>{ip(10, 0, 13, 3)});
    // Both ends advertise the subnet at 65535: r3 reaches it at 10 + 65535 over both.
    EXPECT_EQ(route(w.r(2), ip(10, 0, 12, 0), 24)->cost, 10u + 65535u);
    EXPECT_EQ(gateways(route(w.r(2), ip(10, 0, 12, 0), 24)),
              (std::set<std::uint32_t>{ip(10, 0, 13, 1), ip(10, 0, 23, 2)}));
    EXPECT_EQ(lsdb_ids(w, 0), lsdb_ids(w, 1));
    EXPECT_EQ(lsdb_ids(w, 0), lsdb_ids(w, 2));

    // Synchronized: the configured cost comes back.
    w.r(0).set_max_metric("e12", false, w.now);
    w.r(1).set_max_metric("e12", false, w.now);
    w.deliver();
    w.run(8s);
    r1_lsa = router_lsa(w.r(1), r1_id, w.now);
    ASSERT_NE(r1_lsa, nullptr);
    EXPECT_EQ(link_metric(r1_lsa, RouterLinkType::point_to_point, r2_id), 10);
    EXPECT_EQ(link_metric(r1_lsa, RouterLinkType::stub, ip(10, 0, 12, 0)), 10);
    EXPECT_EQ(route(w.r(1), r1_id, 32)->cost, 10u);
    EXPECT_EQ(gateways(route(w.r(1), r1_id, 32)), std::set<std::uint32_t>{ip(10, 0, 12, 1)});
    EXPECT_EQ(lsdb_ids(w, 0), lsdb_ids(w, 2));
}

// Without an alternate, a max-metric link still carries traffic (RFC 5443: LSInfinity is a
// metric in OSPFv2, not "unreachable").
TEST(OspfInstance, MaxMetricWithoutAlternateStillRoutes) {
    FakeWire w;
    p2p_pair(w);
    w.start();
    w.run(6s);
    w.r(0).set_max_metric("eth0", true, w.now);
    w.deliver();
    w.run(8s);
    const RouterLsa* r1_lsa = router_lsa(w.r(1), r1_id, w.now);
    ASSERT_NE(r1_lsa, nullptr);
    EXPECT_EQ(link_metric(r1_lsa, RouterLinkType::point_to_point, r2_id), kLsInfinity);
    EXPECT_EQ(link_metric(r1_lsa, RouterLinkType::stub, ip(10, 0, 12, 0)), kLsInfinity);
    ASSERT_NE(route(w.r(0), r2_id, 32), nullptr);
    EXPECT_EQ(route(w.r(0), r2_id, 32)->cost, 65535u);
    EXPECT_TRUE(w.r(0).interfaces().front().max_metric);
}

// RFC 5443 hold: r1 holds its adjacency on eth0; r1 stays in 2-Way (no DD sent), r2 in ExStart
// (its DDs are ignored). Released, both reach Full.
TEST(OspfInstance, HeldAdjacencyStaysTwoWayUntilReleased) {
    FakeWire w;
    p2p_pair(w);
    ASSERT_TRUE(w.r(0).set_hold_adjacency("eth0", true, w.now));
    w.start();
    w.run(20s);
    EXPECT_EQ(state_of(w.r(0), r2_id), NbrState::two_way);
    EXPECT_EQ(state_of(w.r(1), r1_id), NbrState::exstart);
    EXPECT_EQ(w.count(0, PacketType::db_description), 0u);
    EXPECT_GT(w.r(0).counter("rx_dd_ignored_state"), 0u);
    EXPECT_EQ(route(w.r(0), r2_id, 32), nullptr);
    EXPECT_TRUE(w.r(0).interfaces().front().hold_adjacency);

    w.r(0).set_hold_adjacency("eth0", false, w.now);
    w.deliver();
    w.run(5s);
    EXPECT_EQ(state_of(w.r(0), r2_id), NbrState::full);
    EXPECT_EQ(state_of(w.r(1), r1_id), NbrState::full);
    EXPECT_NE(route(w.r(0), r2_id, 32), nullptr);
}

// A hold set on an established adjacency keeps it (the max metric is the tool there).
TEST(OspfInstance, HoldDoesNotTearDownAnEstablishedAdjacency) {
    FakeWire w;
    p2p_pair(w);
    w.start();
    w.run(6s);
    ASSERT_EQ(state_of(w.r(0), r2_id), NbrState::full);
    w.r(0).set_hold_adjacency("eth0", true, w.now);
    w.deliver();
    w.run(10s);
    EXPECT_EQ(state_of(w.r(0), r2_id), NbrState::full);
}

TEST(OspfInstance, DeadIntervalTakesNeighborDownAndRemovesRoutes) {
    FakeWire w;
    p2p_pair(w);
    w.start();
    w.run(6s);
    ASSERT_NE(route(w.r(0), r2_id, 32), nullptr);
    w.events[0].clear();
    w.drop = [](const WirePacket&) { return true; };  // the link goes silent
    w.run(6s);
    EXPECT_FALSE(state_of(w.r(0), r2_id).has_value());
    EXPECT_EQ(route(w.r(0), r2_id, 32), nullptr);
    EXPECT_NE(route(w.r(0), ip(10, 0, 12, 0), 24), nullptr);  // the subnet stub stays
    bool down = false;
    for (const InstanceEvent& e : w.events[0]) {
        if (const auto* n = std::get_if<NeighborStateChange>(&e)) {
            down = down || (n->adjacency_down() && n->to == NbrState::down);
        }
    }
    EXPECT_TRUE(down);
    // r1's Router-LSA no longer lists the p2p link.
    const RouterLsa* own = router_lsa(w.r(0), r1_id, w.now);
    ASSERT_NE(own, nullptr);
    EXPECT_FALSE(link_metric(own, RouterLinkType::point_to_point, r2_id).has_value());

    // The link comes back: the adjacency forms again.
    w.drop = nullptr;
    w.run(8s);
    EXPECT_EQ(state_of(w.r(0), r2_id), NbrState::full);
    EXPECT_NE(route(w.r(0), r2_id, 32), nullptr);
}

TEST(OspfInstance, LostLsUpdateIsRetransmitted) {
    FakeWire w;
    p2p_pair(w);
    w.start();
    w.run(6s);
    ASSERT_EQ(state_of(w.r(0), r2_id), NbrState::full);
    int dropped = 0;
    w.drop = [&](const WirePacket& p) {
        if (p.from == 1 && p.decoded.type() == PacketType::ls_update && dropped == 0) {
            ++dropped;
            return true;
        }
        return false;
    };
    w.r(1).set_max_metric("eth0", true, w.now);  // r2 floods a new Router-LSA: lost
    w.deliver();
    for (int k = 0; k < 60 && dropped == 0; ++k) {  // MinLSInterval may defer it
        w.run(100ms);
    }
    ASSERT_EQ(dropped, 1);
    EXPECT_NE(lsdb_ids(w, 0), lsdb_ids(w, 1));
    bool pending = false;
    for (const NeighborView& n : w.r(1).neighbors()) {
        pending = pending || n.retransmissions > 0;
    }
    EXPECT_TRUE(pending);
    w.run(4s);  // RxmtInterval 2 s
    EXPECT_EQ(lsdb_ids(w, 0), lsdb_ids(w, 1));
    EXPECT_GE(w.r(1).counter("tx_ls_update_retransmit"), 1u);
    for (const NeighborView& n : w.r(1).neighbors()) {
        EXPECT_EQ(n.retransmissions, 0u);  // acknowledged
    }
    EXPECT_EQ(link_metric(router_lsa(w.r(0), r2_id, w.now), RouterLinkType::stub, ip(10, 0, 12, 0)), kLsInfinity);
}

// 10.8 / 10.9: a lost Database Description (the master's second) and a lost LS Request are
// resent every RxmtInterval; the slave answers a duplicate DD with its last one.
TEST(OspfInstance, LostDatabaseDescriptionAndRequestAreRetransmitted) {
    FakeWire w;
    p2p_pair(w);
    int dd_dropped = 0;
    int lsr_dropped = 0;
    w.drop = [&](const WirePacket& p) {
        if (const auto* dd = std::get_if<DbDescription>(&p.decoded.body)) {
            if (p.from == 1 && !dd->init() && dd_dropped == 0) {  // r2 (2.2.2.2) is master
                return ++dd_dropped > 0;
            }
        }
        if (p.decoded.type() == PacketType::ls_request && lsr_dropped < 2) {
            return ++lsr_dropped > 0;
        }
        return false;
    };
    w.start();
    w.run(12s);
    EXPECT_EQ(dd_dropped, 1);
    EXPECT_EQ(lsr_dropped, 2);
    EXPECT_EQ(state_of(w.r(0), r2_id), NbrState::full);
    EXPECT_EQ(state_of(w.r(1), r1_id), NbrState::full);
    EXPECT_GE(w.r(1).counter("tx_dd_retransmit"), 1u);
    EXPECT_GE(w.r(0).counter("tx_ls_request_retransmit") + w.r(1).counter("tx_ls_request_retransmit"), 2u);
    EXPECT_EQ(lsdb_ids(w, 0), lsdb_ids(w, 1));
}

// 10.5: mismatched Hello parameters are counted drops and no neighbour is created.
TEST(OspfInstance, HelloParameterMismatchesAreCountedDrops) {
    FakeWire w;
    auto a = link("lan", ip(10, 0, 0, 1), NetworkType::broadcast);
    auto b = link("lan", ip(10, 0, 0, 2), NetworkType::broadcast);
    b.hello_interval = 2;
    auto c = link("lan", ip(10, 0, 0, 3), NetworkType::broadcast);
    c.mask = 0xFFFF0000;
    auto d = link("lan", ip(10, 0, 0, 4), NetworkType::broadcast);
    d.dead_interval = 8;
    w.add(router(r1_id, {a}));
    w.add(router(r2_id, {b}));
    w.add(router(r3_id, {c}));
    w.add(router(r4_id, {d}));
    w.connect({{0, "lan", ip(10, 0, 0, 1)}, {1, "lan", ip(10, 0, 0, 2)}, {2, "lan", ip(10, 0, 0, 3)},
               {3, "lan", ip(10, 0, 0, 4)}});
    w.start();
    w.run(5s);
    EXPECT_TRUE(w.r(0).neighbors().empty());
    EXPECT_GT(w.r(0).counter("rx_hello_interval_mismatch"), 0u);
    EXPECT_GT(w.r(0).counter("rx_hello_mask_mismatch"), 0u);
    EXPECT_GT(w.r(0).counter("rx_hello_dead_interval_mismatch"), 0u);
}

// r1 is in area 0 toward r2 and in area 1 toward r3: one LSDB per area, intra-area routes of
// both, the B bit set; no summary LSAs (inter-area routing is not done), so r2 and r3 see
// only their own area.
TEST(OspfInstance, TwoAreasKeepSeparateLsdbs) {
    FakeWire w;
    auto e13 = link("e13", ip(10, 0, 13, 1));
    e13.area = 1;
    auto r3_e13 = link("e13", ip(10, 0, 13, 3));
    r3_e13.area = 1;
    w.add(router(r1_id, {link("e12", ip(10, 0, 12, 1)), e13}));
    w.add(router(r2_id, {link("e12", ip(10, 0, 12, 2))}));
    InstanceConfig c3 = router(r3_id, {r3_e13});
    c3.interfaces.back().area = 1;  // its loopback too
    w.add(c3);
    w.connect({{0, "e12", ip(10, 0, 12, 1)}, {1, "e12", ip(10, 0, 12, 2)}});
    w.connect({{0, "e13", ip(10, 0, 13, 1)}, {2, "e13", ip(10, 0, 13, 3)}});
    w.start();
    w.run(10s);
    EXPECT_EQ(state_of(w.r(0), r2_id), NbrState::full);
    EXPECT_EQ(state_of(w.r(0), r3_id), NbrState::full);
    EXPECT_EQ(lsdb_ids(w, 0, 0), lsdb_ids(w, 1, 0));
    EXPECT_EQ(lsdb_ids(w, 0, 1), lsdb_ids(w, 2, 1));
    EXPECT_EQ(lsdb_ids(w, 0, 1).size(), 2u);
    EXPECT_NE(route(w.r(0), r2_id, 32), nullptr);
    EXPECT_NE(route(w.r(0), r3_id, 32), nullptr);
    EXPECT_EQ(route(w.r(1), r3_id, 32), nullptr);
    auto own = w.r(0).lsdb(1)->current(LsaKey{lsa_type::router, r1_id, r1_id}, w.now);
    ASSERT_TRUE(own.has_value());
    EXPECT_TRUE(std::get<RouterLsa>(own->body).b());
}

TEST(OspfInstance, InterfaceDownKillsNeighborsAtOnce) {
    FakeWire w;
    p2p_pair(w);
    w.start();
    w.run(6s);
    w.events[0].clear();
    w.r(0).interface_down("eth0", w.now);
    w.deliver();
    EXPECT_TRUE(w.r(0).neighbors().empty());
    bool down = false;  // the interface goes Down, then KillNbr takes its neighbour Full -> Down
    for (const InstanceEvent& e : w.events[0]) {
        if (const auto* n = std::get_if<NeighborStateChange>(&e)) {
            down = down || (n->adjacency_down() && n->to == NbrState::down);
        }
    }
    EXPECT_TRUE(down);
    w.run(6s);  // r2 notices by its dead interval
    EXPECT_TRUE(w.r(1).neighbors().empty());
    EXPECT_EQ(route(w.r(0), r2_id, 32), nullptr);
    EXPECT_EQ(route(w.r(1), r1_id, 32), nullptr);
    w.r(0).interface_up("eth0", w.now);
    w.deliver();
    w.run(6s);
    EXPECT_EQ(state_of(w.r(1), r1_id), NbrState::full);
}

// The DR flushes its Network-LSA (premature aging, 14.1) once no neighbour is left.
TEST(OspfInstance, DrFlushesNetworkLsaWhenAlone) {
    FakeWire w;
    w.add(router(r1_id, {link("lan", ip(10, 0, 0, 1), NetworkType::broadcast)}));
    w.add(router(r2_id, {link("lan", ip(10, 0, 0, 2), NetworkType::broadcast)}));
    w.connect({{0, "lan", ip(10, 0, 0, 1)}, {1, "lan", ip(10, 0, 0, 2)}});
    w.start();
    w.run(10s);
    const LsaKey net{lsa_type::network, ip(10, 0, 0, 2), r2_id};
    ASSERT_TRUE(w.r(0).lsdb()->current(net, w.now).has_value());
    w.r(0).interface_down("lan", w.now);
    w.deliver();
    w.run(10s);  // r2's dead interval, then its flush
    EXPECT_FALSE(w.r(1).lsdb()->current(net, w.now).has_value());
    EXPECT_EQ(w.r(1).interfaces().front().state, IfState::dr);
}

TEST(OspfInstance, NextDeadlineDrivesPolling) {
    FakeWire w;
    p2p_pair(w);
    w.start();
    auto d = w.r(0).next_deadline();
    ASSERT_TRUE(d.has_value());
    EXPECT_LE(*d, w.now + 1s);
    // Polling exactly at the deadlines (no fixed step) also reaches Full.
    for (int k = 0; k < 200; ++k) {
        TimePoint next = w.now + 10s;
        for (auto& r : w.routers) {
            if (auto t = r->next_deadline()) {
                next = std::min(next, *t);
            }
        }
        w.now = std::max(next, w.now);
        for (auto& r : w.routers) {
            r->poll(w.now);
        }
        w.deliver();
    }
    EXPECT_EQ(state_of(w.r(0), r2_id), NbrState::full);
}

// RFC 2328 D.3, AuType 2 with MD5: the same key reaches Full with every packet authenticated;
// another key or key id gets nowhere (counted); an old packet replayed is refused.
InterfaceConfig md5(InterfaceConfig c, std::uint8_t key_id, std::string key) {
    c.md5_key_id = key_id;
    c.md5_key = std::move(key);
    return c;
}

TEST(OspfInstance, Md5AuthenticationSameKeyFullOtherKeyRefusedReplayRefused) {
    FakeWire w;
    auto c1 = router(r1_id, {md5(link("eth0", ip(10, 0, 12, 1)), 1, "secret")});
    c1.crypto_seq_start = 1000;
    w.add(c1);
    w.add(router(r2_id, {md5(link("eth0", ip(10, 0, 12, 2)), 1, "secret")}));
    w.connect({{0, "eth0", ip(10, 0, 12, 1)}, {1, "eth0", ip(10, 0, 12, 2)}});
    w.start();
    w.run(10s);
    EXPECT_EQ(state_of(w.r(0), r2_id), NbrState::full);
    EXPECT_EQ(state_of(w.r(1), r1_id), NbrState::full);
    ASSERT_FALSE(w.log.empty());
    std::uint32_t last_seq = 0;
    for (const WirePacket& p : w.log) {
        EXPECT_EQ(p.decoded.header.autype, AuType::cryptographic);
        if (p.from == 0) {
            EXPECT_GE(p.decoded.header.crypto().sequence, std::max<std::uint32_t>(last_seq, 1000));
            last_seq = p.decoded.header.crypto().sequence;
        }
    }
    EXPECT_EQ(w.r(1).counter("rx_auth_digest_mismatch"), 0u);

    // A packet r1 sent long ago, delivered again: its sequence number is below the last one.
    const auto& old = w.log.front();
    ASSERT_EQ(old.from, 0u);
    w.r(1).receive("eth0", ip(10, 0, 12, 1), old.packet.bytes, w.now, old.packet.destination);
    EXPECT_EQ(w.r(1).counter("rx_auth_sequence_replayed"), 1u);

    FakeWire other;
    other.add(router(r1_id, {md5(link("eth0", ip(10, 0, 12, 1)), 1, "secret")}));
    other.add(router(r2_id, {md5(link("eth0", ip(10, 0, 12, 2)), 1, "wrong")}));
    other.connect({{0, "eth0", ip(10, 0, 12, 1)}, {1, "eth0", ip(10, 0, 12, 2)}});
    other.start();
    other.run(5s);
    EXPECT_NE(state_of(other.r(0), r2_id), NbrState::full);
    EXPECT_GT(other.r(0).counter("rx_auth_digest_mismatch"), 0u);

    FakeWire plain;  // one side unauthenticated
    plain.add(router(r1_id, {md5(link("eth0", ip(10, 0, 12, 1)), 2, "secret")}));
    plain.add(router(r2_id, {link("eth0", ip(10, 0, 12, 2))}));
    plain.connect({{0, "eth0", ip(10, 0, 12, 1)}, {1, "eth0", ip(10, 0, 12, 2)}});
    plain.start();
    plain.run(5s);
    EXPECT_FALSE(state_of(plain.r(0), r2_id).has_value());
    EXPECT_GT(plain.r(0).counter("rx_auth_type_mismatch"), 0u);
    EXPECT_GT(plain.r(1).counter("rx_auth_type_mismatch"), 0u);
}

// `ip ospf cost` at runtime: a new Router-LSA with the cost, the adjacency untouched.
TEST(OspfInstance, CostChangeReoriginatesWithoutTouchingTheAdjacency) {
    FakeWire w;
    p2p_pair(w);
    w.start();
    w.run(10s);
    ASSERT_EQ(state_of(w.r(1), r1_id), NbrState::full);
    std::size_t ups = w.events[1].size();
    ASSERT_TRUE(w.r(0).set_cost("eth0", 50, w.now));
    EXPECT_FALSE(w.r(0).set_cost("nope", 50, w.now));
    w.run(7s);  // MinLSInterval may defer the new instance by up to 5 s
    const RouterLsa* lsa = router_lsa(w.r(1), r1_id, w.now);
    ASSERT_NE(lsa, nullptr);
    EXPECT_EQ(link_metric(lsa, RouterLinkType::point_to_point, r2_id), std::optional<std::uint16_t>(50));
    EXPECT_EQ(link_metric(lsa, RouterLinkType::stub, ip(10, 0, 12, 0)), std::optional<std::uint16_t>(50));
    EXPECT_EQ(state_of(w.r(1), r1_id), NbrState::full);
    for (std::size_t k = ups; k < w.events[1].size(); ++k) {
        if (const auto* n = std::get_if<NeighborStateChange>(&w.events[1][k])) {
            EXPECT_FALSE(n->adjacency_down()) << "the adjacency went down";
        }
    }
    EXPECT_EQ(route(w.r(0), r2_id, 32)->cost, 50u);
}

}  // namespace
}  // namespace ldpsync::ospf::test
