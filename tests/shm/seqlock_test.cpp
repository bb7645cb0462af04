// The seqlock cell and the counter blocks: values round-trip, torn reads are refused, and a
// reader racing a writer thread never accepts a mixed record.

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

#include "ldpsync/shm/counters.hpp"
#include "ldpsync/shm/records.hpp"
#include "ldpsync/shm/seqlock.hpp"

namespace ldpsync::shm {
namespace {

LinkRecord patterned(std::uint64_t g) {
    LinkRecord r{};
    r.link_id = static_cast<std::uint32_t>(g);
    r.ospf_metric = static_cast<std::uint32_t>(g * 3);
    r.isis_metric = static_cast<std::uint32_t>(g * 5);
    for (std::size_t i = 0; i < r.neighbor_mac.size(); ++i) {
        r.neighbor_mac[i] = static_cast<std::uint8_t>(g >> (i * 3));
    }
    r.generation = g;
    return r;
}

bool consistent(const LinkRecord& r) { return r == patterned(r.generation); }

TEST(Seqlock, StoreThenLoad) {
    auto cell = std::make_unique<SeqlockCell<LinkRecord>>();
    const auto v = patterned(42);
    cell->store(v);
    EXPECT_EQ(cell->sequence(), 2u);
    auto out = cell->load();
    ASSERT_TRUE(out);
    EXPECT_EQ(*out, v);
}

TEST(Seqlock, OddSequenceIsRefusedThenRepaired) {
    auto cell = std::make_unique<SeqlockCell<LinkRecord>>();
    cell->store(patterned(1));
    reinterpret_cast<std::atomic<std::uint32_t>*>(cell.get())->store(3);
    LinkRecord out;
    EXPECT_FALSE(cell->try_load(out));
    EXPECT_FALSE(cell->load(16).has_value());  // bounded: does not hang
    cell->repair();
    EXPECT_EQ(cell->sequence(), 4u);
    EXPECT_TRUE(cell->load().has_value());
}

TEST(Seqlock, ConcurrentReaderNeverSeesATornRecord) {
    auto cell = std::make_unique<SeqlockCell<LinkRecord>>();
    cell->store(patterned(0));
    std::atomic<bool> done{false};
    std::atomic<std::uint64_t> reads{0};
    std::uint64_t torn = 0, last = 0, backwards = 0;
    std::thread reader([&] {
        while (!done.load(std::memory_order_relaxed)) {
            if (auto r = cell->load()) {
                reads.fetch_add(1, std::memory_order_relaxed);
                torn += consistent(*r) ? 0 : 1;
                backwards += r->generation < last ? 1 : 0;
                last = r->generation;
            }
        }
    });
    // Keep writing until the reader has raced a good number of writes (bounded).
    for (std::uint64_t g = 1; g <= 200'000 || (reads.load() < 10'000 && g < 100'000'000); ++g) {
        cell->store(patterned(g));
    }
    done = true;
    reader.join();
    EXPECT_GE(reads.load(), 10'000u);
    EXPECT_EQ(torn, 0u);
    EXPECT_EQ(backwards, 0u);
}

TEST(Counters, AddAndSnapshot) {
    auto block = std::make_unique<CounterBlock>();
    CounterValues delta{};
    delta[static_cast<std::size_t>(Counter::rx)] = 32;
    delta[static_cast<std::size_t>(Counter::tx)] = 30;
    delta[static_cast<std::size_t>(Counter::dropped_unsynced)] = 2;
    block->add(delta);
    block->add(delta);
    const auto snap = block->snapshot();
    EXPECT_EQ(snap[static_cast<std::size_t>(Counter::rx)], 64u);
    EXPECT_EQ(snap[static_cast<std::size_t>(Counter::tx)], 60u);
    EXPECT_EQ(snap[static_cast<std::size_t>(Counter::dropped_unsynced)], 4u);
    EXPECT_EQ(snap[static_cast<std::size_t>(Counter::ttl_expired)], 0u);
}

TEST(Counters, SnapshotIsConsistentUnderConcurrentAdds) {
    auto block = std::make_unique<CounterBlock>();
    std::atomic<bool> done{false};
    std::atomic<std::uint64_t> snaps{0};
    std::uint64_t inconsistent = 0;
    std::thread reader([&] {
        while (!done.load(std::memory_order_relaxed)) {
            const auto s = block->snapshot();
            snaps.fetch_add(1, std::memory_order_relaxed);
            const auto rx = s[static_cast<std::size_t>(Counter::rx)];
            const auto tx = s[static_cast<std::size_t>(Counter::tx)];
            const auto drop = s[static_cast<std::size_t>(Counter::no_binding)];
            inconsistent += (rx == tx + drop) ? 0 : 1;
        }
    });
    CounterValues delta{};
    delta[static_cast<std::size_t>(Counter::rx)] = 32;
    delta[static_cast<std::size_t>(Counter::tx)] = 31;
    delta[static_cast<std::size_t>(Counter::no_binding)] = 1;
    for (std::uint64_t i = 0; i < 200'000 || (snaps.load() < 10'000 && i < 100'000'000); ++i) {
        block->add(delta);
    }
    done = true;
    reader.join();
    EXPECT_GE(snaps.load(), 10'000u);
    EXPECT_EQ(inconsistent, 0u);
}

TEST(Counters, DeadWriterDoesNotHangTheReader) {
    auto block = std::make_unique<CounterBlock>();
    CounterValues delta{};
    delta[0] = 7;
    block->add(delta);
    reinterpret_cast<std::atomic<std::uint32_t>*>(block.get())->store(3);  // died mid-add
    EXPECT_EQ(block->snapshot(std::chrono::milliseconds(5))[0], 7u);
    block->repair();
    EXPECT_EQ(block->snapshot()[0], 7u);
}

TEST(Counters, EveryCounterHasAName) {
    for (std::size_t i = 0; i < kCounterCount; ++i) {
        EXPECT_NE(to_string(static_cast<Counter>(i)), "unknown") << i;
    }
}

}  // namespace
}  // namespace ldpsync::shm
