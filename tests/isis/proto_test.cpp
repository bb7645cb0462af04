// The IS-IS protocol core, pure: the three-way handshake table cell by cell, the LSP database
// (freshness, aging, purges), origination and fragmentation, SPF on hand-built topologies.

#include <gtest/gtest.h>

#include "isis/adjacency_fsm.hpp"
#include "isis/auth.hpp"
#include "isis/lsdb.hpp"
#include "isis/origination.hpp"
#include "isis/spf.hpp"

namespace {

using namespace ldpsync::isis;
using namespace std::chrono_literals;

SystemId sys(std::uint8_t last) { return SystemId{0, 0, 0, 0, 0, last}; }

// RFC 5303 3.1's table, written out independently of adjacency_fsm.cpp.
TEST(IsisThreeWay, EveryCellOfTheRfcTable) {
    struct Cell {
        AdjState state;
        ThreeWayState received;
        AdjState next;
    };
    const Cell cells[] = {
        {AdjState::down, ThreeWayState::down, AdjState::initializing},
        {AdjState::down, ThreeWayState::initializing, AdjState::up},
        {AdjState::down, ThreeWayState::up, AdjState::down},
        {AdjState::initializing, ThreeWayState::down, AdjState::initializing},
        {AdjState::initializing, ThreeWayState::initializing, AdjState::up},
        {AdjState::initializing, ThreeWayState::up, AdjState::up},
        {AdjState::up, ThreeWayState::down, AdjState::initializing},
        {AdjState::up, ThreeWayState::initializing, AdjState::up},
        {AdjState::up, ThreeWayState::up, AdjState::up},
    };
    for (const auto& c : cells) {
        EXPECT_EQ(three_way_next(c.state, c.received), c.next)
            << to_string(c.state) << " + received " << to_string(c.received);
    }
    // The table has each cell exactly once.
    for (const auto& c : cells) {
        int n = 0;
        for (const auto& row : adjacency_table()) n += (row.state == c.state && row.received == c.received) ? 1 : 0;
        EXPECT_EQ(n, 1);
    }
    EXPECT_EQ(reported_state(AdjState::initializing), ThreeWayState::initializing);
}

Lsp make_lsp(LspId id, std::uint32_t seq, std::uint16_t life, Tlvs tlvs = {}) {
    Lsp l;
    l.id = id;
    l.sequence = seq;
    l.remaining_lifetime = life;
    l.flags = lsp_flags::is_type_l2;
    l.tlvs = std::move(tlvs);
    return l;
}

void install(Lsdb& db, const Lsp& l, TimePoint now) { db.install(l, l.encode(), now); }

TEST(IsisLsdb, FreshnessAgingAndPurges) {
    EXPECT_EQ(compare(5, 100, 4, 100), Freshness::newer);
    EXPECT_EQ(compare(4, 100, 5, 100), Freshness::older);
    EXPECT_EQ(compare(5, 100, 5, 900), Freshness::same);
    EXPECT_EQ(compare(5, 0, 5, 900), Freshness::newer);  // the purge wins at equal sequence
    EXPECT_EQ(compare(5, 900, 5, 0), Freshness::older);

    const TimePoint t0{};
    Lsdb db;
    const LspId id{sys(2), 0, 0};
    install(db, make_lsp(id, 1, 10), t0);
    EXPECT_EQ(db.find(id)->remaining(t0 + 4s), 6);
    EXPECT_EQ(db.find(id)->entry(t0 + 4s).remaining_lifetime, 6);
    // The wire copy carries the lifetime of the moment it is sent; the checksum still holds.
    const Bytes sent = db.find(id)->wire_at(t0 + 4s);
    auto decoded = Lsp::decode(sent);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->remaining_lifetime, 6);
    EXPECT_EQ(db.next_deadline(), t0 + 10s);
    EXPECT_TRUE(db.age(t0 + 9s).empty());
    const auto expired = db.age(t0 + 10s);
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_TRUE(db.find(id)->purged());
    EXPECT_TRUE(db.find(id)->lsp.tlvs.list.empty());
    EXPECT_EQ(db.find(id)->lsp.sequence, 1u);
    // Held for ZeroAgeLifetime, then gone.
    EXPECT_EQ(db.next_deadline(), t0 + 10s + kZeroAgeLifetime);
    db.age(t0 + 10s + kZeroAgeLifetime);
    EXPECT_EQ(db.find(id), nullptr);
}

