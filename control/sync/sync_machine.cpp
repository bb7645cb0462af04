#include "sync_machine.hpp"

#include <algorithm>
#include <utility>

namespace ldpsync::sync {
namespace {

constexpr std::size_t idx(TimerId t) noexcept
{
    return static_cast<std::size_t>(t);
}

constexpr bool is_gr(State s) noexcept
{
    return s == State::gr_reconnect || s == State::gr_recovery;
}

constexpr bool is_not_achieved(State s) noexcept
{
    return s == State::holding_down || s == State::max_metric;
}

// A timer chain that keeps re-arming at zero would spin; no table row does that, but a bound
// keeps a future table bug from hanging the daemon.
constexpr int k_max_expiries_per_input = 64;

}  // namespace

bool Effects::has_action(Action a) const noexcept
{
    return std::any_of(steps.begin(), steps.end(), [a](const Step& s) {
        return s.disposition == Disposition::apply && s.actions.contains(a);
    });
}

SyncMachine::SyncMachine(Identity identity, const ClockSource& clock)
    : identity_(std::move(identity)), clock_(&clock) {}

// ---- helpers -----------------------------------------------------------------------------------

template <class F>
Effects SyncMachine::run(F&& input)
{
    Effects fx;
    fx.before = outputs();
    // Timers that fell due before this input happened first: keep events in time order even if
    // the owner polls late.
    fire_due(fx);
    input(fx);
    fire_due(fx);
    fx.after = outputs();
    return fx;
}

template <class F>
void SyncMachine::change_required(Effects& fx, F&& mutate)
{
    bool before = sync_required();
    mutate();
    bool after = sync_required();
    if (before != after) {
        dispatch(fx, after ? Event::sync_enabled : Event::sync_disabled);
    }
}

void SyncMachine::dispatch(Effects& fx, Event e)
{
    Outcome o = transition(state_, e, facts());
    Step step{state_, e, o.disposition, o.guard, o.next, o.actions, clock_->now()};
    ++counters_.events;
    switch (o.disposition) {
    case Disposition::unexpected:
        ++counters_.unexpected_events;
        fx.errors.push_back(Error{ErrorCode::unexpected_event, state_, e, 0});
        break;
    case Disposition::ignore: ++counters_.ignored; break;
    case Disposition::apply: {
        State from = state_;
        state_ = o.next;
        for (Action a : o.actions) {
            perform(a);
        }
        account(from, e, o.next);
        break;
    }
    }
    fx.steps.push_back(step);
}

void SyncMachine::perform(Action a)
{
    if (is_cancel(a)) {
        deadlines_[idx(timer_of(a))].reset();
        return;
    }
    if (is_start(a)) {
        TimerId t = timer_of(a);
        switch (t) {
        case TimerId::holddown: arm(t, inputs_.holddown); break;
        case TimerId::delay: arm(t, std::chrono::duration_cast<Duration>(inputs_.delay)); break;
        case TimerId::reconnect: arm(t, inputs_.gr_reconnect_time); break;
        case TimerId::recovery: arm(t, inputs_.gr_recovery_time); break;
        case TimerId::costout:
            if (inputs_.costout_alert) {
                arm(t, std::chrono::duration_cast<Duration>(*inputs_.costout_alert));
            } else {
                arm(t, std::nullopt);
            }
            break;
        }
        return;
    }
    if (a == Action::raise_costout_alert) {
        ++counters_.costout_alerts;
    }
    // IGP notifications have no side effect here: the IGP reads outputs(), which follow the
    // state. They are reported in Effects for the IGP's event handling and for debug output.
}

void SyncMachine::account(State from, Event e, State to)
{
    if (from != to) {
        ++counters_.transitions;
    }
    if (to == State::achieved && from != State::achieved && !is_gr(from)) {
        ++counters_.sync_achieved;
    }
    if ((from == State::achieved || from == State::delay_running || is_gr(from)) && is_not_achieved(to)) {
        ++counters_.sync_lost;
    }
    if (from == State::achieved && to == State::gr_reconnect) {
        ++counters_.gr_protected;
    }
    switch (e) {
    case Event::holddown_expired: ++counters_.holddown_expired; break;
    case Event::delay_expired: ++counters_.delay_expired; break;
    case Event::reconnect_expired: ++counters_.gr_reconnect_expired; break;
    case Event::recovery_expired: ++counters_.gr_recovery_expired; break;
    default:
        break;
    }
}

void SyncMachine::arm(TimerId t, std::optional<Duration> d)
{
    if (!d) {
        // Infinite holddown or alert switched off: "start" means "no deadline".
        deadlines_[idx(t)].reset();
        return;
    }
    deadlines_[idx(t)] = clock_->now() + *d;
    armed_[idx(t)] = *d;
}

void SyncMachine::fire_due(Effects& fx)
{
    for (int n = 0; n < k_max_expiries_per_input; ++n) {
        TimePoint now = clock_->now();
        std::optional<TimerId> due;
        for (TimerId t : k_all_timers) {
            const auto& dl = deadlines_[idx(t)];
            // Earliest deadline first; equal deadlines in TimerId order.
            if (dl && *dl <= now && (!due || *dl < *deadlines_[idx(*due)])) {
                due = t;
            }
        }
        if (!due) {
            return;
        }
        deadlines_[idx(*due)].reset();
        dispatch(fx, expiry_event(*due));
    }
}

void SyncMachine::config_error(Effects& fx, ErrorCode code, std::int64_t value)
{
    ++counters_.config_errors;
    fx.errors.push_back(Error{code, state_, std::nullopt, value});
}

// ---- facts -------------------------------------------------------------------------------------

bool SyncMachine::sync_configured() const noexcept
{
    // "mpls ldp sync" enables every interface of the process; "no mpls ldp igp sync" opts one out
    // (guide, How ¶4).
    return inputs_.process_sync && inputs_.interface_sync && inputs_.in_igp;
}

bool SyncMachine::ldp_configured() const noexcept { return inputs_.ldp_mpls_ip || inputs_.ldp_autoconfig; }

bool SyncMachine::sync_required() const noexcept
{
    // "This feature works when LDP is enabled on interfaces with either the mpls ip or mpls ldp
    // autoconfig command" (guide, Prerequisites): without LDP there is nothing to wait for.
    return sync_configured() && ldp_configured();
}

Facts SyncMachine::facts() const noexcept
{
    return Facts{
        .nsf = inputs_.nsf,
        .synced = inputs_.ldp_synced,
        .delay = inputs_.delay.count() > 0,
        .wait = inputs_.peer_reachable && !inputs_.adjacency_up,
    };
}

// ---- configuration -----------------------------------------------------------------------------

Effects SyncMachine::set_process_sync(bool enabled)
{
    return run([&](Effects& fx) { change_required(fx, [&] { inputs_.process_sync = enabled; }); });
}

Effects SyncMachine::set_interface_sync(bool enabled)
{
    return run([&](Effects& fx) { change_required(fx, [&] { inputs_.interface_sync = enabled; }); });
}

Effects SyncMachine::set_ldp(LdpSource source, bool enabled)
{
    return run([&](Effects& fx) {
        change_required(fx, [&] {
            if (source == LdpSource::mpls_ip) {
                inputs_.ldp_mpls_ip = enabled;
            } else {
                inputs_.ldp_autoconfig = enabled;
            }
        });
    });
}

Effects SyncMachine::set_in_igp(bool member)
{
    return run([&](Effects& fx) { change_required(fx, [&] { inputs_.in_igp = member; }); });
}

Effects SyncMachine::set_holddown(std::optional<Duration> holddown)
{
    return run([&](Effects& fx) {
        if (holddown && (holddown->count() < k_holddown_min_ms || holddown->count() > k_holddown_max_ms)) {
            config_error(fx, ErrorCode::holddown_out_of_range, holddown->count());
            return;
        }
        if (holddown == inputs_.holddown) {
            return;
        }
        inputs_.holddown = holddown;
        dispatch(fx, Event::holddown_changed);
    });
}

Effects SyncMachine::set_delay(std::chrono::seconds delay)
{
    return run([&](Effects& fx) {
        std::int64_t s = delay.count();
        if (s != 0 && (s < k_delay_min_s || s > k_delay_max_s)) {
            config_error(fx, ErrorCode::delay_out_of_range, s);
            return;
        }
        if (delay == inputs_.delay) {
            return;
        }
        // Saved; a running delay timer keeps the duration it was started with (Delay ¶3).
        inputs_.delay = delay;
        dispatch(fx, Event::delay_changed);
    });
}

Effects SyncMachine::set_costout_alert(std::optional<std::chrono::seconds> after)
{
    return run([&](Effects& fx) {
        if (after && (after->count() < k_costout_min_s || after->count() > k_costout_max_s)) {
            config_error(fx, ErrorCode::costout_out_of_range, after->count());
            return;
        }
        // Applies from the next cost-out period; a running alert timer keeps its deadline.
        inputs_.costout_alert = after;
    });
}

// ---- IGP reports -------------------------------------------------------------------------------

Effects SyncMachine::igp_adjacency(bool up)
{
    return run([&](Effects& fx) {
        if (up == inputs_.adjacency_up) {
            return;
        }
        inputs_.adjacency_up = up;
        dispatch(fx, up ? Event::igp_adj_up : Event::igp_adj_down);
    });
}

Effects SyncMachine::nsf_startup(bool running)
{
    return run([&](Effects& fx) {
        if (running == inputs_.nsf) {
            return;
        }
        inputs_.nsf = running;
        dispatch(fx, running ? Event::nsf_begin : Event::nsf_end);
    });
}

// ---- LDP reports -------------------------------------------------------------------------------

Effects SyncMachine::peer_reachability(bool reachable, PeerRoute via)
{
    return run([&](Effects& fx) {
        PeerRoute route = reachable ? via : PeerRoute::none;
        if (reachable && may_be_inaccurate(route) && route != inputs_.peer_route) {
            // Guide, Peers ¶2: such a route may not reach the peer, and the IGP then waits for
            // nothing until the holddown. Counted so the operator can find it.
            ++counters_.peer_via_inexact_route;
        }
        inputs_.peer_route = route;
        if (reachable == inputs_.peer_reachable) {
            return;
        }
        inputs_.peer_reachable = reachable;
        dispatch(fx, reachable ? Event::peer_reachable : Event::peer_unreachable);
    });
}

Effects SyncMachine::ldp_synced(SyncTrigger trigger, std::optional<LdpIdent> peer)
{
    return run([&](Effects& fx) {
        if (peer) {
            inputs_.peer = peer;
        }
        if (inputs_.ldp_synced) {
            return;  // a second completion signal for the same session changes nothing
        }
        inputs_.last_trigger = trigger;
        ++counters_.synced_by_trigger[static_cast<std::size_t>(trigger)];
        inputs_.ldp_synced = true;
        dispatch(fx, Event::ldp_synced);
    });
}

Effects SyncMachine::session_down()
{
    return run([&](Effects& fx) {
        inputs_.ldp_synced = false;
        inputs_.peer.reset();
        dispatch(fx, Event::session_down);
    });
}

Effects SyncMachine::session_down_gr(Duration reconnect_time)
{
    return run([&](Effects& fx) {
        if (reconnect_time.count() < 0) {
            config_error(fx, ErrorCode::bad_gr_timer, reconnect_time.count());
            return;
        }
        inputs_.ldp_synced = false;
        inputs_.gr_reconnect_time = reconnect_time;
        dispatch(fx, Event::session_down_gr);
    });
}

Effects SyncMachine::session_reconnected(Duration recovery_time)
{
    return run([&](Effects& fx) {
        if (recovery_time.count() < 0) {
            config_error(fx, ErrorCode::bad_gr_timer, recovery_time.count());
            return;
        }
        inputs_.gr_recovery_time = recovery_time;
        dispatch(fx, Event::session_reconnected);
    });
}

// ---- time --------------------------------------------------------------------------------------

Effects SyncMachine::poll_timers()
{
    return run([](Effects&) {});
}

std::optional<TimePoint> SyncMachine::next_deadline() const noexcept
{
    std::optional<TimePoint> next;
    for (const auto& dl : deadlines_) {
        if (dl && (!next || *dl < *next)) {
            next = dl;
        }
    }
    return next;
}

bool SyncMachine::timer_running(TimerId t) const noexcept { return deadlines_[idx(t)].has_value(); }

std::optional<Duration> SyncMachine::remaining(TimerId t) const noexcept
{
    const auto& dl = deadlines_[idx(t)];
    if (!dl) {
        return std::nullopt;
    }
    auto left = std::chrono::duration_cast<Duration>(*dl - clock_->now());
    return std::max(left, Duration{0});
}

Duration SyncMachine::armed_for(TimerId t) const noexcept { return armed_[idx(t)]; }

// ---- outputs -----------------------------------------------------------------------------------

Outputs SyncMachine::outputs() const noexcept
{
    StateTraits t = traits(state_);
    return Outputs{
        .advertise_max_metric = t.max_metric,
        .hold_adjacency = t.hold_adjacency,
        .usable = inputs_.adjacency_up && t.forwarding_ok,
        .contract = to_contract(state_),
    };
}

std::uint32_t SyncMachine::max_metric_value() const noexcept
{
    return max_metric(identity_.igp, identity_.metric_style);
}

std::uint32_t SyncMachine::advertised_metric(std::uint32_t configured) const noexcept
{
    return advertise_max_metric() ? max_metric_value() : configured;
}

}  // namespace ldpsync::sync
