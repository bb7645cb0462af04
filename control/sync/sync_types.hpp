#pragma once
// Vocabulary of the LDP-IGP synchronization state machine: states, events, guards, actions,
// timers and typed errors. Everything here is plain data so that the transition table
// (sync_table.hpp) can be a constexpr array and the runner (sync_machine.hpp) stays the only
// place with side effects.
//
// References: Cisco "MPLS LDP-IGP Synchronization" feature guide (called "the guide" below,
// /work/shared/seed/mpls-ldp-igp-sync-feature-guide.txt) and RFC 5443.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ldpsync::sync {

using Duration = std::chrono::milliseconds;

// ---- IGP flavour ------------------------------------------------------------------------------

enum class IgpKind : std::uint8_t { ospf = 0, isis = 1 };

// Only meaningful for IS-IS: narrow metrics are 6 bits wide, wide metrics 24 bits.
enum class MetricStyle : std::uint8_t { wide = 0, narrow = 1 };

// The metric an unsynchronized link is advertised with. OSPF: LSInfinity 0xFFFF (RFC 5443 §2).
// IS-IS wide: 0xFFFFFE, not 0xFFFFFF, because a link at 0xFFFFFF is removed from SPF altogether
// (RFC 5305 §3.7) and RFC 5443 §2 wants the link kept as a last resort. Narrow: the 6-bit maximum.
constexpr std::uint32_t max_metric(IgpKind igp, MetricStyle style = MetricStyle::wide) noexcept
{
    if (igp == IgpKind::ospf) {
        return 0xFFFFu;
    }
    return style == MetricStyle::wide ? 0xFFFFFEu : 63u;
}

// ---- states -----------------------------------------------------------------------------------

// Internal states. Richer than the shm contract: "not achieved" is split by whether the IGP is
// told to hold the adjacency down, and "GR protected" by which LDP GR timer is running, because
// the outputs and the timers differ (see README.md for the table).
enum class State : std::uint8_t {
    disabled = 0,       // sync not required on this link (not enabled, disabled, no LDP, not in IGP)
    nsf_suspended = 1,  // required, but the IGP runs NSF startup: sync not applied (guide, NSF ¶)
    holding_down = 2,   // not achieved, peer reachable, adjacency down: the IGP waits (guide, How ¶5)
    max_metric = 3,     // not achieved, the IGP may bring the adjacency up at max metric
    delay_running = 4,  // LDP synchronized, delay timer running before the IGP is told (Delay ¶)
    achieved = 5,       // sync achieved and the IGP notified: configured metric
    gr_reconnect = 6,   // session lost, GR protected, waiting for reconnect (GR ¶)
    gr_recovery = 7,    // session reconnected, waiting for recovery on this interface (GR ¶)
};
inline constexpr std::size_t kStateCount = 8;
inline constexpr std::array<State, kStateCount> k_all_states{
    State::disabled,      State::nsf_suspended, State::holding_down, State::max_metric,
    State::delay_running, State::achieved,      State::gr_reconnect, State::gr_recovery,
};

// Same values as ldpsync::shm::SyncState (shm/include/ldpsync/shm/records.hpp). Kept as a copy
// so that control/sync does not depend on the shm library; tests/sync static_asserts that the
// two enums agree value by value.
enum class ContractState : std::uint8_t {
    disabled = 0,
    not_achieved = 1,
    delay_running = 2,
    achieved = 3,
    gr_protected = 4,
    nsf_suspended = 5,
};

constexpr ContractState to_contract(State s) noexcept
{
    switch (s) {
    case State::disabled:
        return ContractState::disabled;
    case State::nsf_suspended:
        return ContractState::nsf_suspended;
    case State::holding_down:
    case State::max_metric:
        return ContractState::not_achieved;
    case State::delay_running:
        return ContractState::delay_running;
    case State::achieved:
        return ContractState::achieved;
    case State::gr_reconnect:
    case State::gr_recovery:
        return ContractState::gr_protected;
    }
    return ContractState::disabled;
}

constexpr std::uint8_t to_contract_value(State s) noexcept
{
    return static_cast<std::uint8_t>(to_contract(s));
}

// ---- events -----------------------------------------------------------------------------------

