#pragma once
// Show and debug output for LDP-IGP synchronization.
//
// make_show_model() takes a snapshot of one SyncMachine; the formatters are pure functions of
// that snapshot. Text forms follow the guide's examples character for character where the guide
// gives one ("Verifying MPLS LDP-IGP Synchronization with OSPF", steps 2 and 3); the JSON forms
// carry the same facts with stable keys for ldpsyncctl ... json.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "sync_machine.hpp"
#include "sync_types.hpp"

namespace ldpsync::sync {

struct ShowModel {
    std::string interface;
    IgpKind igp = IgpKind::ospf;
    std::string process;  // OSPF process id / IS-IS tag (empty: "null")
    std::string area;
    bool ldp_configured = false;
    bool ldp_autoconfig = false;
    bool sync_configured = false;  // mpls ldp sync, not disabled on the interface, in the IGP
    bool sync_required = false;    // ... and LDP configured
    State state = State::disabled;
    ContractState contract = ContractState::disabled;
    bool achieved = false;         // achieved, or kept by GR protection
    bool adjacency_up = false;
    bool peer_reachable = false;
    PeerRoute peer_route = PeerRoute::none;
    std::optional<LdpIdent> peer;
    std::optional<Duration> holddown;  // nullopt: infinite
    std::optional<Duration> holddown_left;  // set while the holddown timer runs
    std::chrono::seconds delay{0};     // configured (saved) value
    std::optional<Duration> delay_left;     // set while the delay timer runs
    Duration delay_running_for{0};          // the duration the running delay timer started with
    bool nsf = false;
    std::optional<SyncTrigger> last_trigger;
    bool advertise_max_metric = false;
    std::uint32_t max_metric = 0;
    bool hold_adjacency = false;
    bool usable = false;
    Counters counters;
};

ShowModel make_show_model(const SyncMachine& m);

// "show mpls ldp igp sync": one block per interface (guide, Verifying ... step 2).
std::string format_ldp_igp_sync(const ShowModel& m);
std::string format_ldp_igp_sync(std::span<const ShowModel> models);

// "show ip ospf mpls ldp interface" (guide, Verifying ... step 3).
std::string format_ospf_mpls_ldp_interface(const ShowModel& m);
std::string format_ospf_mpls_ldp_interface(std::span<const ShowModel> models);

// "show isis mpls ldp". The guide names the command but gives no example; the layout follows the
// field list of the Cisco command reference (AUTOCONFIG / SYNC Information).
std::string format_isis_mpls_ldp(const ShowModel& m);
std::string format_isis_mpls_ldp(std::span<const ShowModel> models);

// JSON forms of the three commands, and a detail form with everything in the model.
nlohmann::ordered_json ldp_igp_sync_json(const ShowModel& m);
nlohmann::ordered_json ospf_mpls_ldp_interface_json(const ShowModel& m);
nlohmann::ordered_json isis_mpls_ldp_json(const ShowModel& m);
nlohmann::ordered_json detail_json(const ShowModel& m);
// {"interfaces": [...]} wrappers.
nlohmann::ordered_json ldp_igp_sync_json(std::span<const ShowModel> models);
nlohmann::ordered_json ospf_mpls_ldp_interface_json(std::span<const ShowModel> models);
nlohmann::ordered_json isis_mpls_ldp_json(std::span<const ShowModel> models);

// One "debug mpls ldp igp sync" line per table step.
std::string format_debug(const Identity& id, const Step& step);

}  // namespace ldpsync::sync
