#pragma once
// The IS-IS speaker: one isis::IsisInstance per `router isis [tag]`, wired to the world, in
// the shape of the OSPF speaker.
//
//   configuration ──isis_instance_config──► instance (rebuilt when its configuration changes;
//     a metric change is applied in place)
//   AF_PACKET sockets (isis_socket) ──receive()──► instance ──take_output()──► sockets
//   kernel oper state (through the Daemon) ──► interface_up/down
//   one Asio timer at the instances' earliest next_deadline() ──► poll()
//   instance events: an adjacency reaching/leaving Up ──► IgpAdjacencyChanged (the sync
//     machine's "IGP adjacency up/down") and IgpNeighborChanged; RoutesChanged ──►
//     IgpRoutesChanged (the RIB's IS-IS routes)
//   the sync machines' outputs ──► set_max_metric per interface
//
// The speaker reads the daemon (const) and pushes its events into the daemon's queue
// (events.hpp); the daemon calls refresh() after every change it drained.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "events.hpp"
#include "isis/instance.hpp"
#include "isis_socket.hpp"

namespace ldpsync::daemon {

class Daemon;

class IsisSpeaker {
public:
    struct Process {
        std::string tag;
        isis::InstanceConfig config;
        std::unique_ptr<isis::IsisInstance> instance;
        std::map<std::string, std::unique_ptr<IsisSocket>> sockets;  // by interface
        std::set<std::string> up;
        std::map<std::string, std::string> socket_errors;
        std::map<std::string, std::size_t> adjacencies_up;  // per interface
        // (interface, address) -> Up adjacencies with that neighbour (a LAN has one per level).
        std::map<std::pair<std::string, std::uint32_t>, std::size_t> neighbors;
        std::map<std::string, std::uint64_t> counters;  // socket-level
    };

    IsisSpeaker(boost::asio::io_context& io, const Daemon& daemon, EventQueue& events);
    ~IsisSpeaker();

    void refresh();

    const std::map<std::string, Process>& processes() const { return processes_; }
    isis::TimePoint now() const;

private:
    void reconcile_config();
    bool update_metrics(Process& p, const isis::InstanceConfig& wanted);
    void reconcile_interfaces(Process& p);
    void apply_sync(Process& p);
    void pump();
    void flush(Process& p);
    void handle_events(Process& p);
    void publish_routes();
    void tear_down(Process& p);
    void arm_timer();

    boost::asio::io_context& io_;
    const Daemon& daemon_;
    EventQueue& events_;
    std::map<std::string, Process> processes_;
    boost::asio::steady_timer timer_;
};

}  // namespace ldpsync::daemon