// Events the transition table knows. The runner turns raw inputs (configuration, IGP and LDP
// reports, timer expiries on the injected clock) into these, and only when the underlying fact
// changes: a repeated "peer reachable" is not an event.
enum class Event : std::uint8_t {
    sync_enabled = 0,      // sync became required: mpls ldp sync + not disabled + LDP + in IGP
    sync_disabled = 1,     // one of those went away (incl. interface removed from the IGP process)
    igp_adj_up = 2,
    igp_adj_down = 3,
    peer_reachable = 4,    // LDP found a route to the peer's transport address (guide, Peers ¶1)
    peer_unreachable = 5,
    ldp_synced = 6,        // session up and initial label exchange complete (RFC 5443 §2)
    session_down = 7,      // session lost, no GR protection
    session_down_gr = 8,   // session lost, protected by LDP graceful restart
    session_reconnected = 9,  // GR: session back, recovery of the bindings in progress
    holddown_changed = 10,
    delay_changed = 11,
    nsf_begin = 12,
    nsf_end = 13,
    holddown_expired = 14,
    delay_expired = 15,
    reconnect_expired = 16,
    recovery_expired = 17,
    costout_expired = 18,  // persistent cost-out alert time reached (RFC 5443 §4)
};
inline constexpr std::size_t kEventCount = 19;
inline constexpr std::array<Event, kEventCount> k_all_events{
    Event::sync_enabled,        Event::sync_disabled,     Event::igp_adj_up,
    Event::igp_adj_down,        Event::peer_reachable,    Event::peer_unreachable,
    Event::ldp_synced,          Event::session_down,      Event::session_down_gr,
    Event::session_reconnected, Event::holddown_changed,  Event::delay_changed,
    Event::nsf_begin,           Event::nsf_end,           Event::holddown_expired,
    Event::delay_expired,       Event::reconnect_expired, Event::recovery_expired,
    Event::costout_expired,
};

// ---- guards -----------------------------------------------------------------------------------

// Facts the runner holds, sampled after the event's own input has been recorded. A table cell
// may branch on them; everything else is decided by (state, event) alone.
struct Facts {
    bool nsf = false;     // IGP NSF startup in progress
    bool synced = false;  // LDP session up and initial label exchange complete
    bool delay = false;   // a non-zero delay time is configured on the interface
    bool wait = false;    // peer reachable and IGP adjacency not up: the IGP must wait
    friend constexpr bool operator==(const Facts&, const Facts&) = default;
};

enum class Tri : std::uint8_t { any = 0, yes = 1, no = 2 };

struct Guard {
    Tri nsf = Tri::any;
    Tri synced = Tri::any;
    Tri delay = Tri::any;
    Tri wait = Tri::any;

    constexpr bool matches(const Facts& f) const noexcept
    {
        return ok(nsf, f.nsf) && ok(synced, f.synced) && ok(delay, f.delay) && ok(wait, f.wait);
    }
    constexpr bool unconditional() const noexcept
    {
        return nsf == Tri::any && synced == Tri::any && delay == Tri::any && wait == Tri::any;
    }
    friend constexpr bool operator==(const Guard&, const Guard&) = default;

private:
    static constexpr bool ok(Tri t, bool v) noexcept
    {
        return t == Tri::any || (t == Tri::yes) == v;
    }
};

// ---- actions and timers -----------------------------------------------------------------------

enum class TimerId : std::uint8_t { holddown = 0, delay = 1, reconnect = 2, recovery = 3, costout = 4 };
inline constexpr std::size_t kTimerCount = 5;
inline constexpr std::array<TimerId, kTimerCount> k_all_timers{
    TimerId::holddown, TimerId::delay, TimerId::reconnect, TimerId::recovery, TimerId::costout,
};

constexpr Event expiry_event(TimerId t) noexcept
{
    switch (t) {
    case TimerId::holddown:
        return Event::holddown_expired;
    case TimerId::delay:
        return Event::delay_expired;
    case TimerId::reconnect:
        return Event::reconnect_expired;
    case TimerId::recovery:
        return Event::recovery_expired;
    case TimerId::costout:
        return Event::costout_expired;
    }
    return Event::costout_expired;
}

// Actions, listed in the order a cell performs them: timers are stopped first, then the IGP is
// told, then new timers start ("LDP stops the timer and immediately notifies", guide, Delay ¶).
enum class Action : std::uint8_t {
    cancel_holddown = 0,
    cancel_delay = 1,
    cancel_reconnect = 2,
    cancel_recovery = 3,
    cancel_costout = 4,
    igp_max_metric = 5,         // advertise the link at max metric
    igp_normal_metric = 6,      // advertise the configured metric again
    igp_hold_adjacency = 7,     // do not bring the adjacency up yet
    igp_release_adjacency = 8,  // the adjacency may come up
    start_holddown = 9,         // no-op when the holddown is infinite
    start_delay = 10,
    start_reconnect = 11,
    start_recovery = 12,
    start_costout = 13,         // no-op when the alert is disabled
    raise_costout_alert = 14,
};
inline constexpr std::size_t kActionCount = 15;

