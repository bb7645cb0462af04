#pragma once
// Where everything sits in the segment. Offsets are computed here, at compile time, and
// written into the header's section table so an attach from another build is refused.

#include <algorithm>
#include <atomic>
#include <cstdint>

#include <boost/lockfree/spsc_queue.hpp>

#include "ldpsync/shm/constants.hpp"
#include "ldpsync/shm/counters.hpp"
#include "ldpsync/shm/records.hpp"
#include "ldpsync/shm/seqlock.hpp"

namespace ldpsync::shm {

// Compile-time capacity keeps the ring's storage inline (no heap pointer), which is what
// lets it live in a segment mapped at different addresses in two processes.
using UpdateQueue =
    boost::lockfree::spsc_queue<UpdateRecord, boost::lockfree::capacity<kUpdateQueueSlots>>;
using EventQueue =
    boost::lockfree::spsc_queue<EventRecord, boost::lockfree::capacity<kEventQueueSlots>>;
using LinkCell = SeqlockCell<LinkRecord>;

static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
static_assert(std::atomic<std::size_t>::is_always_lock_free);
static_assert(std::atomic<std::uint8_t>::is_always_lock_free);

struct SectionTable {
    std::uint64_t gates_offset;
    std::uint64_t links_offset;
    std::uint64_t updates_offset;
    std::uint64_t events_offset;
    std::uint64_t counters_offset;
    std::uint32_t link_capacity;
    std::uint32_t max_workers;
    std::uint32_t update_slots;
    std::uint32_t event_slots;
    std::uint32_t link_cell_size;
    std::uint32_t update_record_size;
    std::uint32_t event_record_size;
    std::uint32_t counter_count;
    std::uint64_t ledger_offset;
    std::uint64_t ledger_slots;
    bool operator==(const SectionTable&) const = default;
};

struct alignas(kCacheLine) SegmentHeader {
    // Immutable after creation. magic is written last, with release, so a reader that sees
    // it also sees a fully built segment.
    std::atomic<std::uint64_t> magic;
    std::uint32_t layout_version;
    std::uint32_t header_size;
    std::uint64_t total_size;
    SectionTable sections;

    // Written by the control process (the writer).
    alignas(kCacheLine) std::atomic<std::uint64_t> writer_epoch;
    std::atomic<std::int64_t> writer_pid;
    std::atomic<std::uint64_t> writer_heartbeat_ns;  // CLOCK_MONOTONIC
    std::atomic<std::uint64_t> committed_generation;
    std::atomic<std::uint64_t> overflow_count;  // queue full past the wait bound
    std::atomic<std::uint64_t> replay_count;    // full replays sent

    // Written by the data plane (the reader).
    alignas(kCacheLine) std::atomic<std::int64_t> reader_pid;
    std::atomic<std::uint64_t> reader_heartbeat_ns;  // CLOCK_MONOTONIC
    std::atomic<std::uint64_t> applied_generation;
    std::atomic<std::uint64_t> reader_attach_count;
    std::atomic<std::uint64_t> sequence_gap_count;  // updates found missing: each forced a resync
    std::atomic<std::uint64_t> seen_epoch;          // writer epoch of the last replay applied
};

struct Layout {
    static constexpr std::size_t header = 0;
    static constexpr std::size_t gates = align_up(sizeof(SegmentHeader), kCacheLine);
    static constexpr std::size_t links = align_up(gates + kLinkCapacity, kCacheLine);
    static constexpr std::size_t updates =
        align_up(links + kLinkCapacity * sizeof(LinkCell), std::max(kCacheLine, alignof(UpdateQueue)));
    static constexpr std::size_t events =
        align_up(updates + sizeof(UpdateQueue), std::max(kCacheLine, alignof(EventQueue)));
    static constexpr std::size_t counters =
        align_up(events + sizeof(EventQueue), alignof(CounterBlock));
    // The label ledger (ControlEnd::record_local_label): page aligned, and left as the new
    // file's zero pages, so only the pages of labels in use ever take memory.
    static constexpr std::size_t ledger =
        align_up(counters + kMaxWorkers * kLinkCapacity * sizeof(CounterBlock), 4096);
    static constexpr std::size_t total = ledger + kLedgerSlots * sizeof(std::uint64_t);

    static constexpr SectionTable section_table() {
        return SectionTable{
            .gates_offset = gates,
            .links_offset = links,
            .updates_offset = updates,
            .events_offset = events,
            .counters_offset = counters,
            .link_capacity = kLinkCapacity,
            .max_workers = kMaxWorkers,
            .update_slots = kUpdateQueueSlots,
            .event_slots = kEventQueueSlots,
            .link_cell_size = sizeof(LinkCell),
            .update_record_size = sizeof(UpdateRecord),
            .event_record_size = sizeof(EventRecord),
            .counter_count = kCounterCount,
            .ledger_offset = ledger,
            .ledger_slots = kLedgerSlots,
        };
    }
};

// Typed views of a mapped segment; no ownership.
class SegmentView {
public:
    explicit SegmentView(std::byte* base) : base_(base) {}

    SegmentHeader& header() const { return *at<SegmentHeader>(Layout::header); }
    std::atomic<std::uint8_t>& gate(std::size_t link_id) const {
        return at<std::atomic<std::uint8_t>>(Layout::gates)[link_id];
    }
    LinkCell& link(std::size_t link_id) const { return at<LinkCell>(Layout::links)[link_id]; }
    UpdateQueue& updates() const { return *at<UpdateQueue>(Layout::updates); }
    EventQueue& events() const { return *at<EventQueue>(Layout::events); }
    CounterBlock& counters(std::size_t worker, std::size_t link_id) const {
        return at<CounterBlock>(Layout::counters)[worker * kLinkCapacity + link_id];
    }
    // One slot per label: 0 (free), or the FEC the control process bound it to. Written by
    // the control process only, one atomic store per slot, through std::atomic_ref.
    std::uint64_t& ledger_slot(std::uint32_t label) const { return at<std::uint64_t>(Layout::ledger)[label]; }
    std::byte* base() const { return base_; }

private:
    template <class T>
    T* at(std::size_t offset) const {
        return reinterpret_cast<T*>(base_ + offset);
    }
    std::byte* base_;
};

}  // namespace ldpsync::shm
