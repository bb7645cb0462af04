// The initial-label-exchange detector: End-of-LIB, all routed FECs bound plus a quiet period,
// or the upper bound, whichever fires first, on a manual clock.

#include <gtest/gtest.h>

#include "initial_exchange.hpp"

namespace ldpsync::ldp {
namespace {

using namespace std::chrono_literals;

class Exchange : public ::testing::Test {
protected:
    sync::ManualClock clock_;
    InitialLabelExchange x_{InitialLabelExchange::Settings{200ms, 10'000ms}, clock_};
    const Fec a_{0x0a000000, 24};
    const Fec b_{0x0a000100, 24};
};

TEST_F(Exchange, NothingBeforeTheSessionIsUp) {
    x_.mapping_received(a_);
    x_.end_of_lib();
    clock_.advance(1h);
    EXPECT_FALSE(x_.poll());
    EXPECT_FALSE(x_.next_deadline());
}

TEST_F(Exchange, EndOfLibFiresAtOnce) {
    x_.session_up();
    x_.routed_fecs({a_, b_});
    x_.mapping_received(a_);
    x_.end_of_lib();  // even with b unbound: the peer says it has sent everything
    EXPECT_EQ(x_.next_deadline(), clock_.now());
    EXPECT_EQ(x_.poll(), sync::SyncTrigger::end_of_lib);
    EXPECT_FALSE(x_.poll());  // reported once
    EXPECT_TRUE(x_.complete());
}

TEST_F(Exchange, AllRoutedBoundThenQuiet) {
    x_.session_up();
    x_.routed_fecs({a_, b_});
    clock_.advance(50ms);
    x_.mapping_received(a_);
    clock_.advance(300ms);
    EXPECT_FALSE(x_.poll()) << "b is routed through the peer and has no binding yet";
    EXPECT_EQ(x_.unbound_routed(), 1u);
    x_.mapping_received(b_);
    clock_.advance(199ms);
    EXPECT_FALSE(x_.poll()) << "a mapping arrived less than the quiet period ago";
    EXPECT_EQ(x_.next_deadline(), clock_.now() + 1ms);
    clock_.advance(1ms);
    EXPECT_EQ(x_.poll(), sync::SyncTrigger::fecs_bound_quiet);
}

TEST_F(Exchange, QuietPeriodRunsFromTheBatchTimeGiven) {
    x_.session_up();
    x_.routed_fecs({a_});
    const sync::TimePoint batch = clock_.now();
    clock_.advance(150ms);  // the batch was read at `batch` and is handled only now
    x_.mapping_received(a_, batch);
    EXPECT_EQ(x_.next_deadline(), batch + 200ms);
    clock_.advance(50ms);
    EXPECT_EQ(x_.poll(), sync::SyncTrigger::fecs_bound_quiet);
}

TEST_F(Exchange, UnboundRoutedFollowsMappingsWithdrawsAndNewRoutedSets) {
    x_.session_up();
    x_.mapping_received(b_);  // not routed through the peer yet
    x_.routed_fecs({a_});
    EXPECT_EQ(x_.unbound_routed(), 1u);
    x_.routed_fecs({a_, b_});  // b is already bound
    EXPECT_EQ(x_.unbound_routed(), 1u);
    x_.mapping_received(a_);
    x_.mapping_received(a_);  // again: counted once
    EXPECT_EQ(x_.unbound_routed(), 0u);
    x_.withdraw_received(b_);
    EXPECT_EQ(x_.unbound_routed(), 1u);
    x_.withdraw_received(b_);  // again: counted once
    EXPECT_EQ(x_.unbound_routed(), 1u);
    x_.withdraw_received(Fec{0x0b000000, 8});  // neither bound nor routed
    EXPECT_EQ(x_.unbound_routed(), 1u);
    x_.session_down();
    EXPECT_EQ(x_.unbound_routed(), 2u);
    x_.session_up();
    EXPECT_EQ(x_.bound(), 0u);
    EXPECT_EQ(x_.unbound_routed(), 2u);
}

TEST_F(Exchange, NoRoutedFecsMeansQuietPeriodFromSessionUp) {
    x_.session_up();
    clock_.advance(200ms);
    EXPECT_EQ(x_.poll(), sync::SyncTrigger::fecs_bound_quiet);
}

TEST_F(Exchange, UpperBoundWhenAFecNeverGetsBound) {
    x_.session_up();
    x_.routed_fecs({a_, b_});
    x_.mapping_received(a_);
    clock_.advance(9'999ms);
    EXPECT_FALSE(x_.poll());
    EXPECT_EQ(x_.next_deadline(), clock_.now() + 1ms);
    clock_.advance(1ms);
    EXPECT_EQ(x_.poll(), sync::SyncTrigger::upper_bound_timer);
}

TEST_F(Exchange, WithdrawUnbindsAndSessionDownResets) {
    x_.session_up();
    x_.routed_fecs({a_});
    x_.mapping_received(a_);
    x_.withdraw_received(a_);
    clock_.advance(300ms);
    EXPECT_FALSE(x_.poll());
    x_.session_down();
    EXPECT_FALSE(x_.session_is_up());
    x_.session_up();
    x_.mapping_received(a_);
    clock_.advance(200ms);
    EXPECT_EQ(x_.poll(), sync::SyncTrigger::fecs_bound_quiet);
}

TEST_F(Exchange, RibChangesAreTakenIntoAccount) {
    x_.session_up();
    x_.routed_fecs({a_});
    clock_.advance(500ms);
    EXPECT_FALSE(x_.poll());
    x_.routed_fecs({});  // the route moved away from this peer
    EXPECT_EQ(x_.poll(), sync::SyncTrigger::fecs_bound_quiet);
}

}  // namespace
}  // namespace ldpsync::ldp