// With a key, a purge keeps a signed Authentication TLV (RFC 5304 2, RFC 6233 3); without,
// it is the bare header.
TEST(IsisLsdb, PurgesAreSignedWhenAuthenticating) {
    const TimePoint t0{};
    Lsdb db;
    const LspId id{sys(2), 0, 0};
    Tlvs body;
    body.add(Hostname{"r2"});
    install(db, make_lsp(id, 4, 1200, body), t0);
    ASSERT_TRUE(db.purge(id, t0, std::string("s3cret")));
    const auto* r = db.find(id);
    EXPECT_TRUE(r->purged());
    EXPECT_EQ(r->lsp.sequence, 4u);
    EXPECT_EQ(verify_hmac_md5(r->wire, "s3cret"), AuthCheck::ok);
    EXPECT_EQ(r->lsp.tlvs.find<Hostname>(), nullptr);
    install(db, make_lsp(id, 5, 1200, body), t0);
    ASSERT_TRUE(db.purge(id, t0));
    EXPECT_EQ(verify_hmac_md5(db.find(id)->wire, "s3cret"), AuthCheck::missing);
    EXPECT_TRUE(db.find(id)->lsp.tlvs.list.empty());
}

TEST(IsisTypes, NextLspIdCarriesThroughFragmentPseudonodeAndSystem) {
    EXPECT_EQ(next_lsp_id(LspId{sys(1), 0, 0}), (LspId{sys(1), 0, 1}));
    EXPECT_EQ(next_lsp_id(LspId{sys(1), 0, 0xff}), (LspId{sys(1), 1, 0}));
    EXPECT_EQ(next_lsp_id(LspId{sys(1), 0xff, 0xff}), (LspId{sys(2), 0, 0}));
    EXPECT_EQ(next_lsp_id(LspId{SystemId{0, 0, 0, 0, 0, 0xff}, 0xff, 0xff}), (LspId{SystemId{0, 0, 0, 0, 1, 0}, 0, 0}));
    const LspId last{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 0xff, 0xff};
    EXPECT_EQ(next_lsp_id(last), last);
}

TEST(IsisLsdb, InstallSaysWhetherSpfMustRun) {
    const TimePoint t0{};
    Lsdb db;
    const LspId id{sys(2), 0, 0};
    Tlvs a;
    a.add(Hostname{"r2"});
    EXPECT_TRUE(db.install(make_lsp(id, 1, 1200, a), {}, t0));
    EXPECT_FALSE(db.install(make_lsp(id, 2, 1200, a), {}, t0));  // a refresh
    Tlvs b;
    b.add(Hostname{"r2-new"});
    EXPECT_TRUE(db.install(make_lsp(id, 3, 1200, b), {}, t0));
}

OriginationInput base_input() {
    OriginationInput in;
    in.system = sys(1);
    in.areas = {Bytes{std::byte{0x49}, std::byte{0x00}, std::byte{0x01}}};
    in.hostname = "r1";
    in.interface_addresses = {0x01010101};
    return in;
}

