// Exception path through a real kernel TAP: a punted OSPF hello appears on the port's TAP,
// a frame the kernel sends on the TAP leaves through the port, and the per-port policer
// caps a flood of punted packets.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>

#include "dp_rig.hpp"

using namespace ldpsync;
using namespace ldpsync::dptest;

namespace {

const pg::Mac kSender = {0x02, 0x99, 0, 0, 0, 0x99};

class PacketSocket {
public:
    explicit PacketSocket(const std::string& ifname) {
        fd_ = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
        sockaddr_ll sll{};
        sll.sll_family = AF_PACKET;
        sll.sll_protocol = htons(ETH_P_ALL);
        sll.sll_ifindex = static_cast<int>(if_nametoindex(ifname.c_str()));
        ifindex_ = sll.sll_ifindex;
        if (fd_ >= 0 && (ifindex_ == 0 || bind(fd_, reinterpret_cast<sockaddr*>(&sll), sizeof(sll)) != 0)) {
            close(fd_);
            fd_ = -1;
        }
    }
    ~PacketSocket() {
        if (fd_ >= 0) close(fd_);
    }
    bool ok() const { return fd_ >= 0; }
    // Waits for a frame equal to want (the kernel may send its own frames meanwhile).
    bool wait_for(const pg::Bytes& want, std::chrono::milliseconds timeout, Rig& rig) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        std::vector<std::uint8_t> buf(4096);
        while (std::chrono::steady_clock::now() < deadline) {
            rig.serve_for(std::chrono::milliseconds(1));
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 10) <= 0) continue;
            sockaddr_ll from{};
            socklen_t fl = sizeof(from);
            const ssize_t n = recvfrom(fd_, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &fl);
            if (n > 0 && from.sll_pkttype != PACKET_OUTGOING && pg::Bytes(buf.begin(), buf.begin() + n) == want) {
                return true;
            }
        }
        return false;
    }
    bool send_frame(const pg::Bytes& frame) {
        sockaddr_ll to{};
        to.sll_family = AF_PACKET;
        to.sll_ifindex = ifindex_;
        to.sll_halen = 6;
        std::copy(frame.begin(), frame.begin() + 6, to.sll_addr);
        return sendto(fd_, frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof(to)) ==
               static_cast<ssize_t>(frame.size());
    }

private:
    int fd_ = -1;
    int ifindex_ = 0;
};

}  // namespace

TEST(DataplaneExceptionPath, PuntToTapTapToPortAndPolicer) {
    if (geteuid() != 0 || access("/dev/net/tun", R_OK | W_OK) != 0) {
        GTEST_SKIP() << "needs root and /dev/net/tun to create a TAP";
    }
    Rig rig("exc");
    ASSERT_TRUE(rig.ok());
    const std::string tap = "ldpx" + std::to_string(getpid() % 100000);
    rig.link(1, 0, true, tap);
    // Not ready yet: the data plane holds rx until the first replay, which gives the test
    // time to open its socket on the TAP.
    const pg::Bytes hello = pg::frame({0x01, 0x00, 0x5e, 0x00, 0x00, 0x05}, kSender, {},
                                      pg::ipv4_packet({.src = 0x0a000002, .dst = 0xe0000005, .proto = 89, .ttl = 1,
                                                       .payload = 44}));
    std::vector<pg::Bytes> in{hello};
    for (int i = 0; i < 3000; ++i) {
        in.push_back(pg::arp_request(kSender, 0x0a000002, 0x0a000000u + static_cast<std::uint32_t>(i % 200)));
    }
    write_pcap(rig.path("in0.pcap"), in);
    ASSERT_TRUE(rig.start_dp({rig.path("in0.pcap")}, {"--punt-rate", "100", "--punt-burst", "20"}, false, 0))
        << rig.dp().output();
    ASSERT_NE(rig.dp().output().find("tap=" + tap), std::string::npos) << rig.dp().output();
    PacketSocket sock(tap);
    ASSERT_TRUE(sock.ok()) << "cannot open a packet socket on " << tap;
    rig.pub().commit();
    rig.pub().mark_ready();
    ASSERT_TRUE(rig.serve_until_output("ldpsync-dp: forwarding", 20s)) << rig.dp().output();
    EXPECT_TRUE(sock.wait_for(hello, 5s, rig)) << "the OSPF hello did not reach the TAP";

    // Kernel -> TAP -> port: a frame written on the TAP leaves port 0 unchanged.
    pg::Bytes from_kernel = pg::frame(kSender, rig.port_mac(0), {},
                                      pg::ipv4_packet({.src = 0x0a000001, .dst = 0x0a000002, .proto = 89, .ttl = 1,
                                                       .sport = 0, .dport = 0, .payload = 60}));
    ASSERT_TRUE(sock.send_frame(from_kernel));
    rig.serve_for(std::chrono::milliseconds(500));
    const auto st = rig.stop_dp();
    ASSERT_TRUE(st.has_value());
    EXPECT_TRUE(test::ChildProcess::exited_cleanly(*st)) << rig.dp().output();
    bool seen = false;
    for (const auto& c : read_pcap(rig.out_path(0))) {
        seen = seen || c.bytes == from_kernel;
    }
    EXPECT_TRUE(seen) << "the frame sent on the TAP did not leave the port";

    // The flood of 3001 punts arrives within milliseconds: the policer lets through about
    // its burst (20) plus 100 pps for the time it took.
    const auto punted = rig.summary("punted");
    const auto policed = rig.summary("punt_policed");
    EXPECT_LE(punted, 80u);
    EXPECT_GE(punted, 10u);
    EXPECT_EQ(punted + policed, in.size());
    const auto c = rig.end().link_counters(1);
    EXPECT_EQ(c[static_cast<std::size_t>(shm::Counter::punted)], punted);
    EXPECT_EQ(c[static_cast<std::size_t>(shm::Counter::punt_policed)], policed);
    // The TAP went away with the data plane.
    EXPECT_EQ(if_nametoindex(tap.c_str()), 0u);
}
