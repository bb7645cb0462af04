// LdpInstance on a fake wire and a manual clock: two instances back to back (Hellos, the TCP
// connection and its bytes carried by the test), and one fed what FRR sent in the lab capture.
// No sockets, no sleeps: time moves only when the test moves it.

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "capture_stream.hpp"
#include "ldp/instance.hpp"

namespace ldpsync::ldp {
namespace {

using namespace std::chrono_literals;

constexpr std::uint32_t kIfindex = 7;
constexpr std::uint32_t rid_a = 0x02020202;  // higher transport address: the active side
constexpr std::uint32_t rid_b = 0x01010101;
constexpr std::uint32_t addr_a = 0x0a000002;  // 10.0.0.2 on the link
constexpr std::uint32_t addr_b = 0x0a000001;

rib::Route route(std::uint32_t prefix, std::uint8_t length, rib::Source source, std::uint32_t via = 0) {
    return rib::Route{{prefix, length}, source, 1, {{via, "eth0"}}};
}

struct Router {
    Router(const sync::ClockSource& clock, std::uint32_t rid, std::uint32_t addr, std::uint32_t peer_rid,
           std::uint32_t peer_addr)
        : instance(clock), rid(rid), addr(addr) {
        config.router_id = rid;
        config.interfaces = {{kIfindex, "eth0"}};
        config.addresses = {std::min(rid, addr), std::max(rid, addr)};
        routes = {route(rid, 32, rib::Source::connected), route(addr & 0xffffff00, 24, rib::Source::connected),
                  route(peer_rid, 32, rib::Source::ospf, peer_addr)};
    }
    void start() {
        instance.set_routes(routes);
        instance.configure(config);
    }

    LdpInstance instance;
    std::uint32_t rid;
    std::uint32_t addr;
    InstanceConfig config;
    std::vector<rib::Route> routes;
    std::vector<InstanceEvent> events;

    template <class T>
    std::vector<T> all() const {
        std::vector<T> out;
        for (const auto& e : events) {
            if (const auto* t = std::get_if<T>(&e)) out.push_back(*t);
        }
        return out;
    }
    const config::StaticBinding* binding(std::uint32_t prefix) const {
        for (const auto& b : instance.bindings()) {
            if (b.prefix.address == prefix) return &b;
        }
        return nullptr;
    }
    const Peer* peer() const { return instance.peers().empty() ? nullptr : instance.peers().begin()->second.get(); }
};

// Carries each router's output to the other: Hellos (TTL 1, from the link address), the TCP
// connection (the passive side's accept() decides), bytes, and closes.
struct Wire {
    sync::ManualClock clock;
    Router a{clock, rid_a, addr_a, rid_b, addr_b};
    Router b{clock, rid_b, addr_b, rid_a, addr_a};
    bool hellos_from_b = true;
    bool connected = false;

    void start() {
        a.start();
        b.start();
        pump();
    }

    void pump() {
        for (int round = 0; round < 100; ++round) {
            bool moved = carry(a, b);
            moved = carry(b, a) || moved;
            if (!moved) return;
        }
        ADD_FAILURE() << "the wire never went quiet";
    }

    bool carry(Router& from, Router& to) {
        auto out = from.instance.take_output();
        for (auto& e : from.instance.take_events()) from.events.push_back(std::move(e));
        for (auto& o : out) {
            if (auto* h = std::get_if<SendHello>(&o)) {
                if (&from != &b || hellos_from_b) to.instance.hello_received(kIfindex, from.addr, h->pdu, 1);
            } else if (auto* c = std::get_if<Connect>(&o)) {
                EXPECT_EQ(c->transport, to.rid);
                auto accepted = to.instance.accept(from.rid);
                if (accepted) {
                    EXPECT_EQ(accepted->lsr_id, from.rid);
                    to.instance.connected(from.rid);
                    from.instance.connected(to.rid);
                    connected = true;
                } else {
                    from.instance.connect_failed(to.rid);
                }
            } else if (auto* s = std::get_if<SendBytes>(&o)) {
                if (connected) to.instance.bytes_received(from.rid, s->bytes);
            } else if (std::holds_alternative<Disconnect>(o)) {
                if (connected) {
                    connected = false;
                    to.instance.connection_lost(from.rid);
                }
            }
        }
        return !out.empty();
    }

