#pragma once
// The OSPF speaker: one ospf::OspfInstance per `router ospf N`, wired to the world.
//
//   configuration ──ospf_instance_config──► instance (rebuilt when its configuration changes)
//   raw sockets (ospf_socket) ──receive()──► instance ──take_output()──► sockets
//   kernel oper state (through the Daemon) ──► interface_up/down
//   one Asio timer at the instances' earliest next_deadline() ──► poll()
//   instance events: a neighbour reaching/leaving Full ──► IgpAdjacencyChanged (the sync
//     machine's "IGP adjacency up/down"); RoutesChanged ──► IgpRoutesChanged (the RIB's OSPF
//     routes); neighbours at 2-Way or beyond ──► IgpNeighborChanged
//   the sync machines' outputs ──► set_max_metric / set_hold_adjacency per interface
//
// Everything runs on the daemon's io_context. The speaker reads the daemon (const) and pushes
// its events into the daemon's queue (events.hpp); the daemon calls refresh() after every
// change it drained. Nothing calls back into the speaker while it runs.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <string>

#include "events.hpp"
#include "ospf/instance.hpp"
#include "ospf_socket.hpp"

namespace ldpsync::daemon {

class Daemon;

class OspfSpeaker {
public:
    struct Process {
        std::uint32_t id = 0;
        ospf::InstanceConfig config;
        std::unique_ptr<ospf::OspfInstance> instance;
        std::map<std::string, std::unique_ptr<OspfSocket>> sockets;  // by interface
        std::set<std::string> up;                                    // interfaces told up
        std::map<std::string, std::string> socket_errors;            // last error per interface
        std::map<std::string, std::size_t> full;                     // Full neighbours per interface
        // Neighbours at 2-Way or beyond (interface, address): the routers on each link, DROthers
        // included, told to the daemon for LDP's LAN sync (Daemon::igp_neighbor).
        std::set<std::pair<std::string, std::uint32_t>> neighbors;
        std::map<std::string, std::uint64_t> counters;               // socket-level drops and errors
    };

    OspfSpeaker(boost::asio::io_context& io, const Daemon& daemon, EventQueue& events);
    ~OspfSpeaker();

    // Brings the instances in line with the daemon: configuration, interface state, the sync
    // machines' outputs; then sends what the instances produced and handles their events.
    void refresh();

    const std::map<std::uint32_t, Process>& processes() const { return processes_; }

private:
    void reconcile_config();
    void reconcile_interfaces(Process& p);
    void apply_sync(Process& p);
    void pump();
    void flush(Process& p);
    void handle_events(Process& p);
    void publish_routes();
    void tear_down(Process& p);
    bool update_costs(Process& p, const ospf::InstanceConfig& wanted);
    void arm_timer();
    ospf::TimePoint now() const;

    boost::asio::io_context& io_;
    const Daemon& daemon_;
    EventQueue& events_;
    std::map<std::uint32_t, Process> processes_;
    boost::asio::steady_timer timer_;
};

}  // namespace ldpsync::daemon
