#pragma once
// The OSPF neighbour state machine (RFC 2328 10.1-10.3, the table of 10.3) as a pure
// transition table, and the "should an adjacency be formed" decision of 10.4.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "errors.hpp"
#include "fsm.hpp"
#include "interface_fsm.hpp"

namespace ldpsync::ospf {

enum class NbrState : std::uint8_t { down, attempt, init, two_way, exstart, exchange, loading, full };
enum class NbrEvent : std::uint8_t {
    hello_received,
    start,
    two_way_received,
    negotiation_done,
    exchange_done,
    bad_ls_req,
    loading_done,
    adj_ok,
    seq_number_mismatch,
    one_way_received,
    kill_nbr,
    inactivity_timer,
    ll_down,
};
inline constexpr std::array k_nbr_states{NbrState::down,    NbrState::attempt,  NbrState::init,    NbrState::two_way,
                                         NbrState::exstart, NbrState::exchange, NbrState::loading, NbrState::full};
inline constexpr std::array k_nbr_events{
    NbrEvent::hello_received,      NbrEvent::start,          NbrEvent::two_way_received, NbrEvent::negotiation_done,
    NbrEvent::exchange_done,       NbrEvent::bad_ls_req,     NbrEvent::loading_done,     NbrEvent::adj_ok,
    NbrEvent::seq_number_mismatch, NbrEvent::one_way_received, NbrEvent::kill_nbr,       NbrEvent::inactivity_timer,
    NbrEvent::ll_down};

// The actions of 10.3, named after the RFC's prose.
enum class NbrAction : std::uint8_t {
    send_hello,                // Start (NBMA): send a Hello to the neighbour
    start_inactivity_timer,    // Start / HelloReceived from Down
    restart_inactivity_timer,  // HelloReceived
    stop_inactivity_timer,     // KillNbr, LLDown (InactivityTimer: it has just fired)
    start_adjacency,           // ExStart: increment the DD sequence number, declare ourselves master,
                               // send an empty DD (I, M, MS), retransmit it every RxmtInterval
    list_db_summary,           // NegotiationDone: the area's LSDB headers into the Database summary list
    send_ls_request,           // ExchangeDone with a non-empty request list: start sending LS Requests
    clear_lists,               // clear the LS retransmission, Database summary and LS request lists
    neighbor_change,           // raise NeighborChange on the interface (9.2: 2-Way crossed)
    originate_router_lsa,      // 12.4 (5): the neighbour reached or left Full
};

std::string_view to_string(NbrState s);
std::string_view to_string(NbrEvent e);
std::string_view to_string(NbrAction a);

struct NbrFacts {
    bool adjacency = false;      // 10.4: should an adjacency be formed (2-WayReceived, AdjOK?)
    bool requests_empty = true;  // ExchangeDone: the Link state request list is empty
    bool operator==(const NbrFacts&) const = default;
};

struct NbrGuard {
    std::optional<bool> adjacency;
    std::optional<bool> requests_empty;
    bool matches(const NbrFacts& f) const {
        return guard_matches(adjacency, f.adjacency) && guard_matches(requests_empty, f.requests_empty);
    }
    bool operator==(const NbrGuard&) const = default;
};

struct NbrRow {
    NbrState state;
    NbrEvent event;
    NbrGuard guard;
    Disposition disposition;
    NbrState next;
    std::vector<NbrAction> actions;
};

struct NbrTransition {
    Disposition disposition = Disposition::ignore;
    NbrState next = NbrState::down;
    std::vector<NbrAction> actions;
    NbrGuard guard;
};

struct NbrFsmError {
    NbrState state;
    NbrEvent event;
    bool operator==(const NbrFsmError&) const = default;
};

std::span<const NbrRow> neighbor_table();
std::vector<const NbrRow*> neighbor_cell(NbrState s, NbrEvent e);
Expected<NbrTransition, NbrFsmError> transition(NbrState s, NbrEvent e, const NbrFacts& facts);

// 10.4: an adjacency is formed on point-to-point networks always; on broadcast networks when
// this router or the neighbour is DR or BDR. DR and BDR are interface addresses (0 = none).
bool should_form_adjacency(NetworkType type, std::uint32_t self_address, std::uint32_t neighbor_address,
                           std::uint32_t dr, std::uint32_t bdr);

}  // namespace ldpsync::ospf
