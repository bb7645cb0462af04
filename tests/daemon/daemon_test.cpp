// ldpsyncd's core in-process, on a manual clock: configuration through the control commands,
// the guide's behaviours end to end from test-hook inputs to the shm link table the data
// plane reads, and static bindings published as forwarding entries.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "commands.hpp"
#include "daemon.hpp"
#include "ldpsync/shm/dataplane_end.hpp"
#include "ldpsync/shm/tables.hpp"
#include "../shm/shm_test_util.hpp"

namespace ldpsync::daemon {
namespace {

using namespace std::chrono_literals;

constexpr const char* kTwoLinks =
    "mpls ip\n"
    "mpls label protocol ldp\n"
    "interface eth1\n"
    " ip address 10.0.12.1 255.255.255.0\n"
    " mpls ip\n"
    " ip ospf cost 20\n"
    "interface eth2\n"
    " ip address 10.0.13.1 255.255.255.0\n"
    " mpls ip\n"
    "router ospf 1\n"
    " network 10.0.0.0 0.0.255.255 area 0\n"
    " mpls ldp sync\n";

class DaemonTest : public ::testing::Test {
protected:
    void SetUp() override {
        daemon_ = std::make_unique<Daemon>(io_, DaemonOptions{inst_.name(), true}, clock_);
        handler_ = std::make_unique<CommandHandler>(*daemon_);
        const auto r = daemon_->load(kTwoLinks);
        ASSERT_TRUE(r.ok()) << r.format_errors();
        ASSERT_FALSE(daemon_->start().has_value());
        auto dp = shm::DataplaneEnd::attach(inst_.name());
        ASSERT_TRUE(dp) << dp.error().message();
        dp_.emplace(dp.take());
    }

    Reply run(const std::string& command) { return handler_->execute(command); }
    void ok(const std::string& command) {
        const auto r = run(command);
        ASSERT_TRUE(r.ok) << command << ": " << r.body;
    }
    shm::LinkRecord link(const std::string& itf) {
        const auto id = daemon_->link_id(itf);
        EXPECT_TRUE(id.has_value()) << itf;
        return dp_->link(*id).value_or(shm::LinkRecord{});
    }
    bool gate(const std::string& itf) { return dp_->gate(*daemon_->link_id(itf)); }

