// One scenario per paragraph of the Cisco feature guide ("MPLS LDP-IGP Synchronization"), on a
// manual clock: no sleeping, time moves only through Rig::advance().

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "sync_rig.hpp"

namespace ldpsync::sync {
namespace {

using namespace std::chrono_literals;
using test::actions_of;
using test::Rig;
using ::testing::ElementsAre;

constexpr LdpIdent k_peer{0x0A000001u, 0};  // 10.0.0.1:0

// ======== How MPLS LDP-IGP Synchronization Works =================================================

// ¶5: "If the LDP peer is reachable, the IGP waits indefinitely (by default) for synchronization".
// ¶6: max metric until sync; then the configured metric.
TEST(GuideHowItWorks, ReachablePeerHoldsAdjacencyUntilSyncThenConfiguredMetric)
{
    Rig r;
    r.configure();
    EXPECT_EQ(r.m.state(), State::max_metric);  // LDP has not reported the peer yet

    r.m.peer_reachability(true);
    EXPECT_EQ(r.m.state(), State::holding_down);
    EXPECT_FALSE(r.m.may_bring_up_adjacency());
    EXPECT_TRUE(r.m.advertise_max_metric());
    EXPECT_EQ(r.m.contract_state(), ContractState::not_achieved);

    Effects fx = r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    EXPECT_EQ(r.m.state(), State::achieved);
    EXPECT_TRUE(r.m.may_bring_up_adjacency());
    EXPECT_FALSE(r.m.advertise_max_metric());
    EXPECT_TRUE(fx.outputs_changed());
    EXPECT_FALSE(r.m.usable());  // adjacency not up yet

    r.m.igp_adjacency(true);
    EXPECT_TRUE(r.m.usable());
    EXPECT_EQ(r.m.advertised_metric(10), 10u);
    EXPECT_EQ(r.m.counters().sync_achieved, 1u);
}

TEST(GuideHowItWorks, WaitsIndefinitelyByDefault)
{
    Rig r;
    r.m.set_costout_alert(std::nullopt);
    r.configure();
    r.m.peer_reachability(true);
    r.advance(std::chrono::hours{24 * 30});
    EXPECT_EQ(r.m.state(), State::holding_down);
    EXPECT_FALSE(r.m.timer_running(TimerId::holddown));
    EXPECT_FALSE(r.m.next_deadline().has_value());
    EXPECT_FALSE(r.m.may_bring_up_adjacency());
}

// ¶5: "If the LDP peer is not reachable, the IGP establishes the adjacency to enable the LDP
// session to be established." ¶6: at max metric until sync.
TEST(GuideHowItWorks, UnreachablePeerLetsAdjacencyUpAtMaxMetric)
{
    Rig r;
    r.configure();
    r.m.peer_reachability(false);
    EXPECT_TRUE(r.m.may_bring_up_adjacency());
    r.m.igp_adjacency(true);
    EXPECT_EQ(r.m.state(), State::max_metric);
    EXPECT_EQ(r.m.advertised_metric(10), 65535u);
    EXPECT_FALSE(r.m.usable());  // IGP up but not synced: the data plane must not use the link

    r.m.ldp_synced(SyncTrigger::fecs_bound_quiet, k_peer);
    EXPECT_EQ(r.m.state(), State::achieved);
    EXPECT_EQ(r.m.advertised_metric(10), 10u);
    EXPECT_TRUE(r.m.usable());
    EXPECT_EQ(r.m.counters().synced_by_trigger[1], 1u);
}

// ¶2 (the second packet-loss case) and ¶6: "not yet achieved or is lost" -> max metric.
TEST(GuideHowItWorks, SessionLossAdvertisesMaxMetricAtOnce)
{
    Rig r;
    r.configure();
    r.m.igp_adjacency(true);
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    ASSERT_TRUE(r.m.usable());

    Effects fx = r.m.session_down();
    EXPECT_EQ(r.m.state(), State::max_metric);
    EXPECT_EQ(r.m.advertised_metric(10), 65535u);
    EXPECT_FALSE(r.m.usable());
    EXPECT_THAT(actions_of(fx), ElementsAre(Action::igp_max_metric, Action::start_costout));
    EXPECT_EQ(r.m.counters().sync_lost, 1u);
}

// ¶4: mpls ldp sync enables every interface of the process; no mpls ldp igp sync opts one out.
// Mirrors "MPLS LDP-IGP Synchronization with OSPF: Examples" (POS1/0/0 opted out).
TEST(GuideHowItWorks, NoMplsLdpIgpSyncOptsOneInterfaceOut)
{
    Rig pos000{test::ospf_interface("POS0/0/0", "1", "3")};
    Rig pos100{test::ospf_interface("POS1/0/0", "1", "3")};
    for (Rig* r : {&pos000, &pos100}) {
        r->m.set_ldp(LdpSource::mpls_ip, true);
        r->m.set_in_igp(true);
        r->m.set_process_sync(true);
    }
    pos100.m.set_interface_sync(false);
    for (Rig* r : {&pos000, &pos100}) {
        r->m.igp_adjacency(true);
    }
    EXPECT_EQ(pos000.m.state(), State::max_metric);
    EXPECT_FALSE(pos000.m.usable());
    EXPECT_EQ(pos100.m.state(), State::disabled);
    EXPECT_FALSE(pos100.m.advertise_max_metric());
    EXPECT_TRUE(pos100.m.usable());  // "usable follows the IGP alone" when sync is not enabled
    EXPECT_EQ(pos100.m.contract_state(), ContractState::disabled);

    // And back: mpls ldp igp sync on the interface again.
    pos100.m.set_interface_sync(true);
    EXPECT_EQ(pos100.m.state(), State::max_metric);
}

// ¶3/¶5 bullet "Works when LDP is enabled ... using either the mpls ip or mpls ldp autoconfig".
TEST(GuideHowItWorks, WorksWithMplsIpOrLdpAutoconfig)
{
    Rig r;
    r.configure(LdpSource::autoconfig);
    EXPECT_TRUE(r.m.sync_required());
    r.m.set_ldp(LdpSource::mpls_ip, true);
    r.m.set_ldp(LdpSource::autoconfig, false);
    EXPECT_TRUE(r.m.sync_required());
    EXPECT_EQ(r.m.state(), State::max_metric);
    // Without LDP on the interface there is nothing to wait for (Prerequisites).
    r.m.set_ldp(LdpSource::mpls_ip, false);
    EXPECT_FALSE(r.m.sync_required());
    EXPECT_EQ(r.m.state(), State::disabled);
}

// Prerequisites: OSPF or IS-IS; the IGP only changes the max metric value.
TEST(GuideHowItWorks, SameMachineForOspfAndIsisOnlyMaxMetricDiffers)
{
    Rig ospf{test::ospf_interface("POS0/0/0")};
    Rig wide{test::isis_interface("POS0/2/0", "", MetricStyle::wide)};
    Rig narrow{test::isis_interface("POS0/3/0", "ISIS", MetricStyle::narrow)};
    for (Rig* r : {&ospf, &wide, &narrow}) {
        r->configure();
        r->m.igp_adjacency(true);
        EXPECT_EQ(r->m.state(), State::max_metric);
    }
    EXPECT_EQ(ospf.m.advertised_metric(10), 0xFFFFu);
    EXPECT_EQ(wide.m.advertised_metric(10), 0xFFFFFEu);
    EXPECT_EQ(narrow.m.advertised_metric(10), 63u);
}

// ======== MPLS LDP-IGP Synchronization with Peers ================================================

// ¶1: LDP looks the peer's transport address up in the routing table, "including longest match
// or default routing entry", and if found tells the IGP to wait.
TEST(GuideWithPeers, RouteToPeerMakesTheIgpWaitNoRouteLetsItProceed)
{
    Rig r;
    r.configure();
    r.m.peer_reachability(true, PeerRoute::igp);
    EXPECT_FALSE(r.m.may_bring_up_adjacency());
    r.m.peer_reachability(false);
    EXPECT_TRUE(r.m.may_bring_up_adjacency());
    EXPECT_EQ(r.m.state(), State::max_metric);
    r.m.peer_reachability(true, PeerRoute::default_route);
    EXPECT_FALSE(r.m.may_bring_up_adjacency());
}

// ¶2-3: a default (or summary, static) route may not reach the peer; LDP then cannot set up the
// session "which causes the IGP to wait for LDP convergence unnecessarily for the sync hold-down
// time".
TEST(GuideWithPeers, InaccurateDefaultRouteMakesTheIgpWaitUntilHolddown)
{
    Rig r;
    r.m.set_holddown(10000ms);
    r.configure();
    r.m.peer_reachability(true, PeerRoute::default_route);
    EXPECT_EQ(r.m.counters().peer_via_inexact_route, 1u);
    EXPECT_EQ(r.m.state(), State::holding_down);

    r.advance(9999ms);
    EXPECT_FALSE(r.m.may_bring_up_adjacency());
    Effects fx = r.advance(1ms);
    EXPECT_TRUE(r.m.may_bring_up_adjacency());
    EXPECT_TRUE(r.m.advertise_max_metric());
    EXPECT_THAT(actions_of(fx), ElementsAre(Action::igp_release_adjacency));
    EXPECT_EQ(r.m.counters().holddown_expired, 1u);

    r.m.igp_adjacency(true);
    EXPECT_EQ(r.m.state(), State::max_metric);
    EXPECT_FALSE(r.m.usable());
}

// ======== holddown (How ¶5: "To limit the length of time the IGP session must wait") ============

// Our reading: when the holddown expires the IGP brings the adjacency up and keeps max metric
// until sync (RFC 5443 §2); the link never carries traffic unsynchronized.
TEST(GuideHolddown, ExpiryLetsTheIgpProceedAtMaxMetric)
{
    Rig r;
    r.m.set_holddown(2000ms);
    r.configure();
    r.m.peer_reachability(true);
    EXPECT_TRUE(r.m.timer_running(TimerId::holddown));
    EXPECT_EQ(r.m.remaining(TimerId::holddown), 2000ms);
    r.advance(2000ms);
    EXPECT_EQ(r.m.state(), State::max_metric);
    r.m.igp_adjacency(true);
    EXPECT_EQ(r.m.advertised_metric(1), 65535u);
    r.m.ldp_synced(SyncTrigger::upper_bound_timer, k_peer);
    EXPECT_EQ(r.m.advertised_metric(1), 1u);
    EXPECT_EQ(r.m.counters().synced_by_trigger[2], 1u);
}

TEST(GuideHolddown, SyncBeforeExpiryCancelsTheHolddown)
{
    Rig r;
    r.m.set_holddown(2000ms);
    r.configure();
    r.m.peer_reachability(true);
    r.advance(500ms);
    Effects fx = r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    EXPECT_THAT(actions_of(fx), ElementsAre(Action::cancel_holddown, Action::cancel_costout,
                                            Action::igp_normal_metric, Action::igp_release_adjacency));
    EXPECT_FALSE(r.m.timer_running(TimerId::holddown));
    r.advance(10s);
    EXPECT_EQ(r.m.state(), State::achieved);
    EXPECT_EQ(r.m.counters().holddown_expired, 0u);
}

// Our reading (the guide is silent): a holddown configured while the IGP waits bounds the current
// wait from now on; `no ... holddown` makes the current wait infinite again.
TEST(GuideHolddown, ConfiguredWhileHoldingBoundsTheCurrentWait)
{
    Rig r;
    r.configure();
    r.m.peer_reachability(true);
    r.advance(60s);
    EXPECT_FALSE(r.m.timer_running(TimerId::holddown));
    r.m.set_holddown(5000ms);
    EXPECT_EQ(r.m.remaining(TimerId::holddown), 5000ms);
    r.m.set_holddown(std::nullopt);
    EXPECT_FALSE(r.m.timer_running(TimerId::holddown));
    r.m.set_holddown(1000ms);
    r.advance(1000ms);
    EXPECT_EQ(r.m.state(), State::max_metric);
}

TEST(GuideHolddown, AdjacencyLostAgainWaitsAgainWithAFreshHolddown)
{
    Rig r;
    r.m.set_holddown(1000ms);
    r.configure();
    r.m.peer_reachability(true);
    r.advance(1000ms);
    r.m.igp_adjacency(true);
    r.m.igp_adjacency(false);
    EXPECT_EQ(r.m.state(), State::holding_down);
    EXPECT_EQ(r.m.remaining(TimerId::holddown), 1000ms);
}

// "mpls ldp igp sync holddown milliseconds": 1 to 2147483647 (Cisco command reference).
TEST(GuideHolddown, RangeIsOneTo2147483647Milliseconds)
{
    Rig r;
    Effects fx = r.m.set_holddown(0ms);
    ASSERT_EQ(fx.errors.size(), 1u);
    EXPECT_EQ(fx.errors[0].code, ErrorCode::holddown_out_of_range);
    EXPECT_EQ(fx.errors[0].value, 0);
    EXPECT_FALSE(r.m.set_holddown(Duration{2147483648LL}).ok());
    EXPECT_TRUE(r.m.set_holddown(1ms).ok());
    EXPECT_TRUE(r.m.set_holddown(Duration{2147483647LL}).ok());
    EXPECT_EQ(r.m.counters().config_errors, 2u);
    EXPECT_EQ(r.m.inputs().holddown, Duration{2147483647LL});
}

// ======== MPLS LDP-IGP Synchronization Delay Timer ===============================================

// ¶2 bullet 1: "If you configured a delay time, LDP starts the timer. When the timer expires, LDP
// checks that synchronization is still valid and notifies the OSPF process."
TEST(GuideDelayTimer, StartsWhenSyncIsAchievedAndNotifiesTheIgpAtExpiry)
{
    Rig r;
    r.m.set_delay(10s);
    r.configure();
    r.m.igp_adjacency(true);
    Effects fx = r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    EXPECT_THAT(actions_of(fx), ElementsAre(Action::start_delay));
    EXPECT_EQ(r.m.state(), State::delay_running);
    EXPECT_EQ(r.m.contract_state(), ContractState::delay_running);
    EXPECT_TRUE(r.m.advertise_max_metric());  // the IGP has not been told yet
    EXPECT_TRUE(r.m.usable());                // labels are exchanged: forwarding is safe

    r.advance(9999ms);
    EXPECT_EQ(r.m.state(), State::delay_running);
    fx = r.advance(1ms);
    EXPECT_EQ(r.m.state(), State::achieved);
    EXPECT_THAT(actions_of(fx), ElementsAre(Action::cancel_costout, Action::igp_normal_metric));
    EXPECT_EQ(r.m.counters().delay_expired, 1u);
}

// ¶2 bullet 2: "If you did not configure a delay time, ... LDP ... immediately notifies".
TEST(GuideDelayTimer, NoDelayConfiguredNotifiesImmediately)
{
    Rig r;
    r.configure();
    r.m.igp_adjacency(true);
    Effects fx = r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    EXPECT_EQ(r.m.state(), State::achieved);
    EXPECT_THAT(actions_of(fx), ElementsAre(Action::cancel_costout, Action::igp_normal_metric));
    EXPECT_FALSE(r.m.timer_running(TimerId::delay));
}

// ¶2 bullet 1, "checks that synchronization is still valid": a loss before expiry means the
// expiry never announces sync.
TEST(GuideDelayTimer, ValidityIsCheckedBeforeNotifying)
{
    Rig r;
    r.m.set_delay(10s);
    r.configure();
    r.m.igp_adjacency(true);
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    r.advance(5s);
    r.m.session_down();
    r.advance(20s);
    EXPECT_EQ(r.m.state(), State::max_metric);
    EXPECT_TRUE(r.m.advertise_max_metric());
    EXPECT_EQ(r.m.counters().delay_expired, 0u);
}

// ¶3: "If you configure a new delay time while a timer is running, LDP saves the new delay time
// but does not reconfigure the running timer."
TEST(GuideDelayTimer, NewValueIsSavedNotAppliedToTheRunningTimer)
{
    Rig r;
    r.m.set_delay(10s);
    r.configure();
    r.m.igp_adjacency(true);
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    r.advance(3s);
    Effects fx = r.m.set_delay(30s);
    EXPECT_TRUE(fx.ok());
    EXPECT_TRUE(actions_of(fx).empty());
    EXPECT_EQ(r.m.inputs().delay, 30s);
    EXPECT_EQ(r.m.remaining(TimerId::delay), 7s);
    EXPECT_EQ(r.m.armed_for(TimerId::delay), 10s);
    r.advance(7s);
    EXPECT_EQ(r.m.state(), State::achieved);

    // The saved value applies the next time sync is achieved.
    r.m.session_down();
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    EXPECT_EQ(r.m.remaining(TimerId::delay), 30s);
}

// ¶1: "no mpls ldp igp sync delay ... sets the delay time to 0 seconds, but leaves MPLS LDP IGP
// synchronization enabled."
TEST(GuideDelayTimer, NoDelayCommandSetsZeroAndKeepsSyncEnabled)
{
    Rig r;
    r.m.set_delay(10s);
    r.configure();
    r.m.set_delay(0s);
    EXPECT_EQ(r.m.inputs().delay, 0s);
    EXPECT_TRUE(r.m.sync_configured());
    EXPECT_TRUE(r.m.sync_required());
    EXPECT_EQ(r.m.state(), State::max_metric);
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    EXPECT_EQ(r.m.state(), State::achieved);
}

// ¶2 bullet 2: "if synchronization is disabled ..., LDP stops the timer and immediately notifies".
TEST(GuideDelayTimer, SyncDisabledStopsTheTimerAndNotifiesAtOnce)
{
    for (bool on_interface : {false, true}) {
        Rig r;
        r.m.set_delay(10s);
        r.configure();
        r.m.igp_adjacency(true);
        r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
        Effects fx = on_interface ? r.m.set_interface_sync(false) : r.m.set_process_sync(false);
        EXPECT_EQ(r.m.state(), State::disabled);
        EXPECT_FALSE(r.m.timer_running(TimerId::delay));
        EXPECT_FALSE(r.m.advertise_max_metric());
        EXPECT_THAT(actions_of(fx),
                    ElementsAre(Action::cancel_delay, Action::cancel_costout, Action::igp_normal_metric));
        EXPECT_FALSE(r.m.next_deadline().has_value());
    }
}

// ¶2 bullet 2: "if synchronization is ... down, LDP stops the timer and immediately notifies".
TEST(GuideDelayTimer, SyncDownStopsTheTimerAndNotifiesAtOnce)
{
    Rig r;
    r.m.set_delay(10s);
    r.configure();
    r.m.igp_adjacency(true);
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    Effects fx = r.m.session_down();
    EXPECT_THAT(actions_of(fx), ElementsAre(Action::cancel_delay));
    EXPECT_FALSE(r.m.timer_running(TimerId::delay));
    EXPECT_EQ(r.m.contract_state(), ContractState::not_achieved);
    EXPECT_FALSE(r.m.usable());
}

// ¶2 bullet 2: "if an interface was removed from an IGP process, LDP stops the timer and
// immediately notifies".
TEST(GuideDelayTimer, InterfaceRemovedFromTheIgpStopsTheTimerAndNotifiesAtOnce)
{
    Rig r;
    r.m.set_delay(10s);
    r.configure();
    r.m.igp_adjacency(true);
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    Effects fx = r.m.set_in_igp(false);
    EXPECT_EQ(r.m.state(), State::disabled);
    EXPECT_FALSE(r.m.timer_running(TimerId::delay));
    EXPECT_THAT(actions_of(fx),
                ElementsAre(Action::cancel_delay, Action::cancel_costout, Action::igp_normal_metric));
}

// "mpls ldp igp sync delay": 5 to 60 seconds (Cisco command reference); 0 is the no form.
TEST(GuideDelayTimer, RangeIsFiveToSixtySeconds)
{
    Rig r;
    EXPECT_EQ(r.m.set_delay(4s).errors.at(0).code, ErrorCode::delay_out_of_range);
    EXPECT_FALSE(r.m.set_delay(61s).ok());
    EXPECT_TRUE(r.m.set_delay(5s).ok());
    EXPECT_TRUE(r.m.set_delay(60s).ok());
    EXPECT_TRUE(r.m.set_delay(0s).ok());
}

// ======== MPLS LDP-IGP Synchronization Incompatibility with IGP Nonstop Forwarding ==============

// "not supported during the startup period if IGP nonstop forwarding (NSF) is configured".
TEST(GuideNsfIncompatibility, SyncIsNotAppliedDuringNsfStartup)
{
    Rig r;
    r.m.nsf_startup(true);
    r.configure();
    EXPECT_EQ(r.m.state(), State::nsf_suspended);
    EXPECT_EQ(r.m.contract_state(), ContractState::nsf_suspended);
    r.m.peer_reachability(true);
    EXPECT_TRUE(r.m.may_bring_up_adjacency());
    r.m.igp_adjacency(true);
    EXPECT_FALSE(r.m.advertise_max_metric());
    EXPECT_TRUE(r.m.usable());
}

TEST(GuideNsfIncompatibility, NsfStartupSuspendsARunningSync)
{
    Rig r;
    r.m.set_holddown(5000ms);
    r.configure();
    r.m.peer_reachability(true);
    ASSERT_TRUE(r.m.timer_running(TimerId::holddown));
    Effects fx = r.m.nsf_startup(true);
    EXPECT_EQ(r.m.state(), State::nsf_suspended);
    EXPECT_FALSE(r.m.timer_running(TimerId::holddown));
    EXPECT_THAT(actions_of(fx), ElementsAre(Action::cancel_holddown, Action::cancel_costout,
                                            Action::igp_normal_metric, Action::igp_release_adjacency));
}

// "After the NSF startup is complete, the MPLS LDP-IGP Synchronization feature is supported."
TEST(GuideNsfIncompatibility, SyncAppliesOnceNsfStartupCompletes)
{
    Rig unsynced;
    unsynced.m.nsf_startup(true);
    unsynced.configure();
    unsynced.m.igp_adjacency(true);
    unsynced.m.nsf_startup(false);
    EXPECT_EQ(unsynced.m.state(), State::max_metric);
    EXPECT_TRUE(unsynced.m.advertise_max_metric());
    EXPECT_FALSE(unsynced.m.usable());

    Rig waiting;
    waiting.m.nsf_startup(true);
    waiting.configure();
    waiting.m.peer_reachability(true);
    waiting.m.nsf_startup(false);
    EXPECT_EQ(waiting.m.state(), State::holding_down);

    Rig synced;
    synced.m.nsf_startup(true);
    synced.configure();
    synced.m.igp_adjacency(true);
    synced.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    EXPECT_EQ(synced.m.state(), State::nsf_suspended);
    Effects fx = synced.m.nsf_startup(false);
    EXPECT_EQ(synced.m.state(), State::achieved);
    // Normal metric and forwarding throughout; only the contract state moves.
    EXPECT_FALSE(fx.after.advertise_max_metric);
    EXPECT_EQ(fx.before.usable, fx.after.usable);
    EXPECT_EQ(fx.before.contract, ContractState::nsf_suspended);
    EXPECT_EQ(fx.after.contract, ContractState::achieved);
}

// ======== MPLS LDP-IGP Synchronization Compatibility with LDP Graceful Restart ===================

void make_synced(Rig& r)
{
    r.m.set_delay(10s);
    r.configure();
    r.m.igp_adjacency(true);
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    r.advance(10s);
}

// "MPLS LDP-IGP synchronization is still achieved on the interface while it is protected by
// Graceful Restart", including when the interface itself fails.
TEST(GuideGrCompatibility, SyncStaysAchievedWhileProtected)
{
    Rig r;
    r.configure();
    r.m.igp_adjacency(true);
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    Effects fx = r.m.session_down_gr(120s);
    EXPECT_EQ(r.m.state(), State::gr_reconnect);
    EXPECT_EQ(r.m.contract_state(), ContractState::gr_protected);
    EXPECT_EQ(fx.before.advertise_max_metric, fx.after.advertise_max_metric);
    EXPECT_EQ(fx.before.usable, fx.after.usable);
    EXPECT_FALSE(r.m.advertise_max_metric());
    EXPECT_TRUE(r.m.usable());
    r.m.igp_adjacency(false);  // the interface fails
    EXPECT_EQ(r.m.state(), State::gr_reconnect);
    EXPECT_FALSE(r.m.usable());  // no adjacency, nothing to forward on
    r.m.igp_adjacency(true);
    EXPECT_TRUE(r.m.usable());
    EXPECT_EQ(r.m.counters().gr_protected, 1u);
}

// "If LDP fails to restart before the LDP Graceful Restart reconnect timer expires."
TEST(GuideGrCompatibility, LostWhenTheReconnectTimerExpires)
{
    Rig r;
    r.configure();
    r.m.igp_adjacency(true);
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    r.m.session_down_gr(120s);
    r.advance(119s);
    EXPECT_EQ(r.m.state(), State::gr_reconnect);
    Effects fx = r.advance(1s);
    EXPECT_EQ(r.m.state(), State::max_metric);
    EXPECT_THAT(actions_of(fx), ElementsAre(Action::igp_max_metric, Action::start_costout));
    EXPECT_FALSE(r.m.usable());
    EXPECT_EQ(r.m.counters().gr_reconnect_expired, 1u);
    EXPECT_EQ(r.m.counters().sync_lost, 1u);
}

// "If an LDP session restarts through other interfaces, but the LDP session on the protected
// interface fails to recover when the LDP Graceful Restart recovery timer expires."
TEST(GuideGrCompatibility, LostWhenTheRecoveryTimerExpiresWithoutRecoveryOnThisInterface)
{
    Rig r;
    r.configure();
    r.m.igp_adjacency(true);
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    r.m.session_down_gr(120s);
    r.advance(30s);
    r.m.session_reconnected(60s);  // back through another interface
    EXPECT_EQ(r.m.state(), State::gr_recovery);
    EXPECT_FALSE(r.m.timer_running(TimerId::reconnect));
    EXPECT_FALSE(r.m.advertise_max_metric());
    r.advance(60s);
    EXPECT_EQ(r.m.state(), State::max_metric);
    EXPECT_TRUE(r.m.advertise_max_metric());
    EXPECT_EQ(r.m.counters().gr_recovery_expired, 1u);
}

// Recovery on this interface in time: sync was never lost, so no delay and no metric change.
TEST(GuideGrCompatibility, RecoveryOnThisInterfaceKeepsSyncWithoutADelay)
{
    Rig r;
    make_synced(r);
    ASSERT_EQ(r.m.state(), State::achieved);
    r.m.session_down_gr(120s);
    r.m.session_reconnected(60s);
    Effects fx = r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    EXPECT_EQ(r.m.state(), State::achieved);
    EXPECT_THAT(actions_of(fx), ElementsAre(Action::cancel_recovery));
    EXPECT_FALSE(fx.before.advertise_max_metric);
    EXPECT_FALSE(fx.after.advertise_max_metric);
    EXPECT_EQ(fx.before.usable, fx.after.usable);
    EXPECT_FALSE(r.m.next_deadline().has_value());
    EXPECT_EQ(r.m.counters().sync_achieved, 1u);  // the GR recovery is not a new achievement
}

TEST(GuideGrCompatibility, LossWithoutGrProtectionIsImmediate)
{
    Rig r;
    make_synced(r);
    r.m.session_down();
    EXPECT_EQ(r.m.state(), State::max_metric);
    EXPECT_FALSE(r.m.usable());
}

// ======== RFC 5443 §4: persistent cost-out alert ================================================

TEST(Rfc5443CostOut, AlertsOnceWhenALinkStaysAtMaxMetric)
{
    Rig r;
    r.m.set_costout_alert(180s);
    r.configure();
    r.m.igp_adjacency(true);
    r.advance(179s);
    EXPECT_EQ(r.m.counters().costout_alerts, 0u);
    Effects fx = r.advance(1s);
    EXPECT_TRUE(fx.costout_alert());
    EXPECT_EQ(r.m.counters().costout_alerts, 1u);
    EXPECT_EQ(r.m.state(), State::max_metric);
    r.advance(std::chrono::hours{1});
    EXPECT_EQ(r.m.counters().costout_alerts, 1u);  // once per cost-out period

    // A new period after sync and a new loss.
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    r.m.session_down();
    r.advance(180s);
    EXPECT_EQ(r.m.counters().costout_alerts, 2u);
}

TEST(Rfc5443CostOut, CostOutPeriodSpansHoldingAndMaxMetric)
{
    Rig r;
    r.m.set_costout_alert(60s);
    r.m.set_holddown(30000ms);
    r.configure();
    r.m.peer_reachability(true);
    r.advance(30s);  // holddown expires: holding_down -> max_metric, alert timer keeps running
    EXPECT_EQ(r.m.state(), State::max_metric);
    EXPECT_EQ(r.m.remaining(TimerId::costout), 30s);
    r.advance(30s);
    EXPECT_EQ(r.m.counters().costout_alerts, 1u);
}

TEST(Rfc5443CostOut, NoAlertWhenSyncedInTimeOrWhenSwitchedOff)
{
    Rig r;
    r.configure();
    r.m.igp_adjacency(true);
    r.advance(100s);
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    r.advance(std::chrono::hours{1});
    EXPECT_EQ(r.m.counters().costout_alerts, 0u);

    Rig off;
    off.m.set_costout_alert(std::nullopt);
    off.configure();
    off.advance(std::chrono::hours{1});
    EXPECT_EQ(off.m.counters().costout_alerts, 0u);
    EXPECT_FALSE(off.m.timer_running(TimerId::costout));
}

}  // namespace
}  // namespace ldpsync::sync
