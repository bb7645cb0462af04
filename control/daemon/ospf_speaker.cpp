#include "ospf_speaker.hpp"

#include "log/emit.hpp"

#include <spdlog/spdlog.h>

#include <ctime>

#include "daemon.hpp"
#include "igp_routes.hpp"
#include "ospf_config.hpp"
#include "ospf_log_events.hpp"

namespace ldpsync::daemon {

namespace {

const char* drop_name(OspfRxDrop d) {
    switch (d) {
        case OspfRxDrop::bad_ip_header: return "rx_bad_ip_header";
        case OspfRxDrop::own_packet: return "rx_own_packet";
        case OspfRxDrop::none: break;
    }
    return "rx_ok";
}

}  // namespace

OspfSpeaker::OspfSpeaker(boost::asio::io_context& io, const Daemon& daemon, EventQueue& events)
    : io_(io), daemon_(daemon), events_(events), timer_(io) {}

OspfSpeaker::~OspfSpeaker() {
    timer_.cancel();
    processes_.clear();  // closes the sockets; no events from a destructor
}

ospf::TimePoint OspfSpeaker::now() const { return daemon_.clock().now(); }

void OspfSpeaker::refresh() {
    reconcile_config();
    for (auto& [id, p] : processes_) {
        reconcile_interfaces(p);
        apply_sync(p);
    }
    pump();
    arm_timer();
}

void OspfSpeaker::reconcile_config() {
    const auto& cfg = daemon_.config();
    bool removed = false;
    for (auto it = processes_.begin(); it != processes_.end();) {
        const auto wanted = cfg.ospf.contains(it->first) ? ospf_instance_config(cfg, it->first) : std::nullopt;
        if (wanted && *wanted == it->second.config) {
            ++it;
            continue;
        }
        if (wanted && update_costs(it->second, *wanted)) {
            ++it;
            continue;
        }
        // Any other change rebuilds the process: simpler than patching a running instance, and
        // a change of timers, areas, network types or addresses resets adjacencies on IOS too.
        log::emit(log::Level::info, log_event::kOspfProcess, it->first,
                  wanted ? "configuration changed, restarting" : "removed");
        tear_down(it->second);
        it = processes_.erase(it);
        removed = true;
    }
    for (const auto& [id, process] : cfg.ospf) {
        if (processes_.contains(id)) continue;
        auto ic = ospf_instance_config(cfg, id);
        if (!ic) {
            continue;  // no router id yet (no address configured): retried on the next change
        }
        // D.3: cryptographic sequence numbers start from the wall clock, above anything a
        // previous run of ours sent (compared with the mapped configuration, so set after).
        Process p;
        p.id = id;
        p.config = *ic;
        ic->crypto_seq_start = static_cast<std::uint32_t>(std::time(nullptr));
        p.instance = std::make_unique<ospf::OspfInstance>(*ic, now());
        log::emit(log::Level::info, log_event::kOspfProcess, id,
                  fmt::format("started, router id {}, {} interfaces", ospf::format_ipv4(ic->router_id),
                              ic->interfaces.size()));
        processes_.emplace(id, std::move(p));
    }
    // A removed or restarted process takes its routes out of the RIB (and so out of the kernel
    // and LDP's FTN) now, not at the next SPF of another process.
    if (removed) publish_routes();
}

// When the new configuration differs from the running one in interface costs only, the costs
// are applied in place (a new Router-LSA, adjacencies kept). False when anything else differs.
bool OspfSpeaker::update_costs(Process& p, const ospf::InstanceConfig& wanted) {
    ospf::InstanceConfig same_costs = wanted;
    if (same_costs.interfaces.size() != p.config.interfaces.size()) return false;
    for (std::size_t k = 0; k < same_costs.interfaces.size(); ++k) {
        same_costs.interfaces[k].cost = p.config.interfaces[k].cost;
    }
    if (!(same_costs == p.config)) return false;
    for (std::size_t k = 0; k < wanted.interfaces.size(); ++k) {
        if (wanted.interfaces[k].cost != p.config.interfaces[k].cost) {
            log::emit(log::Level::info, log_event::kOspfProcess, p.id,
                      fmt::format("interface {} cost {}", wanted.interfaces[k].name, wanted.interfaces[k].cost));
            p.instance->set_cost(wanted.interfaces[k].name, wanted.interfaces[k].cost, now());
        }
    }
    p.config = wanted;
    return true;
}

void OspfSpeaker::tear_down(Process& p) {
    // The neighbours die with the instance: the sync machines hear "adjacency down".
    for (const auto& [itf, count] : p.full) {
        if (count > 0) events_.push(IgpAdjacencyChanged{sync::IgpKind::ospf, itf, false});
    }
    p.full.clear();
    for (const auto& [itf, address] : p.neighbors) {
        events_.push(IgpNeighborChanged{sync::IgpKind::ospf, itf, address, false});
    }
    p.neighbors.clear();
    p.sockets.clear();
}

void OspfSpeaker::reconcile_interfaces(Process& p) {
    const auto t = now();
    for (const auto& ic : p.config.interfaces) {
        // Loopbacks need no socket and are up while configured (IOS "Loopback0" has no
        // kernel interface in a lab); the rest follow the kernel's operational state.
        bool want_up = ic.loopback || daemon_.interface_oper_up(ic.name);
        if (want_up && !ic.loopback && !ic.passive && !p.sockets.contains(ic.name)) {
            std::string error;
            auto s = OspfSocket::open(io_, ic.name, ic.address, error);
            if (!s) {
                if (p.socket_errors[ic.name] != error) {
                    log::emit(log::Level::warn, log_event::kOspfSocketError, p.id, ic.name, error);
                }
                p.socket_errors[ic.name] = error;
                ++p.counters["socket_open_errors"];
                want_up = false;  // retried on the next refresh
            } else {
                p.socket_errors.erase(ic.name);
                const std::uint32_t pid = p.id;
                const std::string name = ic.name;
                s->start(
                    [this, pid, name](OspfDatagram d) {
                        auto it = processes_.find(pid);
                        if (it == processes_.end()) return;
                        it->second.instance->receive(name, d.source, d.payload, now(), d.destination);
                        refresh();
                    },
                    [this, pid, name](OspfRxDrop drop, const std::string& detail) {
                        auto it = processes_.find(pid);
                        if (it == processes_.end()) return;
                        ++it->second.counters[drop_name(drop)];
                        if (drop != OspfRxDrop::own_packet) {
                            log::emit(log::Level::debug, log_event::kOspfRxDrop, pid, name, drop_name(drop), detail);
                        }
                    });
                p.sockets.emplace(ic.name, std::move(s));
            }
        }
        const bool is_up = p.up.contains(ic.name);
        if (want_up && !is_up) {
            p.up.insert(ic.name);
            p.instance->interface_up(ic.name, t);
        } else if (!want_up && is_up) {
            p.up.erase(ic.name);
            p.instance->interface_down(ic.name, t);
            p.sockets.erase(ic.name);  // reopened when it comes back (the ifindex may change)
        }
    }
}

void OspfSpeaker::apply_sync(Process& p) {
    const auto t = now();
    const auto models = daemon_.sync().show_models(sync::IgpKind::ospf);
    for (const auto& view : p.instance->interfaces()) {
        bool max_metric = false;
        bool hold = false;
        for (const auto& m : models) {
            if (m.interface == view.name && m.process == std::to_string(p.id)) {
                max_metric = m.advertise_max_metric;
                hold = m.hold_adjacency;
            }
        }
        if (view.max_metric != max_metric) {
            log::emit(log::Level::info, log_event::kOspfSync, p.id, view.name, "max metric", max_metric ? "on" : "off");
            p.instance->set_max_metric(view.name, max_metric, t);
        }
        if (view.hold_adjacency != hold) {
            log::emit(log::Level::info, log_event::kOspfSync, p.id, view.name, "hold adjacency", hold ? "on" : "off");
            p.instance->set_hold_adjacency(view.name, hold, t);
        }
    }
}

void OspfSpeaker::pump() {
    for (auto& [id, p] : processes_) {
        p.instance->poll(now());
        flush(p);
        handle_events(p);
    }
}

void OspfSpeaker::flush(Process& p) {
    for (auto& out : p.instance->take_output()) {
        auto s = p.sockets.find(out.interface);
        if (s == p.sockets.end()) {
            ++p.counters["tx_no_socket"];
            continue;
        }
        std::string error;
        if (!s->second->send(out.destination, out.bytes, error)) {
            ++p.counters["tx_errors"];
            log::emit(log::Level::debug, log_event::kOspfSocketError, p.id, out.interface, error);
        }
    }
}

void OspfSpeaker::handle_events(Process& p) {
    bool routes_changed = false;
    for (const auto& ev : p.instance->take_events()) {
        if (const auto* n = std::get_if<ospf::NeighborStateChange>(&ev)) {
            if (n->adjacency_up() || n->adjacency_down()) {
                log::emit(log::Level::info, log_event::kOspfAdjChange, p.id, ospf::format_ipv4(n->router_id),
                          n->interface, ospf::to_string(n->from), ospf::to_string(n->to));
            }
            auto& count = p.full[n->interface];
            // The sync machine has one adjacency per interface: up with the first Full
            // neighbour, down when the last one leaves Full.
            if (n->adjacency_up() && count++ == 0) {
                events_.push(IgpAdjacencyChanged{sync::IgpKind::ospf, n->interface, true});
            } else if (n->adjacency_down() && count > 0 && --count == 0) {
                events_.push(IgpAdjacencyChanged{sync::IgpKind::ospf, n->interface, false});
            }
            // On a LAN, DROthers stay at 2-Way with each other: the routers there are the
            // neighbours at 2-Way or beyond, whatever their adjacency with us.
            const bool bidirectional = n->to >= ospf::NbrState::two_way;
            const auto key = std::make_pair(n->interface, n->address);
            if (bidirectional && p.neighbors.insert(key).second) {
                events_.push(IgpNeighborChanged{sync::IgpKind::ospf, n->interface, n->address, true});
            } else if (!bidirectional && p.neighbors.erase(key) != 0) {
                events_.push(IgpNeighborChanged{sync::IgpKind::ospf, n->interface, n->address, false});
            }
        } else if (std::holds_alternative<ospf::RoutesChanged>(ev)) {
            routes_changed = true;
        }
    }
    if (routes_changed) publish_routes();
}

void OspfSpeaker::publish_routes() {
    IgpRouteMerge merge(rib::Source::ospf);
    for (const auto& [id, p] : processes_) {
        for (const auto& [prefix, r] : p.instance->routes()) {
            if (r.connected || r.next_hops.empty()) continue;  // the connected source has them
            std::vector<rib::NextHop> hops;
            for (const auto& nh : r.next_hops) hops.push_back(rib::NextHop{nh.gateway, nh.interface});
            merge.offer(config::Ipv4Prefix{prefix.address, prefix.length}, r.cost, std::move(hops));
        }
    }
    events_.push(IgpRoutesChanged{rib::Source::ospf, merge.take()});
}

void OspfSpeaker::arm_timer() {
    std::optional<ospf::TimePoint> earliest;
    for (const auto& [id, p] : processes_) {
        const auto d = p.instance->next_deadline();
        if (d && (!earliest || *d < *earliest)) earliest = d;
    }
    if (!earliest) {
        timer_.cancel();
        return;
    }
    timer_.expires_at(*earliest);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) refresh();
    });
}

}  // namespace ldpsync::daemon
