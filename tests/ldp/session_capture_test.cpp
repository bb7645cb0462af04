// A Session fed what FRR sent in tests/ldp/captures/frr-ospf-ldp-bringup.pcap. FRR 2.2.2.2
// opened the TCP connection to 1.1.1.1 (it has the higher transport address, so it is the active
// side, RFC 5036 2.5.2); each of our Sessions plays the other end of one direction.

#include <pcap/pcap.h>

#include <gtest/gtest.h>

#include <map>

#include "session.hpp"

#ifndef LDP_CAPTURE_DIR
#error "LDP_CAPTURE_DIR must name the directory holding the .pcap files"
#endif

namespace ldpsync::ldp {
namespace {

constexpr std::uint32_t frr1 = 0x01010101;
constexpr std::uint32_t frr2 = 0x02020202;

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// TCP 646 payload from `src` to `dst`, in sequence order (Ethernet, IPv4, one connection).
// Returns the segments as captured, so the Session sees FRR's own segmentation.
std::vector<Bytes> tcp_segments(std::uint32_t src, std::uint32_t dst) {
    const std::string path = std::string(LDP_CAPTURE_DIR) + "/frr-ospf-ldp-bringup.pcap";
    char err[PCAP_ERRBUF_SIZE] = {};
    pcap_t* pc = pcap_open_offline(path.c_str(), err);
    EXPECT_NE(pc, nullptr) << err;
    if (pc == nullptr) {
        return {};
    }
    EXPECT_EQ(pcap_datalink(pc), DLT_EN10MB);
    std::map<std::uint32_t, Bytes> by_seq;
    pcap_pkthdr* h = nullptr;
    const u_char* data = nullptr;
    while (pcap_next_ex(pc, &h, &data) == 1) {
        if (h->caplen < 34 || be16(data + 12) != 0x0800) {
            continue;
        }
        const std::uint8_t* ip = data + 14;
        const std::size_t ihl = std::size_t{ip[0] & 0x0Fu} * 4;
        const std::size_t total = be16(ip + 2);
        if (ip[9] != 6 || be32(ip + 12) != src || be32(ip + 16) != dst || total > h->caplen - 14) {
            continue;
        }
        const std::uint8_t* tcp = ip + ihl;
        const std::size_t doff = std::size_t{static_cast<unsigned>(tcp[12] >> 4)} * 4;
        if (be16(tcp) != ldp_port && be16(tcp + 2) != ldp_port) {
            continue;
        }
        const std::size_t len = total - ihl - doff;
        if (len > 0) {
            by_seq[be32(tcp + 4)] = Bytes(reinterpret_cast<const std::byte*>(tcp + doff),
                                          reinterpret_cast<const std::byte*>(tcp + doff + len));
        }
    }
    pcap_close(pc);
    std::vector<Bytes> out;
    for (auto& [seq, payload] : by_seq) {
        out.push_back(std::move(payload));
    }
    return out;
}

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