TEST(IsisOrigination, WideNarrowAndTransition) {
    OriginationInput in = base_input();
    in.neighbors = {{NodeId{sys(2), 0}, kMaxWideLinkMetric}};
    in.prefixes = {{Prefix{0x0a000c00, 24}, 100}};
    auto wide = originate(in);
    ASSERT_EQ(wide.size(), 1u);
    EXPECT_EQ(wide[0].tlvs.find<ExtIsReach>()->neighbors.at(0).metric, kMaxWideLinkMetric);
    EXPECT_EQ(wide[0].tlvs.find<ExtIpReach>()->prefixes.at(0).metric, 100u);
    EXPECT_EQ(wide[0].tlvs.find<IsReachNarrow>(), nullptr);
    in.style = MetricStyle::narrow;
    auto narrow = originate(in);
    EXPECT_EQ(narrow[0].tlvs.find<IsReachNarrow>()->neighbors.at(0).metric, kMaxNarrowMetric);
    EXPECT_EQ(narrow[0].tlvs.find<IpReachNarrow>()->prefixes.at(0).metric, kMaxNarrowMetric);
    EXPECT_EQ(narrow[0].tlvs.find<IpReachNarrow>()->prefixes.at(0).mask, 0xffffff00u);
    EXPECT_EQ(narrow[0].tlvs.find<ExtIsReach>(), nullptr);
    in.style = MetricStyle::transition;
    auto both = originate(in);
    EXPECT_NE(both[0].tlvs.find<IsReachNarrow>(), nullptr);
    EXPECT_NE(both[0].tlvs.find<ExtIsReach>(), nullptr);
    in.overload = true;
    EXPECT_TRUE(originate(in)[0].overload());
}

TEST(IsisOrigination, ManyPrefixesFillTlvsAndFragments) {
    OriginationInput in = base_input();
    for (std::uint32_t i = 0; i < 1000; ++i) in.prefixes.push_back({Prefix{0x0a000000 + (i << 8), 24}, 10});
    const auto fragments = originate(in);
    ASSERT_GT(fragments.size(), 1u);
    std::size_t prefixes = 0;
    for (std::size_t f = 0; f < fragments.size(); ++f) {
        EXPECT_EQ(fragments[f].id.fragment, f);
        const Bytes wire = fragments[f].encode();
        EXPECT_LE(wire.size(), kDefaultLspMtu);
        EXPECT_TRUE(Lsp::decode(wire)) << "fragment " << f;
        for (const auto* t : fragments[f].tlvs.all<ExtIpReach>()) {
            EXPECT_LE(tlv_value_size(Tlv{*t}), kMaxTlvValue);
            prefixes += t->prefixes.size();
        }
    }
    EXPECT_EQ(prefixes, 1000u);
    // Fragment 0 holds the area addresses and the hostname.
    EXPECT_NE(fragments[0].tlvs.find<AreaAddresses>(), nullptr);
    EXPECT_NE(fragments[0].tlvs.find<Hostname>(), nullptr);
}

// A small graph of LSPs: each node lists its neighbours and a loopback /32.
struct Graph {
    Lsdb db;
    TimePoint now{};
    void node(std::uint8_t id, std::vector<std::pair<std::uint8_t, std::uint32_t>> links, bool overload = false,
              bool attached = false) {
        Tlvs t;
        ExtIsReach is;
        for (auto [n, m] : links) is.neighbors.push_back({NodeId{sys(n), 0}, m, {}});
        t.add(is);
        t.add(ExtIpReach{{{10, false, 32, 0x01010100u + id, {}}}});
        Lsp l = make_lsp(LspId{sys(id), 0, 0}, 1, 1200, t);
        if (overload) l.flags |= lsp_flags::overload;
        if (attached) l.flags |= lsp_flags::attached_default;
        install(db, l, now);
    }
    SpfResult spf(std::vector<SpfAdjacency> adjacencies, Level level = Level::l2) {
        SpfInput in;
        in.root = sys(1);
        in.level = level;
        in.lsdb = &db;
        in.adjacencies = std::move(adjacencies);
        return run_spf(in, now);
    }
};

std::uint32_t lo(std::uint8_t id) { return 0x01010100u + id; }

