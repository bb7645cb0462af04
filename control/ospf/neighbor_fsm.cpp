#include "neighbor_fsm.hpp"

namespace ldpsync::ospf {

std::string_view to_string(NbrState s) {
    switch (s) {
    case NbrState::down: return "Down";
    case NbrState::attempt: return "Attempt";
    case NbrState::init: return "Init";
    case NbrState::two_way: return "2-Way";
    case NbrState::exstart: return "ExStart";
    case NbrState::exchange: return "Exchange";
    case NbrState::loading: return "Loading";
    case NbrState::full: return "Full";
    }
    return "?";
}

std::string_view to_string(NbrEvent e) {
    switch (e) {
    case NbrEvent::hello_received: return "HelloReceived";
    case NbrEvent::start: return "Start";
    case NbrEvent::two_way_received: return "2-WayReceived";
    case NbrEvent::negotiation_done: return "NegotiationDone";
    case NbrEvent::exchange_done: return "ExchangeDone";
    case NbrEvent::bad_ls_req: return "BadLSReq";
    case NbrEvent::loading_done: return "LoadingDone";
    case NbrEvent::adj_ok: return "AdjOK?";
    case NbrEvent::seq_number_mismatch: return "SeqNumberMismatch";
    case NbrEvent::one_way_received: return "1-WayReceived";
    case NbrEvent::kill_nbr: return "KillNbr";
    case NbrEvent::inactivity_timer: return "InactivityTimer";
    case NbrEvent::ll_down: return "LLDown";
    }
    return "?";
}

std::string_view to_string(NbrAction a) {
    switch (a) {
    case NbrAction::send_hello: return "send_hello";
    case NbrAction::start_inactivity_timer: return "start_inactivity_timer";
    case NbrAction::restart_inactivity_timer: return "restart_inactivity_timer";
    case NbrAction::stop_inactivity_timer: return "stop_inactivity_timer";
    case NbrAction::start_adjacency: return "start_adjacency";
    case NbrAction::list_db_summary: return "list_db_summary";
    case NbrAction::send_ls_request: return "send_ls_request";
    case NbrAction::clear_lists: return "clear_lists";
    case NbrAction::neighbor_change: return "neighbor_change";
    case NbrAction::originate_router_lsa: return "originate_router_lsa";
    }
    return "?";
}

namespace {

using S = NbrState;
using E = NbrEvent;
using A = NbrAction;
constexpr Disposition apply = Disposition::apply;
constexpr Disposition ignore = Disposition::ignore;
constexpr Disposition unexpected = Disposition::unexpected;
const NbrGuard any{};
const NbrGuard adj{true, std::nullopt};
const NbrGuard no_adj{false, std::nullopt};
const NbrGuard reqs_empty{std::nullopt, true};
const NbrGuard reqs_pending{std::nullopt, false};

bool at_least(S s, S floor) { return static_cast<int>(s) >= static_cast<int>(floor); }

// Leaving 2-Way or better crosses the bidirectional boundary (NeighborChange, 9.2); leaving
// Full changes this router's Router-LSA (and the DR's Network-LSA) (12.4 (5)).
std::vector<A> leaving(S from, std::vector<A> actions, S to) {
    if (at_least(from, S::two_way) && !at_least(to, S::two_way)) {
        actions.push_back(A::neighbor_change);
    }
    if (from == S::full && to != S::full) {
        actions.push_back(A::originate_router_lsa);
    }
    return actions;
}

std::vector<NbrRow> build_table() {
    std::vector<NbrRow> t;
    for (S s : k_nbr_states) {
        const bool two_way_or_more = at_least(s, S::two_way);
        const bool exstart_or_more = at_least(s, S::exstart);
        const bool exchange_or_more = at_least(s, S::exchange);

        // HelloReceived: Down -> Init (start), Attempt -> Init (restart), otherwise restart.
        if (s == S::down) {
            t.push_back({s, E::hello_received, any, apply, S::init, {A::start_inactivity_timer}});
        } else if (s == S::attempt) {
            t.push_back({s, E::hello_received, any, apply, S::init, {A::restart_inactivity_timer}});
        } else {
            t.push_back({s, E::hello_received, any, apply, s, {A::restart_inactivity_timer}});
        }

        // Start (NBMA only): Down -> Attempt.
        if (s == S::down) {
            t.push_back({s, E::start, any, apply, S::attempt, {A::send_hello, A::start_inactivity_timer}});
        } else {
            t.push_back({s, E::start, any, unexpected, s, {}});
        }

        // 2-WayReceived: decided in Init by 10.4; no action in 2-Way or greater. A Hello from
        // Down/Attempt first raises HelloReceived, so 2-WayReceived cannot arrive there.
        if (s == S::init) {
            t.push_back({s, E::two_way_received, adj, apply, S::exstart, {A::neighbor_change, A::start_adjacency}});
            t.push_back({s, E::two_way_received, no_adj, apply, S::two_way, {A::neighbor_change}});
        } else if (two_way_or_more) {
            t.push_back({s, E::two_way_received, any, ignore, s, {}});
        } else {
            t.push_back({s, E::two_way_received, any, unexpected, s, {}});
        }

        // Database exchange events, each raised by the runner only in its own state.
        if (s == S::exstart) {
            t.push_back({s, E::negotiation_done, any, apply, S::exchange, {A::list_db_summary}});
        } else {
            t.push_back({s, E::negotiation_done, any, unexpected, s, {}});
        }
        if (s == S::exchange) {
            t.push_back({s, E::exchange_done, reqs_empty, apply, S::full, {A::originate_router_lsa}});
            t.push_back({s, E::exchange_done, reqs_pending, apply, S::loading, {A::send_ls_request}});
        } else {
            t.push_back({s, E::exchange_done, any, unexpected, s, {}});
        }
        // BadLSReq and SeqNumberMismatch: Exchange or greater -> ExStart.
        for (E e : {E::bad_ls_req, E::seq_number_mismatch}) {
            if (exchange_or_more) {
                t.push_back({s, e, any, apply, S::exstart,
                             leaving(s, {A::clear_lists, A::start_adjacency}, S::exstart)});
            } else {
                t.push_back({s, e, any, unexpected, s, {}});
            }
        }
        if (s == S::loading) {
            t.push_back({s, E::loading_done, any, apply, S::full, {A::originate_router_lsa}});
        } else {
            t.push_back({s, E::loading_done, any, unexpected, s, {}});
        }

        // AdjOK?: 2-Way starts an adjacency when one is now wanted; ExStart or greater tears it
        // down when it no longer is. The interface raises it for neighbours >= 2-Way only, but
        // one arriving earlier is harmless, so it is ignored rather than an error.
        if (s == S::two_way) {
            t.push_back({s, E::adj_ok, adj, apply, S::exstart, {A::start_adjacency}});
            t.push_back({s, E::adj_ok, no_adj, ignore, s, {}});
        } else if (exstart_or_more) {
            t.push_back({s, E::adj_ok, adj, ignore, s, {}});
            t.push_back({s, E::adj_ok, no_adj, apply, S::two_way, leaving(s, {A::clear_lists}, S::two_way)});
        } else {
            t.push_back({s, E::adj_ok, any, ignore, s, {}});
        }

        // 1-WayReceived: 2-Way or greater -> Init; nothing in Init; a Hello from Down/Attempt
        // first raises HelloReceived.
        if (two_way_or_more) {
            t.push_back({s, E::one_way_received, any, apply, S::init, leaving(s, {A::clear_lists}, S::init)});
        } else if (s == S::init) {
            t.push_back({s, E::one_way_received, any, ignore, s, {}});
        } else {
            t.push_back({s, E::one_way_received, any, unexpected, s, {}});
        }

        // KillNbr, LLDown, InactivityTimer: any state -> Down. In Down there is nothing to
        // clear and no timer running: ignored.
        if (s == S::down) {
            t.push_back({s, E::kill_nbr, any, ignore, s, {}});
            t.push_back({s, E::inactivity_timer, any, ignore, s, {}});
            t.push_back({s, E::ll_down, any, ignore, s, {}});
        } else {
            t.push_back({s, E::kill_nbr, any, apply, S::down,
                         leaving(s, {A::clear_lists, A::stop_inactivity_timer}, S::down)});
            t.push_back({s, E::inactivity_timer, any, apply, S::down, leaving(s, {A::clear_lists}, S::down)});
            t.push_back({s, E::ll_down, any, apply, S::down,
                         leaving(s, {A::clear_lists, A::stop_inactivity_timer}, S::down)});
        }
    }
    return t;
}

}  // namespace

std::span<const NbrRow> neighbor_table() {
    static const std::vector<NbrRow> table = build_table();
    return table;
}

std::vector<const NbrRow*> neighbor_cell(NbrState s, NbrEvent e) {
    std::vector<const NbrRow*> out;
    for (const NbrRow& r : neighbor_table()) {
        if (r.state == s && r.event == e) {
            out.push_back(&r);
        }
    }
    return out;
}

Expected<NbrTransition, NbrFsmError> transition(NbrState s, NbrEvent e, const NbrFacts& facts) {
    for (const NbrRow& r : neighbor_table()) {
        if (r.state != s || r.event != e || !r.guard.matches(facts)) {
            continue;
        }
        if (r.disposition == Disposition::unexpected) {
            break;
        }
        return NbrTransition{r.disposition, r.next, r.actions, r.guard};
    }
    return Unexpected{NbrFsmError{s, e}};
}

bool should_form_adjacency(NetworkType type, std::uint32_t self_address, std::uint32_t neighbor_address,
                           std::uint32_t dr, std::uint32_t bdr) {
    if (type == NetworkType::point_to_point) {
        return true;
    }
    auto is_dr_or_bdr = [&](std::uint32_t a) { return a != 0 && (a == dr || a == bdr); };
    return is_dr_or_bdr(self_address) || is_dr_or_bdr(neighbor_address);
}

}  // namespace ldpsync::ospf
