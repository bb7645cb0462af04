#include "sync_show.hpp"

#include <nlohmann/json.hpp>

namespace ldpsync::sync {
namespace {

using nlohmann::ordered_json;

std::string igp_name(const ShowModel& m)
{
    // IS-IS without a tag prints as "null", as in IOS ("ISIS tag null").
    std::string out{to_string(m.igp)};
    out += ' ';
    out += m.process.empty() ? std::string{"null"} : m.process;
    return out;
}

// Whole seconds left, rounded up so that a running timer never shows "0 seconds left".
std::int64_t seconds_left(Duration d)
{
    return (d.count() + 999) / 1000;
}

std::string status_text(const ShowModel& m)
{
    switch (m.state) {
    case State::achieved:
    case State::gr_reconnect:
    case State::gr_recovery:
        return "sync achieved";
    case State::holding_down:
    case State::max_metric:
    case State::delay_running:
        // The IGP has not been told during the delay (guide, Delay ¶2), so not achieved yet.
        return "sync not achieved";
    case State::nsf_suspended:
        return "sync not applied during IGP NSF startup";
    case State::disabled:
        return "sync not required";
    }
    return "?";
}

std::string isis_state_text(const ShowModel& m)
{
    switch (m.state) {
    case State::achieved:
    case State::gr_reconnect:
    case State::gr_recovery:
        return "SYNC achieved";
    case State::holding_down:
        return m.holddown ? "Holding down with timer" : "Holding down until SYNC";
    case State::max_metric:
    case State::delay_running:
        return "Maximum metric in effect";
    case State::nsf_suspended:
        return "SYNC suspended during NSF startup";
    case State::disabled:
        return "SYNC not required";
    }
    return "?";
}

std::string status_key(const ShowModel& m)
{
    if (m.state == State::disabled) {
        return "not_required";
    }
    return std::string{to_string(m.contract)};
}

template <class F>
std::string join(std::span<const ShowModel> models, F&& one)
{
    std::string out;
    for (const ShowModel& m : models) {
        out += one(m);
    }
    return out;
}

template <class F>
ordered_json wrap(std::span<const ShowModel> models, F&& one)
{
    ordered_json list = ordered_json::array();
    for (const ShowModel& m : models) {
        list.push_back(one(m));
    }
    return ordered_json{{"interfaces", std::move(list)}};
}

ordered_json optional_ms(const std::optional<Duration>& d)
{
    return d ? ordered_json(d->count()) : ordered_json(nullptr);
}

}  // namespace

ShowModel make_show_model(const SyncMachine& m)
{
    const Inputs& in = m.inputs();
    const Identity& id = m.identity();
    Outputs out = m.outputs();
    ShowModel s;
    s.interface = id.interface;
    s.igp = id.igp;
    s.process = id.process;
    s.area = id.area;
    s.ldp_configured = m.ldp_configured();
    s.ldp_autoconfig = in.ldp_autoconfig;
    s.sync_configured = m.sync_configured();
    s.sync_required = m.sync_required();
    s.state = m.state();
    s.contract = m.contract_state();
    s.achieved = s.contract == ContractState::achieved || s.contract == ContractState::gr_protected;
    s.adjacency_up = in.adjacency_up;
    s.peer_reachable = in.peer_reachable;
    s.peer_route = in.peer_route;
    s.peer = in.peer;
    s.holddown = in.holddown;
    s.holddown_left = m.remaining(TimerId::holddown);
    s.delay = in.delay;
    s.delay_left = m.remaining(TimerId::delay);
    s.delay_running_for = s.delay_left ? m.armed_for(TimerId::delay) : Duration{0};
    s.nsf = in.nsf;
    s.last_trigger = in.last_trigger;
    s.advertise_max_metric = out.advertise_max_metric;
    s.max_metric = m.max_metric_value();
    s.hold_adjacency = out.hold_adjacency;
    s.usable = out.usable;
    s.counters = m.counters();
    return s;
}

// ---- show mpls ldp igp sync --------------------------------------------------------------------
//
// Guide example (note the two spaces after "LDP configured;" when sync is enabled, one before
// "LDP-IGP Synchronization not enabled."):
//   FastEthernet0/0/0:
//    LDP configured;  SYNC enabled.
//    SYNC status: sync achieved; peer reachable.
//    IGP holddown time: infinite.
//    Peer LDP Ident: 10.0.0.1:0
//    IGP enabled: OSPF 1

std::string format_ldp_igp_sync(const ShowModel& m)
{
    std::string out = m.interface + ":\n";
    out += m.ldp_configured ? " LDP configured;" : " LDP not configured;";
    if (!m.sync_configured) {
        out += " LDP-IGP Synchronization not enabled.\n";
        return out;
    }
    out += "  SYNC enabled.\n";
    out += " SYNC status: " + status_text(m) + "; peer " +
           (m.peer_reachable ? "reachable" : "not reachable") + ".\n";
    // Not in the guide's example, which has no delay configured; printed only when a delay is
    // configured or running, in the same style.
    if (m.delay_left) {
        out += " SYNC delay time: " + std::to_string(m.delay.count()) + " seconds (" +
               std::to_string(seconds_left(*m.delay_left)) + " seconds left).\n";
    } else if (m.delay.count() > 0) {
        out += " SYNC delay time: " + std::to_string(m.delay.count()) + " seconds.\n";
    }
    if (m.holddown) {
        out += " IGP holddown time: " + std::to_string(m.holddown->count()) + " milliseconds.\n";
    } else {
        out += " IGP holddown time: infinite.\n";
    }
    if (m.peer) {
        out += " Peer LDP Ident: " + to_string(*m.peer) + "\n";
    }
    out += " IGP enabled: " + igp_name(m) + "\n";
    return out;
}

std::string format_ldp_igp_sync(std::span<const ShowModel> models)
{
    return join(models, [](const ShowModel& m) { return format_ldp_igp_sync(m); });
}

// ---- show ip ospf mpls ldp interface -----------------------------------------------------------
//
// Guide example:
//   FastEthernet0/3/1
//     Process ID 1, Area 0
//     LDP is configured through LDP autoconfig
//     LDP-IGP Synchronization: Yes
//     Holddown timer is not configured
//     Timer is not running

std::string format_ospf_mpls_ldp_interface(const ShowModel& m)
{
    std::string out = m.interface + "\n";
    out += "  Process ID " + m.process + ", Area " + m.area + "\n";
    out += m.ldp_autoconfig ? "  LDP is configured through LDP autoconfig\n"
                            : "  LDP is not configured through LDP autoconfig\n";
    out += std::string{"  LDP-IGP Synchronization: "} + (m.sync_required ? "Yes" : "No") + "\n";
    out += m.holddown ? "  Holddown timer is configured\n" : "  Holddown timer is not configured\n";
    out += m.holddown_left ? "  Timer is running\n" : "  Timer is not running\n";
    return out;
}

std::string format_ospf_mpls_ldp_interface(std::span<const ShowModel> models)
{
    return join(models, [](const ShowModel& m) { return format_ospf_mpls_ldp_interface(m); });
}

// ---- show isis mpls ldp ------------------------------------------------------------------------

std::string format_isis_mpls_ldp(const ShowModel& m)
{
    auto yn = [](bool b) { return std::string{b ? "YES" : "NO"}; };
    std::string tag = m.process.empty() ? std::string{"null"} : m.process;
    std::string out = "Interface: " + m.interface + "; ISIS tag " + tag + " enabled\n";
    out += std::string{"  ISIS is "} + (m.adjacency_up ? "UP" : "DOWN") + " on interface\n";
    out += "  AUTOCONFIG Information :\n";
    out += "    LDP enabled: " + yn(m.ldp_autoconfig) + "\n";
    out += "  SYNC Information :\n";
    out += "    Required: " + yn(m.sync_required) + "\n";
    out += "    Achieved: " + yn(m.achieved) + "\n";
    out += "    IGP Delay: " + yn(m.hold_adjacency) + "\n";
    if (m.holddown) {
        out += "    Holddown time: Finite (" + std::to_string(m.holddown->count()) + " msec)\n";
    } else {
        out += "    Holddown time: Infinite\n";
    }
    out += "    State: " + isis_state_text(m) + "\n";
    return out;
}

std::string format_isis_mpls_ldp(std::span<const ShowModel> models)
{
    return join(models, [](const ShowModel& m) { return format_isis_mpls_ldp(m); });
}

// ---- JSON --------------------------------------------------------------------------------------

ordered_json ldp_igp_sync_json(const ShowModel& m)
{
    ordered_json j;
    j["interface"] = m.interface;
    j["ldp_configured"] = m.ldp_configured;
    j["sync_enabled"] = m.sync_configured;
    if (!m.sync_configured) {
        return j;
    }
    j["sync_status"] = status_key(m);
    j["peer_reachable"] = m.peer_reachable;
    j["delay_s"] = m.delay.count();
    j["delay_left_s"] = m.delay_left ? ordered_json(seconds_left(*m.delay_left)) : ordered_json(nullptr);
    j["holddown_ms"] = optional_ms(m.holddown);  // null: infinite
    j["peer_ldp_ident"] = m.peer ? ordered_json(to_string(*m.peer)) : ordered_json(nullptr);
    j["igp_enabled"] = igp_name(m);
    return j;
}

ordered_json ospf_mpls_ldp_interface_json(const ShowModel& m)
{
    ordered_json j;
    j["interface"] = m.interface;
    j["process_id"] = m.process;
    j["area"] = m.area;
    j["ldp_autoconfig"] = m.ldp_autoconfig;
    j["ldp_igp_sync"] = m.sync_required;
    j["holddown_configured"] = m.holddown.has_value();
    j["holddown_timer_running"] = m.holddown_left.has_value();
    j["holddown_left_ms"] = optional_ms(m.holddown_left);
    return j;
}

ordered_json isis_mpls_ldp_json(const ShowModel& m)
{
    ordered_json j;
    j["interface"] = m.interface;
    j["tag"] = m.process.empty() ? std::string{"null"} : m.process;
    j["isis_up"] = m.adjacency_up;
    j["autoconfig"] = ordered_json{{"ldp_enabled", m.ldp_autoconfig}};
    j["sync"] = ordered_json{
        {"required", m.sync_required},
        {"achieved", m.achieved},
        {"igp_delay", m.hold_adjacency},
        {"holddown_ms", optional_ms(m.holddown)},
        {"state", isis_state_text(m)},
    };
    return j;
}

ordered_json detail_json(const ShowModel& m)
{
    ordered_json j;
    j["interface"] = m.interface;
    j["igp"] = std::string{to_string(m.igp)};
    j["process"] = m.process;
    j["area"] = m.area;
    j["ldp_configured"] = m.ldp_configured;
    j["ldp_autoconfig"] = m.ldp_autoconfig;
    j["sync_configured"] = m.sync_configured;
    j["sync_required"] = m.sync_required;
    j["state"] = std::string{to_string(m.state)};
    j["contract_state"] = std::string{to_string(m.contract)};
    j["adjacency_up"] = m.adjacency_up;
    j["peer_reachable"] = m.peer_reachable;
    j["peer_route"] = std::string{to_string(m.peer_route)};
    j["peer_route_may_be_inaccurate"] = may_be_inaccurate(m.peer_route);
    j["peer_ldp_ident"] = m.peer ? ordered_json(to_string(*m.peer)) : ordered_json(nullptr);
    j["holddown_ms"] = optional_ms(m.holddown);
    j["holddown_left_ms"] = optional_ms(m.holddown_left);
    j["delay_s"] = m.delay.count();
    j["delay_left_ms"] = optional_ms(m.delay_left);
    j["delay_running_for_ms"] = m.delay_left ? ordered_json(m.delay_running_for.count()) : ordered_json(nullptr);
    j["nsf_startup"] = m.nsf;
    j["last_trigger"] = m.last_trigger ? ordered_json(std::string{to_string(*m.last_trigger)}) : ordered_json(nullptr);
    j["advertise_max_metric"] = m.advertise_max_metric;
    j["max_metric"] = m.max_metric;
    j["hold_adjacency"] = m.hold_adjacency;
    j["usable"] = m.usable;
    const Counters& c = m.counters;
    j["counters"] = ordered_json{
        {"events", c.events},
        {"transitions", c.transitions},
        {"ignored", c.ignored},
        {"unexpected_events", c.unexpected_events},
        {"config_errors", c.config_errors},
        {"sync_achieved", c.sync_achieved},
        {"sync_lost", c.sync_lost},
        {"holddown_expired", c.holddown_expired},
        {"delay_expired", c.delay_expired},
        {"gr_protected", c.gr_protected},
        {"gr_reconnect_expired", c.gr_reconnect_expired},
        {"gr_recovery_expired", c.gr_recovery_expired},
        {"costout_alerts", c.costout_alerts},
        {"peer_via_inexact_route", c.peer_via_inexact_route},
        {"synced_end_of_lib", c.synced_by_trigger[0]},
        {"synced_fecs_bound_quiet", c.synced_by_trigger[1]},
        {"synced_upper_bound_timer", c.synced_by_trigger[2]},
    };
    return j;
}

ordered_json ldp_igp_sync_json(std::span<const ShowModel> models)
{
    return wrap(models, [](const ShowModel& m) { return ldp_igp_sync_json(m); });
}

ordered_json ospf_mpls_ldp_interface_json(std::span<const ShowModel> models)
{
    return wrap(models, [](const ShowModel& m) { return ospf_mpls_ldp_interface_json(m); });
}

ordered_json isis_mpls_ldp_json(std::span<const ShowModel> models)
{
    return wrap(models, [](const ShowModel& m) { return isis_mpls_ldp_json(m); });
}

// ---- debug -------------------------------------------------------------------------------------

std::string format_debug(const Identity& id, const Step& step)
{
    std::string out = "LDP-SYNC: " + id.interface + " (" + std::string{to_string(id.igp)} + " " +
                      (id.process.empty() ? std::string{"null"} : id.process) + "): ";
    out += std::string{to_string(step.event)};
    std::string guard = to_string(step.guard);
    if (guard != "-") {
        out += " [" + guard + "]";
    }
    out += ", ";
    out += std::string{to_string(step.from)};
    switch (step.disposition) {
    case Disposition::apply:
        out += " -> " + std::string{to_string(step.to)};
        for (Action a : step.actions) {
            out += ' ';
            out += to_string(a);
        }
        break;
    case Disposition::ignore:
        out += ", ignored";
        break;
    case Disposition::unexpected:
        out += ", UNEXPECTED";
        break;
    }
    return out;
}

}  // namespace ldpsync::sync
