#include "sync_types.hpp"

#include <cstdio>

namespace ldpsync::sync {

std::string_view to_string(State s) noexcept
{
    switch (s) {
    case State::disabled:
        return "disabled";
    case State::nsf_suspended:
        return "nsf_suspended";
    case State::holding_down:
        return "holding_down";
    case State::max_metric:
        return "max_metric";
    case State::delay_running:
        return "delay_running";
    case State::achieved:
        return "achieved";
    case State::gr_reconnect:
        return "gr_reconnect";
    case State::gr_recovery:
        return "gr_recovery";
    }
    return "?";
}

std::string_view to_string(ContractState s) noexcept
{
    switch (s) {
    case ContractState::disabled:
        return "disabled";
    case ContractState::not_achieved:
        return "not_achieved";
    case ContractState::delay_running:
        return "delay_running";
    case ContractState::achieved:
        return "achieved";
    case ContractState::gr_protected:
        return "gr_protected";
    case ContractState::nsf_suspended:
        return "nsf_suspended";
    }
    return "?";
}

std::string_view to_string(Event e) noexcept
{
    switch (e) {
    case Event::sync_enabled:
        return "sync_enabled";
    case Event::sync_disabled:
        return "sync_disabled";
    case Event::igp_adj_up:
        return "igp_adj_up";
    case Event::igp_adj_down:
        return "igp_adj_down";
    case Event::peer_reachable:
        return "peer_reachable";
    case Event::peer_unreachable:
        return "peer_unreachable";
    case Event::ldp_synced:
        return "ldp_synced";
    case Event::session_down:
        return "session_down";
    case Event::session_down_gr:
        return "session_down_gr";
    case Event::session_reconnected:
        return "session_reconnected";
    case Event::holddown_changed:
        return "holddown_changed";
    case Event::delay_changed:
        return "delay_changed";
    case Event::nsf_begin:
        return "nsf_begin";
    case Event::nsf_end:
        return "nsf_end";
    case Event::holddown_expired:
        return "holddown_expired";
    case Event::delay_expired:
        return "delay_expired";
    case Event::reconnect_expired:
        return "reconnect_expired";
    case Event::recovery_expired:
        return "recovery_expired";
    case Event::costout_expired:
        return "costout_expired";
    }
    return "?";
}

std::string_view to_string(Action a) noexcept
{
    switch (a) {
    case Action::cancel_holddown:
        return "cancel_holddown";
    case Action::cancel_delay:
        return "cancel_delay";
    case Action::cancel_reconnect:
        return "cancel_reconnect";
    case Action::cancel_recovery:
        return "cancel_recovery";
    case Action::cancel_costout:
        return "cancel_costout";
    case Action::igp_max_metric:
        return "igp_max_metric";
    case Action::igp_normal_metric:
        return "igp_normal_metric";
    case Action::igp_hold_adjacency:
        return "igp_hold_adjacency";
    case Action::igp_release_adjacency:
        return "igp_release_adjacency";
    case Action::start_holddown:
        return "start_holddown";
    case Action::start_delay:
        return "start_delay";
    case Action::start_reconnect:
        return "start_reconnect";
    case Action::start_recovery:
        return "start_recovery";
    case Action::start_costout:
        return "start_costout";
    case Action::raise_costout_alert:
        return "raise_costout_alert";
    }
    return "?";
}

std::string_view to_string(TimerId t) noexcept
{
    switch (t) {
    case TimerId::holddown:
        return "holddown";
    case TimerId::delay:
        return "delay";
    case TimerId::reconnect:
        return "reconnect";
    case TimerId::recovery:
        return "recovery";
    case TimerId::costout:
        return "costout";
    }
    return "?";
}

std::string_view to_string(Disposition d) noexcept
{
    switch (d) {
    case Disposition::apply:
        return "apply";
    case Disposition::ignore:
        return "ignore";
    case Disposition::unexpected:
        return "UNEXPECTED";
    }
    return "?";
}

std::string_view to_string(IgpKind k) noexcept
{
    return k == IgpKind::ospf ? "OSPF" : "ISIS";
}

std::string_view to_string(SyncTrigger t) noexcept
{
    switch (t) {
    case SyncTrigger::end_of_lib:
        return "end_of_lib";
    case SyncTrigger::fecs_bound_quiet:
        return "fecs_bound_quiet";
    case SyncTrigger::upper_bound_timer:
        return "upper_bound_timer";
    }
    return "?";
}

std::string_view to_string(PeerRoute r) noexcept
{
    switch (r) {
    case PeerRoute::none:
        return "none";
    case PeerRoute::igp:
        return "igp";
    case PeerRoute::connected:
        return "connected";
    case PeerRoute::summary:
        return "summary";
    case PeerRoute::default_route:
        return "default";
    case PeerRoute::static_route:
        return "static";
    }
    return "?";
}

std::string_view to_string(ErrorCode c) noexcept
{
    switch (c) {
    case ErrorCode::unexpected_event:
        return "unexpected_event";
    case ErrorCode::holddown_out_of_range:
        return "holddown_out_of_range";
    case ErrorCode::delay_out_of_range:
        return "delay_out_of_range";
    case ErrorCode::costout_out_of_range:
        return "costout_out_of_range";
    case ErrorCode::bad_gr_timer:
        return "bad_gr_timer";
    }
    return "?";
}

std::string to_string(const Guard& g)
{
    if (g.unconditional()) {
        return "-";
    }
    std::string out;
    auto add = [&out](Tri t, std::string_view name) {
        if (t == Tri::any) {
            return;
        }
        if (!out.empty()) {
            out += '&';
        }
        if (t == Tri::no) {
            out += '!';
        }
        out += name;
    };
    add(g.nsf, "nsf");
    add(g.synced, "synced");
    add(g.delay, "delay");
    add(g.wait, "wait");
    return out;
}

std::string to_string(const LdpIdent& id)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u:%u", (id.lsr_id >> 24) & 0xFFu, (id.lsr_id >> 16) & 0xFFu,
                  (id.lsr_id >> 8) & 0xFFu, id.lsr_id & 0xFFu, static_cast<unsigned>(id.label_space));
    return buf;
}

std::string to_string(const Error& e)
{
    std::string out{to_string(e.code)};
    out += " in state ";
    out += to_string(e.state);
    if (e.event) {
        out += " on event ";
        out += to_string(*e.event);
    }
    if (e.code != ErrorCode::unexpected_event) {
        out += " (value ";
        out += std::to_string(e.value);
        out += ')';
    }
    return out;
}

}  // namespace ldpsync::sync
