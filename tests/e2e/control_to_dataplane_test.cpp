// The whole path, with both real processes: ldpsyncd (static bindings, the sync state
// machines driven through its control socket) publishes to shm, ldpsync-dp forwards on
// net_pcap ports. Traffic follows the sync state: ECMP over two synced links, all of it on
// the remaining one when LDP is lost on the other, none when neither is synced.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "../common/control_client.hpp"
#include "../common/process.hpp"
#include "../dataplane/dp_rig.hpp"

namespace {

using namespace std::chrono_literals;
using ldpsync::test::ChildProcess;
using ldpsync::test::Client;
namespace pg = ldpsync::pktgen;
namespace dpt = ldpsync::dptest;

std::string g_daemon;
std::string g_dp;

constexpr const char* kConfig =
    "hostname pe1\nmpls ip\nmpls label protocol ldp\n"
    "interface eth1\n ip address 10.0.12.1 255.255.255.0\n mpls ip\n"
    "interface eth2\n ip address 10.0.13.1 255.255.255.0\n mpls ip\n"
    "router ospf 1\n network 10.0.0.0 0.0.255.255 area 0\n mpls ldp sync\n"
    "arp 10.0.12.2 0200.0000.0012 arpa\n"
    "arp 10.0.13.2 0200.0000.0013 arpa\n"
    "mpls static binding ipv4 10.9.0.0 255.255.0.0 input 1000\n"
    "mpls static binding ipv4 10.9.0.0 255.255.0.0 output 10.0.12.2 2000\n"
    "mpls static binding ipv4 10.9.0.0 255.255.0.0 output 10.0.13.2 3000\n";

std::uint32_t top_label(const pg::Bytes& f) {
    if (f.size() < 18) return 0;
    return (std::uint32_t{f[14]} << 12) | (std::uint32_t{f[15]} << 4) | (f[16] >> 4);
}

class EndToEnd : public ::testing::Test {
protected:
    void SetUp() override {
        instance_ = "e2e-" + std::to_string(getpid());
        dir_ = std::filesystem::temp_directory_path() / instance_;
        std::filesystem::create_directories(dir_);
        std::ofstream(dir_ / "pe1.conf") << kConfig;
        daemon_ = std::make_unique<ChildProcess>(std::vector<std::string>{
            g_daemon, "-f", (dir_ / "pe1.conf").string(), "-s", sock(), "-n", instance_, "--no-kernel"});
        for (int i = 0; i < 300 && !std::filesystem::exists(sock()); ++i) std::this_thread::sleep_for(10ms);
        ASSERT_TRUE(std::filesystem::exists(sock()));
        // 256 flows of labelled traffic for the local label 1000.
        std::vector<pg::Bytes> frames;
        for (std::uint32_t i = 0; i < 256; ++i) {
            pg::Ipv4Spec ip;
            ip.src = 0xc0a80000u + i;
            ip.dst = 0x0a090000u + (i * 7) % 65536;
            ip.ttl = 64;
            frames.push_back(pg::frame(pg::Mac{0x02, 0, 0, 0, 0, 0x01}, pg::Mac{0x02, 0, 0, 0, 0, 0x02},
                                       {pg::Label{1000, 0, 64}}, pg::ipv4_packet(ip)));
        }
        dpt::write_pcap((dir_ / "in.pcap").string(), frames);
        dpt::write_pcap((dir_ / "empty.pcap").string(), {});
    }
    void TearDown() override {
        if (daemon_) {
            daemon_->signal(SIGTERM);
            daemon_->wait_exit(10s);
        }
        ldpsync::shm::ControlEnd::remove(instance_);
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
        std::filesystem::remove_all("/var/run/dpdk/" + instance_, ec);
    }
    std::string sock() const { return (dir_ / "pe1.sock").string(); }
    void hook(const std::string& cmd) {
        Client c(sock());
        const auto r = c.request(cmd);
        ASSERT_EQ(r.status, "ok") << cmd << ": " << r.body;
    }
    // One pass of the input through a fresh ldpsync-dp; returns frames per egress port.
    std::map<int, std::vector<pg::Bytes>> forward() {
        std::vector<std::string> argv = {g_dp, "--no-huge", "-m", "256", "--no-pci", "-l", "0,1", "--file-prefix",
                                         instance_, "--log-level", "lib.eal:warning"};
        const std::string in = (dir_ / "in.pcap").string();
        const std::string empty = (dir_ / "empty.pcap").string();
        for (int p = 0; p < 3; ++p) {
            argv.push_back("--vdev");
            argv.push_back("net_pcap" + std::to_string(p) + ",rx_pcap=" + (p == 0 ? in : empty) +
                           ",tx_pcap=" + (dir_ / ("out" + std::to_string(p) + ".pcap")).string());
        }
        for (const char* a : {"--", "--no-tap", "--tap", "1=eth1", "--tap", "2=eth2", "--exit-idle-ms", "500"}) {
            argv.push_back(a);
        }
        argv.push_back("--instance");
        argv.push_back(instance_);
        ChildProcess dp(argv);
        const auto st = dp.wait_exit(60s);
        EXPECT_TRUE(st && ChildProcess::exited_cleanly(*st)) << dp.output();
        std::map<int, std::vector<pg::Bytes>> out;
        for (int p = 0; p < 3; ++p) {
            for (auto& c : dpt::read_pcap((dir_ / ("out" + std::to_string(p) + ".pcap")).string())) {
                out[p].push_back(std::move(c.bytes));
            }
        }
        return out;
    }
    std::uint64_t dropped_unsynced() {
        Client c(sock());
        const auto j = nlohmann::json::parse(c.request("show mpls ldp igp sync links json").body);
        std::uint64_t total = 0;
        for (const auto& l : j["links"]) total += l["counters"]["dropped-unsynced"].get<std::uint64_t>();
        return total;
    }

    std::string instance_;
    std::filesystem::path dir_;
    std::unique_ptr<ChildProcess> daemon_;
};

TEST_F(EndToEnd, TrafficFollowsTheSyncStateOfEachLink) {
    // Nothing synced yet: every packet is dropped at the gate.
    auto out = forward();
    EXPECT_TRUE(out[1].empty());
    EXPECT_TRUE(out[2].empty());
    EXPECT_EQ(dropped_unsynced(), 256u);

    for (const char* itf : {"eth1", "eth2"}) {
        hook(std::string("test igp ospf adjacency ") + itf + " up");
        hook(std::string("test ldp synced ") + itf + " end-of-lib");
    }
    out = forward();
    ASSERT_EQ(out[1].size() + out[2].size(), 256u);
    EXPECT_GT(out[1].size(), 32u) << "ECMP should spread 256 flows over both links";
    EXPECT_GT(out[2].size(), 32u);
    for (const auto& f : out[1]) {
        EXPECT_EQ(top_label(f), 2000u);
        EXPECT_EQ(f[5], 0x12);  // destination MAC from "arp 10.0.12.2 0200.0000.0012"
    }
    for (const auto& f : out[2]) {
        EXPECT_EQ(top_label(f), 3000u);
        EXPECT_EQ(f[5], 0x13);
    }

    // LDP lost on eth1: the link leaves the ECMP set at once, nothing is lost.
    hook("test ldp session-down eth1");
    out = forward();
    EXPECT_TRUE(out[1].empty());
    EXPECT_EQ(out[2].size(), 256u);
    EXPECT_EQ(dropped_unsynced(), 256u);  // only the first pass dropped anything
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc < 3) return 64;
    g_daemon = argv[1];
    g_dp = argv[2];
    return RUN_ALL_TESTS();
}
