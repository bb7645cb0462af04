#pragma once
// The one way the protocol speakers tell the daemon what happened: typed events into one
// queue. A speaker never calls the daemon; it pushes, and the daemon drains the queue in one
// place (Daemon::drain), on its own turn of the io_context, in a fixed order: sync machines,
// RIB, FIB and link publication, kernel routes, then the speakers' fresh inputs. Nothing runs
// inside a speaker's own call stack, so no speaker is ever re-entered.

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "ldp/instance.hpp"
#include "rib.hpp"
#include "sync_types.hpp"

namespace ldpsync::daemon {

// An IGP adjacency on the interface reached or left the state LDP-IGP sync calls "up"
// (OSPF: Full).
struct IgpAdjacencyChanged {
    sync::IgpKind igp = sync::IgpKind::ospf;
    std::string interface;
    bool up = false;
};
// A router on the interface (OSPF: a neighbour at 2-Way or beyond), by its address there.
struct IgpNeighborChanged {
    sync::IgpKind igp = sync::IgpKind::ospf;
    std::string interface;
    std::uint32_t address = 0;
    bool present = false;
};
// The IGP process restarting gracefully (IS-IS: RFC 5306's restarting side) began or ended:
// the sync machines' "IGP NSF startup" for that process.
struct IgpRestartChanged {
    sync::IgpKind igp = sync::IgpKind::isis;
    std::string process;
    bool running = false;
};
// An SPF run's routes, replacing that source's.
struct IgpRoutesChanged {
    rib::Source source = rib::Source::ospf;
    std::vector<rib::Route> routes;
};

using DaemonEvent = std::variant<IgpAdjacencyChanged, IgpNeighborChanged, IgpRestartChanged, IgpRoutesChanged, ldp::PeerOnInterface,
                                 ldp::InterfaceSynced, ldp::InterfaceSyncLost, ldp::InterfaceReconnected,
                                 ldp::BindingsChanged, ldp::LedgerChanged>;

class EventQueue {
public:
    using Drain = std::function<void()>;

    // `drain` runs on a later turn of `io` after the first push into an empty queue.
    EventQueue(boost::asio::io_context& io, Drain drain) : io_(io), drain_(std::move(drain)) {}
    EventQueue(const EventQueue&) = delete;
    EventQueue& operator=(const EventQueue&) = delete;

    void push(DaemonEvent e) {
        events_.push_back(std::move(e));
        if (scheduled_) return;
        scheduled_ = true;
        boost::asio::post(io_, [this, alive = std::weak_ptr<int>(alive_)] {
            if (alive.expired()) return;  // the daemon is gone
            scheduled_ = false;
            drain_();
        });
    }
    std::vector<DaemonEvent> take() { return std::exchange(events_, {}); }
    bool empty() const { return events_.empty(); }

private:
    boost::asio::io_context& io_;
    Drain drain_;
    std::vector<DaemonEvent> events_;
    bool scheduled_ = false;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace ldpsync::daemon
