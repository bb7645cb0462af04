#include "interface_fsm.hpp"

namespace ldpsync::ospf {

std::string_view to_string(Disposition d) {
    switch (d) {
    case Disposition::apply: return "apply";
    case Disposition::ignore: return "ignore";
    case Disposition::unexpected: return "UNEXPECTED";
    }
    return "?";
}

std::string_view to_string(NetworkType t) {
    switch (t) {
    case NetworkType::point_to_point: return "p2p";
    case NetworkType::broadcast: return "broadcast";
    }
    return "?";
}

std::string_view to_string(IfState s) {
    switch (s) {
    case IfState::down: return "Down";
    case IfState::loopback: return "Loopback";
    case IfState::waiting: return "Waiting";
    case IfState::point_to_point: return "Point-to-point";
    case IfState::dr_other: return "DR Other";
    case IfState::backup: return "Backup";
    case IfState::dr: return "DR";
    }
    return "?";
}

std::string_view to_string(IfEvent e) {
    switch (e) {
    case IfEvent::interface_up: return "InterfaceUp";
    case IfEvent::wait_timer: return "WaitTimer";
    case IfEvent::backup_seen: return "BackupSeen";
    case IfEvent::neighbor_change: return "NeighborChange";
    case IfEvent::loop_ind: return "LoopInd";
    case IfEvent::unloop_ind: return "UnloopInd";
    case IfEvent::interface_down: return "InterfaceDown";
    }
    return "?";
}

std::string_view to_string(DrRole r) {
    switch (r) {
    case DrRole::dr: return "dr";
    case DrRole::backup: return "backup";
    case DrRole::other: return "other";
    }
    return "?";
}

std::string_view to_string(IfAction a) {
    switch (a) {
    case IfAction::start_hello_timer: return "start_hello_timer";
    case IfAction::start_wait_timer: return "start_wait_timer";
    case IfAction::stop_wait_timer: return "stop_wait_timer";
    case IfAction::elect_dr: return "elect_dr";
    case IfAction::reset_variables: return "reset_variables";
    case IfAction::stop_timers: return "stop_timers";
    case IfAction::kill_neighbors: return "kill_neighbors";
    case IfAction::originate_router_lsa: return "originate_router_lsa";
    case IfAction::originate_network_lsa: return "originate_network_lsa";
    case IfAction::flush_network_lsa: return "flush_network_lsa";
    }
    return "?";
}

namespace {

using S = IfState;
using E = IfEvent;
using A = IfAction;
constexpr Disposition apply = Disposition::apply;
constexpr Disposition ignore = Disposition::ignore;
constexpr Disposition unexpected = Disposition::unexpected;
constexpr std::optional<NetworkType> any_type;
const IfGuard any{};
IfGuard role(DrRole r) { return IfGuard{any_type, std::nullopt, r}; }

// Rows shared by every state for the events whose RFC entry is "Any State" (9.3).
void leave_rows(std::vector<IfRow>& t, S s) {
    // Leaving DR also withdraws the Network-LSA this router originated for the network.
    std::vector<A> down{A::reset_variables, A::stop_timers, A::kill_neighbors, A::originate_router_lsa};
    if (s == S::dr) {
        down.push_back(A::flush_network_lsa);
    }
    if (s == S::loopback) {
        t.push_back({s, E::loop_ind, any, ignore, s, {}});
        t.push_back({s, E::unloop_ind, any, apply, S::down, {A::originate_router_lsa}});
    } else {
        t.push_back({s, E::loop_ind, any, apply, S::loopback, down});
        t.push_back({s, E::unloop_ind, any, unexpected, s, {}});
    }
    if (s == S::down) {
        t.push_back({s, E::interface_down, any, ignore, s, {}});
    } else {
        t.push_back({s, E::interface_down, any, apply, S::down, down});
    }
}

// Rows that enter the state the election picked (9.3 WaitTimer, BackupSeen, NeighborChange).
void elect_rows(std::vector<IfRow>& t, S s, E e, std::vector<A> first) {
    const bool was_dr = s == S::dr;
    auto with = [&](std::vector<A> tail) {
        std::vector<A> all = first;
        all.push_back(A::elect_dr);
        all.push_back(A::originate_router_lsa);
        all.insert(all.end(), tail.begin(), tail.end());
        return all;
    };
    t.push_back({s, e, role(DrRole::dr), apply, S::dr, with({A::originate_network_lsa})});
    t.push_back({s, e, role(DrRole::backup), apply, S::backup,
                 with(was_dr ? std::vector<A>{A::flush_network_lsa} : std::vector<A>{})});
    t.push_back({s, e, role(DrRole::other), apply, S::dr_other,
                 with(was_dr ? std::vector<A>{A::flush_network_lsa} : std::vector<A>{})});
}

std::vector<IfRow> build_table() {
    std::vector<IfRow> t;
    // Down (9.3 InterfaceUp): p2p goes straight to Point-to-point; on a broadcast network a
    // router that may not become DR (priority 0) goes to DR Other, an eligible one waits.
    t.push_back({S::down, E::interface_up, IfGuard{NetworkType::point_to_point, std::nullopt, std::nullopt}, apply,
                 S::point_to_point, {A::start_hello_timer, A::originate_router_lsa}});
    t.push_back({S::down, E::interface_up, IfGuard{NetworkType::broadcast, false, std::nullopt}, apply, S::dr_other,
                 {A::start_hello_timer, A::originate_router_lsa}});
    t.push_back({S::down, E::interface_up, IfGuard{NetworkType::broadcast, true, std::nullopt}, apply, S::waiting,
                 {A::start_hello_timer, A::start_wait_timer, A::originate_router_lsa}});
    t.push_back({S::down, E::wait_timer, any, unexpected, S::down, {}});
    t.push_back({S::down, E::backup_seen, any, unexpected, S::down, {}});
    t.push_back({S::down, E::neighbor_change, any, unexpected, S::down, {}});
    leave_rows(t, S::down);

    // Loopback: only UnloopInd and InterfaceDown leave it.
    t.push_back({S::loopback, E::interface_up, any, unexpected, S::loopback, {}});
    t.push_back({S::loopback, E::wait_timer, any, unexpected, S::loopback, {}});
    t.push_back({S::loopback, E::backup_seen, any, unexpected, S::loopback, {}});
    t.push_back({S::loopback, E::neighbor_change, any, unexpected, S::loopback, {}});
    leave_rows(t, S::loopback);

    // Waiting: the election runs at the end of the wait (WaitTimer) or as soon as a BDR is
    // seen (BackupSeen); NeighborChange during the wait changes nothing (9.3 lists it only for
    // DR Other, Backup and DR; the wait exists precisely so that Hellos are heard first).
    t.push_back({S::waiting, E::interface_up, any, unexpected, S::waiting, {}});
    elect_rows(t, S::waiting, E::wait_timer, {});
    elect_rows(t, S::waiting, E::backup_seen, {A::stop_wait_timer});
    t.push_back({S::waiting, E::neighbor_change, any, ignore, S::waiting, {}});
    leave_rows(t, S::waiting);

    // Point-to-point: no election; NeighborChange (9.2, raised on any 2-Way crossing) is
    // harmless there.
    t.push_back({S::point_to_point, E::interface_up, any, unexpected, S::point_to_point, {}});
    t.push_back({S::point_to_point, E::wait_timer, any, unexpected, S::point_to_point, {}});
    t.push_back({S::point_to_point, E::backup_seen, any, unexpected, S::point_to_point, {}});
    t.push_back({S::point_to_point, E::neighbor_change, any, ignore, S::point_to_point, {}});
    leave_rows(t, S::point_to_point);

    // DR Other, Backup, DR: NeighborChange re-runs the election. BackupSeen is raised only in
    // Waiting (10.5) and the wait timer is stopped on leaving Waiting.
    for (S s : {S::dr_other, S::backup, S::dr}) {
        t.push_back({s, E::interface_up, any, unexpected, s, {}});
        t.push_back({s, E::wait_timer, any, unexpected, s, {}});
        t.push_back({s, E::backup_seen, any, unexpected, s, {}});
        elect_rows(t, s, E::neighbor_change, {});
        leave_rows(t, s);
    }
    return t;
}

}  // namespace

std::span<const IfRow> interface_table() {
    static const std::vector<IfRow> table = build_table();
    return table;
}

std::vector<const IfRow*> interface_cell(IfState s, IfEvent e) {
    std::vector<const IfRow*> out;
    for (const IfRow& r : interface_table()) {
        if (r.state == s && r.event == e) {
            out.push_back(&r);
        }
    }
    return out;
}

Expected<IfTransition, IfFsmError> transition(IfState s, IfEvent e, const IfFacts& facts) {
    for (const IfRow& r : interface_table()) {
        if (r.state != s || r.event != e || !r.guard.matches(facts)) {
            continue;
        }
        if (r.disposition == Disposition::unexpected) {
            break;
        }
        return IfTransition{r.disposition, r.next, r.actions, r.guard};
    }
    return Unexpected{IfFsmError{s, e}};
}

}  // namespace ldpsync::ospf
