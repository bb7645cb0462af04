// ldpsyncd as a real process, driven over its control socket: the guide's example configs,
// show output, many clients at once, malformed requests, atomic configure, the debug stream,
// and the shm link table seen from another process (the data plane's side).

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "../common/control_client.hpp"
#include "../common/process.hpp"
#include "../shm/shm_test_util.hpp"
#include "ldpsync/shm/dataplane_end.hpp"

namespace {

using namespace std::chrono_literals;
using ldpsync::test::ChildProcess;

std::string g_daemon;     // build/control/ldpsyncd
std::string g_guide_dir;  // tests/config/guide
std::string g_ctl;        // build/tools/ldpsyncctl

using ldpsync::test::Client;
using ldpsync::test::Frame;

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class RunningDaemon {
public:
    RunningDaemon(const std::string& config_text, const std::string& tag)
        : instance_(ldpsync::shm::test::unique_instance(tag)),
          dir_(std::filesystem::temp_directory_path() / instance_) {
        std::filesystem::create_directories(dir_);
        config_ = (dir_ / "ldpsyncd.conf").string();
        socket_ = (dir_ / "ldpsyncd.sock").string();
        std::ofstream(config_) << config_text;
        process_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{g_daemon, "-f", config_, "-s", socket_, "-n", instance_, "--no-kernel"});
        for (int i = 0; i < 200 && !std::filesystem::exists(socket_); ++i) std::this_thread::sleep_for(10ms);
    }
    ~RunningDaemon() {
        process_->signal(SIGTERM);
        process_->wait_exit(10s);
        ldpsync::shm::ControlEnd::remove(instance_);
        std::filesystem::remove_all(dir_);
    }
    const std::string& socket() const { return socket_; }
    const std::string& config() const { return config_; }
    const std::string& instance() const { return instance_; }
    ChildProcess& process() { return *process_; }

private:
    std::string instance_;
    std::filesystem::path dir_;
    std::string config_;
    std::string socket_;
    std::unique_ptr<ChildProcess> process_;
};

constexpr const char* kLab =
    "hostname r1\nmpls ip\nmpls label protocol ldp\n"
    "interface eth1\n ip address 10.0.12.1 255.255.255.0\n mpls ip\n"
    "interface eth2\n ip address 10.0.13.1 255.255.255.0\n mpls ip\n mpls ldp igp sync holddown 10000\n"
    "router ospf 1\n network 10.0.0.0 0.0.255.255 area 0\n mpls ldp sync\n";

TEST(ControlSocket, GuideOspfExampleRunsAndShows) {
    RunningDaemon d(read_text(g_guide_dir + "/ospf_example.txt"), "sock-ospf");
    Client c(d.socket());
    ASSERT_TRUE(c.connected());
    auto sync = c.request("show mpls ldp igp sync");
    ASSERT_EQ(sync.status, "ok") << sync.body;
    EXPECT_NE(sync.body.find("POS0/0/0:\n LDP configured;  SYNC enabled.\n SYNC status: sync not achieved; peer not reachable.\n"
                             " IGP holddown time: infinite.\n IGP enabled: OSPF 1\n"),
              std::string::npos)
        << sync.body;
    EXPECT_NE(sync.body.find("POS1/0/0:\n LDP configured; LDP-IGP Synchronization not enabled.\n"), std::string::npos);
    auto ospf = c.request("show ip ospf mpls ldp interface POS1/0/0");
    ASSERT_EQ(ospf.status, "ok");
    EXPECT_EQ(ospf.body,
              "POS1/0/0\n  Process ID 1, Area 3\n  LDP is not configured through LDP autoconfig\n"
              "  LDP-IGP Synchronization: No\n  Holddown timer is not configured\n  Timer is not running\n");
}

