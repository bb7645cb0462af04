// The helper side of RFC 3478 on a manual clock: the negotiated reconnect and recovery times
// (min of ours and the peer's FT Session values), the sweeps, and adjacencies lost while
// protected reported gone when protection ends without them.

#include <gtest/gtest.h>

#include "graceful_restart.hpp"

namespace ldpsync::ldp {
namespace {

using namespace std::chrono_literals;
using Why = GrHelper::Ended::Why;

const Fec kA{0x0a010000, 16};
const Fec kB{0x0a020000, 16};

FtSessionTlv ft(std::uint32_t reconnect_ms, std::uint32_t recovery_ms) {
    FtSessionTlv t;
    t.flags = 0x0001;  // L
    t.reconnect_timeout_ms = reconnect_ms;
    t.recovery_time_ms = recovery_ms;
    return t;
}

class GrHelperTest : public ::testing::Test {
protected:
    // Protection ends exactly `d` from now: not a millisecond before.
    GrHelper::Ended ends_after(sync::Duration d) {
        clock_.advance(d - 1ms);
        gr_.poll();
        EXPECT_FALSE(gr_.take_ended().has_value());
        EXPECT_TRUE(gr_.protecting());
        clock_.advance(1ms);
        gr_.poll();
        auto e = gr_.take_ended();
        EXPECT_TRUE(e.has_value());
        return e.value_or(GrHelper::Ended{});
    }

    sync::ManualClock clock_;
    GrHelper gr_{clock_};
};

TEST_F(GrHelperTest, ReconnectTimeIsTheSmallerOfOursAndThePeers) {
    EXPECT_EQ(gr_.session_lost(120s, ft(30'000, 0), {kA}), 30s);
    EXPECT_EQ(gr_.next_deadline(), clock_.now() + 30s);
    GrHelper other(clock_);
    EXPECT_EQ(other.session_lost(20s, ft(30'000, 0), {kA}), 20s);
}

TEST_F(GrHelperTest, NoReconnectionInTimeRemovesEverythingAndReportsLostAdjacenciesGone) {
    gr_.session_lost(120s, ft(30'000, 0), {kA, kB});
    EXPECT_TRUE(gr_.adjacency_down(7));  // the restarting peer's Hellos stop too
    EXPECT_TRUE(gr_.adjacency_down(8));
    gr_.adjacency_up(8);                 // back on 8, not on 7
    const auto e = ends_after(30s);
    EXPECT_EQ(e.why, Why::reconnect_expired);
    EXPECT_TRUE(e.all_bindings);
    EXPECT_EQ(e.gone, std::set<GrHelper::Ifindex>{7});
    EXPECT_FALSE(gr_.protecting());
    EXPECT_FALSE(gr_.next_deadline().has_value());
    EXPECT_FALSE(gr_.adjacency_down(7));  // no longer protected: the caller reports it at once
    EXPECT_EQ(gr_.last_sweep(), "no reconnection in time");
}

TEST_F(GrHelperTest, RecoveryIsTheSmallerOfOursAndThePeersAndSweepsWhatWasNotRefreshed) {
    gr_.session_lost(120s, ft(120'000, 0), {kA, kB});
    gr_.adjacency_down(7);
    clock_.advance(10s);
    EXPECT_EQ(gr_.reconnected(60s, ft(120'000, 5'000)), 5s);
    EXPECT_TRUE(gr_.recovering());
    EXPECT_FALSE(gr_.adjacency_down(8));  // the session is up: a loss now is an ordinary one
    gr_.refreshed(kA);
    const auto e = ends_after(5s);
    EXPECT_EQ(e.why, Why::recovery_over);
    EXPECT_FALSE(e.all_bindings);
    EXPECT_EQ(e.stale, std::set<Fec>{kB});
    EXPECT_EQ(e.gone, std::set<GrHelper::Ifindex>{7});  // reconnected, but not over 7
}

TEST_F(GrHelperTest, EndOfLibEndsRecoveryEarly) {
    gr_.session_lost(120s, ft(120'000, 0), {kA});
    EXPECT_EQ(gr_.reconnected(60s, ft(120'000, 60'000)), 60s);
    gr_.end_of_lib();
    const auto e = gr_.take_ended();
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->why, Why::end_of_lib);
    EXPECT_EQ(e->stale, std::set<Fec>{kA});
    EXPECT_TRUE(e->gone.empty());
}

TEST_F(GrHelperTest, PeerThatKeptNoStateIsSweptAtReconnection) {
    gr_.session_lost(120s, ft(120'000, 0), {kA});
    EXPECT_EQ(gr_.reconnected(60s, std::nullopt), 0ms);  // no FT Session on the new session
    const auto e = gr_.take_ended();
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->why, Why::no_state);
    EXPECT_EQ(e->stale, std::set<Fec>{kA});
}

TEST_F(GrHelperTest, SessionClosedWithoutGracefulRestartGivesBackTheLostAdjacencies) {
    gr_.session_lost(120s, ft(30'000, 0), {kA});
    gr_.adjacency_down(7);
    gr_.reconnected(60s, ft(30'000, 60'000));
    EXPECT_EQ(gr_.forget(), std::set<GrHelper::Ifindex>{7});
    EXPECT_FALSE(gr_.protecting());
    EXPECT_TRUE(gr_.stale().empty());
    gr_.poll();
    EXPECT_FALSE(gr_.take_ended().has_value());
}

TEST_F(GrHelperTest, ReconnectionNotAwaitedIsNothing) {
    EXPECT_FALSE(gr_.reconnected(60s, ft(1, 1)).has_value());
    gr_.end_of_lib();
    EXPECT_FALSE(gr_.take_ended().has_value());
}

TEST_F(GrHelperTest, LossDuringRecoveryWaitsForAReconnectionAgainAndKeepsLostAdjacencies) {
    gr_.session_lost(120s, ft(30'000, 0), {kA});
    gr_.adjacency_down(7);
    gr_.reconnected(60s, ft(30'000, 60'000));
    EXPECT_EQ(gr_.session_lost(120s, ft(30'000, 0), {kA, kB}), 30s);
    EXPECT_TRUE(gr_.reconnecting());
    EXPECT_FALSE(gr_.recovering());
    EXPECT_EQ(ends_after(30s).gone, std::set<GrHelper::Ifindex>{7});
}

}  // namespace
}  // namespace ldpsync::ldp
