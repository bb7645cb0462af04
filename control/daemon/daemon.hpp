#pragma once
// ldpsyncd's state and the one place every change goes through: configuration, RIB, the sync
// machines, and what is published to the data plane (link table and forwarding entries).
// Single-threaded: everything runs on the one io_context.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <map>
#include <utility>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/posix/stream_descriptor.hpp>

#include "events.hpp"
#include "fib_builder.hpp"
#include "kernel_interfaces.hpp"
#include "kernel_routes.hpp"
#include "ldpsync/shm/control_end.hpp"
#include "ldpsync/shm/publisher.hpp"
#include "model.hpp"
#include "parser.hpp"
#include "rib.hpp"
#include "sync_clock.hpp"
#include "sync_manager.hpp"

namespace ldpsync::daemon {

class OspfSpeaker;
class IsisSpeaker;

struct DaemonOptions {
    std::string instance = "default";
    bool publish_to_shm = true;  // false: no segment (config checking, some tests)
    // Apply addresses to the kernel interfaces and follow their state (rtnetlink). Off in
    // control-only tests whose interfaces do not exist in the kernel.
    bool follow_kernel = false;
    // Run the OSPF speaker (raw sockets on the configured interfaces). Only with
    // follow_kernel: it needs the kernel's interfaces and their operational state.
    bool speak_ospf = true;
    // Run the IS-IS speaker (AF_PACKET sockets on the configured interfaces). Only with
    // follow_kernel, like OSPF.
    bool speak_isis = true;
    // Run the LDP speaker (UDP/TCP 646). Needs the kernel's interfaces (follow_kernel).
    bool run_ldp = false;
};

class LdpSpeaker;

class Daemon {
public:
    using DebugSink = std::function<void(const std::string& line)>;

    Daemon(boost::asio::io_context& io, DaemonOptions options,
           const sync::ClockSource& clock = default_clock());
    ~Daemon();

    // Opens rtnetlink (when following the kernel) and creates the shared-memory segment; an
    // error string when either fails.
    std::optional<std::string> start();

    // Replaces the whole configuration (startup).
    config::ParseResult load(std::string_view text);
    // Applies lines on top of the running configuration, all or nothing (control socket).
    config::ParseResult configure(std::string_view lines);

    // IGP and LDP inputs: the speakers' events (drain()) and the test hooks call these.
    bool igp_adjacency(sync::IgpKind igp, const std::string& interface, bool up);
    bool nsf_startup(sync::IgpKind igp, const std::string& process, bool running);
    // The IGP's neighbours per interface (OSPF: at 2-Way or beyond), by their address there,
    // counted over the IGPs and passed on to LDP when the first comes or the last goes: LDP
    // asks whether a peer that left a LAN is still one (InterfaceSync).
    void igp_neighbor(sync::IgpKind igp, const std::string& interface, std::uint32_t address, bool present);
    bool ldp_peer(const std::string& interface, std::optional<PeerInfo> peer);
    bool ldp_synced(const std::string& interface, sync::SyncTrigger trigger);
    // LDP's graceful-restart times as negotiated with the peer (min of ours and its FT Session
    // TLV's); nothing: our configured ones (the test hooks).
    bool session_down(const std::string& interface, bool graceful_restart,
                      std::optional<sync::Duration> reconnect = std::nullopt);
    bool session_reconnected(const std::string& interface, std::optional<sync::Duration> recovery = std::nullopt);
    // Drives the sync timers (the Asio timer calls it; tests with a manual clock call it).
    void poll_timers();

    const config::Config& config() const { return config_; }
    const rib::Rib& rib() const { return rib_; }
    const SyncManager& sync() const { return sync_; }
    const std::vector<FibEntryView>& fib_view() const { return fib_view_; }
    std::optional<std::uint16_t> link_id(const std::string& interface) const;
    const std::map<std::string, std::uint16_t>& link_ids() const { return link_ids_; }
    shm::ControlEnd* shm() { return shm_ ? &*shm_ : nullptr; }
    const shm::ForwardingPublisher* publisher() const { return publisher_ ? &*publisher_ : nullptr; }
    const std::string& instance() const { return options_.instance; }

    std::size_t subscribe_debug(DebugSink sink);
    void unsubscribe_debug(std::size_t id);

    static const sync::ClockSource& default_clock();

    // What the speakers read (they never call the daemon: they push into events.hpp's queue):
    // the clock, the kernel's index and operational state of an interface.
    const sync::ClockSource& clock() const { return clock_; }
    bool interface_oper_up(const std::string& name) const { return interface_up(name); }
    std::optional<std::uint32_t> kernel_ifindex(const std::string& interface) const;
    bool kernel_interface_up(const std::string& interface) const { return interface_up(interface); }
    const OspfSpeaker* ospf_speaker() const { return ospf_.get(); }
    const IsisSpeaker* isis_speaker() const { return isis_.get(); }
    const LdpSpeaker* ldp() const { return ldp_.get(); }

private:
    // The speakers' events, in one place and a fixed order (events.hpp).
    void drain();
    void handle(DaemonEvent& e, bool& routes_changed);
    void apply(config::Config cfg);
    void refuse_static_label_conflicts(config::ParseResult& result, std::string_view text) const;
    void rebuild_routes();
    void republish();
    // Gates that close go out before the forwarding entries, gates that open after them: a
    // link is never usable before the labels it needs are published.
    enum class LinkPhase { closing, all };
    void publish_links(LinkPhase phase);
    void sync_kernel_routes();
    void on_effects(const sync::Identity& id, const sync::Effects& fx);
    void arm_sync_timer();
    void arm_shm_timer();
    void watch_kernel();
    bool interface_up(const std::string& name) const;

    boost::asio::io_context& io_;
    DaemonOptions options_;
    const sync::ClockSource& clock_;
    config::Config config_;
    rib::Rib rib_;
    SyncManager sync_;
    std::optional<shm::ControlEnd> shm_;
    std::optional<shm::ForwardingPublisher> publisher_;
    std::map<std::string, std::uint16_t> link_ids_;
    std::vector<FibEntryView> fib_view_;
    std::map<std::size_t, DebugSink> debug_sinks_;
    std::size_t next_debug_ = 1;
    boost::asio::steady_timer sync_timer_;
    boost::asio::steady_timer shm_timer_;
    std::unique_ptr<kernel::KernelInterfaces> kernel_;
    std::unique_ptr<kernel::KernelRoutes> kernel_routes_;
    std::optional<boost::asio::posix::stream_descriptor> kernel_watch_;
    std::map<std::string, kernel::InterfaceState> kernel_seen_;
    EventQueue events_;  // before the speakers, which push into it
    // (interface, address) -> how many IGPs have a neighbour there.
    std::map<std::pair<std::string, std::uint32_t>, int> igp_neighbors_;
    std::unique_ptr<OspfSpeaker> ospf_;  // destroyed early (in ~Daemon), while the rest exists
    std::unique_ptr<IsisSpeaker> isis_;
    std::vector<config::StaticBinding> ldp_bindings_;
    std::unique_ptr<LdpSpeaker> ldp_;  // last: destroyed first, while the daemon is whole
};

}  // namespace ldpsync::daemon