// The guide's transcript with the NET a real router needs (without one it is refused:
// tests/config).
TEST(ControlSocket, GuideIsisExampleRuns) {
    RunningDaemon d(read_text(g_guide_dir + "/isis_example.txt") + "\nrouter isis\n net 49.0001.0000.0000.0001.00\n",
                    "sock-isis");
    Client c(d.socket());
    ASSERT_TRUE(c.connected());
    auto r = c.request("show isis mpls ldp");
    ASSERT_EQ(r.status, "ok") << r.body;
    EXPECT_NE(r.body.find("POS0/2/0"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("POS0/3/0"), std::string::npos);
}

TEST(ControlSocket, SocketIsGroupReadable) {
    RunningDaemon d(kLab, "sock-mode");
    struct stat st {};
    ASSERT_EQ(stat(d.socket().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0660u);
}

TEST(ControlSocket, MalformedRequestsLeaveStateIntact) {
    RunningDaemon d(kLab, "sock-bad");
    Client c(d.socket());
    const auto before = c.request("show running-config");
    ASSERT_EQ(before.status, "ok");
    for (const std::string& bad : std::vector<std::string>{"shwo ip route", "configure\ninterface eth1\n ip address 10.0.0.1 255.0.255.0\n",
                                  "show mpls ldp igp sync interface", std::string("show\x01\x02 junk"),
                                  "test ldp synced eth9 end-of-lib", "debug everything"}) {
        const auto r = c.request(bad);
        EXPECT_EQ(r.status, "error") << bad;
        EXPECT_TRUE(r.body.starts_with("% ")) << r.body;
    }
    // A request that never ends in NUL, then a closed connection: the daemon shrugs it off.
    {
        Client rude(d.socket());
        rude.send_raw("show ip route");
    }
    EXPECT_EQ(c.request("show running-config").body, before.body);
    EXPECT_TRUE(d.process().running());
}

TEST(ControlSocket, ConfigureIsAtomicAndShowsInRunningConfig) {
    RunningDaemon d(kLab, "sock-conf");
    Client c(d.socket());
    auto bad = c.request("configure\ninterface eth1\n mpls ldp igp sync delay 30\n bogus\n");
    ASSERT_EQ(bad.status, "error");
    EXPECT_NE(bad.body.find("line 3"), std::string::npos) << bad.body;
    EXPECT_EQ(c.request("show running-config").body.find("delay 30"), std::string::npos);
    auto good = c.request("configure\ninterface eth1\n mpls ldp igp sync delay 30\n");
    ASSERT_EQ(good.status, "ok") << good.body;
    EXPECT_NE(c.request("show running-config").body.find(" mpls ldp igp sync delay 30\n"), std::string::npos);
}

TEST(ControlSocket, SighupReloadsTheFileAllOrNothing) {
    RunningDaemon d(kLab, "sock-hup");
    Client c(d.socket());
    std::ofstream(d.config()) << kLab << "interface eth3\n ip address 10.0.14.1 255.255.255.0\n";
    d.process().signal(SIGHUP);
    bool reloaded = false;
    for (int i = 0; i < 100 && !reloaded; ++i) {
        reloaded = c.request("show running-config").body.find("interface eth3") != std::string::npos;
        if (!reloaded) std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(reloaded);
    std::ofstream(d.config()) << "interface eth9\n bogus command\n";
    d.process().signal(SIGHUP);
    std::this_thread::sleep_for(200ms);
    const auto running = c.request("show running-config").body;
    EXPECT_NE(running.find("interface eth3"), std::string::npos);
    EXPECT_EQ(running.find("eth9"), std::string::npos);
    EXPECT_TRUE(d.process().running());
}

TEST(ControlSocket, ManyClientsAtOnce) {
    RunningDaemon d(kLab, "sock-many");
    std::atomic<int> good{0}, bad{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            Client c(d.socket());
            for (int i = 0; i < 50; ++i) {
                const auto r = c.request(i % 2 ? "show mpls ldp igp sync json" : (t % 2 ? "show ip route" : "nonsense"));
                ((i % 2 || t % 2) ? (r.status == "ok") : (r.status == "error")) ? ++good : ++bad;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(good.load(), 400);
    EXPECT_EQ(bad.load(), 0);
}

TEST(ControlSocket, DebugStreamsSyncEventsUntilTheClientLeaves) {
    RunningDaemon d(kLab, "sock-debug");
    Client watcher(d.socket());
    const auto on = watcher.request("debug mpls ldp igp sync");
    ASSERT_EQ(on.status, "ok");
    Client driver(d.socket());
    ASSERT_EQ(driver.request("test igp ospf adjacency eth1 up").status, "ok");
    const auto event = watcher.read_frame();
    EXPECT_EQ(event.status, "event");
    EXPECT_NE(event.body.find("eth1"), std::string::npos) << event.body;
    EXPECT_NE(event.body.find("igp_adj_up"), std::string::npos) << event.body;
}

TEST(ControlSocket, LinkTableFollowsEveryChangeInAnotherProcess) {
    RunningDaemon d(kLab, "sock-shm");
    Client c(d.socket());
    auto dp = ldpsync::shm::DataplaneEnd::attach(d.instance());
    ASSERT_TRUE(dp) << dp.error().message();
    auto find = [&](const char* name) -> std::optional<ldpsync::shm::LinkRecord> {
        for (std::uint32_t id = 0; id < 8; ++id) {
            auto r = dp.value().link(id);
            if (r && r->in_use && r->ifname_view() == name) return r;
        }
        return std::nullopt;
    };
    ASSERT_TRUE(find("eth1"));
    EXPECT_EQ(find("eth1")->usable, 0);
    ASSERT_EQ(c.request("test igp ospf adjacency eth1 up").status, "ok");
    EXPECT_EQ(find("eth1")->ospf_metric, 65535u);
    EXPECT_FALSE(dp.value().gate(find("eth1")->link_id));
    ASSERT_EQ(c.request("test ldp synced eth1 end-of-lib").status, "ok");
    EXPECT_EQ(find("eth1")->ospf_metric, 10u);
    EXPECT_TRUE(dp.value().gate(find("eth1")->link_id));
    EXPECT_EQ(find("eth1")->sync, ldpsync::shm::SyncState::achieved);
    ASSERT_EQ(c.request("test ldp session-down eth1").status, "ok");
    EXPECT_FALSE(dp.value().gate(find("eth1")->link_id));
    // Removing the interface from the configuration clears its link.
    ASSERT_EQ(c.request("configure\nno interface eth2\n").status, "ok");
    EXPECT_FALSE(find("eth2").has_value());
}

// The operator's path: ldpsyncctl one-shot against the real daemon.
TEST(Ldpsyncctl, ShowsTheGuideOutputAndReportsErrors) {
    RunningDaemon d(kLab, "sock-ctl");
    ChildProcess show({g_ctl, "-s", d.socket(), "show", "mpls", "ldp", "igp", "sync", "interface", "eth1"});
    const auto st = show.wait_exit(10s);
    ASSERT_TRUE(st);
    EXPECT_TRUE(ChildProcess::exited_cleanly(*st));
    EXPECT_EQ(show.output(),
              "eth1:\n LDP configured;  SYNC enabled.\n SYNC status: sync not achieved; peer not reachable.\n"
              " IGP holddown time: infinite.\n IGP enabled: OSPF 1\n");
    ChildProcess bad({g_ctl, "-s", d.socket(), "show", "mpls", "nonsense"});
    const auto bst = bad.wait_exit(10s);
    ASSERT_TRUE(bst);
    EXPECT_EQ(WEXITSTATUS(*bst), 1);
}

TEST(Daemon, CheckModeReportsErrorsWithLines) {
    const auto dir = std::filesystem::temp_directory_path() / ldpsync::shm::test::unique_instance("check");
    std::filesystem::create_directories(dir);
    const auto path = (dir / "bad.conf").string();
    std::ofstream(path) << "interface eth0\n ip address 10.0.0.1 255.255.255.0\n mpls ldp igp sync delay 300\n";
    ChildProcess p({g_daemon, "--check", "-f", path});
    const auto status = p.wait_exit(10s);
    ASSERT_TRUE(status);
    EXPECT_EQ(WEXITSTATUS(*status), 65);
    std::filesystem::remove_all(dir);
}

TEST(Daemon, RefusesABadConfigAtStartup) {
    const auto dir = std::filesystem::temp_directory_path() / ldpsync::shm::test::unique_instance("badstart");
    std::filesystem::create_directories(dir);
    const auto path = (dir / "bad.conf").string();
    std::ofstream(path) << "interface Tunnel1\n no mpls ldp igp sync\n";
    ChildProcess p({g_daemon, "-f", path, "-s", (dir / "s.sock").string(), "-n", "badstart"});
    const auto status = p.wait_exit(10s);
    ASSERT_TRUE(status);
    EXPECT_EQ(WEXITSTATUS(*status), 65);
    std::filesystem::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc < 4) {
        std::fprintf(stderr, "usage: daemon-socket PATH-TO-ldpsyncd GUIDE-DIR PATH-TO-ldpsyncctl\n");
        return 64;
    }
    g_daemon = argv[1];
    g_guide_dir = argv[2];
    g_ctl = argv[3];
    return RUN_ALL_TESTS();
}
