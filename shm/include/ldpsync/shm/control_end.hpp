#pragma once
// The control process's end of the contract: it creates and owns the segment, writes the
// link table and the update channel, and reads events and counters.

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ldpsync/shm/counters.hpp"
#include "ldpsync/shm/error.hpp"
#include "ldpsync/shm/layout.hpp"
#include "ldpsync/shm/records.hpp"

namespace ldpsync::shm {

namespace os {
class Mapping;
}

struct ControlOptions {
    // How long a full update queue may block the writer before it gives up on incremental
    // updates and asks for a full resync instead.
    std::chrono::microseconds full_queue_wait{50'000};
};

// Writer side of the update channel. Records are batched locally and pushed with one index
// update per batch (each index update costs a cache-line transfer to the reader's core).
class UpdateWriter {
public:
    UpdateWriter(SegmentView view, std::chrono::microseconds full_queue_wait, int fd);

    // Queues a record; false once the channel has overflowed (a full resync is then owed).
    bool push(UpdateRecord record);
    // Makes everything pushed so far visible to the reader; false on overflow.
    bool flush();
    // Starts a full replay: clears the overflow state and restarts the sequence numbers.
    bool begin_resync(std::uint64_t token);

    bool overflowed() const { return overflowed_; }
    std::uint64_t records_pushed() const { return records_pushed_; }

private:
    bool wait_for_room_or_overflow(std::uint64_t started_ns);
    void overflow();

    static constexpr std::size_t kBatch = 64;
    SegmentView view_;
    std::chrono::microseconds full_queue_wait_;
    int fd_;
    std::array<UpdateRecord, kBatch> batch_{};
    std::size_t batched_ = 0;
    std::uint32_t next_seq_ = 0;
    bool overflowed_ = false;
    std::uint64_t records_pushed_ = 0;
};

class ControlEnd {
public:
    static Outcome<ControlEnd> create(std::string_view instance, ControlOptions options = {});
    // Deletes the segment name; mappings already held stay valid until unmapped.
    static bool remove(std::string_view instance);

    ControlEnd(ControlEnd&&) noexcept;
    ControlEnd& operator=(ControlEnd&&) noexcept;
    ~ControlEnd();

    const std::string& instance() const { return instance_; }
    std::uint64_t epoch() const;
    // True when this writer took over a segment left by a previous control process: the
    // data plane keeps forwarding on old state until this writer's replay sweeps it.
    bool took_over() const { return took_over_; }

    // Link table. Going unusable closes the gate before the record changes, going usable
    // opens it after, so a worker never forwards on a link whose record says unusable.
    void publish_link(const LinkRecord& record);
    void clear_link(std::uint32_t link_id);
    std::optional<LinkRecord> link(std::uint32_t link_id) const;

    UpdateWriter& updates() { return *writer_; }

    bool poll_event(EventRecord& out);

    CounterValues link_counters(std::uint32_t link_id) const;
    CounterValues worker_link_counters(std::uint32_t worker, std::uint32_t link_id) const;

    // The label ledger: the FEC of every local label this control process has bound, kept in
    // the segment so that a successor that takes the segment over can bind the same FECs to
    // the same labels (RFC 3478 section 3.5: the labels the data plane still forwards on).
    void record_local_label(std::uint32_t label, const LedgerFec& fec);
    void clear_local_label(std::uint32_t label);
    // Every recorded label, in label order (reads the whole ledger: for start-up).
    std::vector<LedgerEntry> local_labels() const;

    void heartbeat();
    bool reader_attached() const;
    SegmentHeader& header() const { return view_.header(); }
    SegmentView view() const { return view_; }

private:
    ControlEnd(std::string instance, std::unique_ptr<os::Mapping> mapping, bool took_over,
               ControlOptions options);

    std::string instance_;
    std::unique_ptr<os::Mapping> mapping_;
    SegmentView view_;
    bool took_over_;
    std::unique_ptr<UpdateWriter> writer_;
};

}  // namespace ldpsync::shm
