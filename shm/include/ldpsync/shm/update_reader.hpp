#pragma once
// Reader side of the update channel: sequence checking and the replay protocol, applied to
// any table implementation (the data plane's FIB, or MirrorTables in tests).
//
//   waiting_for_replay --resync_begin--> in_replay --resync_end--> synced
//        ^                                   |                       |
//        +---------- sequence gap -----------+-----------------------+
//   synced --resync_begin--> in_replay  (writer-initiated: takeover or overflow)
//
// While waiting, everything but resync_begin is dropped: it may be a dead reader's leftovers
// or the middle of a stream whose beginning this reader never saw.

#include <array>
#include <concepts>
#include <cstdint>

#include "ldpsync/shm/layout.hpp"
#include "ldpsync/shm/records.hpp"

namespace ldpsync::shm {

template <class T>
concept UpdateSink = requires(T sink, const NextHop& nh, const NextHopGroup& g, const IlmEntry& ilm,
                              const FtnEntry& ftn, std::uint32_t id, std::uint8_t len, std::uint64_t gen) {
    sink.set_nexthop(nh);
    sink.del_nexthop(id);
    sink.set_group(g);
    sink.del_group(id);
    sink.set_ilm(ilm);
    sink.del_ilm(id);
    sink.set_ftn(ftn);
    sink.del_ftn(id, len);
    sink.begin_replay();  // mark everything stale
    sink.end_replay();    // sweep what the replay did not refresh
    sink.commit(gen);
};

enum class ReaderState : std::uint8_t { waiting_for_replay, in_replay, synced };

struct ReaderStats {
    std::uint64_t applied = 0;
    std::uint64_t dropped_while_waiting = 0;
    std::uint64_t sequence_gaps = 0;
    std::uint64_t replays_completed = 0;
    std::uint64_t malformed = 0;
};

class UpdateReader {
public:
    explicit UpdateReader(SegmentView view) : view_(view) {}

    // Applies up to max records; returns how many were taken off the queue. Sets
    // resync_needed() when the stream can no longer be trusted.
    template <UpdateSink Sink>
    std::size_t drain(Sink& sink, std::size_t max = 4096) {
        std::size_t taken = 0;
        while (taken < max) {
            const std::size_t want = std::min(batch_.size(), max - taken);
            const std::size_t n = view_.updates().pop(batch_.data(), want);
            for (std::size_t i = 0; i < n; ++i) {
                apply(sink, batch_[i]);
            }
            taken += n;
            if (n < want) {
                break;
            }
        }
        return taken;
    }

    ReaderState state() const { return state_; }
    const ReaderStats& stats() const { return stats_; }
    std::uint64_t last_commit() const { return last_commit_; }
    bool resync_needed() const { return resync_needed_; }
    void resync_requested() { resync_needed_ = false; }
    // Forget the stream: used at attach, and when the owner decides to start over.
    void restart() {
        state_ = ReaderState::waiting_for_replay;
        resync_needed_ = true;
    }

private:
    template <UpdateSink Sink>
    void apply(Sink& sink, const UpdateRecord& r) {
        if (r.kind == UpdateKind::resync_begin) {
            expected_seq_ = r.seq + 1;
            state_ = ReaderState::in_replay;
            sink.begin_replay();
            return;
        }
        if (state_ == ReaderState::waiting_for_replay) {
            ++stats_.dropped_while_waiting;
            return;
        }
        if (r.seq != expected_seq_) {
            ++stats_.sequence_gaps;
            view_.header().sequence_gap_count.fetch_add(1, std::memory_order_relaxed);
            restart();
            return;
        }
        ++expected_seq_;
        ++stats_.applied;
        switch (r.kind) {
            case UpdateKind::nexthop_set: sink.set_nexthop(r.u.nexthop); break;
            case UpdateKind::nexthop_del: sink.del_nexthop(r.u.id.id); break;
            case UpdateKind::group_set: sink.set_group(r.u.group); break;
            case UpdateKind::group_del: sink.del_group(r.u.id.id); break;
            case UpdateKind::ilm_set: sink.set_ilm(r.u.ilm); break;
            case UpdateKind::ilm_del: sink.del_ilm(r.u.id.id); break;
            case UpdateKind::ftn_set: sink.set_ftn(r.u.ftn); break;
            case UpdateKind::ftn_del: sink.del_ftn(r.u.ftn_key.prefix, r.u.ftn_key.prefix_len); break;
            case UpdateKind::resync_end:
                if (state_ == ReaderState::in_replay) {
                    sink.end_replay();
                    state_ = ReaderState::synced;
                    ++stats_.replays_completed;
                    view_.header().seen_epoch.store(view_.header().writer_epoch.load(std::memory_order_acquire),
                                                    std::memory_order_relaxed);
                }
                break;
            case UpdateKind::commit:
                last_commit_ = r.u.generation.value;
                sink.commit(last_commit_);
                break;
            case UpdateKind::resync_begin:
            case UpdateKind::invalid:
            default:
                ++stats_.malformed;
                restart();
                break;
        }
    }

    SegmentView view_;
    ReaderState state_ = ReaderState::waiting_for_replay;
    std::uint32_t expected_seq_ = 0;
    std::uint64_t last_commit_ = 0;
    bool resync_needed_ = true;
    ReaderStats stats_;
    std::array<UpdateRecord, 64> batch_{};
};

}  // namespace ldpsync::shm
