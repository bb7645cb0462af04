#include "daemon.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "isis_speaker.hpp"
#include "ldp_speaker.hpp"
#include "log/emit.hpp"
#include "log_events.hpp"
#include "ospf_speaker.hpp"
#include "static_labels.hpp"
#include "sync_show.hpp"

namespace ldpsync::daemon {

namespace {

// How often the shm channel is serviced: answers data plane resync requests, reads its
// events, refreshes the writer heartbeat.
constexpr auto kShmPollInterval = std::chrono::milliseconds(10);

std::string igp_name(const sync::Identity& id) {
    return (id.igp == sync::IgpKind::ospf ? "OSPF " : "IS-IS ") + (id.process.empty() ? "null" : id.process);
}

}  // namespace

const sync::ClockSource& Daemon::default_clock() {
    static const sync::SteadyClock clock;
    return clock;
}

Daemon::Daemon(boost::asio::io_context& io, DaemonOptions options, const sync::ClockSource& clock)
    : io_(io),
      options_(std::move(options)),
      clock_(clock),
      sync_(clock, [this](const sync::Identity& id, const sync::Effects& fx) { on_effects(id, fx); }),
      sync_timer_(io),
      shm_timer_(io),
      events_(io, [this] { drain(); }) {}

Daemon::~Daemon() {
    ospf_.reset();
    isis_.reset();
    // Our routes leave the kernel with us (a restarted ldpsyncd installs them again).
    if (kernel_routes_) kernel_routes_->flush();
    // The descriptor belongs to libnl: release it before the Asio object would close it.
    if (kernel_watch_) kernel_watch_->release();
}

std::optional<std::string> Daemon::start() {
    if (options_.publish_to_shm) {
        auto created = shm::ControlEnd::create(options_.instance);
        if (!created) {
            log::emit(log::Level::warn, log_event::kShmError, created.error().message());
            return created.error().message();
        }
        shm_.emplace(created.take());
        publisher_.emplace(*shm_);  // sends nothing until mark_ready() below
        log::emit(log::Level::info, log_event::kShmCreated, options_.instance, shm_->epoch(),
                  shm_->took_over() ? "took over from a previous ldpsyncd" : "new");
    }
    if (options_.follow_kernel) {
        std::string error;
        kernel_ = kernel::KernelInterfaces::open(error);
        if (!kernel_) return error;
        kernel_routes_ = kernel::KernelRoutes::open(error);
        if (!kernel_routes_) return error;
        kernel_routes_->flush();  // a previous run's routes, if it died without removing them
        kernel_->on_change([this] {
            bool changed = false;
            bool appeared = false;
            for (const auto& [name, itf] : config_.interfaces) {
                const auto st = kernel_->state(name);
                changed = changed || kernel_seen_[name] != st;
                appeared = appeared || (st.exists && !kernel_seen_[name].exists);
                kernel_seen_[name] = st;
            }
            // An interface created after the configuration was applied (the data plane's TAPs
            // come after ldpsyncd) gets its address and admin state now.
            if (appeared) {
                for (const auto& problem : kernel_->apply(config_)) {
                    log::emit(log::Level::warn, log_event::kKernelError, problem.substr(0, problem.find(':')),
                              problem.substr(problem.find(':') + 2));
                }
            }
            if (changed) {
                rebuild_routes();
                sync_.reevaluate_reachability(rib_);
                if (ldp_) ldp_->refresh();
            }
            // Neighbour (ARP) changes move next-hop MACs; the publisher sends only differences.
            republish();
        });
        if (options_.speak_ospf) ospf_ = std::make_unique<OspfSpeaker>(io_, *this, events_);
        if (options_.speak_isis) isis_ = std::make_unique<IsisSpeaker>(io_, *this, events_);
        apply(config_);
        watch_kernel();
        if (options_.run_ldp) {
            ldp_ = std::make_unique<LdpSpeaker>(io_, *this, events_, clock_);
            // A predecessor's local labels, so that its FECs get them back (the segment, and
            // with it the ledger, is opened before anything else for that).
            if (shm_ && shm_->took_over()) ldp_->hold_previous_labels(shm_->local_labels());
            if (auto err = ldp_->start()) {
                // Not fatal: the sync machines and the test hooks work without a speaker.
                log::emit(log::Level::error, ldp::log_event::kCannotRun, *err);
                ldp_.reset();
            }
        }
    }
    if (!shm_) {
        return std::nullopt;
    }
    republish();
    // The state is complete once the configuration is applied: a data plane that kept
    // forwarding through our restart may now be swept to it.
    publisher_->mark_ready();
    publisher_->poll();
    arm_shm_timer();
    return std::nullopt;
}

config::ParseResult Daemon::load(std::string_view text) {
    auto result = config::parse_config(text);
    refuse_static_label_conflicts(result, text);
    if (result.ok()) {
        apply(*result.config);
    }
    return result;
}

config::ParseResult Daemon::configure(std::string_view lines) {
    auto result = config::apply_config(config_, lines);
    refuse_static_label_conflicts(result, lines);
    if (result.ok()) {
        apply(*result.config);
    }
    return result;
}

// A configuration is refused whole when a new static binding takes a label LDP has already
// advertised (static_labels.hpp says why refusing, not re-labelling). Not when the LIB
// restarts with it: then none of LDP's labels survive.
void Daemon::refuse_static_label_conflicts(config::ParseResult& result, std::string_view text) const {
    if (!result.ok() || !ldp_ || !ldp_->keeps_lib(*result.config)) return;
    auto conflicts = static_label_conflicts(config_, *result.config, text, ldp_->instance().lib());
    if (conflicts.empty()) return;
    result.errors = std::move(conflicts);
    result.config.reset();
}

void Daemon::apply(config::Config cfg) {
    config_ = std::move(cfg);
    if (kernel_) {
        for (const auto& problem : kernel_->apply(config_)) {
            log::emit(log::Level::warn, log_event::kKernelError, problem.substr(0, problem.find(':')),
                      problem.substr(problem.find(':') + 2));
        }
        for (const auto& [name, itf] : config_.interfaces) {
            const auto st = kernel_->state(name);
            const auto seen = kernel_seen_.find(name);
            if (!st.exists && (seen == kernel_seen_.end() || seen->second.exists)) {
                log::emit(log::Level::warn, log_event::kKernelError, name,
                          "no such kernel interface: its link stays unusable");
            }
            kernel_seen_[name] = st;
        }
    }
    // Link ids are stable for as long as the interface stays configured.
    for (auto it = link_ids_.begin(); it != link_ids_.end();) {
        it = config_.interfaces.contains(it->first) ? std::next(it) : link_ids_.erase(it);
    }
    for (const auto& [name, itf] : config_.interfaces) {
        if (link_ids_.contains(name)) continue;
        std::uint16_t id = 0;
        for (bool taken = true; taken; ++id) {
            taken = false;
            for (const auto& [n, used] : link_ids_) taken = taken || used == id;
            if (!taken) break;
        }
        if (id < shm::kLinkCapacity) link_ids_.emplace(name, id);
    }
    rebuild_routes();
    sync_.apply_config(config_, rib_);
    log::emit(log::Level::info, log_event::kConfigApplied, config_.interfaces.size(), sync_.size());
    republish();
    if (ldp_) ldp_->refresh();
}

std::optional<std::uint32_t> Daemon::kernel_ifindex(const std::string& interface) const {
    const auto it = kernel_seen_.find(interface);
    if (it == kernel_seen_.end() || !it->second.exists || it->second.ifindex <= 0) return std::nullopt;
    return static_cast<std::uint32_t>(it->second.ifindex);
}

bool Daemon::interface_up(const std::string& name) const {
    if (!kernel_) return true;
    const auto it = kernel_seen_.find(name);
    return it != kernel_seen_.end() && it->second.oper_up;
}

void Daemon::watch_kernel() {
    if (!kernel_watch_) kernel_watch_.emplace(io_, kernel_->fd());
    kernel_watch_->async_wait(boost::asio::posix::stream_descriptor::wait_read, [this](const boost::system::error_code& ec) {
        if (ec) {
            log::emit(log::Level::warn, log_event::kKernelError, "rtnetlink", ec.message());
            return;
        }
        kernel_->process();
        watch_kernel();
    });
}

void Daemon::rebuild_routes() {
    std::vector<rib::Route> connected;
    for (const auto& [name, itf] : config_.interfaces) {
        // Connected routes exist while the interface is up/up, as on IOS.
        if (itf.address && !itf.shutdown && interface_up(name)) {
            connected.push_back(rib::Route{itf.address.value(), rib::Source::connected, 0, {{0, name}}});
        }
    }
    rib_.replace_source(rib::Source::connected, std::move(connected));
    std::vector<rib::Route> statics;
    for (const auto& s : config_.static_routes) {
        rib::NextHop nh;
        if (s.next_hop) {
            // Installed only when the next hop resolves through a connected route, as IOS does.
            const rib::Route* via = rib_.lookup(*s.next_hop);
            if (via == nullptr || via->source != rib::Source::connected) continue;
            nh = rib::NextHop{*s.next_hop, via->next_hops.front().interface};
        } else {
            nh = rib::NextHop{0, *s.interface};
        }
        auto existing = std::find_if(statics.begin(), statics.end(), [&](const rib::Route& r) { return r.prefix == s.prefix; });
        if (existing != statics.end()) {
            existing->next_hops.push_back(nh);
        } else {
            statics.push_back(rib::Route{s.prefix, rib::Source::static_route, 0, {nh}});
        }
    }
    rib_.replace_source(rib::Source::static_route, std::move(statics));
}

std::optional<std::uint16_t> Daemon::link_id(const std::string& interface) const {
    auto it = link_ids_.find(interface);
    if (it == link_ids_.end()) return std::nullopt;
    return it->second;
}

void Daemon::publish_links(LinkPhase phase) {
    if (!shm_) return;
    std::vector<bool> used(shm::kLinkCapacity, false);
    for (const auto& [name, id] : link_ids_) {
        const auto& itf = config_.interfaces.at(name);
        const LinkView v = sync_.link_view(name);
        shm::LinkRecord r{};
        r.link_id = id;
        r.port_id = 0xffff;  // the data plane ties ports to links by interface name
        r.in_use = 1;
        r.usable = (v.usable && !itf.shutdown && interface_up(name)) ? 1 : 0;
        r.set_ifname(name);
        r.ospf_adjacency = v.ospf_adjacency ? shm::AdjacencyState::up : shm::AdjacencyState::down;
        r.isis_adjacency = v.isis_adjacency ? shm::AdjacencyState::up : shm::AdjacencyState::down;
        r.sync = static_cast<shm::SyncState>(v.sync_contract);
        r.ospf_metric = v.ospf_metric;
        r.isis_metric = v.isis_metric;
        const auto previous = shm_->link(id);
        r.generation = previous ? previous->generation : 0;
        if (previous && previous->in_use) {
            auto same = *previous;
            same.generation = r.generation;
            if (same == r) {
                used[id] = true;
                continue;  // unchanged
            }
        }
        if (phase == LinkPhase::closing && r.usable && (!previous || !previous->in_use || !previous->usable)) {
            used[id] = true;  // opens: after the forwarding entries
            continue;
        }
        r.generation += 1;
        shm_->publish_link(r);
        used[id] = true;
        log::emit(log::Level::debug, log_event::kLinkPublished, id, name, r.usable, r.ospf_metric, r.isis_metric);
    }
    // Links of interfaces no longer configured (or a dead predecessor's) are cleared.
    if (phase == LinkPhase::closing) return;
    for (std::uint32_t id = 0; id < shm::kLinkCapacity; ++id) {
        if (!used[id]) {
            if (auto r = shm_->link(id); r && r->in_use) shm_->clear_link(id);
        }
    }
}

// The IGP's and the static routes, for the router's own traffic (see kernel_routes.hpp).
// Connected routes are the kernel's already.
void Daemon::sync_kernel_routes() {
    if (!kernel_routes_) return;
    std::vector<kernel::KernelRoute> wanted;
    for (const rib::Route* r : rib_.selected_routes()) {
        if (r->source == rib::Source::connected) continue;
        kernel::KernelRoute k{r->prefix, rib::admin_distance(r->source), {}};
        for (const auto& nh : r->next_hops) {
            const auto seen = kernel_seen_.find(nh.interface);
            if (seen == kernel_seen_.end() || !seen->second.exists) continue;
            k.next_hops.push_back({seen->second.ifindex, nh.address});
        }
        if (k.next_hops.empty()) continue;
        std::sort(k.next_hops.begin(), k.next_hops.end());
        wanted.push_back(std::move(k));
    }
    for (const auto& problem : kernel_routes_->sync(wanted)) {
        log::emit(log::Level::warn, log_event::kKernelRouteError, problem);
    }
}

void Daemon::republish() {
    sync_kernel_routes();
    publish_links(LinkPhase::closing);
    fib_view_.clear();
    FibBuilder::NeighborMac neighbor_mac;
    if (kernel_) {
        neighbor_mac = [this](const std::string& itf, std::uint32_t ip) -> std::optional<shm::MacAddress> {
            const auto seen = kernel_seen_.find(itf);
            if (seen == kernel_seen_.end() || !seen->second.exists) return std::nullopt;
            return kernel_->neighbor_mac(seen->second.ifindex, ip);
        };
    }
    const auto wanted = FibBuilder::build(
        config_, rib_, [this](const std::string& n) { return link_id(n); }, &fib_view_, neighbor_mac, ldp_bindings_);
    if (publisher_) {
        FibBuilder::publish(*publisher_, wanted);
    }
    publish_links(LinkPhase::all);
    arm_sync_timer();
    // Configuration, interface state and the sync machines' outputs to the IGPs.
    if (ospf_) ospf_->refresh();
    if (isis_) isis_->refresh();
}

void Daemon::drain() {
    // Each pass: every event in arrival order into the sync machines, the RIB, LDP's bindings
    // and the label ledger; then the RIB's consequences (peer reachability); then one
    // publication (kernel routes, gates, FTN/ILM) whose last step hands the sync machines'
    // outputs to OSPF; then LDP's new snapshot of the RIB. What the speakers push meanwhile
    // is the next pass.
    while (!events_.empty()) {
        bool routes_changed = false;
        for (auto& e : events_.take()) handle(e, routes_changed);
        if (routes_changed) sync_.reevaluate_reachability(rib_);
        republish();
        // LDP binds a label to every prefix the IGP brings (and withdraws those it takes away).
        if (routes_changed && ldp_) ldp_->refresh();
    }
}

void Daemon::handle(DaemonEvent& event, bool& routes_changed) {
    std::visit(
        [&](auto& e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, IgpAdjacencyChanged>) {
                sync_.igp_adjacency(e.igp, e.interface, e.up);
            } else if constexpr (std::is_same_v<T, IgpRestartChanged>) {
                sync_.nsf_startup(e.igp, e.process, e.running);
            } else if constexpr (std::is_same_v<T, IgpNeighborChanged>) {
                igp_neighbor(e.igp, e.interface, e.address, e.present);
            } else if constexpr (std::is_same_v<T, IgpRoutesChanged>) {
                rib_.replace_source(e.source, std::move(e.routes));
                routes_changed = true;
            } else if constexpr (std::is_same_v<T, ldp::PeerOnInterface>) {
                std::optional<PeerInfo> peer;
                if (e.peer) peer = PeerInfo{e.peer->ident, e.peer->transport};
                sync_.ldp_peer(e.interface, peer, rib_);
            } else if constexpr (std::is_same_v<T, ldp::InterfaceSynced>) {
                sync_.ldp_synced(e.interface, e.trigger);
            } else if constexpr (std::is_same_v<T, ldp::InterfaceSyncLost>) {
                sync_.session_down(e.interface, e.graceful_restart, e.reconnect);
            } else if constexpr (std::is_same_v<T, ldp::InterfaceReconnected>) {
                sync_.session_reconnected(e.interface, e.recovery);
            } else if constexpr (std::is_same_v<T, ldp::BindingsChanged>) {
                ldp_bindings_ = std::move(e.bindings);  // fed to FibBuilder with the static bindings
            } else if constexpr (std::is_same_v<T, ldp::LedgerChanged>) {
                // The shm label ledger: a restarted ldpsyncd binds its FECs to these labels.
                if (!shm_) return;
                if (e.fec) {
                    shm_->record_local_label(e.label, {e.fec->prefix, e.fec->length});
                } else {
                    shm_->clear_local_label(e.label);
                }
            }
        },
        event);
}

