// The update channel and the replay protocol, with both ends in one process: incremental
// updates, sequence gaps, overflow, reader restart and writer takeover.

#include <gtest/gtest.h>

#include <optional>

#include "ldpsync/shm/control_end.hpp"
#include "ldpsync/shm/dataplane_end.hpp"
#include "ldpsync/shm/publisher.hpp"
#include "ldpsync/shm/tables.hpp"
#include "shm_test_util.hpp"

namespace ldpsync::shm {
namespace {

NextHop nexthop(std::uint32_t id, std::uint32_t label) {
    NextHop nh{};
    nh.nexthop_id = id;
    nh.link_id = static_cast<std::uint16_t>(id % 8);
    nh.n_labels = 1;
    nh.labels[0] = label;
    nh.neighbor_ipv4 = 0x0a000000u + id;
    nh.neighbor_mac = {0x02, 0, 0, 0, 0, static_cast<std::uint8_t>(id)};
    return nh;
}

NextHopGroup group(std::uint32_t id, std::initializer_list<std::uint32_t> members) {
    NextHopGroup g{};
    g.group_id = id;
    for (auto m : members) {
        g.members[g.n_members++] = m;
    }
    return g;
}

IlmEntry ilm(std::uint32_t label, std::uint32_t group_id) {
    return IlmEntry{.in_label = label, .group_id = group_id, .action = IlmAction::forward, .reserved = {}};
}

FtnEntry ftn(std::uint32_t prefix, std::uint8_t len, std::uint32_t group_id) {
    return FtnEntry{.prefix = prefix, .prefix_len = len, .reserved = {}, .group_id = group_id};
}

class Channel : public ::testing::Test {
protected:
    void SetUp() override { start_control(); }

    void start_control(ControlOptions options = {}) {
        publisher_.reset();
        control_.reset();
        auto c = ControlEnd::create(inst_.name(), options);
        ASSERT_TRUE(c) << c.error().message();
        control_.emplace(c.take());
        publisher_.emplace(*control_);
    }
    void attach() {
        dp_.reset();
        auto d = DataplaneEnd::attach(inst_.name());
        ASSERT_TRUE(d) << d.error().message();
        dp_.emplace(d.take());
        mirror_ = MirrorTables{};
    }
    // One round of both main loops.
    void pump() {
        for (int i = 0; i < 8; ++i) {
            publisher_->poll();
            dp_->poll_updates(mirror_, 1u << 20);
        }
    }
    void load_basic_state() {
        publisher_->set_nexthop(nexthop(1, 100));
        publisher_->set_nexthop(nexthop(2, 200));
        publisher_->set_group(group(10, {1, 2}));
        publisher_->set_ilm(ilm(16, 10));
        publisher_->set_ftn(ftn(0x0a010000, 16, 10));
        publisher_->commit();
    }

