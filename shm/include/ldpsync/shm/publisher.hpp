#pragma once
// The control side's source of truth for forwarding state. Every change is kept here and
// sent as an incremental update; whenever the channel cannot be trusted (a data plane
// attached or lost records, the queue overflowed, this writer took over from a dead one)
// the whole state is replayed between resync_begin and resync_end.

#include <cstdint>
#include <functional>

#include "ldpsync/shm/control_end.hpp"
#include "ldpsync/shm/tables.hpp"

namespace ldpsync::shm {

class ForwardingPublisher {
public:
    explicit ForwardingPublisher(ControlEnd& end);

    // Setting an entry to what it already is sends nothing.
    void set_nexthop(const NextHop& v);
    void del_nexthop(std::uint32_t id);
    void set_group(const NextHopGroup& v);
    void del_group(std::uint32_t id);
    void set_ilm(const IlmEntry& v);
    void del_ilm(std::uint32_t in_label);
    void set_ftn(const FtnEntry& v);
    void del_ftn(std::uint32_t prefix, std::uint8_t prefix_len);

    // Ends a batch of changes: the data plane reports back when it has applied it.
    std::uint64_t commit();

    // Until ready, nothing is replayed: after a takeover the data plane keeps forwarding on
    // the old state instead of having it swept by a replay of a half-built one.
    void mark_ready();
    bool ready() const { return ready_; }

    using PortEvent = std::function<void(const EventRecord&)>;
    // Reads the event channel and sends a replay if one is owed and possible.
    void poll(const PortEvent& on_port_event = {});

    bool replay_owed() const { return replay_owed_; }
    std::uint64_t generation() const { return generation_; }
    std::uint64_t applied_generation() const { return applied_generation_; }
    std::uint64_t replays() const { return replays_; }
    const ForwardingTables& state() const { return state_; }

private:
    void send(const UpdateRecord& record);
    bool replay(std::uint64_t token);

    ControlEnd& end_;
    ForwardingTables state_;
    std::uint64_t generation_ = 0;
    std::uint64_t applied_generation_ = 0;
    std::uint64_t replays_ = 0;
    std::uint64_t pending_token_ = 0;
    bool replay_owed_ = false;
    bool ready_ = false;
};

}  // namespace ldpsync::shm