void Daemon::on_effects(const sync::Identity& id, const sync::Effects& fx) {
    for (const auto& step : fx.steps) {
        const std::string line = sync::format_debug(id, step);
        log::emit(log::Level::debug, log_event::kSyncStep, line);
        for (auto& [k, sink] : debug_sinks_) sink(line);
    }
    for (const auto& e : fx.errors) {
        log::emit(log::Level::warn, log_event::kSyncError, igp_name(id), id.interface, sync::to_string(e.code));
    }
    if (fx.costout_alert()) {
        log::emit(log::Level::warn, log_event::kCostoutAlert, igp_name(id), id.interface,
                  config_.ldp.sync_costout_alert_s.value_or(0));
    }
}

bool Daemon::igp_adjacency(sync::IgpKind igp, const std::string& interface, bool up) {
    const bool any = sync_.igp_adjacency(igp, interface, up);
    republish();
    return any;
}
void Daemon::igp_neighbor(sync::IgpKind, const std::string& interface, std::uint32_t address, bool present) {
    const auto key = std::make_pair(interface, address);
    if (present) {
        if (++igp_neighbors_[key] == 1 && ldp_) ldp_->igp_neighbor(interface, address, true);
        return;
    }
    auto it = igp_neighbors_.find(key);
    if (it == igp_neighbors_.end()) return;
    if (--it->second > 0) return;
    igp_neighbors_.erase(it);
    if (ldp_) ldp_->igp_neighbor(interface, address, false);
}

