#pragma once
// Fixed-size, trivially copyable records: the only things that cross the process boundary.

#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "ldpsync/shm/constants.hpp"

namespace ldpsync::shm {

// ---- link table ---------------------------------------------------------------------------

enum class AdjacencyState : std::uint8_t { down = 0, init = 1, up = 2 };

// Mirrors the sync state machine's externally visible states (control/sync).
enum class SyncState : std::uint8_t {
    disabled = 0,       // sync not enabled on this link: usable follows the IGP alone
    not_achieved = 1,   // waiting for the LDP session and the initial label exchange
    delay_running = 2,  // achieved, delay timer still running: still max metric
    achieved = 3,
    gr_protected = 4,   // session lost but protected by LDP graceful restart
    nsf_suspended = 5,  // IGP NSF startup in progress: sync not applied
};

using MacAddress = std::array<std::uint8_t, 6>;

struct LinkRecord {
    std::uint32_t link_id = 0;
    std::uint16_t port_id = 0;
    std::uint8_t in_use = 0;
    std::uint8_t usable = 0;
    std::array<char, kIfNameSize> ifname{};
    AdjacencyState ospf_adjacency = AdjacencyState::down;
    AdjacencyState isis_adjacency = AdjacencyState::down;
    SyncState sync = SyncState::disabled;
    std::uint8_t reserved0 = 0;
    std::uint32_t ospf_metric = 0;
    std::uint32_t isis_metric = 0;
    MacAddress neighbor_mac{};
    std::uint16_t reserved1 = 0;
    std::uint32_t reserved2 = 0;
    std::uint64_t generation = 0;

    void set_ifname(std::string_view name);
    std::string_view ifname_view() const;
    bool operator==(const LinkRecord&) const = default;
};
static_assert(std::is_trivially_copyable_v<LinkRecord>);
static_assert(sizeof(LinkRecord) == 56);
static_assert(std::has_unique_object_representations_v<LinkRecord>);

// ---- update channel: control -> data plane ------------------------------------------------

enum class UpdateKind : std::uint8_t {
    invalid = 0,
    nexthop_set = 1,
    nexthop_del = 2,
    group_set = 3,
    group_del = 4,
    ilm_set = 5,
    ilm_del = 6,
    ftn_set = 7,
    ftn_del = 8,
    commit = 9,
    resync_begin = 10,
    resync_end = 11,
};

// A next hop is one NHLFE: an L2 adjacency plus the outgoing label stack, precomputed by the
// control side. n_labels == 0 means implicit-null: pop (PHP) or forward unlabeled.
struct NextHop {
    std::uint32_t nexthop_id = 0;
    std::uint16_t link_id = 0;
    std::uint8_t n_labels = 0;
    std::uint8_t flags = 0;
    std::array<std::uint32_t, kMaxLabels> labels{};
    std::uint32_t neighbor_ipv4 = 0;  // host order
    MacAddress neighbor_mac{};
    std::uint16_t reserved = 0;
    bool operator==(const NextHop&) const = default;
};

// An ECMP group of next hops; ILM and FTN entries point at groups.
struct NextHopGroup {
    std::uint32_t group_id = 0;
    std::uint8_t n_members = 0;
    std::array<std::uint8_t, 3> reserved{};
    std::array<std::uint32_t, kMaxEcmpMembers> members{};
    bool operator==(const NextHopGroup&) const = default;
};

enum class IlmAction : std::uint8_t {
    forward = 0,     // swap the top label for each member's stack (pop when it is empty)
    pop_lookup = 1,  // pop and look up what is below (explicit-null, local label)
    punt = 2,        // deliver to the control plane
};

struct IlmEntry {
    std::uint32_t in_label = 0;
    std::uint32_t group_id = 0;
    IlmAction action = IlmAction::forward;
    std::array<std::uint8_t, 3> reserved{};
    bool operator==(const IlmEntry&) const = default;
};

struct FtnEntry {
    std::uint32_t prefix = 0;  // host order, host bits zero
    std::uint8_t prefix_len = 0;
    std::array<std::uint8_t, 3> reserved{};
    std::uint32_t group_id = 0;
    bool operator==(const FtnEntry&) const = default;
    std::uint64_t key() const { return (std::uint64_t{prefix} << 8) | prefix_len; }
};

struct IdOnly {
    std::uint32_t id = 0;  // nexthop id, group id or in-label
};
struct FtnKey {
    std::uint32_t prefix = 0;
    std::uint8_t prefix_len = 0;
};
struct Generation {
    std::uint64_t value = 0;  // commit: generation; resync_begin: request token (0: writer-initiated)
};

struct UpdateRecord {
    UpdateKind kind = UpdateKind::invalid;
    std::array<std::uint8_t, 3> reserved{};
    std::uint32_t seq = 0;  // assigned by the channel: consecutive, reset by resync_begin
    union Payload {
        NextHop nexthop;
        NextHopGroup group;
        IlmEntry ilm;
        FtnEntry ftn;
        IdOnly id;
        FtnKey ftn_key;
        Generation generation;
    } u{.generation = {}};

