#pragma once
// The OSPF interface state machine (RFC 2328 9.1-9.3) as a pure transition table.
//
// The DR/BDR election (9.4, dr_election.hpp) is a pure function run by the runner *before* it
// feeds WaitTimer, BackupSeen or NeighborChange: its outcome (the role this router gets) is a
// fact of the transition, so the next state of those cells (DR, Backup or DR Other) is chosen
// by the guard, and the table stays a plain lookup.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "errors.hpp"
#include "fsm.hpp"

namespace ldpsync::ospf {

// Network types supported by the protocol core (9.1 "Type"); NBMA, point-to-multipoint and
// virtual links are not.
enum class NetworkType : std::uint8_t { point_to_point, broadcast };
std::string_view to_string(NetworkType t);

enum class IfState : std::uint8_t { down, loopback, waiting, point_to_point, dr_other, backup, dr };
enum class IfEvent : std::uint8_t {
    interface_up,
    wait_timer,
    backup_seen,
    neighbor_change,
    loop_ind,
    unloop_ind,
    interface_down,
};
inline constexpr std::array k_if_states{IfState::down,     IfState::loopback, IfState::waiting, IfState::point_to_point,
                                        IfState::dr_other, IfState::backup,   IfState::dr};
inline constexpr std::array k_if_events{IfEvent::interface_up, IfEvent::wait_timer, IfEvent::backup_seen,
                                        IfEvent::neighbor_change, IfEvent::loop_ind, IfEvent::unloop_ind,
                                        IfEvent::interface_down};

// The role the election (9.4) gives this router on the attached network.
enum class DrRole : std::uint8_t { dr, backup, other };

enum class IfAction : std::uint8_t {
    start_hello_timer,      // 9.3 InterfaceUp: start sending Hellos
    start_wait_timer,       // 9.3 InterfaceUp, router eligible on a broadcast network
    stop_wait_timer,        // BackupSeen ends the Waiting period early
    elect_dr,               // commit the 9.4 result (DR, BDR); AdjOK? to neighbours >= 2-Way if they changed
    reset_variables,        // InterfaceDown / LoopInd: all interface variables reset
    stop_timers,            // ... and the interface timers disabled
    kill_neighbors,         // ... and KillNbr to every neighbour of the interface
    originate_router_lsa,   // 12.4 (2): the interface state changed
    originate_network_lsa,  // 12.4 (3)/(4): this router is (still) DR
    flush_network_lsa,      // 12.4.2: no longer DR, premature aging of its Network-LSA (14.1)
};

std::string_view to_string(IfState s);
std::string_view to_string(IfEvent e);
std::string_view to_string(DrRole r);
std::string_view to_string(IfAction a);

// What the table may look at besides (state, event).
struct IfFacts {
    NetworkType type = NetworkType::broadcast;
    bool eligible = true;           // Router Priority > 0
    DrRole role = DrRole::other;    // the election's outcome, for WaitTimer/BackupSeen/NeighborChange
    bool operator==(const IfFacts&) const = default;
};

struct IfGuard {
    std::optional<NetworkType> type;
    std::optional<bool> eligible;
    std::optional<DrRole> role;
    bool matches(const IfFacts& f) const {
        return (!type || *type == f.type) && guard_matches(eligible, f.eligible) && (!role || *role == f.role);
    }
    bool operator==(const IfGuard&) const = default;
};

struct IfRow {
    IfState state;
    IfEvent event;
    IfGuard guard;
    Disposition disposition;
    IfState next;
    std::vector<IfAction> actions;
};

struct IfTransition {
    Disposition disposition = Disposition::ignore;  // apply or ignore (unexpected is the error)
    IfState next = IfState::down;
    std::vector<IfAction> actions;
    IfGuard guard;  // the row taken
};

// The typed error of an event the table does not expect in `state`.
struct IfFsmError {
    IfState state;
    IfEvent event;
    bool operator==(const IfFsmError&) const = default;
};

// The whole table, in (state, event) order.
std::span<const IfRow> interface_table();
// The rows of one cell.
std::vector<const IfRow*> interface_cell(IfState s, IfEvent e);
Expected<IfTransition, IfFsmError> transition(IfState s, IfEvent e, const IfFacts& facts);

}  // namespace ldpsync::ospf