    shm::test::ScopedInstance inst_{"daemon"};
    boost::asio::io_context io_;
    sync::ManualClock clock_;
    std::unique_ptr<Daemon> daemon_;
    std::unique_ptr<CommandHandler> handler_;
    std::optional<shm::DataplaneEnd> dp_;
};

// Guide, "How ... Works": an adjacency up before LDP has synchronized is advertised at max
// metric and the data plane does not use the link; sync achieved restores both.
TEST_F(DaemonTest, HowItWorks_AdjacencyBeforeSyncIsMaxMetricAndUnusable) {
    EXPECT_FALSE(gate("eth1"));
    const auto eth2_before = link("eth2");
    ok("test igp ospf adjacency eth1 up");
    EXPECT_EQ(link("eth1").ospf_metric, 65535u);
    EXPECT_EQ(link("eth1").usable, 0);
    EXPECT_FALSE(gate("eth1"));
    EXPECT_EQ(link("eth1").sync, shm::SyncState::not_achieved);
    ok("test ldp peer eth1 10.0.12.2");
    ok("test ldp synced eth1 end-of-lib");
    EXPECT_EQ(link("eth1").ospf_metric, 20u);  // ip ospf cost 20
    EXPECT_TRUE(gate("eth1"));
    EXPECT_EQ(link("eth1").sync, shm::SyncState::achieved);
    EXPECT_EQ(link("eth1").ospf_adjacency, shm::AdjacencyState::up);
    // ... and losing the session takes the link out again at once.
    ok("test ldp session-down eth1");
    EXPECT_FALSE(gate("eth1"));
    EXPECT_EQ(link("eth1").ospf_metric, 65535u);
    // The other link's record was never rewritten.
    EXPECT_EQ(link("eth2"), eth2_before);
}

// Guide, "with Peers": a reachable peer makes the IGP wait (holddown bounds the wait).
TEST_F(DaemonTest, WithPeers_ReachablePeerHoldsTheAdjacencyUntilHolddown) {
    ok("configure\ninterface eth2\n mpls ldp igp sync holddown 5000\n");
    ok("test ldp peer eth2 10.0.13.2");  // connected route: reachable
    const auto sync_models = daemon_->sync().show_models(sync::IgpKind::ospf, "eth2");
    ASSERT_EQ(sync_models.size(), 1u);
    EXPECT_TRUE(sync_models[0].hold_adjacency);
    EXPECT_TRUE(sync_models[0].peer_reachable);
    clock_.advance(5001ms);
    daemon_->poll_timers();
    EXPECT_FALSE(daemon_->sync().show_models(sync::IgpKind::ospf, "eth2")[0].hold_adjacency);
    EXPECT_EQ(daemon_->sync().total_counters().holddown_expired, 1u);
}

// IOS's form: `mpls ldp igp sync holddown` in global configuration, for every interface; an
// interface's own holddown (our extension) wins over it.
TEST_F(DaemonTest, GlobalHolddownAppliesToEveryInterfaceTheInterfaceFormOverrides) {
    ok("configure\nmpls ldp igp sync holddown 10000\n");
    ASSERT_EQ(daemon_->sync().show_models(sync::IgpKind::ospf, "eth1")[0].holddown, std::chrono::milliseconds(10000));
    EXPECT_EQ(daemon_->sync().show_models(sync::IgpKind::ospf, "eth2")[0].holddown, std::chrono::milliseconds(10000));
    ok("configure\ninterface eth2\n mpls ldp igp sync holddown 5000\n");
    EXPECT_EQ(daemon_->sync().show_models(sync::IgpKind::ospf, "eth2")[0].holddown, std::chrono::milliseconds(5000));
    EXPECT_EQ(daemon_->sync().show_models(sync::IgpKind::ospf, "eth1")[0].holddown, std::chrono::milliseconds(10000));
    const auto shown = run("show mpls ldp igp sync interface eth1").body;
    EXPECT_NE(shown.find(" IGP holddown time: 10000 milliseconds.\n"), std::string::npos) << shown;
    ok("test ldp peer eth1 10.0.12.2");
    clock_.advance(10001ms);
    daemon_->poll_timers();
    EXPECT_EQ(daemon_->sync().total_counters().holddown_expired, 1u);
    ok("configure\nno mpls ldp igp sync holddown\n");
    EXPECT_FALSE(daemon_->sync().show_models(sync::IgpKind::ospf, "eth1")[0].holddown.has_value());
}

TEST_F(DaemonTest, WithPeers_DefaultRouteCountsAsReachable) {
    ok("test ldp peer eth1 192.0.2.9");
    EXPECT_FALSE(daemon_->sync().show_models(sync::IgpKind::ospf, "eth1")[0].peer_reachable);
    ok("configure\nip route 0.0.0.0 0.0.0.0 10.0.12.2\n");
    EXPECT_TRUE(daemon_->sync().show_models(sync::IgpKind::ospf, "eth1")[0].peer_reachable);
}

// Guide, "Delay Timer": the delay runs after sync, the link stays at max metric until it ends.
TEST_F(DaemonTest, DelayTimer_KeepsMaxMetricUntilItExpires) {
    ok("configure\ninterface eth1\n mpls ldp igp sync delay 10\n");
    ok("test igp ospf adjacency eth1 up");
    ok("test ldp synced eth1 quiet-period");
    EXPECT_EQ(link("eth1").sync, shm::SyncState::delay_running);
    EXPECT_EQ(link("eth1").ospf_metric, 65535u);
    clock_.advance(10s);
    daemon_->poll_timers();
    EXPECT_EQ(link("eth1").sync, shm::SyncState::achieved);
    EXPECT_EQ(link("eth1").ospf_metric, 20u);
}

// Guide, restriction and "no mpls ldp igp sync": without sync the link follows the IGP alone.
TEST_F(DaemonTest, DisabledOnInterface_LinkFollowsTheIgpAlone) {
    ok("configure\ninterface eth2\n no mpls ldp igp sync\n");
    ok("test igp ospf adjacency eth2 up");
    EXPECT_TRUE(gate("eth2"));
    EXPECT_EQ(link("eth2").ospf_metric, 10u);
    EXPECT_EQ(link("eth2").sync, shm::SyncState::disabled);
}

// Guide, "Graceful Restart": sync kept while protected, lost when reconnect expires.
TEST_F(DaemonTest, GracefulRestart_KeepsSyncUntilReconnectExpires) {
    ok("configure\nmpls ldp graceful-restart\nmpls ldp graceful-restart timers neighbor-liveness 30\n");
    ok("test igp ospf adjacency eth1 up");
    ok("test ldp synced eth1 end-of-lib");
    ok("test ldp session-down eth1 graceful-restart");
    EXPECT_TRUE(gate("eth1"));
    EXPECT_EQ(link("eth1").sync, shm::SyncState::gr_protected);
    clock_.advance(31s);
    daemon_->poll_timers();
    EXPECT_FALSE(gate("eth1"));
    EXPECT_EQ(link("eth1").ospf_metric, 65535u);
}

// LDP hands the sync machines the graceful-restart times it negotiated (min of ours and the
// peer's FT Session TLV): they stay protected exactly as long as LDP keeps the stale labels,
// not for our configured times.
TEST_F(DaemonTest, GracefulRestart_NegotiatedTimesOverrideTheConfiguredOnes) {
    ok("configure\nmpls ldp graceful-restart\nmpls ldp graceful-restart timers neighbor-liveness 120\n"
       "mpls ldp graceful-restart timers max-recovery 120\n");
    ok("test igp ospf adjacency eth1 up");
    auto protected_for = [&](sync::Duration d) {
        clock_.advance(d - 1ms);
        daemon_->poll_timers();
        EXPECT_EQ(link("eth1").sync, shm::SyncState::gr_protected);
        clock_.advance(1ms);
        daemon_->poll_timers();
        EXPECT_NE(link("eth1").sync, shm::SyncState::gr_protected);
        EXPECT_FALSE(gate("eth1"));
        EXPECT_EQ(link("eth1").ospf_metric, 65535u);
    };
    ok("test ldp synced eth1 end-of-lib");
    daemon_->session_down("eth1", true, 5s);  // the peer's reconnect timeout: 5 s
    protected_for(5s);

    ok("test ldp synced eth1 end-of-lib");
    daemon_->session_down("eth1", true, 5s);
    daemon_->session_reconnected("eth1", 2s);  // the peer's recovery time: 2 s
    protected_for(2s);

    // A peer that kept nothing (recovery 0): LDP sweeps its labels at the reconnection, and
    // protection ends there too.
    ok("test ldp synced eth1 end-of-lib");
    daemon_->session_down("eth1", true, 5s);
    daemon_->session_reconnected("eth1", 0ms);
    EXPECT_NE(link("eth1").sync, shm::SyncState::gr_protected);
    EXPECT_FALSE(gate("eth1"));
}

// Guide, "NSF": sync is not applied during NSF startup.
TEST_F(DaemonTest, Nsf_SyncSuspendedDuringStartup) {
    ok("test igp ospf nsf 1 start");
    ok("test igp ospf adjacency eth1 up");
    EXPECT_TRUE(gate("eth1"));
    EXPECT_EQ(link("eth1").sync, shm::SyncState::nsf_suspended);
    ok("test igp ospf nsf 1 end");
    EXPECT_FALSE(gate("eth1"));
    EXPECT_EQ(link("eth1").ospf_metric, 65535u);
}

TEST_F(DaemonTest, RemovingTheInterfaceFromTheIgpStopsSync) {
    ok("test igp ospf adjacency eth1 up");
    EXPECT_EQ(link("eth1").ospf_metric, 65535u);
    ok("configure\nrouter ospf 1\n no network 10.0.0.0 0.0.255.255 area 0\n network 10.0.13.0 0.0.0.255 area 0\n");
    EXPECT_EQ(daemon_->sync().show_models(sync::IgpKind::ospf, "eth1").size(), 0u);
    EXPECT_TRUE(gate("eth1"));  // no IGP on it any more: nothing to synchronize with
    EXPECT_EQ(link("eth1").sync, shm::SyncState::disabled);
}

TEST_F(DaemonTest, StaticBindingsReachTheDataPlane) {
    ok("configure\n"
       "mpls static binding ipv4 10.9.0.0 255.255.0.0 input 1000\n"
       "mpls static binding ipv4 10.9.0.0 255.255.0.0 output 10.0.12.2 2000\n"
       "mpls static binding ipv4 10.9.0.0 255.255.0.0 output 10.0.13.2 3000\n"
       "mpls static binding ipv4 10.8.0.0 255.255.0.0 output 10.0.12.2 implicit-null\n"
       "arp 10.0.12.2 0200.0000.0012 arpa\n");
    shm::MirrorTables mirror;
    for (int i = 0; i < 10 && dp_->reader().state() != shm::ReaderState::synced; ++i) {
        io_.run_for(20ms);
        dp_->poll_updates(mirror);
    }
    io_.run_for(20ms);
    dp_->poll_updates(mirror);
    ASSERT_EQ(dp_->reader().state(), shm::ReaderState::synced);
    const auto t = mirror.tables();
    EXPECT_EQ(t, daemon_->publisher()->state());
    ASSERT_EQ(t.ilm.count(1000), 1u);
    const auto& group = t.groups.at(t.ilm.at(1000).group_id);
    ASSERT_EQ(group.n_members, 2);
    const auto& first = t.nexthops.at(group.members[0]);
    EXPECT_EQ(first.labels[0], 2000u);
    EXPECT_EQ(first.link_id, *daemon_->link_id("eth1"));
    EXPECT_EQ(first.neighbor_mac, (shm::MacAddress{0x02, 0, 0, 0, 0, 0x12}));  // from the static ARP entry
    EXPECT_EQ(t.nexthops.at(group.members[1]).link_id, *daemon_->link_id("eth2"));
    const auto php = t.ftn.at(shm::FtnEntry{.prefix = *config::parse_ipv4("10.8.0.0"), .prefix_len = 16}.key());
    EXPECT_EQ(t.nexthops.at(t.groups.at(php.group_id).members[0]).n_labels, 0);
    // Removing a binding withdraws it from the data plane.
    ok("configure\nno mpls static binding ipv4 10.8.0.0 255.255.0.0\n");
    dp_->poll_updates(mirror);
    EXPECT_EQ(mirror.tables(), daemon_->publisher()->state());
    EXPECT_EQ(mirror.tables().ftn.size(), 1u);
}

TEST_F(DaemonTest, BadInputIsReportedAndChangesNothing) {
    const std::string before = run("show running-config").body;
    for (const char* bad : {"show mpls ldp igp synk", "frobnicate", "configure\ninterface eth1\n mpls ldp igp sync delay 99\n",
                            "test igp bgp adjacency eth1 up", "test igp ospf adjacency nosuch up", "show ip ospf mpls ldp interface nosuch",
                            "show mpls ldp igp sync extra words here", ""}) {
        const auto r = run(bad);
        EXPECT_FALSE(r.ok) << bad;
        EXPECT_TRUE(r.body.starts_with("%")) << r.body;
    }
    EXPECT_EQ(run("show running-config").body, before);
    const auto r = run("configure\ninterface eth1\n mpls ldp igp sync delay 99\n");
    EXPECT_NE(r.body.find("line 2"), std::string::npos) << r.body;
}

TEST_F(DaemonTest, JsonForms) {
    ok("test igp ospf adjacency eth1 up");
    for (const char* cmd : {"show mpls ldp igp sync json", "show ip ospf mpls ldp interface json",
                            "show isis mpls ldp json", "show mpls ldp igp sync counters json", "show ip route json",
                            "show mpls forwarding-table json", "show mpls ldp igp sync links json",
                            "show mpls ldp igp sync interface eth1 json"}) {
        const auto r = run(cmd);
        ASSERT_TRUE(r.ok) << cmd << r.body;
        EXPECT_EQ(r.body.front(), '{') << cmd;
    }
}

TEST_F(DaemonTest, RunningConfigParsesBackToTheSameState) {
    ok("configure\ninterface eth1\n mpls ldp igp sync holddown 3000\n mpls ldp igp sync delay 20\n");
    const std::string text = run("show running-config").body;
    const auto again = config::parse_config(text);
    ASSERT_TRUE(again.ok()) << again.format_errors();
    EXPECT_EQ(*again.config, daemon_->config());
}

}  // namespace
}  // namespace ldpsync::daemon
