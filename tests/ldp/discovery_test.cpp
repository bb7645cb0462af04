// Link Hello adjacencies: hold time negotiation, transport address, expiry on a manual clock.

#include <gtest/gtest.h>

#include "discovery.hpp"

namespace ldpsync::ldp {
namespace {

using namespace std::chrono_literals;

DiscoveryConfig cfg(std::uint32_t lsr, std::uint32_t transport, std::uint16_t hold) {
    DiscoveryConfig c;
    c.lsr_id = lsr;
    c.transport_address = transport;
    c.hold_time = hold;
    return c;
}

template <class T>
std::vector<T> events_of(std::vector<DiscoveryEvent> es) {
    std::vector<T> out;
    for (auto& e : es) {
        if (auto* t = std::get_if<T>(&e)) {
            out.push_back(*t);
        }
    }
    return out;
}

TEST(Discovery, HoldNegotiation) {
    EXPECT_EQ(negotiate_hello_hold(15, 30), 15);
    EXPECT_EQ(negotiate_hello_hold(0, 30), 15);  // 0 = 15 s default for link Hellos
    EXPECT_EQ(negotiate_hello_hold(0, 0), 15);
    EXPECT_EQ(negotiate_hello_hold(0xffff, 45), 45);
    EXPECT_EQ(negotiate_hello_hold(0xffff, 0xffff), 0xffff);
}

TEST(Discovery, AdjacencyUpThenDownByHoldTime) {
    sync::ManualClock clock;
    Discovery a(cfg(0x02020202, 0x02020202, 30), clock);
    Discovery b(cfg(0x01010101, 0x01010101, 15), clock);
    a.enable_interface(3);
    b.enable_interface(7);
    auto hellos = a.poll();
    ASSERT_EQ(hellos.size(), 1U);
    EXPECT_EQ(hellos[0].ifindex, 3U);
    b.hello_received(7, 0x0a000c02, hellos[0].pdu);
    auto up = events_of<AdjacencyUp>(b.take_events());
    ASSERT_EQ(up.size(), 1U);
    EXPECT_EQ(up[0].adjacency.key, (AdjacencyKey{7, 0x02020202, 0}));
    EXPECT_EQ(up[0].adjacency.transport, 0x02020202U);  // Transport Address TLV wins over the source
    EXPECT_EQ(up[0].adjacency.source, 0x0a000c02U);
    EXPECT_EQ(up[0].adjacency.hold_time, 15);
    EXPECT_EQ(b.peer_transport(0x02020202), 0x02020202U);
    EXPECT_EQ(b.adjacencies_of(0x02020202).size(), 1U);

    clock.advance(14s);
    (void)b.poll();
    EXPECT_TRUE(events_of<AdjacencyDown>(b.take_events()).empty());
    b.hello_received(7, 0x0a000c02, hellos[0].pdu);  // refresh: no second "up"
    EXPECT_TRUE(events_of<AdjacencyUp>(b.take_events()).empty());
    clock.advance(14s);
    (void)b.poll();
    EXPECT_TRUE(events_of<AdjacencyDown>(b.take_events()).empty());
    clock.advance(1s);
    (void)b.poll();
    auto down = events_of<AdjacencyDown>(b.take_events());
    ASSERT_EQ(down.size(), 1U);
    EXPECT_EQ(down[0].reason, AdjacencyDownReason::hold_expired);
    EXPECT_FALSE(b.peer_transport(0x02020202).has_value());
}

TEST(Discovery, SourceAddressWithoutTransportTlvAndInfiniteHold) {
    sync::ManualClock clock;
    Discovery a(cfg(0x02020202, 0, 0xffff), clock);
    Discovery b(cfg(0x01010101, 0, 0xffff), clock);
    a.enable_interface(1);
    b.enable_interface(1);
    b.hello_received(1, 0x0a000c02, a.poll().at(0).pdu);
    auto up = events_of<AdjacencyUp>(b.take_events());
    ASSERT_EQ(up.size(), 1U);
    EXPECT_EQ(up[0].adjacency.transport, 0x0a000c02U);
    EXPECT_EQ(up[0].adjacency.hold_time, 0xffff);
    clock.advance(24h);
    (void)b.poll();
    EXPECT_TRUE(events_of<AdjacencyDown>(b.take_events()).empty());
    b.disable_interface(1);
    auto down = events_of<AdjacencyDown>(b.take_events());
    ASSERT_EQ(down.size(), 1U);
    EXPECT_EQ(down[0].reason, AdjacencyDownReason::interface_down);
}

TEST(Discovery, HelloTimerAndDrops) {
    sync::ManualClock clock;
    Discovery a(cfg(0x02020202, 0, 15), clock);
    a.enable_interface(1);
    EXPECT_EQ(a.poll().size(), 1U);
    EXPECT_TRUE(a.poll().empty());
    EXPECT_EQ(a.next_deadline(), clock.now() + 5s);
    clock.advance(5s);
    EXPECT_EQ(a.poll().size(), 1U);
    // Our own Hello, an unknown interface, and garbage are dropped silently (counted).
    a.hello_received(1, 0x0a000001, a.hello_pdu());
    a.hello_received(9, 0x0a000001, a.hello_pdu());
    a.hello_received(1, 0x0a000001, Bytes{std::byte{0}, std::byte{1}});
    EXPECT_EQ(events_of<HelloDropped>(a.take_events()).size(), 3U);
    EXPECT_TRUE(a.adjacencies().empty());
}

// FRR's "discovery hello holdtime 3" against our 5 s interval: the adjacency would expire
// between our Hellos, so we send every second (a third of the hold) on that interface only.
TEST(Discovery, HelloIntervalFollowsAShortNegotiatedHold) {
    sync::ManualClock clock;
    Discovery ours(cfg(0x01010101, 0x01010101, 15), clock);
    Discovery peer(cfg(0x02020202, 0x02020202, 3), clock);
    ours.enable_interface(1);
    ours.enable_interface(2);
    peer.enable_interface(9);
    ASSERT_EQ(ours.poll().size(), 2U);
    EXPECT_EQ(ours.hello_interval_on(1), 5s);
    ours.hello_received(1, 0x0a000002, peer.poll().at(0).pdu);
    EXPECT_EQ(ours.adjacencies().begin()->second.hold_time, 3);
    EXPECT_EQ(ours.hello_interval_on(1), 1s);
    EXPECT_EQ(ours.hello_interval_on(2), 5s);
    // The Hello already scheduled 5 s out was brought forward to 1 s.
    EXPECT_EQ(ours.next_deadline(), clock.now() + 1s);
    clock.advance(1s);
    auto out = ours.poll();
    ASSERT_EQ(out.size(), 1U);
    EXPECT_EQ(out[0].ifindex, 1U);
    // The adjacency gone, the configured interval returns.
    clock.advance(3s);
    (void)ours.poll();
    EXPECT_TRUE(ours.adjacencies().empty());
    EXPECT_EQ(ours.hello_interval_on(1), 5s);
}

}  // namespace
}  // namespace ldpsync::ldp
