// The runner: input deduplication, typed errors, timer ordering on the injected clock, outputs.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "sync_rig.hpp"
#include "sync_show.hpp"

namespace ldpsync::sync {
namespace {

using namespace std::chrono_literals;
using test::actions_of;
using test::Rig;
using ::testing::ElementsAre;

constexpr LdpIdent k_peer{0x0A000001u, 0};

TEST(SyncMachine, StartsDisabledWithSyncNotRequired)
{
    Rig r;
    EXPECT_EQ(r.m.state(), State::disabled);
    EXPECT_EQ(r.m.contract_value(), 0u);
    EXPECT_FALSE(r.m.sync_required());
    EXPECT_FALSE(r.m.usable());  // no adjacency
    r.m.igp_adjacency(true);
    EXPECT_TRUE(r.m.usable());
    EXPECT_EQ(r.m.advertised_metric(7), 7u);
    EXPECT_FALSE(r.m.next_deadline().has_value());
}

TEST(SyncMachine, RepeatedReportsAreNotEvents)
{
    Rig r;
    r.configure();
    std::uint64_t events = r.m.counters().events;
    EXPECT_TRUE(r.m.peer_reachability(true).steps.size() == 1);
    EXPECT_TRUE(r.m.peer_reachability(true).steps.empty());
    EXPECT_TRUE(r.m.set_process_sync(true).steps.empty());
    EXPECT_TRUE(r.m.igp_adjacency(false).steps.empty());
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    EXPECT_TRUE(r.m.ldp_synced(SyncTrigger::upper_bound_timer).steps.empty());
    EXPECT_EQ(r.m.counters().events, events + 2);
    EXPECT_EQ(r.m.counters().unexpected_events, 0u);
    EXPECT_EQ(r.m.inputs().last_trigger, SyncTrigger::end_of_lib);
}

// An LDP report that contradicts the state (a GR reconnect for a session that was never lost)
// is an `unexpected` cell: a typed, counted error, the state does not move.
TEST(SyncMachine, UnexpectedCellIsATypedCountedError)
{
    Rig r;
    r.configure();
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    ASSERT_EQ(r.m.state(), State::achieved);
    Effects fx = r.m.session_reconnected(60s);
    ASSERT_EQ(fx.errors.size(), 1u);
    EXPECT_EQ(fx.errors[0].code, ErrorCode::unexpected_event);
    EXPECT_EQ(fx.errors[0].state, State::achieved);
    EXPECT_EQ(fx.errors[0].event, Event::session_reconnected);
    EXPECT_EQ(to_string(fx.errors[0]), "unexpected_event in state achieved on event session_reconnected");
    EXPECT_EQ(r.m.state(), State::achieved);
    EXPECT_EQ(r.m.counters().unexpected_events, 1u);
    ASSERT_EQ(fx.steps.size(), 1u);
    EXPECT_EQ(fx.steps[0].disposition, Disposition::unexpected);

    // Two GR losses in a row without a reconnect: also unexpected.
    r.m.session_down_gr(10s);
    EXPECT_FALSE(r.m.session_down_gr(10s).ok());
    EXPECT_EQ(r.m.counters().unexpected_events, 2u);
}

TEST(SyncMachine, NegativeGrTimesAreRejected)
{
    Rig r;
    Effects fx = r.m.session_down_gr(Duration{-1});
    ASSERT_EQ(fx.errors.size(), 1u);
    EXPECT_EQ(fx.errors[0].code, ErrorCode::bad_gr_timer);
    EXPECT_TRUE(fx.steps.empty());
}

TEST(SyncMachine, CostoutAlertRange)
{
    Rig r;
    EXPECT_EQ(r.m.set_costout_alert(0s).errors.at(0).code, ErrorCode::costout_out_of_range);
    EXPECT_TRUE(r.m.set_costout_alert(1s).ok());
    EXPECT_TRUE(r.m.set_costout_alert(std::nullopt).ok());
}

// The owner may poll late: expiries are delivered in deadline order, and before the input that
// arrives after them.
TEST(SyncMachine, LatePollFiresTimersInDeadlineOrder)
{
    Rig r;
    r.m.set_costout_alert(60s);
    r.m.set_holddown(30000ms);
    r.configure();
    r.m.peer_reachability(true);
    EXPECT_EQ(r.m.next_deadline(), r.clock.now() + 30s);
    r.clock.advance(100s);
    Effects fx = r.m.poll_timers();
    ASSERT_EQ(fx.steps.size(), 2u);
    EXPECT_EQ(fx.steps[0].event, Event::holddown_expired);
    EXPECT_EQ(fx.steps[1].event, Event::costout_expired);
    EXPECT_EQ(r.m.state(), State::max_metric);
}

TEST(SyncMachine, DueTimersFireBeforeTheNextInput)
{
    Rig r;
    r.m.set_holddown(1000ms);
    r.configure();
    r.m.peer_reachability(true);
    r.clock.advance(2s);  // nobody polled
    Effects fx = r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    ASSERT_EQ(fx.steps.size(), 2u);
    EXPECT_EQ(fx.steps[0].event, Event::holddown_expired);
    EXPECT_EQ(fx.steps[1].event, Event::ldp_synced);
    EXPECT_EQ(fx.steps[1].from, State::max_metric);
    EXPECT_EQ(r.m.counters().holddown_expired, 1u);
}

TEST(SyncMachine, EffectsReportOutputsBeforeAndAfter)
{
    Rig r;
    r.configure();
    r.m.igp_adjacency(true);
    Effects fx = r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    EXPECT_TRUE(fx.before.advertise_max_metric);
    EXPECT_FALSE(fx.after.advertise_max_metric);
    EXPECT_FALSE(fx.before.usable);
    EXPECT_TRUE(fx.after.usable);
    EXPECT_EQ(fx.after.contract, ContractState::achieved);
    EXPECT_EQ(fx.after, r.m.outputs());
}

TEST(SyncMachine, UsableFollowsAdjacencyOnlyWhenSyncedOrNotApplied)
{
    Rig r;
    r.configure();
    r.m.igp_adjacency(true);
    EXPECT_FALSE(r.m.usable());  // max_metric
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    EXPECT_TRUE(r.m.usable());
    r.m.igp_adjacency(false);
    EXPECT_FALSE(r.m.usable());
    r.m.igp_adjacency(true);
    EXPECT_TRUE(r.m.usable());
}

TEST(SyncMachine, PeerIdentIsKeptAcrossGrAndClearedOnLoss)
{
    Rig r;
    r.configure();
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    r.m.session_down_gr(10s);
    EXPECT_EQ(r.m.inputs().peer, k_peer);
    r.m.session_down();
    EXPECT_FALSE(r.m.inputs().peer.has_value());
}

TEST(SyncMachine, DebugLineNamesEventGuardTransitionAndActions)
{
    Rig r{test::ospf_interface("FastEthernet0/0/0")};
    r.m.set_delay(10s);
    r.configure();
    Effects fx = r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    ASSERT_EQ(fx.steps.size(), 1u);
    EXPECT_EQ(format_debug(r.m.identity(), fx.steps[0]),
              "LDP-SYNC: FastEthernet0/0/0 (OSPF 1): ldp_synced [delay], max_metric -> delay_running start_delay");
    fx = r.m.set_delay(20s);
    EXPECT_EQ(format_debug(r.m.identity(), fx.steps.at(0)),
              "LDP-SYNC: FastEthernet0/0/0 (OSPF 1): delay_changed, delay_running, ignored");
}

}  // namespace
}  // namespace ldpsync::sync
