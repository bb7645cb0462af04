// Three IS-IS instances on one fake LAN (every PDU reaches every other instance), manual
// clock: LAN adjacencies made two-way by the IS Neighbors TLV, the DIS elected by priority
// then MAC, its pseudonode LSP, identical databases, routes through the pseudonode, the DIS
// leaving and another taking over, and the RFC 5443 maximum toward the pseudonode.

#include <gtest/gtest.h>

#include <functional>

#include "fixtures.hpp"
#include "isis/instance.hpp"

namespace {

using namespace ldpsync::isis;
using namespace ldpsync::isis::test;
using namespace std::chrono_literals;

InstanceConfig router(std::uint8_t id, std::uint8_t priority = 64) {
    return router_on_link(id, 0x0a000000u + id, false, priority);
}

struct Lan {
    TimePoint now{};
    std::map<std::uint8_t, std::unique_ptr<IsisInstance>> routers;
    std::set<std::uint8_t> cut;  // routers whose PDUs are not carried (and who hear nothing)

    void add(std::uint8_t id, std::uint8_t priority = 64) {
        routers[id] = std::make_unique<IsisInstance>(router(id, priority), now);
        routers[id]->interface_up("lo", now);
        routers[id]->interface_up("e0", now, mac(id));
    }
    void step(Duration d = 100ms) {
        now += d;
        for (auto& [id, r] : routers) r->poll(now);
        for (auto& [id, r] : routers) {
            for (auto& out : r->take_output()) {
                if (cut.contains(id)) continue;
                EXPECT_EQ(out.destination, kAllL2Iss);
                for (auto& [other, o] : routers) {
                    if (other != id && !cut.contains(other)) o->receive("e0", mac(id), out.pdu, now);
                }
            }
            (void)r->take_events();
        }
    }
    bool run_until(const std::function<bool()>& done, Duration limit = 30s) {
        const TimePoint end = now + limit;
        while (now < end) {
            if (done()) return true;
            step();
        }
        return done();
    }
    IsisInstance& r(std::uint8_t id) { return *routers.at(id); }
};

std::size_t up_adjacencies(const IsisInstance& i) {
    std::size_t n = 0;
    for (const auto& a : i.adjacencies()) n += a.state == AdjState::up ? 1 : 0;
    return n;
}

std::map<LspId, std::uint32_t> live_database(const IsisInstance& i, TimePoint now) {
    std::map<LspId, std::uint32_t> out;
    for (const auto& [id, r] : i.lsdb(Level::l2).records()) {
        if (r.remaining(now) != 0) out[id] = r.lsp.sequence;
    }
    return out;
}

std::optional<NodeId> dis_of(const IsisInstance& i) { return i.interfaces()[1].lan_id[1]; }

TEST(IsisLan, ThreeRoutersElectTheHighestMacAndAgree) {
    Lan lan;
    for (std::uint8_t id : {1, 2, 3}) lan.add(id);
    auto converged = [&] {
        for (std::uint8_t id : {1, 2, 3}) {
            if (up_adjacencies(lan.r(id)) != 2) return false;
        }
        const auto db = live_database(lan.r(1), lan.now);
        return db.size() == 4 && db == live_database(lan.r(2), lan.now) && db == live_database(lan.r(3), lan.now) &&
               lan.r(1).routes().contains(Prefix{0x03030303, 32});
    };
    ASSERT_TRUE(lan.run_until(converged, 15s));
    // Equal priorities: the highest MAC, router 3, is DIS; its pseudonode is in every database.
    for (std::uint8_t id : {1, 2, 3}) EXPECT_EQ(dis_of(lan.r(id)), (NodeId{sys(3), 2})) << int(id);
    EXPECT_TRUE(lan.r(3).interfaces()[1].dis[1]);
    EXPECT_FALSE(lan.r(1).interfaces()[1].dis[1]);
    const auto* pseudonode = lan.r(1).lsdb(Level::l2).find(LspId{sys(3), 2, 0});
    ASSERT_NE(pseudonode, nullptr);
    EXPECT_EQ(pseudonode->lsp.tlvs.find<ExtIsReach>()->neighbors.size(), 3u);
    // Routes through the pseudonode, with the neighbour's LAN address as next hop.
    const Route& to2 = lan.r(1).routes().at(Prefix{0x02020202, 32});
    EXPECT_EQ(to2.metric, 20u);
    EXPECT_EQ(to2.next_hops, (std::set<NextHop>{NextHop{0x0a000002, "e0"}}));

    // The DIS leaves: router 2 takes over (after router 3's short DIS hold time), router 3's
    // pseudonode is no longer reachable, routes stay.
    lan.cut.insert(3);
    ASSERT_TRUE(lan.run_until(
        [&] {
            return dis_of(lan.r(1)) == NodeId{sys(2), 2} && dis_of(lan.r(2)) == NodeId{sys(2), 2};
        },
        10s));
    ASSERT_TRUE(lan.run_until([&] { return !lan.r(1).routes().contains(Prefix{0x03030303, 32}); }, 5s));
    EXPECT_EQ(lan.r(1).routes().at(Prefix{0x02020202, 32}).next_hops, (std::set<NextHop>{NextHop{0x0a000002, "e0"}}));
    ASSERT_TRUE(lan.run_until([&] { return lan.r(1).lsdb(Level::l2).find(LspId{sys(2), 2, 0}) != nullptr; }, 5s));
}

// 50 routers heard on the LAN: our Hello lists them all, in IS Neighbors TLVs of at most 42 MACs
// (255 bytes), and decodes.
TEST(IsisLan, ManyNeighboursSpreadOverSeveralIsNeighborsTlvs) {
    TimePoint now{};
    IsisInstance us(router(1), now);
    us.interface_up("e0", now, mac(1));
    (void)us.take_output();
    for (std::uint8_t n = 2; n < 52; ++n) {
        LanHello h;
        h.source = sys(n);
        h.holding_time = 30;
        h.lan_id = NodeId{sys(n), 1};
        h.tlvs.add(AreaAddresses{{kArea}});
        h.tlvs.add(IpInterfaceAddresses{{0x0a000000u + n}});
        us.receive("e0", mac(n), h.encode(), now);
    }
    now += 1s;
    us.poll(now);
    std::size_t listed = 0;
    bool hello = false;
    for (const auto& out : us.take_output()) {
        auto d = decode_pdu(out.pdu);
        ASSERT_TRUE(d) << to_string(d.error());
        const auto* h = std::get_if<LanHello>(&*d);
        if (h == nullptr) continue;
        hello = true;
        for (const auto* t : h->tlvs.all<LanNeighbors>()) {
            EXPECT_LE(t->macs.size(), 42u);
            listed += t->macs.size();
        }
    }
    EXPECT_TRUE(hello);
    EXPECT_EQ(listed, 50u);
}

TEST(IsisLan, PriorityWinsOverMacAndMaxMetricTowardThePseudonode) {
    Lan lan;
    lan.add(1, 100);
    lan.add(2);
    ASSERT_TRUE(lan.run_until([&] { return lan.r(2).routes().contains(Prefix{0x01010101, 32}); }, 15s));
    EXPECT_EQ(dis_of(lan.r(2)), (NodeId{sys(1), 2}));
    // Router 2 not in sync: its reachability toward the pseudonode carries 0xFFFFFE; router 1
    // still reaches router 2's loopback (the link is the only one), at the maximum.
    lan.r(2).set_max_metric("e0", true, lan.now);
    ASSERT_TRUE(lan.run_until(
        [&] {
            const auto* r = lan.r(1).lsdb(Level::l2).find(LspId{sys(2), 0, 0});
            const auto* is = r ? r->lsp.tlvs.find<ExtIsReach>() : nullptr;
            return is != nullptr && is->neighbors.size() == 1 && is->neighbors[0].metric == kMaxWideLinkMetric &&
                   is->neighbors[0].id == NodeId{sys(1), 2};
        },
        5s));
    ASSERT_TRUE(lan.run_until(
        [&] {
            return lan.r(2).routes().at(Prefix{0x01010101, 32}).metric == kMaxWideLinkMetric + 10;
        },
        5s));
    EXPECT_EQ(lan.r(1).routes().at(Prefix{0x02020202, 32}).metric, 20u);
}

}  // namespace