    // Moves the clock deadline by deadline (never past `d` in total), polling both.
    void run_for(sync::Duration d) {
        const auto end = clock.now() + d;
        while (true) {
            auto next = end;
            for (auto* r : {&a, &b}) {
                if (auto t = r->instance.next_deadline(); t && *t < next) next = *t;
            }
            clock.set(std::max(next, clock.now()));
            a.instance.poll();
            b.instance.poll();
            pump();
            if (clock.now() >= end) return;
        }
    }

    void cut() {
        connected = false;
        a.instance.connection_lost(rid_b);
        b.instance.connection_lost(rid_a);
        pump();
    }
};

TEST(LdpInstance, TwoInstancesComeUpExchangeLabelsAndReportSync) {
    Wire w;
    w.start();
    w.run_for(2s);
    for (auto* r : {&w.a, &w.b}) {
        ASSERT_NE(r->peer(), nullptr);
        EXPECT_EQ(r->peer()->session.state(), SessionState::operational);
        const auto peers = r->all<PeerOnInterface>();
        ASSERT_FALSE(peers.empty());
        EXPECT_EQ(peers.front().interface, "eth0");
        ASSERT_TRUE(peers.front().peer.has_value());
        EXPECT_EQ(peers.front().peer->ident.lsr_id, r == &w.a ? rid_b : rid_a);
        // Both announce the Unrecognized Notification capability: End-of-LIB ends the exchange.
        const auto synced = r->all<InterfaceSynced>();
        ASSERT_EQ(synced.size(), 1U);
        EXPECT_EQ(synced.front().interface, "eth0");
        EXPECT_EQ(synced.front().trigger, sync::SyncTrigger::end_of_lib);
        EXPECT_TRUE(r->peer()->counters.end_of_lib_received);
        EXPECT_TRUE(r->instance.interface_sync().synced(kIfindex));
    }
    EXPECT_EQ(w.a.peer()->session.role(), SessionRole::active);
    // A's FTN for B's loopback: B's implicit null (B is its egress) through B's link address;
    // A's own local label for it as the ILM entry.
    const auto* to_b = w.a.binding(rid_b);
    ASSERT_NE(to_b, nullptr);
    ASSERT_EQ(to_b->outputs.size(), 1U);
    EXPECT_EQ(to_b->outputs.front().next_hop, addr_b);
    EXPECT_EQ(to_b->outputs.front().label, kImplicitNullLabel);
    ASSERT_TRUE(to_b->input_label.has_value());
    EXPECT_GE(*to_b->input_label, kFirstUnreservedLabel);
}

TEST(LdpInstance, TheLabelsComeBeforeTheSyncThatOpensTheGateOnThem) {
    Wire w;
    w.start();
    w.run_for(2s);
    const auto& ev = w.a.events;
    const auto synced = std::find_if(ev.begin(), ev.end(), [](const auto& e) { return std::holds_alternative<InterfaceSynced>(e); });
    ASSERT_NE(synced, ev.end());
    const auto label = std::find_if(ev.begin(), ev.end(), [](const auto& e) {
        const auto* b = std::get_if<BindingsChanged>(&e);
        if (b == nullptr) return false;
        return std::any_of(b->bindings.begin(), b->bindings.end(),
                           [](const auto& x) { return x.prefix.address == rid_b && !x.outputs.empty(); });
    });
    ASSERT_NE(label, ev.end());
    EXPECT_LT(label - ev.begin(), synced - ev.begin());
}

TEST(LdpInstance, LostConnectionTakesSyncBackAndTheActiveSideReconnects) {
    Wire w;
    w.start();
    w.run_for(2s);
    w.a.events.clear();
    w.b.events.clear();
    w.cut();
    for (auto* r : {&w.a, &w.b}) {
        const auto lost = r->all<InterfaceSyncLost>();
        ASSERT_EQ(lost.size(), 1U);
        EXPECT_EQ(lost.front().interface, "eth0");
        EXPECT_FALSE(lost.front().graceful_restart);
        EXPECT_FALSE(r->instance.interface_sync().synced(kIfindex));
        // Without graceful restart the peer's labels go with the session.
        EXPECT_EQ(r->instance.lib().remote_count(r == &w.a ? rid_b : rid_a), 0U);
    }
    EXPECT_TRUE(w.a.binding(rid_b) == nullptr || w.a.binding(rid_b)->outputs.empty());
    // The adjacency stays (Hellos still flow): the active side connects again after its
    // back-off, and sync comes back.
    w.run_for(30s);
    EXPECT_EQ(w.a.peer()->session.state(), SessionState::operational);
    EXPECT_EQ(w.a.all<InterfaceSynced>().size(), 1U);
    EXPECT_EQ(w.b.all<InterfaceSynced>().size(), 1U);
}

TEST(LdpInstance, ARouteThatGoesIsWithdrawnAndReleased) {
    Wire w;
    w.start();
    w.run_for(2s);
    ASSERT_NE(w.a.binding(rid_b), nullptr);
    ASSERT_TRUE(w.a.binding(rid_b)->input_label.has_value());
    const std::uint32_t label = *w.a.binding(rid_b)->input_label;
    EXPECT_EQ(w.b.instance.lib().remote_label(rid_a, Fec{rid_b, 32}), std::optional<std::uint32_t>(label));
    // B's loopback leaves A's RIB: A withdraws its label for it, B releases it, and A's ledger
    // and FTN/ILM forget it.
    w.a.routes.pop_back();
    w.a.events.clear();
    w.a.instance.set_routes(w.a.routes);
    w.pump();
    EXPECT_EQ(w.a.peer()->counters.withdraws_sent, 1U);
    EXPECT_EQ(w.b.peer()->counters.withdraws_received, 1U);
    EXPECT_EQ(w.b.peer()->counters.releases_sent, 1U);
    EXPECT_EQ(w.a.peer()->counters.releases_received, 1U);
    EXPECT_FALSE(w.b.instance.lib().remote_label(rid_a, Fec{rid_b, 32}).has_value());
    EXPECT_EQ(w.a.binding(rid_b), nullptr);
    const auto ledger = w.a.all<LedgerChanged>();
    ASSERT_EQ(ledger.size(), 1U);
    EXPECT_EQ(ledger.front().label, label);
    EXPECT_FALSE(ledger.front().fec.has_value());
    EXPECT_EQ(w.a.all<BindingsChanged>().size(), 1U);
}

TEST(LdpInstance, HelloHoldExpiryEndsTheAdjacencyAndTheSession) {
    Wire w;
    w.start();
    w.run_for(2s);
    w.a.events.clear();
    w.hellos_from_b = false;
    w.run_for(16s);  // hold time 15 s
    const auto peers = w.a.all<PeerOnInterface>();
    ASSERT_FALSE(peers.empty());
    EXPECT_FALSE(peers.back().peer.has_value());
    EXPECT_EQ(w.a.all<InterfaceSyncLost>().size(), 1U);
    EXPECT_TRUE(w.a.instance.peers().empty());
}

TEST(LdpInstance, ANewRouterIdRestartsTheProtocolAndFreesEveryLabel) {
    Wire w;
    w.start();
    w.run_for(2s);
    w.a.events.clear();
    w.a.config.router_id = 0x03030303;
    w.a.instance.configure(w.a.config);
    w.pump();
    EXPECT_EQ(w.a.instance.lsr_id(), 0x03030303U);
    const auto ledger = w.a.all<LedgerChanged>();
    ASSERT_FALSE(ledger.empty());
    EXPECT_FALSE(ledger.front().fec.has_value());  // the old LIB's labels first
    const auto peers = w.a.all<PeerOnInterface>();
    ASSERT_FALSE(peers.empty());
    EXPECT_FALSE(peers.front().peer.has_value());
}

TEST(LdpInstance, NoRouterIdNoLdp) {
    sync::ManualClock clock;
    LdpInstance i(clock);
    InstanceConfig c;
    c.interfaces = {{kIfindex, "eth0"}};
    i.configure(c);
    EXPECT_FALSE(i.running());
    EXPECT_FALSE(i.next_deadline().has_value());
    const auto events = i.take_events();
    ASSERT_EQ(events.size(), 1U);
    const auto* line = std::get_if<LogLine>(&events.front());
    ASSERT_NE(line, nullptr);
    EXPECT_EQ(line->event, log_event::kNoRouterId.name);
    EXPECT_EQ(line->level, log_event::Level::warn);
}

TEST(LdpInstance, AConnectionFromAnUnknownAddressIsRefused) {
    Wire w;
    w.start();
    EXPECT_FALSE(w.b.instance.accept(0x09090909).has_value());
    const auto lines = w.b.instance.take_events();
    EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const auto& e) {
        const auto* l = std::get_if<LogLine>(&e);
        return l != nullptr && l->text.find("no Hello adjacency") != std::string::npos;
    }));
}

