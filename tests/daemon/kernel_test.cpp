// ldpsyncd against real kernel interfaces, in a network namespace of its own: `ip address`
// is applied through rtnetlink, `shutdown` sets the link down, and the link table follows
// carrier changes (a veth whose peer goes down is not usable).

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "../common/control_client.hpp"
#include "../common/netns.hpp"
#include "../common/process.hpp"
#include "../shm/shm_test_util.hpp"
#include "ldpsync/shm/dataplane_end.hpp"
#include "ldpsync/shm/tables.hpp"

namespace {

using namespace std::chrono_literals;
using ldpsync::test::ChildProcess;

std::string g_daemon;

// The shared harness (tests/common/netns.hpp), with this file's output-only shell and its
// 3 s / 20 ms polling.
std::string sh(const std::string& cmd) { return ldpsync::test::shell(cmd).output; }

bool eventually(const std::function<bool()>& cond, std::chrono::milliseconds limit = 3s) {
    return ldpsync::test::eventually(cond, limit, 20ms);
}

class KernelLab : public ::testing::Test {
protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
        ns_ = "ldps-k" + std::to_string(getpid());
        dir_ = std::filesystem::temp_directory_path() / ns_;
        std::filesystem::create_directories(dir_);
        ASSERT_EQ(sh("ip netns add " + ns_), "");
        created_ = true;
        ASSERT_EQ(sh("ip -n " + ns_ + " link add va type veth peer name vb"), "");
        ASSERT_EQ(sh("ip -n " + ns_ + " link set vb up"), "");
        instance_ = ldpsync::shm::test::unique_instance("kernel");
        std::ofstream(dir_ / "r.conf") << "interface va\n ip address 10.77.0.1 255.255.255.0\n mpls ip\n"
                                          "mpls static binding ipv4 10.9.0.0 255.255.0.0 output 10.77.0.2 2000\n";
        daemon_ = std::make_unique<ChildProcess>(std::vector<std::string>{
            "/usr/bin/env", "ip", "netns", "exec", ns_, g_daemon, "-f", (dir_ / "r.conf").string(), "-s",
            (dir_ / "r.sock").string(), "-n", instance_});
        ASSERT_TRUE(eventually([&] { return std::filesystem::exists(dir_ / "r.sock"); }));
        auto dp = ldpsync::shm::DataplaneEnd::attach(instance_);
        ASSERT_TRUE(dp) << dp.error().message();
        dp_.emplace(dp.take());
    }
    void TearDown() override {
        dp_.reset();
        if (daemon_) {
            daemon_->signal(SIGTERM);
            daemon_->wait_exit(10s);
        }
        if (created_) sh("ip netns del " + ns_);
        ldpsync::shm::ControlEnd::remove(instance_);
        std::filesystem::remove_all(dir_);
    }
    bool gate() {
        for (std::uint32_t id = 0; id < 4; ++id) {
            auto r = dp_->link(id);
            if (r && r->in_use && r->ifname_view() == "va") return dp_->gate(id);
        }
        return false;
    }
    std::string configure(const std::string& lines) {
        ldpsync::test::Client c((dir_ / "r.sock").string());
        return c.request("configure\n" + lines).status;
    }

    std::string ns_;
    std::filesystem::path dir_;
    bool created_ = false;
    std::string instance_;
    std::unique_ptr<ChildProcess> daemon_;
    std::optional<ldpsync::shm::DataplaneEnd> dp_;
};

TEST_F(KernelLab, AddressAppliedAndLinkFollowsCarrier) {
    EXPECT_TRUE(eventually([&] { return sh("ip -n " + ns_ + " -4 addr show va").find("10.77.0.1/24") != std::string::npos; }))
        << sh("ip -n " + ns_ + " addr");
    // The daemon brought va up (no shutdown); with its peer up it has carrier.
    EXPECT_TRUE(eventually([&] { return gate(); })) << sh("ip -n " + ns_ + " link");
    sh("ip -n " + ns_ + " link set vb down");
    EXPECT_TRUE(eventually([&] { return !gate(); }));
    sh("ip -n " + ns_ + " link set vb up");
    EXPECT_TRUE(eventually([&] { return gate(); }));
}

