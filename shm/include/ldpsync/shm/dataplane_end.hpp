#pragma once
// The data plane's end of the contract: it attaches to the control process's segment, reads
// the link table and the update channel, and writes events, counters and its heartbeat.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ldpsync/shm/counters.hpp"
#include "ldpsync/shm/error.hpp"
#include "ldpsync/shm/layout.hpp"
#include "ldpsync/shm/records.hpp"
#include "ldpsync/shm/update_reader.hpp"

namespace ldpsync::shm {

namespace os {
class Mapping;
}

class DataplaneEnd {
public:
    static Outcome<DataplaneEnd> attach(std::string_view instance);

    DataplaneEnd(DataplaneEnd&&) noexcept;
    DataplaneEnd& operator=(DataplaneEnd&&) noexcept;
    ~DataplaneEnd();

    // The sync gate, read by workers once per forwarding decision: one byte, no lock.
    bool gate(std::uint32_t link_id) const {
        return view_.gate(link_id).load(std::memory_order_acquire) != 0;
    }
    std::optional<LinkRecord> link(std::uint32_t link_id) const;

    CounterBlock& counters(std::uint32_t worker, std::uint32_t link_id) const {
        return view_.counters(worker, link_id);
    }

    // Applies pending updates; asks the writer for a replay whenever the reader needs one.
    template <UpdateSink Sink>
    std::size_t poll_updates(Sink& sink, std::size_t max = 4096) {
        const std::uint64_t before = reader_.last_commit();
        const std::size_t n = reader_.drain(sink, max);
        if (reader_.last_commit() != before) {
            report_applied(reader_.last_commit());
        }
        service_resync_request();
        return n;
    }

    bool post_event(const EventRecord& event);
    void report_port_link(std::uint16_t port_id, bool up, std::uint32_t speed_mbps);

    // Called from the data plane's main loop: heartbeat, and a repeated resync request if
    // the writer has not answered (it may have restarted in between).
    void heartbeat();
    bool writer_alive() const;
    std::uint64_t writer_epoch() const;

    const UpdateReader& reader() const { return reader_; }
    SegmentHeader& header() const { return view_.header(); }
    SegmentView view() const { return view_; }

private:
    DataplaneEnd(std::unique_ptr<os::Mapping> mapping);
    void report_applied(std::uint64_t generation);
    void service_resync_request();

    std::unique_ptr<os::Mapping> mapping_;
    SegmentView view_;
    UpdateReader reader_;
    std::uint64_t request_token_ = 0;
    std::uint64_t last_request_ns_ = 0;
    std::uint64_t pending_applied_ = 0;
};

}  // namespace ldpsync::shm