TEST(LdpInstance, PreviousLabelsAreHeldForTheirFecs) {
    Wire w;
    // A predecessor bound A's loopback to 500 and B's to 501, and 502 to a FEC that is gone.
    w.a.instance.hold_previous_labels(
        {{Fec{rid_a, 32}, 500}, {Fec{rid_b, 32}, 501}, {Fec{0x0b0b0b0b, 32}, 502}});
    w.start();
    const auto& lib = w.a.instance.lib();
    EXPECT_EQ(lib.local_label(Fec{rid_b, 32}), std::optional<std::uint32_t>(501));
    // Our own loopback is egress (a null label): 500 is not its label any more and is freed.
    const auto ledger = w.a.all<LedgerChanged>();
    EXPECT_TRUE(std::any_of(ledger.begin(), ledger.end(), [](const auto& l) { return l.label == 500 && !l.fec; }));
    EXPECT_TRUE(std::any_of(ledger.begin(), ledger.end(), [](const auto& l) { return l.label == 501 && l.fec; }));
    // 502 stays held until forwarding-holding ends, then it is freed.
    w.a.events.clear();
    w.run_for(std::chrono::seconds(w.a.config.ldp.gr_forwarding_hold_s + 1));
    const auto freed = w.a.all<LedgerChanged>();
    EXPECT_TRUE(std::any_of(freed.begin(), freed.end(), [](const auto& l) { return l.label == 502 && !l.fec; }));
}