constexpr bool is_cancel(Action a) noexcept
{
    return a <= Action::cancel_costout;
}
constexpr bool is_start(Action a) noexcept
{
    return a >= Action::start_holddown && a <= Action::start_costout;
}
constexpr bool is_igp_notification(Action a) noexcept
{
    return a >= Action::igp_max_metric && a <= Action::igp_release_adjacency;
}
constexpr TimerId timer_of(Action a) noexcept
{
    if (is_cancel(a)) {
        return static_cast<TimerId>(static_cast<std::uint8_t>(a));
    }
    return static_cast<TimerId>(static_cast<std::uint8_t>(a) -
                                static_cast<std::uint8_t>(Action::start_holddown));
}
constexpr Action start_of(TimerId t) noexcept
{
    return static_cast<Action>(static_cast<std::uint8_t>(Action::start_holddown) +
                               static_cast<std::uint8_t>(t));
}
constexpr Action cancel_of(TimerId t) noexcept
{
    return static_cast<Action>(static_cast<std::uint8_t>(t));
}

// What a cell does with its event.
enum class Disposition : std::uint8_t {
    apply = 0,       // go to `next`, perform the actions
    ignore = 1,      // expected, nothing to do in this state (the runner still records the fact)
    unexpected = 2,  // cannot happen through the runner: a typed, counted error, state unchanged
};

// ---- LDP and configuration details carried by inputs ------------------------------------------

// How LDP is enabled on the interface; both may be configured at once. The guide's show output
// distinguishes "LDP is configured through LDP autoconfig".
enum class LdpSource : std::uint8_t { mpls_ip = 0, autoconfig = 1 };

// Which signal declared the initial label exchange complete (RFC 5443 §2 leaves it to the
// implementation; RFC 5919 adds End-of-LIB). Recorded for show/debug, not used by the table.
enum class SyncTrigger : std::uint8_t {
    end_of_lib = 0,          // RFC 5919 End-of-LIB received
    fecs_bound_quiet = 1,    // all routed FECs bound and no new mapping for the quiet period
    upper_bound_timer = 2,   // gave up waiting: the upper bound timer fired
};

// The kind of RIB entry LDP found for the peer's transport address. The guide (Peers ¶2) warns
// that summary, default and static routes may not actually reach the peer, in which case the IGP
// waits for nothing until the holddown expires; we keep it for show and for a counter.
enum class PeerRoute : std::uint8_t { none = 0, igp = 1, connected = 2, summary = 3, default_route = 4, static_route = 5 };

constexpr bool may_be_inaccurate(PeerRoute r) noexcept
{
    return r == PeerRoute::summary || r == PeerRoute::default_route || r == PeerRoute::static_route;
}

struct LdpIdent {
    std::uint32_t lsr_id = 0;       // host byte order
    std::uint16_t label_space = 0;
    friend constexpr bool operator==(const LdpIdent&, const LdpIdent&) = default;
};

// ---- typed errors -----------------------------------------------------------------------------

enum class ErrorCode : std::uint8_t {
    unexpected_event = 0,       // (state, event) cell marked unexpected
    holddown_out_of_range = 1,  // 1..2147483647 ms (Cisco mpls ldp igp sync holddown)
    delay_out_of_range = 2,     // 0 (no form) or 5..60 s (Cisco mpls ldp igp sync delay)
    costout_out_of_range = 3,
    bad_gr_timer = 4,           // negative GR reconnect/recovery time from LDP
};

struct Error {
    ErrorCode code = ErrorCode::unexpected_event;
    State state = State::disabled;
    std::optional<Event> event;
    std::int64_t value = 0;  // the rejected value for configuration errors
    friend bool operator==(const Error&, const Error&) = default;
};

// ---- names ------------------------------------------------------------------------------------

std::string_view to_string(State s) noexcept;
std::string_view to_string(ContractState s) noexcept;
std::string_view to_string(Event e) noexcept;
std::string_view to_string(Action a) noexcept;
std::string_view to_string(TimerId t) noexcept;
std::string_view to_string(Disposition d) noexcept;
std::string_view to_string(IgpKind k) noexcept;
std::string_view to_string(SyncTrigger t) noexcept;
std::string_view to_string(PeerRoute r) noexcept;
std::string_view to_string(ErrorCode c) noexcept;
std::string to_string(const Guard& g);   // "-" when unconditional, else e.g. "!nsf&synced"
std::string to_string(const LdpIdent& id);  // "10.0.0.1:0"
std::string to_string(const Error& e);

}  // namespace ldpsync::sync