    static UpdateRecord nexthop_set(const NextHop& v);
    static UpdateRecord nexthop_del(std::uint32_t id);
    static UpdateRecord group_set(const NextHopGroup& v);
    static UpdateRecord group_del(std::uint32_t id);
    static UpdateRecord ilm_set(const IlmEntry& v);
    static UpdateRecord ilm_del(std::uint32_t in_label);
    static UpdateRecord ftn_set(const FtnEntry& v);
    static UpdateRecord ftn_del(std::uint32_t prefix, std::uint8_t prefix_len);
    static UpdateRecord commit(std::uint64_t generation);
    static UpdateRecord resync_begin(std::uint64_t token);
    static UpdateRecord resync_end(std::uint64_t generation);
};
static_assert(std::is_trivially_copyable_v<UpdateRecord>);
static_assert(sizeof(UpdateRecord) == 80);

std::string_view to_string(UpdateKind kind);

// ---- event channel: data plane -> control -------------------------------------------------

enum class EventKind : std::uint8_t {
    invalid = 0,
    resync_request = 1,      // value: request token
    applied_generation = 2,  // value: last generation whose commit the data plane applied
    port_link = 3,           // port_id, link_up, speed_mbps
};

struct EventRecord {
    EventKind kind = EventKind::invalid;
    std::uint8_t link_up = 0;
    std::uint16_t port_id = 0;
    std::uint32_t speed_mbps = 0;
    std::uint64_t value = 0;
};
static_assert(std::is_trivially_copyable_v<EventRecord>);
static_assert(sizeof(EventRecord) == 16);

// A label ledger slot's FEC: an IPv4 prefix (host order, host bits zero) and its length.
struct LedgerFec {
    std::uint32_t prefix = 0;
    std::uint8_t length = 0;
    bool operator==(const LedgerFec&) const = default;
};
struct LedgerEntry {
    std::uint32_t label = 0;
    LedgerFec fec;
    bool operator==(const LedgerEntry&) const = default;
};
// Slot encoding: bit 63 set when in use, bits 32-37 the length, bits 0-31 the prefix, so a
// slot changes in one atomic store and a reader never sees half of one.
constexpr std::uint64_t encode_ledger(const LedgerFec& f) {
    return (std::uint64_t{1} << 63) | (std::uint64_t{f.length} << 32) | f.prefix;
}
constexpr bool decode_ledger(std::uint64_t slot, LedgerFec& out) {
    if ((slot >> 63) == 0 || ((slot >> 32) & 0x7fffffffu) > 32) return false;
    out = {static_cast<std::uint32_t>(slot), static_cast<std::uint8_t>(slot >> 32)};
    return true;
}

}  // namespace ldpsync::shm
