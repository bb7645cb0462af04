// The FRR lab capture (tests/captures/frr-ospf-ldp-bringup.pcap, r1 <-> r2 over
// 10.0.12.0/24, point-to-point, hello 1 s / dead 4 s, LDP-IGP sync) replayed into an
// OspfInstance that plays r1: every packet FRR's r2 sent (what r1 received) is fed at its
// capture time. The replay is open loop (r2 never sees our answers), which works because r2 is
// master of the exchange (2.2.2.2 > 1.1.1.1) and drives it alone.
#include <gtest/gtest.h>

#include "capture_timed.hpp"
#include "ospf/instance.hpp"
#include "packet.hpp"

namespace ldpsync::ospf::test {
namespace {

using namespace std::chrono_literals;

constexpr std::uint32_t r1_id = 0x01010101;
constexpr std::uint32_t r2_id = 0x02020202;
constexpr std::uint32_t r1_addr = 0x0A000C01;  // 10.0.12.1
constexpr std::uint32_t r2_addr = 0x0A000C02;  // 10.0.12.2

InstanceConfig lab_r1() {
    InstanceConfig c;
    c.router_id = r1_id;
    InterfaceConfig e;
    e.name = "eth0";
    e.type = NetworkType::point_to_point;
    e.address = r1_addr;
    e.mask = 0xFFFFFF00;
    e.hello_interval = 1;
    e.dead_interval = 4;
    c.interfaces.push_back(e);
    InterfaceConfig lo;
    lo.name = "lo";
    lo.loopback = true;
    lo.address = r1_id;
    lo.mask = 0xFFFFFFFF;
    c.interfaces.push_back(lo);
    c.min_ls_arrival = 0s;  // the lab's "timers lsa min-arrival 0"
    return c;
}

std::vector<TimedPacket> from_r2() {
    std::vector<TimedPacket> out;
    for (TimedPacket& p : read_timed_ospf(LDPSYNC_OSPF_CAPTURE_DIR "/frr-ospf-ldp-bringup.pcap")) {
        if (p.source == r2_addr) {
            out.push_back(std::move(p));
        }
    }
    return out;
}

std::optional<std::uint16_t> r2_p2p_metric(const OspfInstance& r, TimePoint now) {
    auto lsa = r.lsdb()->current(LsaKey{lsa_type::router, r2_id, r2_id}, now);
    if (!lsa) {
        return std::nullopt;
    }
    for (const RouterLink& l : std::get<RouterLsa>(lsa->body).links) {
        if (l.type == RouterLinkType::point_to_point && l.link_id == r1_id) {
            return l.metric;
        }
    }
    return std::nullopt;
}

// FRR's Hello passes the 10.5 checks: a neighbour appears, nothing is dropped.
TEST(OspfInstanceCapture, FrrHelloPassesTheHelloChecks) {
    const auto packets = from_r2();
    ASSERT_FALSE(packets.empty());
    auto hello = Packet::decode(packets.front().ospf);
    ASSERT_TRUE(hello.has_value());
    ASSERT_EQ(hello->type(), PacketType::hello);
    const TimePoint t0 = TimePoint{} + 1h;
    OspfInstance r1(lab_r1(), t0);
    r1.start(t0);
    r1.receive("eth0", r2_addr, packets.front().ospf, t0, packets.front().destination);
    ASSERT_EQ(r1.neighbors().size(), 1u);
    EXPECT_EQ(r1.neighbors().front().router_id, r2_id);
    EXPECT_EQ(r1.neighbors().front().state, NbrState::init);
    for (const auto& [name, value] : r1.counters()) {
        EXPECT_EQ(name.rfind("rx_", 0), std::string::npos) << name << " = " << value;
    }
}

// The whole bring-up: r1 is slave, exchanges, loads 2.2.2.2's Router-LSA, reaches Full, and
// sees r2's link go from 65535 (LDP not synchronized) to 10 (synchronized, t = 11 s).
TEST(OspfInstanceCapture, ReplayOfFrrR2BringsTheAdjacencyToFull) {
    const auto packets = from_r2();
    const TimePoint t0 = TimePoint{} + 1h;
    OspfInstance r1(lab_r1(), t0);
    r1.start(t0);
    std::vector<NbrState> states;
    std::optional<std::uint16_t> before_sync;
    TimePoint now = t0;
    auto advance = [&](TimePoint to) {
        while (now < to) {
            now = std::min(to, now + 100ms);
            r1.poll(now);
            for (const OutPacket& o : r1.take_output()) {
                EXPECT_TRUE(Packet::decode(o.bytes).has_value());
            }
        }
    };
    for (const TimedPacket& p : packets) {
        const TimePoint at = t0 + p.time;
        if (p.time > 11s && !before_sync) {
            before_sync = r2_p2p_metric(r1, now);
        }
        advance(at);
        r1.receive("eth0", p.source, p.ospf, at, p.destination);
        for (const InstanceEvent& e : r1.take_events()) {
            if (const auto* n = std::get_if<NeighborStateChange>(&e)) {
                states.push_back(n->to);
            }
        }
    }
    advance(now + 1s);
    ASSERT_EQ(r1.neighbors().size(), 1u);
    EXPECT_EQ(r1.neighbors().front().state, NbrState::full);
    // Init, then ExStart (the DD arrived first), Exchange, Loading, Full.
    EXPECT_EQ(states, (std::vector<NbrState>{NbrState::init, NbrState::exstart, NbrState::exchange, NbrState::loading,
                                              NbrState::full}));
    EXPECT_EQ(before_sync, kLsInfinity);
    EXPECT_EQ(r2_p2p_metric(r1, now), 10);
    auto r2_lsa = r1.lsdb()->current(LsaKey{lsa_type::router, r2_id, r2_id}, now);
    ASSERT_TRUE(r2_lsa.has_value());
    EXPECT_EQ(r2_lsa->header.seq, 0x80000004u);
    auto it = r1.routes().find(Prefix{r2_id, 32});
    ASSERT_NE(it, r1.routes().end());
    EXPECT_EQ(it->second.cost, 10u);
    EXPECT_EQ(it->second.next_hops.begin()->gateway, r2_addr);
    EXPECT_EQ(r1.counter("rx_hello_interval_mismatch") + r1.counter("rx_hello_mask_mismatch") +
                  r1.counter("rx_hello_dead_interval_mismatch") + r1.counter("rx_hello_options_mismatch"),
              0u);
    EXPECT_EQ(r1.counter("nbr_fsm_unexpected"), 0u);
    EXPECT_EQ(r1.counter("rx_dd_seq_mismatch"), 0u);
}

}  // namespace
}  // namespace ldpsync::ospf::test
