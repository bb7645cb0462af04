#include "sync_table.hpp"

namespace ldpsync::sync {
namespace {

using enum State;
using enum Event;
using enum Action;

// ---- guards (facts after the event's input was recorded) ---------------------------------------
constexpr Guard k_any{};
constexpr Guard k_nsf{.nsf = Tri::yes};
constexpr Guard k_run_synced{.nsf = Tri::no, .synced = Tri::yes};
constexpr Guard k_run_wait{.nsf = Tri::no, .synced = Tri::no, .wait = Tri::yes};
constexpr Guard k_run_no_wait{.nsf = Tri::no, .synced = Tri::no, .wait = Tri::no};
constexpr Guard k_synced{.synced = Tri::yes};
constexpr Guard k_unsynced_wait{.synced = Tri::no, .wait = Tri::yes};
constexpr Guard k_unsynced_no_wait{.synced = Tri::no, .wait = Tri::no};
constexpr Guard k_delay{.delay = Tri::yes};
constexpr Guard k_no_delay{.delay = Tri::no};
constexpr Guard k_wait{.wait = Tri::yes};
constexpr Guard k_no_wait{.wait = Tri::no};

constexpr Row go(State s, Event e, Guard g, State next, ActionList actions)
{
    return Row{s, e, g, Disposition::apply, next, actions};
}
constexpr Row go(State s, Event e, State next, ActionList actions)
{
    return go(s, e, k_any, next, actions);
}
constexpr Row ignore(State s, Event e, Guard g = k_any)
{
    return Row{s, e, g, Disposition::ignore, s, {}};
}
constexpr Row unexpected(State s, Event e)
{
    return Row{s, e, k_any, Disposition::unexpected, s, {}};
}

// ---- the table ---------------------------------------------------------------------------------
//
// Ordered by state, then event, in enum order (static_assert below). Action order inside a row:
// cancel timers, tell the IGP, start timers, alert.
//
// "Lost" below means: LDP sync is gone; the IGP goes to max metric and, when the peer is reachable
// and the adjacency is not up, also waits for sync before bringing the adjacency up (guide, How ¶5
// and ¶6). The wait is bounded by the holddown when one is configured (guide, How ¶5).

constexpr std::array k_table{
    // ======== disabled: sync not required on this link ========================================
    // Becoming required: NSF startup wins (NSF ¶); an already synchronized LDP session means sync
    // is achieved at once, without a delay, because the IGP never stopped using the configured
    // metric and a max-metric blip would only move traffic for nothing; otherwise wait or go to
    // max metric depending on the peer (How ¶5).
    go(disabled, sync_enabled, k_nsf, nsf_suspended, {}),
    go(disabled, sync_enabled, k_run_synced, achieved, {}),
    go(disabled, sync_enabled, k_run_wait, holding_down,
       {igp_max_metric, igp_hold_adjacency, start_holddown, start_costout}),
    go(disabled, sync_enabled, k_run_no_wait, max_metric, {igp_max_metric, start_costout}),
    unexpected(disabled, sync_disabled),
    // Facts are recorded by the runner and matter once sync is required.
    ignore(disabled, igp_adj_up),
    ignore(disabled, igp_adj_down),
    ignore(disabled, peer_reachable),
    ignore(disabled, peer_unreachable),
    ignore(disabled, ldp_synced),
    ignore(disabled, session_down),
    ignore(disabled, session_down_gr),
    ignore(disabled, session_reconnected),
    ignore(disabled, holddown_changed),
    ignore(disabled, delay_changed),
    ignore(disabled, nsf_begin),
    ignore(disabled, nsf_end),
    // No timer runs in this state; an expiry here would be a runner bug.
    unexpected(disabled, holddown_expired),
    unexpected(disabled, delay_expired),
    unexpected(disabled, reconnect_expired),
    unexpected(disabled, recovery_expired),
    unexpected(disabled, costout_expired),

    // ======== nsf_suspended: required, but NSF startup runs (NSF ¶) ===========================
    unexpected(nsf_suspended, sync_enabled),
    go(nsf_suspended, sync_disabled, disabled, {}),
    // "not supported during the startup period": LDP and IGP changes are only recorded.
    ignore(nsf_suspended, igp_adj_up),
    ignore(nsf_suspended, igp_adj_down),
    ignore(nsf_suspended, peer_reachable),
    ignore(nsf_suspended, peer_unreachable),
    ignore(nsf_suspended, ldp_synced),
    ignore(nsf_suspended, session_down),
    ignore(nsf_suspended, session_down_gr),
    ignore(nsf_suspended, session_reconnected),
    ignore(nsf_suspended, holddown_changed),
    ignore(nsf_suspended, delay_changed),
    unexpected(nsf_suspended, nsf_begin),
    // "After the NSF startup is complete, the feature is supported": evaluate as on enabling.
    go(nsf_suspended, nsf_end, k_synced, achieved, {}),
    go(nsf_suspended, nsf_end, k_unsynced_wait, holding_down,
       {igp_max_metric, igp_hold_adjacency, start_holddown, start_costout}),
    go(nsf_suspended, nsf_end, k_unsynced_no_wait, max_metric, {igp_max_metric, start_costout}),
    unexpected(nsf_suspended, holddown_expired),
    unexpected(nsf_suspended, delay_expired),
    unexpected(nsf_suspended, reconnect_expired),
    unexpected(nsf_suspended, recovery_expired),
    unexpected(nsf_suspended, costout_expired),

    // ======== holding_down: not achieved, the IGP waits (How ¶5) ==============================
    unexpected(holding_down, sync_enabled),
    go(holding_down, sync_disabled, disabled,
       {cancel_holddown, cancel_costout, igp_normal_metric, igp_release_adjacency}),
    // The adjacency came up anyway (e.g. formed from the neighbour's side): the wait is moot,
    // max metric still applies (How ¶6).
    go(holding_down, igp_adj_up, max_metric, {cancel_holddown, igp_release_adjacency}),
    unexpected(holding_down, igp_adj_down),    // already down: that is why we hold
    unexpected(holding_down, peer_reachable),  // already reachable: that is why we hold
    // "If the LDP peer is not reachable, the IGP establishes the adjacency to enable the LDP
    // session to be established" (How ¶5).
    go(holding_down, peer_unreachable, max_metric, {cancel_holddown, igp_release_adjacency}),
    // "When LDP is fully established and synchronized, LDP checks the delay timer" (Delay ¶2).
    // The wait was for synchronization, which is there: the adjacency may come up, the metric
    // stays at max until the delay expires.
    go(holding_down, ldp_synced, k_delay, delay_running,
       {cancel_holddown, igp_release_adjacency, start_delay}),
    go(holding_down, ldp_synced, k_no_delay, achieved,
       {cancel_holddown, cancel_costout, igp_normal_metric, igp_release_adjacency}),
    // A session that never synchronized has nothing to lose or to protect.
    ignore(holding_down, session_down),
    ignore(holding_down, session_down_gr),
    ignore(holding_down, session_reconnected),
    // Our reading: a holddown (re)configured while the IGP waits bounds the current wait, counted
    // from now; "infinite" stops the running timer. The guide only says that for the delay timer
    // the new value is saved, so we do not extend that rule to the holddown.
    go(holding_down, holddown_changed, holding_down, {cancel_holddown, start_holddown}),
    ignore(holding_down, delay_changed),
    go(holding_down, nsf_begin, nsf_suspended,
       {cancel_holddown, cancel_costout, igp_normal_metric, igp_release_adjacency}),
    unexpected(holding_down, nsf_end),
    // Holddown reached: the IGP stops waiting and brings the adjacency up, still at max metric
    // until sync (How ¶5-6, RFC 5443 §2).
    go(holding_down, holddown_expired, max_metric, {igp_release_adjacency}),
    unexpected(holding_down, delay_expired),
    unexpected(holding_down, reconnect_expired),
    unexpected(holding_down, recovery_expired),
    // Persistent cost-out (RFC 5443 §4): tell the operator once per cost-out period.
    go(holding_down, costout_expired, holding_down, {raise_costout_alert}),

    // ======== max_metric: not achieved, adjacency allowed at max metric (How ¶5-6) ============
    unexpected(max_metric, sync_enabled),
    go(max_metric, sync_disabled, disabled, {cancel_costout, igp_normal_metric}),
    ignore(max_metric, igp_adj_up),
    // The adjacency went away while the peer is reachable: the next bring-up waits for sync
    // again, bounded by a fresh holddown.
    go(max_metric, igp_adj_down, k_wait, holding_down, {igp_hold_adjacency, start_holddown}),
    ignore(max_metric, igp_adj_down, k_no_wait),
    go(max_metric, peer_reachable, k_wait, holding_down, {igp_hold_adjacency, start_holddown}),
    ignore(max_metric, peer_reachable, k_no_wait),
    ignore(max_metric, peer_unreachable),
    go(max_metric, ldp_synced, k_delay, delay_running, {start_delay}),
    go(max_metric, ldp_synced, k_no_delay, achieved, {cancel_costout, igp_normal_metric}),
    ignore(max_metric, session_down),
    ignore(max_metric, session_down_gr),
    ignore(max_metric, session_reconnected),
    ignore(max_metric, holddown_changed),  // saved; bounds the next wait
    ignore(max_metric, delay_changed),
    go(max_metric, nsf_begin, nsf_suspended, {cancel_costout, igp_normal_metric}),
    unexpected(max_metric, nsf_end),
    unexpected(max_metric, holddown_expired),
    unexpected(max_metric, delay_expired),
    unexpected(max_metric, reconnect_expired),
    unexpected(max_metric, recovery_expired),
    go(max_metric, costout_expired, max_metric, {raise_costout_alert}),

    // ======== delay_running: LDP synchronized, IGP not told yet (Delay ¶) =====================
    unexpected(delay_running, sync_enabled),
    // "if synchronization is disabled ..., or if an interface was removed from an IGP process,
    // LDP stops the timer and immediately notifies" (Delay ¶2).
    go(delay_running, sync_disabled, disabled, {cancel_delay, cancel_costout, igp_normal_metric}),
    ignore(delay_running, igp_adj_up),
    ignore(delay_running, igp_adj_down),
    ignore(delay_running, peer_reachable),
    ignore(delay_running, peer_unreachable),
    unexpected(delay_running, ldp_synced),
    // "if synchronization is ... down, LDP stops the timer and immediately notifies" (Delay ¶2).
    go(delay_running, session_down, k_wait, holding_down,
       {cancel_delay, igp_hold_adjacency, start_holddown}),
    go(delay_running, session_down, k_no_wait, max_metric, {cancel_delay}),
    // GR keeps an achieved sync (GR ¶); this one was never announced to the IGP, so there is
    // nothing to keep: treat as a plain loss.
    go(delay_running, session_down_gr, k_wait, holding_down,
       {cancel_delay, igp_hold_adjacency, start_holddown}),
    go(delay_running, session_down_gr, k_no_wait, max_metric, {cancel_delay}),
    unexpected(delay_running, session_reconnected),
    ignore(delay_running, holddown_changed),
    // "If you configure a new delay time while a timer is running, LDP saves the new delay time
    // but does not reconfigure the running timer" (Delay ¶3).
    ignore(delay_running, delay_changed),
    go(delay_running, nsf_begin, nsf_suspended, {cancel_delay, cancel_costout, igp_normal_metric}),
    unexpected(delay_running, nsf_end),
    unexpected(delay_running, holddown_expired),
    // "When the timer expires, LDP checks that synchronization is still valid and notifies the
    // OSPF process" (Delay ¶2). Every loss leaves this state, so `synced` holds here; the other
    // rows spell the check out anyway.
    go(delay_running, delay_expired, k_synced, achieved, {cancel_costout, igp_normal_metric}),
    go(delay_running, delay_expired, k_unsynced_wait, holding_down, {igp_hold_adjacency, start_holddown}),
    go(delay_running, delay_expired, k_unsynced_no_wait, max_metric, {}),
    unexpected(delay_running, reconnect_expired),
    unexpected(delay_running, recovery_expired),
    go(delay_running, costout_expired, delay_running, {raise_costout_alert}),

    // ======== achieved ==========================================================================
    unexpected(achieved, sync_enabled),
    go(achieved, sync_disabled, disabled, {}),
    // Adjacency and reachability changes do not touch an achieved sync; `usable` follows the
    // adjacency in the runner.
    ignore(achieved, igp_adj_up),
    ignore(achieved, igp_adj_down),
    ignore(achieved, peer_reachable),
    ignore(achieved, peer_unreachable),
    unexpected(achieved, ldp_synced),
    // "If an LDP session closes, the router continues to forward traffic using the link ...":
    // the loss that max metric prevents (How ¶1-2, ¶6).
    go(achieved, session_down, k_wait, holding_down,
       {igp_max_metric, igp_hold_adjacency, start_holddown, start_costout}),
    go(achieved, session_down, k_no_wait, max_metric, {igp_max_metric, start_costout}),
    // "still achieved on the interface while it is protected by Graceful Restart" (GR ¶).
    go(achieved, session_down_gr, gr_reconnect, {start_reconnect}),
    unexpected(achieved, session_reconnected),
    ignore(achieved, holddown_changed),
    ignore(achieved, delay_changed),
    go(achieved, nsf_begin, nsf_suspended, {}),
    unexpected(achieved, nsf_end),
    unexpected(achieved, holddown_expired),
    unexpected(achieved, delay_expired),
    unexpected(achieved, reconnect_expired),
    unexpected(achieved, recovery_expired),
    unexpected(achieved, costout_expired),

    // ======== gr_reconnect: protected, waiting for the session to come back (GR ¶) ============
    unexpected(gr_reconnect, sync_enabled),
    go(gr_reconnect, sync_disabled, disabled, {cancel_reconnect}),
    // An interface failure does not end the protection (GR ¶1).
    ignore(gr_reconnect, igp_adj_up),
    ignore(gr_reconnect, igp_adj_down),
    ignore(gr_reconnect, peer_reachable),
    ignore(gr_reconnect, peer_unreachable),
    // Reconnected and recovered on this interface in one go: sync was never lost, so no delay.
    go(gr_reconnect, ldp_synced, achieved, {cancel_reconnect}),
    // LDP gave up the protection (e.g. the peer came back without GR): a plain loss.
    go(gr_reconnect, session_down, k_wait, holding_down,
       {cancel_reconnect, igp_max_metric, igp_hold_adjacency, start_holddown, start_costout}),
    go(gr_reconnect, session_down, k_no_wait, max_metric,
       {cancel_reconnect, igp_max_metric, start_costout}),
    unexpected(gr_reconnect, session_down_gr),
    go(gr_reconnect, session_reconnected, gr_recovery, {cancel_reconnect, start_recovery}),
    ignore(gr_reconnect, holddown_changed),
    ignore(gr_reconnect, delay_changed),
    go(gr_reconnect, nsf_begin, nsf_suspended, {cancel_reconnect}),
    unexpected(gr_reconnect, nsf_end),
    unexpected(gr_reconnect, holddown_expired),
    unexpected(gr_reconnect, delay_expired),
    // "If LDP fails to restart before the LDP Graceful Restart reconnect timer expires" (GR ¶2).
    go(gr_reconnect, reconnect_expired, k_wait, holding_down,
       {igp_max_metric, igp_hold_adjacency, start_holddown, start_costout}),
    go(gr_reconnect, reconnect_expired, k_no_wait, max_metric, {igp_max_metric, start_costout}),
    unexpected(gr_reconnect, recovery_expired),
    unexpected(gr_reconnect, costout_expired),

    // ======== gr_recovery: reconnected, waiting for recovery on this interface (GR ¶) =========
    unexpected(gr_recovery, sync_enabled),
    go(gr_recovery, sync_disabled, disabled, {cancel_recovery}),
    ignore(gr_recovery, igp_adj_up),
    ignore(gr_recovery, igp_adj_down),
    ignore(gr_recovery, peer_reachable),
    ignore(gr_recovery, peer_unreachable),
    go(gr_recovery, ldp_synced, achieved, {cancel_recovery}),
    go(gr_recovery, session_down, k_wait, holding_down,
       {cancel_recovery, igp_max_metric, igp_hold_adjacency, start_holddown, start_costout}),
    go(gr_recovery, session_down, k_no_wait, max_metric,
       {cancel_recovery, igp_max_metric, start_costout}),
    // Lost again while recovering, still protected: back to waiting for a reconnect.
    go(gr_recovery, session_down_gr, gr_reconnect, {cancel_recovery, start_reconnect}),
    unexpected(gr_recovery, session_reconnected),
    ignore(gr_recovery, holddown_changed),
    ignore(gr_recovery, delay_changed),
    go(gr_recovery, nsf_begin, nsf_suspended, {cancel_recovery}),
    unexpected(gr_recovery, nsf_end),
    unexpected(gr_recovery, holddown_expired),
    unexpected(gr_recovery, delay_expired),
    unexpected(gr_recovery, reconnect_expired),
    // "If an LDP session restarts through other interfaces, but the LDP session on the protected
    // interface fails to recover when the LDP Graceful Restart recovery timer expires" (GR ¶3).
    go(gr_recovery, recovery_expired, k_wait, holding_down,
       {igp_max_metric, igp_hold_adjacency, start_holddown, start_costout}),
    go(gr_recovery, recovery_expired, k_no_wait, max_metric, {igp_max_metric, start_costout}),
    unexpected(gr_recovery, costout_expired),
};

constexpr std::size_t cell_index(State s, Event e)
{
    return static_cast<std::size_t>(s) * kEventCount + static_cast<std::size_t>(e);
}

// Offsets of each cell's first row; offsets[i + 1] - offsets[i] rows per cell.
using Offsets = std::array<std::size_t, kStateCount * kEventCount + 1>;

constexpr bool table_is_ordered_and_complete()
{
    std::array<std::size_t, kStateCount * kEventCount> rows_per_cell{};
    std::size_t previous = 0;
    for (const Row& r : k_table) {
        std::size_t idx = cell_index(r.state, r.event);
        if (idx < previous) {
            return false;
        }
        previous = idx;
        ++rows_per_cell[idx];
        if (r.disposition != Disposition::apply && r.next != r.state) {
            return false;
        }
        if (r.disposition != Disposition::apply && !r.actions.empty()) {
            return false;
        }
    }
    for (std::size_t n : rows_per_cell) {
        if (n == 0) {
            return false;
        }
    }
    return true;
}
static_assert(table_is_ordered_and_complete(),
              "the sync table must list every (state, event) cell, in enum order");

constexpr Offsets make_offsets()
{
    Offsets off{};
    std::size_t row = 0;
    for (std::size_t idx = 0; idx < kStateCount * kEventCount; ++idx) {
        off[idx] = row;
        while (row < k_table.size() && cell_index(k_table[row].state, k_table[row].event) == idx) {
            ++row;
        }
    }
    off[kStateCount * kEventCount] = row;
    return off;
}
constexpr Offsets k_offsets = make_offsets();

}  // namespace

std::span<const Row> table() noexcept
{
    return {k_table.data(), k_table.size()};
}

std::span<const Row> cell(State s, Event e) noexcept
{
    std::size_t idx = cell_index(s, e);
    return {k_table.data() + k_offsets[idx], k_offsets[idx + 1] - k_offsets[idx]};
}

Outcome transition(State s, Event e, const Facts& facts) noexcept
{
    for (const Row& r : cell(s, e)) {
        if (r.guard.matches(facts)) {
            return Outcome{r.disposition, r.next, r.actions, r.guard};
        }
    }
    // Guards that do not cover some facts are a table bug (tests/sync walks every combination);
    // report it like any unexpected cell rather than guess.
    return Outcome{Disposition::unexpected, s, {}, k_any};
}

}  // namespace ldpsync::sync
