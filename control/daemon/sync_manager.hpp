#pragma once
// Owns one sync::SyncMachine per (IGP process, interface) that the configuration puts under
// an IGP, feeds them configuration, IGP and LDP inputs, and answers what each link looks like
// to the IGPs (metric) and to the data plane (usable).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "model.hpp"
#include "rib.hpp"
#include "sync_machine.hpp"
#include "sync_show.hpp"

namespace ldpsync::daemon {

struct MachineKey {
    sync::IgpKind igp = sync::IgpKind::ospf;
    std::string process;  // OSPF process id, IS-IS tag
    std::string interface;
    auto operator<=>(const MachineKey&) const = default;
};

// What LDP knows about the peer on an interface (its transport address is looked up in the
// RIB to decide reachability, guide "with Peers").
struct PeerInfo {
    sync::LdpIdent ident;
    std::uint32_t transport_address = 0;
};

// The state of one link as the link table and the IGPs need it.
struct LinkView {
    bool in_igp = false;
    bool usable = false;
    bool ospf_adjacency = false;
    bool isis_adjacency = false;
    std::uint8_t sync_contract = 0;       // shm::SyncState value, worst over the IGPs
    std::uint32_t ospf_metric = 0;        // advertised (configured, or max while unsynced)
    std::uint32_t isis_metric = 0;
};

class SyncManager {
public:
    using StepSink = std::function<void(const sync::Identity&, const sync::Effects&)>;

    SyncManager(const sync::ClockSource& clock, StepSink on_effects);

    void apply_config(const config::Config& cfg, const rib::Rib& rib);

    // IGP inputs.
    bool igp_adjacency(sync::IgpKind igp, const std::string& interface, bool up);
    bool nsf_startup(sync::IgpKind igp, const std::string& process, bool running);
    // LDP inputs.
    bool ldp_peer(const std::string& interface, std::optional<PeerInfo> peer, const rib::Rib& rib);
    bool ldp_synced(const std::string& interface, sync::SyncTrigger trigger);
    // reconnect / recovery: LDP's negotiated times; nothing: the configured ones.
    bool session_down(const std::string& interface, bool graceful_restart_protected,
                      std::optional<sync::Duration> reconnect = std::nullopt);
    bool session_reconnected(const std::string& interface, std::optional<sync::Duration> recovery = std::nullopt);
    // The RIB changed: re-check every peer's reachability.
    void reevaluate_reachability(const rib::Rib& rib);

    void poll_timers();
    std::optional<sync::TimePoint> next_deadline() const;

    std::vector<sync::ShowModel> show_models(std::optional<sync::IgpKind> igp = std::nullopt,
                                             const std::string& interface = {}) const;
    LinkView link_view(const std::string& interface) const;
    sync::Counters total_counters() const;
    std::size_t size() const { return machines_.size(); }

private:
    struct Entry {
        std::unique_ptr<sync::SyncMachine> machine;
    };
    void emit(const sync::SyncMachine& m, const sync::Effects& fx);
    template <class F>
    bool for_interface(const std::string& interface, F&& f);

    const sync::ClockSource& clock_;
    StepSink on_effects_;
    std::map<MachineKey, Entry> machines_;
    std::map<std::string, PeerInfo> peers_;  // by interface
    config::Config config_;
};

}  // namespace ldpsync::daemon