    test::ScopedInstance inst_{"chan"};
    std::optional<ControlEnd> control_;
    std::optional<ForwardingPublisher> publisher_;
    std::optional<DataplaneEnd> dp_;
    MirrorTables mirror_;
};

TEST_F(Channel, AttachGetsAFullReplay) {
    publisher_->mark_ready();
    load_basic_state();  // no reader yet: kept, not sent
    attach();
    EXPECT_EQ(dp_->reader().state(), ReaderState::waiting_for_replay);
    pump();
    EXPECT_EQ(dp_->reader().state(), ReaderState::synced);
    EXPECT_EQ(mirror_.tables(), publisher_->state());
    EXPECT_EQ(publisher_->applied_generation(), publisher_->generation());
    EXPECT_EQ(dp_->header().applied_generation.load(), publisher_->generation());
}

TEST_F(Channel, IncrementalUpdatesFollowTheReplay) {
    publisher_->mark_ready();
    attach();
    pump();
    load_basic_state();
    pump();
    EXPECT_EQ(mirror_.tables(), publisher_->state());
    publisher_->del_ftn(0x0a010000, 16);
    publisher_->set_ilm(ilm(16, 11));
    publisher_->set_group(group(11, {2}));
    publisher_->commit();
    pump();
    EXPECT_EQ(mirror_.tables(), publisher_->state());
    EXPECT_EQ(mirror_.tables().ftn.size(), 0u);
    EXPECT_EQ(mirror_.tables().ilm.at(16).group_id, 11u);
    EXPECT_EQ(dp_->reader().stats().sequence_gaps, 0u);
}

TEST_F(Channel, UnchangedSetsSendNothing) {
    publisher_->mark_ready();
    attach();
    pump();
    load_basic_state();
    pump();
    const auto before = control_->updates().records_pushed();
    publisher_->set_nexthop(nexthop(1, 100));
    publisher_->set_ilm(ilm(16, 10));
    publisher_->commit();
    EXPECT_EQ(control_->updates().records_pushed(), before + 1);  // just the commit
}

TEST_F(Channel, NotReadyHoldsTheReplay) {
    attach();
    pump();
    EXPECT_EQ(dp_->reader().state(), ReaderState::waiting_for_replay);
    load_basic_state();
    pump();
    EXPECT_EQ(mirror_.tables().size(), 0u);
    publisher_->mark_ready();
    pump();
    EXPECT_EQ(dp_->reader().state(), ReaderState::synced);
    EXPECT_EQ(mirror_.tables(), publisher_->state());
}

TEST_F(Channel, SequenceGapForcesAResync) {
    publisher_->mark_ready();
    attach();
    load_basic_state();
    pump();
    ASSERT_EQ(dp_->reader().state(), ReaderState::synced);
    // Lose a record behind the publisher's back: push one with a sequence from nowhere.
    UpdateRecord lost = UpdateRecord::ilm_set(ilm(99, 10));
    ASSERT_TRUE(control_->view().updates().push(lost));  // seq 0: not what the reader expects
    dp_->poll_updates(mirror_);
    EXPECT_EQ(dp_->reader().stats().sequence_gaps, 1u);
    EXPECT_EQ(dp_->header().sequence_gap_count.load(), 1u);
    pump();
    EXPECT_EQ(dp_->reader().state(), ReaderState::synced);
    EXPECT_EQ(mirror_.tables(), publisher_->state());
    EXPECT_EQ(mirror_.tables().ilm.count(99), 0u);
}

// In these overflow tests both ends share one thread, so a replay must fit in the queue:
// the state is 1000 labels, rewritten until the queue overflows.
TEST_F(Channel, OverflowWithoutAReaderIsCountedAndReplayedLater) {
    start_control(ControlOptions{.full_queue_wait = std::chrono::microseconds(2000)});
    publisher_->mark_ready();
    attach();
    pump();
    dp_.reset();  // reader gone: nobody drains
    for (std::uint32_t i = 0; i < kUpdateQueueSlots + 100; ++i) {
        publisher_->set_ilm(ilm(16 + i % 1000, i));
    }
    publisher_->commit();
    EXPECT_TRUE(publisher_->replay_owed());
    EXPECT_GE(control_->header().overflow_count.load(), 1u);
    attach();
    pump();
    for (int i = 0; i < 20 && (dp_->reader().state() != ReaderState::synced || publisher_->replay_owed()); ++i) {
        pump();
    }
    EXPECT_EQ(dp_->reader().state(), ReaderState::synced);
    EXPECT_FALSE(publisher_->replay_owed());
    EXPECT_EQ(mirror_.tables(), publisher_->state());
}

TEST_F(Channel, OverflowWithAStuckReaderWaitsThenGivesUp) {
    start_control(ControlOptions{.full_queue_wait = std::chrono::microseconds(2000)});
    publisher_->mark_ready();
    attach();
    pump();
    // The reader is attached but never polls: the writer waits its bound, then overflows.
    for (std::uint32_t i = 0; i < kUpdateQueueSlots + 100 && !publisher_->replay_owed(); ++i) {
        publisher_->set_ilm(ilm(16 + i % 1000, i));
    }
    publisher_->commit();
    EXPECT_TRUE(publisher_->replay_owed());
    EXPECT_EQ(control_->header().overflow_count.load(), 1u);
    // Once the reader drains, the replay brings it to the full state.
    for (int i = 0; i < 20 && (dp_->reader().state() != ReaderState::synced || publisher_->replay_owed()); ++i) {
        pump();
    }
    EXPECT_EQ(dp_->reader().state(), ReaderState::synced);
    EXPECT_FALSE(publisher_->replay_owed());
    EXPECT_EQ(mirror_.tables(), publisher_->state());
}

TEST_F(Channel, ReaderRestartDropsLeftoversAndConverges) {
    publisher_->mark_ready();
    attach();
    load_basic_state();
    pump();
    // Leave unread records in the queue, then replace the reader.
    publisher_->set_ftn(ftn(0x0a020000, 16, 10));
    publisher_->commit();
    attach();
    pump();
    EXPECT_GT(dp_->reader().stats().dropped_while_waiting, 0u);
    EXPECT_EQ(dp_->reader().state(), ReaderState::synced);
    EXPECT_EQ(mirror_.tables(), publisher_->state());
}

TEST_F(Channel, WriterTakeoverSweepsWhatTheNewWriterDoesNotHave) {
    publisher_->mark_ready();
    attach();
    load_basic_state();
    publisher_->set_ilm(ilm(17, 10));
    publisher_->commit();
    pump();
    ASSERT_EQ(mirror_.tables().ilm.size(), 2u);

    // The control process restarts with less state (label 17 is gone from its config).
    publisher_.reset();
    control_.reset();
    start_control();
    EXPECT_TRUE(control_->took_over());
    EXPECT_EQ(control_->epoch(), 2u);
    publisher_->set_nexthop(nexthop(1, 100));
    publisher_->set_nexthop(nexthop(2, 200));
    publisher_->set_group(group(10, {1, 2}));
    publisher_->set_ilm(ilm(16, 10));
    publisher_->set_ftn(ftn(0x0a010000, 16, 10));
    // Before ready, the data plane keeps forwarding on the old state.
    pump();
    EXPECT_EQ(mirror_.tables().ilm.size(), 2u);
    publisher_->mark_ready();
    pump();
    EXPECT_EQ(mirror_.tables(), publisher_->state());
    EXPECT_EQ(mirror_.tables().ilm.count(17), 0u);
    EXPECT_EQ(mirror_.swept(), 1u);
    EXPECT_EQ(dp_->header().seen_epoch.load(), 2u);
}

TEST_F(Channel, RecordsAreNamed) {
    EXPECT_EQ(to_string(UpdateKind::ilm_set), "ilm-set");
    EXPECT_EQ(to_string(UpdateKind::resync_begin), "resync-begin");
}

TEST(Tables, DigestIsOrderIndependentAndSensitive) {
    ForwardingTables a, b;
    a.ilm[16] = ilm(16, 1);
    a.ilm[17] = ilm(17, 2);
    b.ilm[17] = ilm(17, 2);
    b.ilm[16] = ilm(16, 1);
    EXPECT_EQ(a.digest(), b.digest());
    b.ilm[17].group_id = 3;
    EXPECT_NE(a.digest(), b.digest());
}

}  // namespace
}  // namespace ldpsync::shm