TEST(IsisSpf, EqualCostPathsTwoWayCheckAndOverload) {
    //   1 --10-- 2 --10-- 4
    //   1 --10-- 3 --10-- 4        (two equal paths to 4)
    //   5 lists 4 but 4 does not list 5: not reachable.
    Graph g;
    g.node(1, {{2, 10}, {3, 10}});
    g.node(2, {{1, 10}, {4, 10}});
    g.node(3, {{1, 10}, {4, 10}});
    g.node(4, {{2, 10}, {3, 10}});
    g.node(5, {{4, 10}});
    const std::vector<SpfAdjacency> adj{{NodeId{sys(2), 0}, 10, NextHop{0x0a000102, "e2"}},
                                        {NodeId{sys(3), 0}, 10, NextHop{0x0a000103, "e3"}}};
    auto r = g.spf(adj);
    ASSERT_TRUE(r.routes.contains(Prefix{lo(4), 32}));
    const Route& to4 = r.routes.at(Prefix{lo(4), 32});
    EXPECT_EQ(to4.metric, 30u);
    EXPECT_EQ(to4.next_hops.size(), 2u);
    EXPECT_TRUE(r.routes.at(Prefix{lo(1), 32}).connected);
    EXPECT_FALSE(r.routes.contains(Prefix{lo(5), 32}));
    EXPECT_EQ(r.nodes.at(NodeId{sys(4), 0}).metric, 20u);

    // 2 overloaded: 4 only through 3; 2's own loopback still reached.
    g.node(2, {{1, 10}, {4, 10}}, true);
    r = g.spf(adj);
    EXPECT_EQ(r.routes.at(Prefix{lo(4), 32}).next_hops, (std::set<NextHop>{NextHop{0x0a000103, "e3"}}));
    EXPECT_EQ(r.routes.at(Prefix{lo(2), 32}).metric, 20u);
}

TEST(IsisSpf, MaxMetricLinkIsALastResortAndUnusableMetricRemovesIt) {
    Graph g;
    g.node(1, {{2, kMaxWideLinkMetric}, {3, 10}});
    g.node(2, {{1, 10}, {3, 10}});
    g.node(3, {{1, 10}, {2, 10}});
    // Our adjacency to 2 advertises the RFC 5443 maximum: 2 is reached through 3.
    std::vector<SpfAdjacency> adj{{NodeId{sys(2), 0}, kMaxWideLinkMetric, NextHop{0x0a000102, "e2"}},
                                  {NodeId{sys(3), 0}, 10, NextHop{0x0a000103, "e3"}}};
    auto r = g.spf(adj);
    EXPECT_EQ(r.routes.at(Prefix{lo(2), 32}).next_hops, (std::set<NextHop>{NextHop{0x0a000103, "e3"}}));
    EXPECT_EQ(r.routes.at(Prefix{lo(2), 32}).metric, 30u);
    // Without the alternate, the max-metric link still carries traffic.
    adj.pop_back();
    r = g.spf(adj);
    EXPECT_EQ(r.routes.at(Prefix{lo(2), 32}).metric, kMaxWideLinkMetric + 10);
    // 0xFFFFFF in 2's LSP toward us: the link is gone (no two-way).
    g.node(2, {{1, kWideMetricNotInSpf}, {3, 10}});
    r = g.spf(adj);
    EXPECT_FALSE(r.routes.contains(Prefix{lo(2), 32}));
}

TEST(IsisSpf, LevelOneDefaultTowardTheNearestAttachedRouter) {
    Graph g;
    g.node(1, {{2, 10}});
    g.node(2, {{1, 10}}, false, true);
    const std::vector<SpfAdjacency> adj{{NodeId{sys(2), 0}, 10, NextHop{0x0a000102, "e2"}}};
    auto r = g.spf(adj, Level::l1);
    ASSERT_TRUE(r.routes.contains(Prefix{0, 0}));
    EXPECT_EQ(r.routes.at(Prefix{0, 0}).metric, 10u);
    EXPECT_FALSE(g.spf(adj, Level::l2).routes.contains(Prefix{0, 0}));
}

}  // namespace
