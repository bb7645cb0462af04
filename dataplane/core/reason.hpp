#pragma once
// Why a packet did not take the plain forwarding exit. Each reason is a per-worker counter
// (telemetry shows them by name) and folds into one of the shm contract's counters.

#include <array>
#include <cstdint>
#include <string_view>

#include "ldpsync/shm/counters.hpp"

namespace ldpsync::dp {

enum class Reason : std::uint8_t {
    none = 0,
    no_ilm,             // no ILM entry for the top label
    no_ftn,             // no FTN prefix covers the destination
    no_group,           // the entry points at a group that is not installed
    no_nexthop,         // no group member is installed
    no_port,            // the next hop's link is not mapped to a port of this data plane
    unsynced,           // every installed member's link is closed by the sync gate
    ttl_expired,        // RFC 3032 2.4.1 / RFC 791: TTL would reach zero
    short_frame,        // truncated below the headers we must read
    bad_ipv4,           // IPv4 header fails version / length checks
    unsupported,        // ethertype or payload this data plane does not forward
    reserved_label,     // RFC 3032 reserved label where it is not allowed
    stack_too_deep,     // more pops than the data plane follows
    no_headroom,        // no room in the buffer to push the label stack
    punt_policed,       // the per-port punt policer said no
    punt_queue_full,    // the exception path could not take it
    tx_full,            // the NIC did not take it
    count_,
};
inline constexpr std::size_t kReasonCount = static_cast<std::size_t>(Reason::count_);

constexpr std::string_view to_string(Reason r) {
    constexpr std::array<std::string_view, kReasonCount> names = {
        "none", "no_ilm", "no_ftn", "no_group", "no_nexthop", "no_port", "unsynced",
        "ttl_expired", "short_frame", "bad_ipv4", "unsupported", "reserved_label",
        "stack_too_deep", "no_headroom", "punt_policed", "punt_queue_full", "tx_full",
    };
    return names[static_cast<std::size_t>(r)];
}

// The shm counter a reason is reported under.
constexpr shm::Counter shm_counter(Reason r) {
    switch (r) {
        case Reason::no_ilm:
        case Reason::no_ftn:
        case Reason::no_group:
        case Reason::no_nexthop:
        case Reason::no_port:
            return shm::Counter::no_binding;
        case Reason::unsynced: return shm::Counter::dropped_unsynced;
        case Reason::ttl_expired: return shm::Counter::ttl_expired;
        case Reason::punt_policed:
        case Reason::punt_queue_full:
            return shm::Counter::punt_policed;
        case Reason::tx_full: return shm::Counter::tx_full;
        case Reason::none:
        case Reason::short_frame:
        case Reason::bad_ipv4:
        case Reason::unsupported:
        case Reason::reserved_label:
        case Reason::stack_too_deep:
        case Reason::no_headroom:
        case Reason::count_:
            break;
    }
    return shm::Counter::malformed;
}

}  // namespace ldpsync::dp
