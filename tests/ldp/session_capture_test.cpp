// A Session fed what FRR sent in tests/captures/frr-ospf-ldp-bringup.pcap. FRR 2.2.2.2
// opened the TCP connection to 1.1.1.1 (it has the higher transport address, so it is the active
// side, RFC 5036 2.5.2); each of our Sessions plays the other end of one direction.

#include <gtest/gtest.h>

#include <map>

#include "capture_stream.hpp"
#include "session.hpp"

namespace ldpsync::ldp {
namespace {

constexpr std::uint32_t frr1 = 0x01010101;
constexpr std::uint32_t frr2 = 0x02020202;

SessionConfig config(std::uint32_t self, std::uint32_t peer) {
    SessionConfig c;
    c.local.lsr_id = self;
    c.local_transport = self;
    c.peer_transport = peer;
    c.peer_lsr_id = peer;
    return c;
}

void expect_frr_session(Session& s, const std::vector<SessionReport>& reports, std::uint32_t peer) {
    EXPECT_EQ(s.state(), SessionState::operational);
    ASSERT_TRUE(s.negotiated().has_value());
    EXPECT_EQ(s.negotiated()->keepalive_time, 180);
    // FRR announces Dynamic Announcement, Typed Wildcard FEC and Unrecognized Notification.
    EXPECT_EQ(s.negotiated()->peer_capabilities, Capabilities::all());
    EXPECT_EQ(s.negotiated()->capabilities, Capabilities::all());
    std::size_t up = 0;
    std::size_t mappings = 0;
    for (const auto& r : reports) {
        up += std::holds_alternative<SessionUp>(r) ? 1 : 0;
        mappings += std::holds_alternative<MappingReceived>(r) ? 1 : 0;
        EXPECT_FALSE(std::holds_alternative<FsmError>(r)) << std::get<FsmError>(r).to_string();
        EXPECT_FALSE(std::holds_alternative<SessionClosed>(r));
        EXPECT_FALSE(std::holds_alternative<ErrorSent>(r));
    }
    EXPECT_EQ(up, 1U);
    EXPECT_GT(mappings, 0U);
    EXPECT_TRUE(s.peer_addresses().contains(peer));
}

TEST(SessionCapture, PassiveSideFedFrrActive) {
    sync::ManualClock clock;
    Session s(config(frr1, frr2), clock);  // we are 1.1.1.1
    EXPECT_EQ(s.role(), SessionRole::passive);
    s.connected();
    auto segments = tcp_segments(frr2, frr1);
    ASSERT_FALSE(segments.empty());
    for (const auto& seg : segments) {
        s.receive(seg);
    }
    auto reports = s.take_reports();
    expect_frr_session(s, reports, frr2);
    EXPECT_TRUE(s.peer_addresses().contains(0x0a000c02));  // 10.0.12.2
    // Our answer to FRR's Initialization: Init, then KeepAlive, as FRR's passive side sent.
    Bytes out = s.take_output();
    auto n = frame_pdu(out);
    ASSERT_TRUE(n.ok() && *n > 0);
    auto d = decode_pdu(ByteView(out).first(*n));
    ASSERT_TRUE(d.ok());
    EXPECT_TRUE(std::holds_alternative<Initialization>(*d->messages.at(0).message));
}

TEST(SessionCapture, ActiveSideFedFrrPassive) {
    sync::ManualClock clock;
    Session s(config(frr2, frr1), clock);  // we are 2.2.2.2
    EXPECT_EQ(s.role(), SessionRole::active);
    s.connected();
    EXPECT_EQ(s.state(), SessionState::opensent);
    auto segments = tcp_segments(frr1, frr2);
    ASSERT_FALSE(segments.empty());
    for (const auto& seg : segments) {
        s.receive(seg);
    }
    expect_frr_session(s, s.take_reports(), frr1);
}

}  // namespace
}  // namespace ldpsync::ldp