// FRR 1.1.1.1's side of the lab capture, fed to an instance that plays 2.2.2.2 (the active
// side there too): its Hello makes the adjacency, its TCP stream the session and bindings.
TEST(LdpInstance, FedFrrFromTheCaptureComesUpAndSyncs) {
    constexpr std::uint32_t frr1 = 0x01010101;
    constexpr std::uint32_t frr2 = 0x02020202;
    const auto hellos = udp_hellos_from_lsr(frr1);
    ASSERT_FALSE(hellos.empty());
    sync::ManualClock clock;
    LdpInstance i(clock);
    InstanceConfig c;
    c.router_id = frr2;
    c.interfaces = {{kIfindex, "eth0"}};
    c.addresses = {frr2};
    i.set_routes({route(frr2, 32, rib::Source::connected), route(frr1, 32, rib::Source::ospf, hellos.front().source)});
    i.configure(c);
    i.hello_received(kIfindex, hellos.front().source, hellos.front().pdu, hellos.front().ttl);
    ASSERT_NE(i.peer(frr1), nullptr);
    clock.advance(1s);
    i.poll();
    const auto out = i.take_output();
    ASSERT_TRUE(std::any_of(out.begin(), out.end(), [](const auto& o) { return std::holds_alternative<Connect>(o); }));
    i.connected(frr1);
    for (const auto& seg : tcp_segments(frr1, frr2)) i.bytes_received(frr1, seg);
    clock.advance(1s);  // End-of-LIB ends the exchange; if FRR sent none, the quiet period
    i.poll();
    const Peer* p = i.peer(frr1);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->session.state(), SessionState::operational);
    EXPECT_GT(p->counters.mappings_received, 0U);
    EXPECT_EQ(p->counters.notifications_sent, 0U);
    const auto events = i.take_events();
    EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const auto& e) {
        const auto* s = std::get_if<InterfaceSynced>(&e);
        return s != nullptr && s->interface == "eth0";
    }));
    // FRR's label for its loopback is our FTN's output.
    ASSERT_FALSE(i.bindings().empty());
    EXPECT_TRUE(std::any_of(i.bindings().begin(), i.bindings().end(),
                            [&](const auto& b) { return b.prefix.address == frr1 && !b.outputs.empty(); }));
}

}  // namespace
}  // namespace ldpsync::ldp
