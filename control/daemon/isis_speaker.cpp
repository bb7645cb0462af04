#include "isis_speaker.hpp"

#include <spdlog/spdlog.h>

#include "daemon.hpp"
#include "igp_routes.hpp"
#include "isis_config.hpp"
#include "isis_log_events.hpp"
#include "log/emit.hpp"

namespace ldpsync::daemon {

namespace {

std::string process_name(const std::string& tag) { return tag.empty() ? "null" : tag; }

}  // namespace

IsisSpeaker::IsisSpeaker(boost::asio::io_context& io, const Daemon& daemon, EventQueue& events)
    : io_(io), daemon_(daemon), events_(events), timer_(io) {}

IsisSpeaker::~IsisSpeaker() {
    timer_.cancel();
    processes_.clear();
}

isis::TimePoint IsisSpeaker::now() const { return daemon_.clock().now(); }

void IsisSpeaker::refresh() {
    reconcile_config();
    for (auto& [tag, p] : processes_) {
        reconcile_interfaces(p);
        apply_sync(p);
    }
    pump();
    arm_timer();
}

void IsisSpeaker::reconcile_config() {
    const auto& cfg = daemon_.config();
    bool removed = false;
    for (auto it = processes_.begin(); it != processes_.end();) {
        const auto wanted = isis_instance_config(cfg, it->first);
        if (wanted && (*wanted == it->second.config || update_metrics(it->second, *wanted))) {
            ++it;
            continue;
        }
        // Any other change restarts the process, as a change of NET, levels or circuits
        // resets adjacencies on IOS too.
        log::emit(log::Level::info, log_event::kIsisProcess, process_name(it->first),
                  wanted ? "configuration changed, restarting" : "removed");
        tear_down(it->second);
        it = processes_.erase(it);
        removed = true;
    }
    for (const auto& [tag, process] : cfg.isis) {
        if (processes_.contains(tag)) continue;
        auto ic = isis_instance_config(cfg, tag);
        if (!ic) continue;
        Process p;
        p.tag = tag;
        p.config = *ic;
        // `nsf ietf`: a process that starts (ldpsyncd started, or the process was rebuilt)
        // restarts gracefully (RFC 5306). Set after the copy, which the next reconcile
        // compares with the configuration.
        ic->restarting = process.nsf;
        p.instance = std::make_unique<isis::IsisInstance>(*ic, now());
        log::emit(
            log::Level::info, log_event::kIsisProcess, process_name(tag),
            fmt::format("started, system id {}, {} interfaces", isis::format(ic->system_id), ic->interfaces.size()));
        processes_.emplace(tag, std::move(p));
    }
    if (removed) publish_routes();
}

// A change of interface metrics only is applied in place (new LSPs, adjacencies kept).
bool IsisSpeaker::update_metrics(Process& p, const isis::InstanceConfig& wanted) {
    isis::InstanceConfig same = wanted;
    if (same.interfaces.size() != p.config.interfaces.size()) return false;
    for (std::size_t k = 0; k < same.interfaces.size(); ++k) same.interfaces[k].metric = p.config.interfaces[k].metric;
    if (!(same == p.config)) return false;
    for (const auto& ic : wanted.interfaces) p.instance->set_metric(ic.name, ic.metric, now());
    p.config = wanted;
    return true;
}

void IsisSpeaker::tear_down(Process& p) {
    // A restart the process will never finish must not leave its sync machines suspended.
    if (p.instance->restarting()) events_.push(IgpRestartChanged{sync::IgpKind::isis, p.tag, false});
    for (const auto& [itf, count] : p.adjacencies_up) {
        if (count > 0) events_.push(IgpAdjacencyChanged{sync::IgpKind::isis, itf, false});
    }
    p.adjacencies_up.clear();
    for (const auto& [key, count] : p.neighbors) {
        events_.push(IgpNeighborChanged{sync::IgpKind::isis, key.first, key.second, false});
    }
    p.neighbors.clear();
    p.sockets.clear();
}

void IsisSpeaker::reconcile_interfaces(Process& p) {
    const auto t = now();
    for (const auto& ic : p.config.interfaces) {
        bool want_up = ic.loopback || daemon_.interface_oper_up(ic.name);
        const bool speaks = !ic.loopback && !ic.passive;
        if (want_up && speaks && !p.sockets.contains(ic.name)) {
            std::string error;
            auto s = IsisSocket::open(io_, ic.name, error);
            if (!s) {
                if (p.socket_errors[ic.name] != error) {
                    log::emit(log::Level::warn, log_event::kIsisSocketError, process_name(p.tag), ic.name, error);
                }
                p.socket_errors[ic.name] = error;
                ++p.counters["socket_open_errors"];
                want_up = false;  // retried on the next refresh
            } else {
                p.socket_errors.erase(ic.name);
                const std::string tag = p.tag;
                const std::string name = ic.name;
                s->start(
                    [this, tag, name](IsisFrame f) {
                        auto it = processes_.find(tag);
                        if (it == processes_.end()) return;
                        it->second.instance->receive(name, f.source, f.pdu, now());
                        refresh();
                    },
                    [this, tag, name](const std::string& why) {
                        auto it = processes_.find(tag);
                        if (it == processes_.end()) return;
                        ++it->second.counters["rx_socket_errors"];
                        log::emit(log::Level::debug, log_event::kIsisSocketError, process_name(tag), name, why);
                    });
                p.sockets.emplace(ic.name, std::move(s));
            }
        }
        const bool is_up = p.up.contains(ic.name);
        if (want_up && !is_up) {
            p.up.insert(ic.name);
            const auto s = p.sockets.find(ic.name);
            p.instance->interface_up(ic.name, t, s == p.sockets.end() ? isis::MacAddress{} : s->second->mac());
        } else if (!want_up && is_up) {
            p.up.erase(ic.name);
            p.instance->interface_down(ic.name, t);
            p.sockets.erase(ic.name);
        }
    }
}

void IsisSpeaker::apply_sync(Process& p) {
    const auto t = now();
    const auto models = daemon_.sync().show_models(sync::IgpKind::isis);
    for (const auto& view : p.instance->interfaces()) {
        bool max_metric = false;
        for (const auto& m : models) {
            if (m.interface == view.name && m.process == p.tag) max_metric = m.advertise_max_metric;
        }
        if (view.max_metric != max_metric) {
            log::emit(log::Level::info, log_event::kIsisSync, process_name(p.tag), view.name,
                      max_metric ? "on" : "off");
            p.instance->set_max_metric(view.name, max_metric, t);
        }
    }
}

void IsisSpeaker::pump() {
    for (auto& [tag, p] : processes_) {
        p.instance->poll(now());
        flush(p);
        handle_events(p);
    }
}

void IsisSpeaker::flush(Process& p) {
    for (auto& out : p.instance->take_output()) {
        auto s = p.sockets.find(out.interface);
        if (s == p.sockets.end()) {
            ++p.counters["tx_no_socket"];
            continue;
        }
        std::string error;
        if (!s->second->send(out.destination, out.pdu, error)) {
            ++p.counters["tx_errors"];
            log::emit(log::Level::debug, log_event::kIsisSocketError, process_name(p.tag), out.interface, error);
        }
    }
}

void IsisSpeaker::handle_events(Process& p) {
    bool routes_changed = false;
    for (const auto& ev : p.instance->take_events()) {
        if (const auto* a = std::get_if<isis::AdjacencyChange>(&ev)) {
            const auto name = p.instance->hostname_of(a->neighbor, now()).value_or(isis::format(a->neighbor));
            log::emit(log::Level::info, log_event::kIsisAdjChange, process_name(p.tag), name, a->interface,
                      isis::to_string(a->to), isis::to_string(a->from));
            auto& count = p.adjacencies_up[a->interface];
            if (a->up() && count++ == 0) {
                events_.push(IgpAdjacencyChanged{sync::IgpKind::isis, a->interface, true});
            } else if (a->down() && count > 0 && --count == 0) {
                events_.push(IgpAdjacencyChanged{sync::IgpKind::isis, a->interface, false});
            }
            // A neighbour is there while any of its adjacencies (one per level on a LAN) is Up.
            const auto key = std::make_pair(a->interface, a->address);
            if (a->up() && a->address != 0 && ++p.neighbors[key] == 1) {
                events_.push(IgpNeighborChanged{sync::IgpKind::isis, a->interface, a->address, true});
            } else if (const auto it = p.neighbors.find(key); a->down() && it != p.neighbors.end() && --it->second == 0) {
                p.neighbors.erase(it);
                events_.push(IgpNeighborChanged{sync::IgpKind::isis, a->interface, a->address, false});
            }
        } else if (std::holds_alternative<isis::RoutesChanged>(ev)) {
            routes_changed = true;
        } else if (const auto* r = std::get_if<isis::RestartChanged>(&ev)) {
            log::emit(log::Level::info, log_event::kIsisRestart, process_name(p.tag),
                      r->running ? "started" : (r->timed_out ? "ended by T2" : "complete: databases synchronized"));
            events_.push(IgpRestartChanged{sync::IgpKind::isis, p.tag, r->running});
        }
    }
    if (routes_changed) publish_routes();
}

void IsisSpeaker::publish_routes() {
    IgpRouteMerge merge(rib::Source::isis);
    for (const auto& [tag, p] : processes_) {
        for (const auto& [prefix, r] : p.instance->routes()) {
            if (r.connected || r.next_hops.empty()) continue;  // the connected source has them
            std::vector<rib::NextHop> hops;
            for (const auto& nh : r.next_hops) hops.push_back(rib::NextHop{nh.gateway, nh.interface});
            merge.offer(config::Ipv4Prefix{prefix.address, prefix.length}, r.metric, std::move(hops));
        }
    }
    events_.push(IgpRoutesChanged{rib::Source::isis, merge.take()});
}

void IsisSpeaker::arm_timer() {
    std::optional<isis::TimePoint> earliest;
    for (const auto& [tag, p] : processes_) {
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