bool Daemon::nsf_startup(sync::IgpKind igp, const std::string& process, bool running) {
    const bool any = sync_.nsf_startup(igp, process, running);
    republish();
    return any;
}
bool Daemon::ldp_peer(const std::string& interface, std::optional<PeerInfo> peer) {
    const bool any = sync_.ldp_peer(interface, peer, rib_);
    republish();
    return any;
}
bool Daemon::ldp_synced(const std::string& interface, sync::SyncTrigger trigger) {
    const bool any = sync_.ldp_synced(interface, trigger);
    republish();
    return any;
}
bool Daemon::session_down(const std::string& interface, bool gr, std::optional<sync::Duration> reconnect) {
    const bool any = sync_.session_down(interface, gr, reconnect);
    republish();
    return any;
}
bool Daemon::session_reconnected(const std::string& interface, std::optional<sync::Duration> recovery) {
    const bool any = sync_.session_reconnected(interface, recovery);
    republish();
    return any;
}

void Daemon::poll_timers() {
    sync_.poll_timers();
    republish();
}

void Daemon::arm_sync_timer() {
    // Only a real clock can be waited on; tests on a manual clock call poll_timers().
    if (&clock_ != &default_clock()) return;
    const auto deadline = sync_.next_deadline();
    if (!deadline) {
        sync_timer_.cancel();
        return;
    }
    sync_timer_.expires_at(*deadline);
    sync_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) poll_timers();
    });
}

void Daemon::arm_shm_timer() {
    shm_timer_.expires_after(kShmPollInterval);
    shm_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || !publisher_) return;
        publisher_->poll([](const shm::EventRecord& e) {
            log::emit(log::Level::info, log_event::kDataplaneEvent, e.port_id, e.link_up ? "up" : "down");
        });
        arm_shm_timer();
    });
}

std::size_t Daemon::subscribe_debug(DebugSink sink) {
    debug_sinks_.emplace(next_debug_, std::move(sink));
    return next_debug_++;
}

void Daemon::unsubscribe_debug(std::size_t id) { debug_sinks_.erase(id); }

}  // namespace ldpsync::daemon
