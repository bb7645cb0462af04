// Two IS-IS instances back to back on a fake point-to-point wire with a manual clock: the
// three-way handshake, database synchronization, routes, the RFC 5443 max metric, hold
// expiry, a restart that continues above the old sequence numbers, a lost LSP, and the
// RFC 5306 helper keeping the adjacency.

#include <gtest/gtest.h>

#include <functional>

#include "isis/auth.hpp"
#include "fixtures.hpp"
#include "isis/instance.hpp"

namespace {

using namespace ldpsync::isis;
using namespace ldpsync::isis::test;
using namespace std::chrono_literals;

InstanceConfig router(std::uint8_t id, std::uint32_t link_address) { return router_on_link(id, link_address, true); }

struct Wire {
    TimePoint now{};
    std::unique_ptr<IsisInstance> a, b;
    bool a_to_b = true, b_to_a = true;
    std::function<bool(const Bytes&)> drop_a_to_b;  // true: this PDU is lost
    std::vector<InstanceEvent> a_events, b_events;

    // Keys (RFC 5304) of A and B, used for Hellos and LSPs/SNPs alike; nothing: none.
    explicit Wire(std::optional<std::string> key_a = std::nullopt, std::optional<std::string> key_b = std::nullopt) {
        auto ca = router(1, 0x0a000c01);
        auto cb = router(2, 0x0a000c02);
        ca.lsp_key = key_a;
        ca.interfaces[1].hello_key = key_a;
        cb.lsp_key = key_b;
        cb.interfaces[1].hello_key = key_b;
        a = std::make_unique<IsisInstance>(ca, now);
        b = std::make_unique<IsisInstance>(cb, now);
        for (auto* i : {a.get(), b.get()}) {
            i->interface_up("lo", now);
            i->interface_up("e0", now);
        }
    }
    void restart_a_gracefully(Duration t2 = 60s) {
        auto c = router(1, 0x0a000c01);
        c.restarting = true;
        c.restart_t2 = t2;
        a = std::make_unique<IsisInstance>(c, now);
        a->interface_up("lo", now);
        a->interface_up("e0", now);
    }
    void restart_b() {
        b = std::make_unique<IsisInstance>(router(2, 0x0a000c02), now);
        b->interface_up("lo", now);
        b->interface_up("e0", now);
    }
    void carry(IsisInstance& from, IsisInstance& to, bool open, const MacAddress& mac, bool from_a) {
        for (auto& out : from.take_output()) {
            // Through the real framing, as the socket does.
            const Bytes frame = build_frame(out.destination, mac, out.pdu);
            const auto f = parse_frame(frame);
            ASSERT_TRUE(f);
            if (!open || (from_a && drop_a_to_b && drop_a_to_b(out.pdu))) continue;
            to.receive("e0", f->source, f->pdu, now);
        }
    }
    void step(Duration d = 100ms) {
        now += d;
        a->poll(now);
        b->poll(now);
        carry(*a, *b, a_to_b, MacAddress{2, 0, 0, 0, 0, 1}, true);
        carry(*b, *a, b_to_a, MacAddress{2, 0, 0, 0, 0, 2}, false);
        for (auto& e : a->take_events()) a_events.push_back(e);
        for (auto& e : b->take_events()) b_events.push_back(e);
    }
    bool run_until(const std::function<bool()>& done, Duration limit = 30s) {
        const TimePoint end = now + limit;
        while (now < end) {
            if (done()) return true;
            step();
        }
        return done();
    }
};

AdjState state_of(const IsisInstance& i) {
    const auto adj = i.adjacencies();
    return adj.empty() ? AdjState::down : adj[0].state;
}

std::map<LspId, std::uint32_t> database(const IsisInstance& i, TimePoint now) {
    std::map<LspId, std::uint32_t> out;
    for (const auto& [id, r] : i.lsdb(Level::l2).records()) {
        if (r.remaining(now) != 0) out[id] = r.lsp.sequence;
    }
    return out;
}

std::optional<Route> route(const IsisInstance& i, std::uint32_t address, std::uint8_t length) {
    const auto it = i.routes().find(Prefix{address, length});
    if (it == i.routes().end()) return std::nullopt;
    return it->second;
}

std::uint32_t is_metric_toward(const IsisInstance& at, std::uint8_t from, std::uint8_t to, TimePoint now) {
    const auto* r = at.lsdb(Level::l2).find(LspId{sys(from), 0, 0});
    if (r == nullptr || r->remaining(now) == 0) return 0;
    for (const auto* t : r->lsp.tlvs.all<ExtIsReach>()) {
        for (const auto& n : t->neighbors) {
            if (n.id == NodeId{sys(to), 0}) return n.metric;
        }
    }
    return 0;
}

bool all_up(Wire& w) { return state_of(*w.a) == AdjState::up && state_of(*w.b) == AdjState::up; }
bool converged(Wire& w) {
    return all_up(w) && database(*w.a, w.now) == database(*w.b, w.now) && database(*w.a, w.now).size() == 2 &&
           route(*w.a, 0x02020202, 32) && route(*w.b, 0x01010101, 32);
}

TEST(IsisInstance, ThreeWayUpDatabasesAgreeAndRoutes) {
    Wire w;
    ASSERT_TRUE(w.run_until([&] { return converged(w); }, 10s));
    // Each adjacency went Down -> Initializing -> Up (or straight to Up on hearing Initializing).
    bool a_up = false;
    for (const auto& e : w.a_events) {
        if (const auto* c = std::get_if<AdjacencyChange>(&e); c && c->up()) {
            a_up = true;
            EXPECT_EQ(c->neighbor, sys(2));
            EXPECT_EQ(c->address, 0x0a000c02u);
            EXPECT_EQ(c->interface, "e0");
        }
    }
    EXPECT_TRUE(a_up);
    const auto r = *route(*w.a, 0x02020202, 32);
    EXPECT_EQ(r.metric, 20u);
    EXPECT_EQ(r.level, Level::l2);
    EXPECT_EQ(r.next_hops, (std::set<NextHop>{NextHop{0x0a000c02, "e0"}}));
    EXPECT_TRUE(route(*w.a, 0x01010101, 32)->connected);
    EXPECT_TRUE(route(*w.a, 0x0a000c00, 24)->connected);
    EXPECT_EQ(w.a->hostname_of(sys(2), w.now), "r2");
    EXPECT_EQ(w.a->counter("adj_up"), 1u);
    EXPECT_THROW((void)w.a->counter("adj_upp"), std::invalid_argument);
}

TEST(IsisInstance, MaxMetricWhileNotInSyncAndBack) {
    Wire w;
    ASSERT_TRUE(w.run_until([&] { return converged(w); }, 10s));
    ASSERT_TRUE(w.a->set_max_metric("e0", true, w.now));
    EXPECT_FALSE(w.a->set_max_metric("nope", true, w.now));
    // B sees A's IS reachability toward it at 0xFFFFFE, never 0xFFFFFF.
    ASSERT_TRUE(w.run_until([&] { return is_metric_toward(*w.b, 1, 2, w.now) == kMaxWideLinkMetric; }, 5s));
    // Our own route pays our maximum (last resort), B's route to us pays B's metric.
    ASSERT_TRUE(w.run_until([&] { return route(*w.a, 0x02020202, 32)->metric == kMaxWideLinkMetric + 10; }, 5s));
    EXPECT_EQ(route(*w.b, 0x01010101, 32)->metric, 20u);
    EXPECT_TRUE(w.a->interfaces()[1].max_metric);
    EXPECT_EQ(w.a->interfaces()[1].advertised_metric, kMaxWideLinkMetric);
    ASSERT_TRUE(w.a->set_max_metric("e0", false, w.now));
    ASSERT_TRUE(w.run_until([&] { return is_metric_toward(*w.b, 1, 2, w.now) == 10; }, 5s));
    ASSERT_TRUE(w.run_until([&] { return route(*w.a, 0x02020202, 32)->metric == 20; }, 5s));
}

TEST(IsisInstance, HoldTimeExpiryTakesTheAdjacencyAndRoutesDown) {
    Wire w;
    ASSERT_TRUE(w.run_until([&] { return converged(w); }, 10s));
    w.b_to_a = false;
    ASSERT_TRUE(w.run_until([&] { return state_of(*w.a) == AdjState::down; }, 5s));
    EXPECT_EQ(w.a->counter(Counter::adj_hold_expired), 1u);
    ASSERT_TRUE(w.run_until([&] { return !route(*w.a, 0x02020202, 32); }, 2s));
    bool down = false;
    for (const auto& e : w.a_events) {
        if (const auto* c = std::get_if<AdjacencyChange>(&e); c && c->down()) down = true;
    }
    EXPECT_TRUE(down);
    w.b_to_a = true;
    ASSERT_TRUE(w.run_until([&] { return converged(w); }, 10s));
}

TEST(IsisInstance, ARestartedRouterContinuesAboveItsOldSequenceNumbers) {
    Wire w;
    ASSERT_TRUE(w.run_until([&] { return converged(w); }, 10s));
    // B's LSP changes a few times (max metric on and off) so its sequence number grows.
    for (bool on : {true, false, true, false}) {
        w.b->set_max_metric("e0", on, w.now);
        w.run_until([&] { return is_metric_toward(*w.a, 2, 1, w.now) == (on ? kMaxWideLinkMetric : 10); }, 5s);
    }
    const std::uint32_t before = database(*w.a, w.now).at(LspId{sys(2), 0, 0});
    ASSERT_GE(before, 4u);
    w.restart_b();
    ASSERT_TRUE(w.run_until(
        [&] {
            return converged(w) && database(*w.b, w.now).at(LspId{sys(2), 0, 0}) > before;
        },
        15s));
    EXPECT_GE(w.b->counter(Counter::rx_own_lsp_newer), 1u);
}

TEST(IsisInstance, ALostLspArrivesByRetransmission) {
    Wire w;
    // Every LSP from A is lost for the first two seconds: the copies answering B's CSNP and
    // B's PSNP request included. Only the retransmission timer brings A's LSP over then.
    int dropped = 0;
    w.drop_a_to_b = [&](const Bytes& pdu) {
        const bool lsp = pdu.size() > 4 && pdu[4] == std::byte{pdu_type::lsp_l2};
        if (lsp && w.now < TimePoint{} + 2s) {
            ++dropped;
            return true;
        }
        return false;
    };
    ASSERT_TRUE(w.run_until([&] { return converged(w); }, 15s));
    EXPECT_GE(dropped, 1);
    EXPECT_GE(w.a->counter(Counter::tx_lsp_retransmit), 1u);
}

TEST(IsisInstance, RestartRequestKeepsTheAdjacencyUp) {
    Wire w;
    ASSERT_TRUE(w.run_until([&] { return converged(w); }, 10s));
    // A Hello from B as a restarting router sends it (RFC 5306 3.2): state Down, RR set.
    P2pHello h;
    h.source = sys(2);
    h.holding_time = 3;
    h.tlvs.add(AreaAddresses{{kArea}});
    h.tlvs.add(P2pAdjacency{ThreeWayState::down, 1, std::nullopt, std::nullopt});
    h.tlvs.add(Restart{Restart::kRr, std::nullopt, std::nullopt});
    h.tlvs.add(IpInterfaceAddresses{{0x0a000c02}});
    w.a->receive("e0", MacAddress{2, 0, 0, 0, 0, 2}, h.encode(), w.now);
    EXPECT_EQ(state_of(*w.a), AdjState::up);
    EXPECT_TRUE(w.a->adjacencies()[0].restarting);
    EXPECT_EQ(w.a->counter(Counter::rx_restart_request), 1u);
    // A answers with RA in its Hello and a CSNP.
    bool ra = false, csnp = false;
    for (const auto& out : w.a->take_output()) {
        auto d = decode_pdu(out.pdu);
        ASSERT_TRUE(d);
        if (const auto* hello = std::get_if<P2pHello>(&*d)) {
            const auto* r = hello->tlvs.find<Restart>();
            ra = ra || (r != nullptr && (r->flags & Restart::kRa) != 0);
        }
        csnp = csnp || std::holds_alternative<Csnp>(*d);
    }
    EXPECT_TRUE(ra);
    EXPECT_TRUE(csnp);
}

TEST(IsisInstance, HmacMd5WithTheSameKeyComesUpAndAWrongKeyIsRefused) {
    Wire good("s3cret", "s3cret");
    ASSERT_TRUE(good.run_until([&] { return converged(good); }, 10s));
    // Every LSP in B's database carries a digest that verifies under the key.
    for (const auto& [id, r] : good.b->lsdb(Level::l2).records()) {
        EXPECT_EQ(verify_hmac_md5(r.wire_at(good.now), "s3cret"), AuthCheck::ok) << format(id);
    }
    EXPECT_EQ(good.a->counter(Counter::rx_auth_failed), 0u);
    // A refresh of the same content does not count as a change (the digest is not content).
    const auto generated = good.a->counter(Counter::lsp_generated);
    good.run_until([] { return false; }, 3s);
    EXPECT_EQ(good.a->counter(Counter::lsp_generated), generated);

    Wire bad("s3cret", "other");
    bad.run_until([] { return false; }, 5s);
    EXPECT_EQ(state_of(*bad.a), AdjState::down);
    EXPECT_EQ(state_of(*bad.b), AdjState::down);
    EXPECT_GE(bad.a->counter(Counter::rx_auth_failed), 3u);
    Wire unsigned_peer("s3cret", std::nullopt);
    unsigned_peer.run_until([] { return false; }, 5s);
    EXPECT_EQ(state_of(*unsigned_peer.a), AdjState::down);
    EXPECT_GE(unsigned_peer.a->counter(Counter::rx_auth_missing), 3u);
}

std::vector<RestartChanged> restarts(const std::vector<InstanceEvent>& events) {
    std::vector<RestartChanged> out;
    for (const auto& e : events) {
        if (const auto* r = std::get_if<RestartChanged>(&e)) out.push_back(*r);
    }
    return out;
}

// RFC 5306 both ways: A restarts gracefully; B (the helper) keeps its adjacency Up and
// acknowledges; A's restart ends once B's CSNP is described and every LSP in it has arrived.
TEST(IsisInstance, GracefulRestartKeepsTheNeighboursAdjacencyAndEndsOnSynchronization) {
    Wire w;
    ASSERT_TRUE(w.run_until([&] { return converged(w); }, 10s));
    const auto b_downs = w.b->counter(Counter::adj_down);
    w.a_events.clear();
    w.restart_a_gracefully();
    for (auto& e : w.a->take_events()) w.a_events.push_back(e);
    ASSERT_TRUE(w.a->restarting());
    ASSERT_TRUE(w.run_until([&] { return !w.a->restarting(); }, 10s));
    const auto r = restarts(w.a_events);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_TRUE(r[0].running);
    EXPECT_FALSE(r[1].running);
    EXPECT_FALSE(r[1].timed_out);
    EXPECT_EQ(w.b->counter(Counter::adj_down), b_downs);  // B never lost the adjacency
    EXPECT_GE(w.b->counter(Counter::rx_restart_request), 1u);
    ASSERT_TRUE(w.run_until([&] { return converged(w); }, 10s));
    EXPECT_EQ(w.b->counter(Counter::adj_down), b_downs);
}

TEST(IsisInstance, GracefulRestartWithNobodyToSynchronizeWithEndsAtT2) {
    Wire w;
    w.a_to_b = false;
    w.b_to_a = false;
    w.restart_a_gracefully(5s);
    for (auto& e : w.a->take_events()) w.a_events.push_back(e);
    ASSERT_TRUE(w.run_until([&] { return !w.a->restarting(); }, 10s));
    const auto r = restarts(w.a_events);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_TRUE(r[1].timed_out);
    EXPECT_GE(w.now - TimePoint{}, 5s);
}

// set-overload-bit on-startup: our LSP says "do not transit me" for the configured time.
TEST(IsisInstance, OverloadBitOnStartupClearsAfterItsTime) {
    auto c = router(1, 0x0a000c01);
    c.overload_on_startup = 10s;
    TimePoint now{};
    IsisInstance a(c, now);
    a.interface_up("lo", now);
    a.poll(now + 1s);
    const auto* own = a.lsdb(Level::l2).find(LspId{sys(1), 0, 0});
    ASSERT_NE(own, nullptr);
    EXPECT_TRUE(own->lsp.overload());
    EXPECT_TRUE(a.overloaded());
    EXPECT_LE(*a.next_deadline(), now + 10s);
    a.poll(now + 10s);
    a.poll(now + 11s);
    own = a.lsdb(Level::l2).find(LspId{sys(1), 0, 0});
    EXPECT_FALSE(own->lsp.overload());
    EXPECT_FALSE(a.overloaded());
}

TEST(IsisInstance, HellosFromOtherAreasAtLevelOneOnlyAreRefused) {
    InstanceConfig c = router(1, 0x0a000c01);
    c.levels = circuit_type::l1;
    IsisInstance a(c, TimePoint{});
    a.interface_up("e0", TimePoint{});
    P2pHello h;
    h.circuit_type = circuit_type::l1;
    h.source = sys(2);
    h.holding_time = 30;
    h.tlvs.add(AreaAddresses{{Bytes{std::byte{0x49}, std::byte{0x00}, std::byte{0x02}}}});
    a.receive("e0", MacAddress{}, h.encode(), TimePoint{});
    EXPECT_TRUE(a.adjacencies().empty());
    EXPECT_EQ(a.counter(Counter::rx_area_mismatch), 1u);
    // Garbage is counted by reason, the instance unchanged.
    const Bytes junk{std::byte{0x83}, std::byte{0x01}};
    a.receive("e0", MacAddress{}, junk, TimePoint{});
    EXPECT_EQ(a.counter("rx_truncated"), 1u);
}

}  // namespace