TEST_F(KernelLab, ShutdownAndAddressChangesReachTheKernel) {
    ASSERT_TRUE(eventually([&] { return gate(); }));
    EXPECT_EQ(configure("interface va\n shutdown\n"), "ok");
    EXPECT_TRUE(eventually([&] { return !gate(); }));
    EXPECT_TRUE(eventually([&] { return sh("ip -n " + ns_ + " link show va").find(",UP") == std::string::npos; }));
    EXPECT_EQ(configure("interface va\n no shutdown\n ip address 10.88.0.1 255.255.0.0\n"), "ok");
    EXPECT_TRUE(eventually([&] {
        const auto a = sh("ip -n " + ns_ + " -4 addr show va");
        return a.find("10.88.0.1/16") != std::string::npos && a.find("10.77.0.1/24") == std::string::npos;
    })) << sh("ip -n " + ns_ + " -4 addr show va");
    EXPECT_TRUE(eventually([&] { return gate(); }));
}

// With no static `arp` entry, the next hop's MAC is the one the kernel resolved.
TEST_F(KernelLab, NextHopMacComesFromTheKernelsNeighbourTable) {
    ASSERT_EQ(sh("ip -n " + ns_ + " addr add 10.77.0.2/24 dev vb"), "");
    ASSERT_TRUE(eventually([&] { return gate(); }));
    const std::string link = sh("ip -n " + ns_ + " link show vb");
    const auto at = link.find("link/ether ");
    ASSERT_NE(at, std::string::npos) << link;
    const std::string vb_mac = link.substr(at + 11, 17);
    // The two ends live in one namespace: resolve vb's address out of va explicitly.
    sh("ip -n " + ns_ + " neigh replace 10.77.0.2 lladdr " + vb_mac + " dev va nud reachable");
    ldpsync::shm::MirrorTables mirror;
    const bool resolved = eventually([&] {
        dp_->poll_updates(mirror);
        for (const auto& [id, nh] : mirror.tables().nexthops) {
            char text[18];
            std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", nh.neighbor_mac[0], nh.neighbor_mac[1],
                          nh.neighbor_mac[2], nh.neighbor_mac[3], nh.neighbor_mac[4], nh.neighbor_mac[5]);
            if (nh.neighbor_ipv4 == 0x0a4d0002 && vb_mac == text) return true;
        }
        return false;
    });
    EXPECT_TRUE(resolved) << "vb is " << vb_mac;
}

// The data plane creates its TAPs after ldpsyncd has applied its configuration: an
// interface that appears later gets its address and its link then follows it.
TEST_F(KernelLab, InterfaceCreatedLaterGetsItsAddress) {
    EXPECT_EQ(configure("interface vc\n ip address 10.66.0.1 255.255.255.0\n"), "ok");
    ASSERT_EQ(sh("ip -n " + ns_ + " link add vc type veth peer name vd"), "");
    ASSERT_EQ(sh("ip -n " + ns_ + " link set vd up"), "");
    EXPECT_TRUE(eventually([&] { return sh("ip -n " + ns_ + " -4 addr show vc").find("10.66.0.1/24") != std::string::npos; }))
        << sh("ip -n " + ns_ + " addr");
    // ... and was brought up (no shutdown), so it has carrier with its peer up.
    EXPECT_TRUE(eventually([&] { return sh("ip -n " + ns_ + " link show vc").find("LOWER_UP") != std::string::npos; }));
}

// The IGP's and static routes reach the kernel (for the router's own traffic: LDP sessions
// between loopbacks), as ours: protocol 199, the administrative distance as metric; they
// follow the configuration and leave with the daemon.
TEST_F(KernelLab, RoutesAreInstalledInTheKernelAndRemovedWithTheDaemon) {
    ASSERT_TRUE(eventually([&] { return gate(); }));
    EXPECT_EQ(configure("ip route 10.55.0.0 255.255.0.0 10.77.0.2\n"), "ok");
    const auto route = [&] { return sh("ip -n " + ns_ + " route show 10.55.0.0/16"); };
    EXPECT_TRUE(eventually([&] { return route().find("via 10.77.0.2 dev va proto 199 metric 1") != std::string::npos; }))
        << route();
    EXPECT_EQ(configure("no ip route 10.55.0.0 255.255.0.0 10.77.0.2\n"), "ok");
    EXPECT_TRUE(eventually([&] { return route().empty(); })) << route();
    EXPECT_EQ(configure("ip route 10.56.0.0 255.255.0.0 10.77.0.2\n"), "ok");
    ASSERT_TRUE(eventually([&] { return !sh("ip -n " + ns_ + " route show proto 199").empty(); }));
    daemon_->signal(SIGTERM);
    daemon_->wait_exit(10s);
    EXPECT_EQ(sh("ip -n " + ns_ + " route show proto 199"), "");
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc < 2) return 64;
    g_daemon = argv[1];
    return RUN_ALL_TESTS();
}
