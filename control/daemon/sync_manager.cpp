#include "sync_manager.hpp"

namespace ldpsync::daemon {

namespace {

sync::PeerRoute classify(const rib::Route* r) {
    if (r == nullptr) return sync::PeerRoute::none;
    if (r->prefix.length == 0) return sync::PeerRoute::default_route;
    switch (r->source) {
        case rib::Source::connected: return sync::PeerRoute::connected;
        case rib::Source::static_route: return sync::PeerRoute::static_route;
        case rib::Source::ospf:
        case rib::Source::isis: return sync::PeerRoute::igp;
    }
    return sync::PeerRoute::none;
}

// The IGP processes an interface belongs to, per the configuration.
std::vector<MachineKey> keys_for(const config::Config& cfg, const config::InterfaceConfig& itf) {
    std::vector<MachineKey> keys;
    for (const config::OspfProcess* p : cfg.ospf_processes_for(itf)) {
        keys.push_back(MachineKey{sync::IgpKind::ospf, std::to_string(p->id), itf.name});
        break;  // an interface belongs to one OSPF process (first match, as IOS)
    }
    if (cfg.isis_process_for(itf) != nullptr) {
        keys.push_back(MachineKey{sync::IgpKind::isis, *itf.isis_tag, itf.name});
    }
    return keys;
}

std::string area_text(std::uint32_t area) { return std::to_string(area); }

}  // namespace

SyncManager::SyncManager(const sync::ClockSource& clock, StepSink on_effects)
    : clock_(clock), on_effects_(std::move(on_effects)) {}

void SyncManager::emit(const sync::SyncMachine& m, const sync::Effects& fx) {
    if (on_effects_ && (!fx.steps.empty() || !fx.errors.empty())) {
        on_effects_(m.identity(), fx);
    }
}

void SyncManager::apply_config(const config::Config& cfg, const rib::Rib& rib) {
    config_ = cfg;
    std::map<MachineKey, const config::InterfaceConfig*> wanted;
    for (const auto& [name, itf] : cfg.interfaces) {
        for (auto& key : keys_for(cfg, itf)) {
            wanted.emplace(std::move(key), &itf);
        }
    }
    // An interface removed from an IGP process: the guide wants the timer stopped and the
    // IGP told at once, so the machine sees set_in_igp(false) before it goes.
    for (auto it = machines_.begin(); it != machines_.end();) {
        if (!wanted.contains(it->first)) {
            emit(*it->second.machine, it->second.machine->set_in_igp(false));
            it = machines_.erase(it);
        } else {
            ++it;
        }
    }
    for (const auto& [key, itf] : wanted) {
        auto [it, created] = machines_.try_emplace(key);
        if (created) {
            sync::Identity id{key.igp, key.process, key.interface, {}, sync::MetricStyle::wide};
            it->second.machine = std::make_unique<sync::SyncMachine>(id, clock_);
        }
        sync::SyncMachine& m = *it->second.machine;
        bool process_sync = false;
        bool autoconfig = false;
        if (key.igp == sync::IgpKind::ospf) {
            const auto& p = cfg.ospf.at(static_cast<std::uint32_t>(std::stoul(key.process)));
            process_sync = p.ldp_sync;
            const auto area = p.area_for(itf->address->address);
            m.set_area(area ? area_text(*area) : "0");
            autoconfig = p.ldp_autoconfig && (!p.autoconfig_area || area == p.autoconfig_area);
        } else {
            const auto& p = cfg.isis.at(key.process);
            process_sync = p.ldp_sync;
            autoconfig = p.ldp_autoconfig;
            m.set_metric_style(p.metric_style == config::MetricStyle::narrow ? sync::MetricStyle::narrow
                                                                              : sync::MetricStyle::wide);
        }
        // `nsf` only says the IGP may restart gracefully; the startup itself is reported by
        // the IGP through nsf_startup().
        emit(m, m.set_in_igp(true));
        emit(m, m.set_process_sync(process_sync));
        // The guide's restriction: no sync on tunnel interfaces.
        emit(m, m.set_interface_sync(itf->igp_sync && !itf->is_tunnel()));
        emit(m, m.set_ldp(sync::LdpSource::mpls_ip, itf->mpls_ip));
        emit(m, m.set_ldp(sync::LdpSource::autoconfig, autoconfig));
        // The interface's holddown (our extension) before the global one (IOS).
        std::optional<sync::Duration> holddown;
        if (const auto ms = itf->sync_holddown_ms ? itf->sync_holddown_ms : cfg.ldp.sync_holddown_ms) {
            holddown = std::chrono::milliseconds(*ms);
        }
        emit(m, m.set_holddown(holddown));
        emit(m, m.set_delay(std::chrono::seconds(itf->sync_delay_s.value_or(0))));
        std::optional<std::chrono::seconds> alert;
        if (cfg.ldp.sync_costout_alert_s) {
            alert = std::chrono::seconds(*cfg.ldp.sync_costout_alert_s);
        }
        emit(m, m.set_costout_alert(alert));
    }
    reevaluate_reachability(rib);
}

template <class F>
bool SyncManager::for_interface(const std::string& interface, F&& f) {
    bool any = false;
    for (auto& [key, e] : machines_) {
        if (key.interface == interface) {
            emit(*e.machine, f(*e.machine, key));
            any = true;
        }
    }
    return any;
}

bool SyncManager::igp_adjacency(sync::IgpKind igp, const std::string& interface, bool up) {
    bool any = false;
    for (auto& [key, e] : machines_) {
        if (key.interface == interface && key.igp == igp) {
            emit(*e.machine, e.machine->igp_adjacency(up));
            any = true;
        }
    }
    return any;
}

bool SyncManager::nsf_startup(sync::IgpKind igp, const std::string& process, bool running) {
    bool any = false;
    for (auto& [key, e] : machines_) {
        if (key.igp == igp && key.process == process) {
            emit(*e.machine, e.machine->nsf_startup(running));
            any = true;
        }
    }
    return any;
}

bool SyncManager::ldp_peer(const std::string& interface, std::optional<PeerInfo> peer, const rib::Rib& rib) {
    if (peer) {
        peers_[interface] = *peer;
    } else {
        peers_.erase(interface);
    }
    return for_interface(interface, [&](sync::SyncMachine& m, const MachineKey&) {
        if (!peer) {
            return m.peer_reachability(false, sync::PeerRoute::none);
        }
        const rib::Route* r = rib.lookup(peer->transport_address);
        return m.peer_reachability(r != nullptr, classify(r));
    });
}

void SyncManager::reevaluate_reachability(const rib::Rib& rib) {
    for (auto& [key, e] : machines_) {
        auto p = peers_.find(key.interface);
        if (p == peers_.end()) {
            continue;
        }
        const rib::Route* r = rib.lookup(p->second.transport_address);
        emit(*e.machine, e.machine->peer_reachability(r != nullptr, classify(r)));
    }
}

bool SyncManager::ldp_synced(const std::string& interface, sync::SyncTrigger trigger) {
    auto p = peers_.find(interface);
    std::optional<sync::LdpIdent> ident;
    if (p != peers_.end()) ident = p->second.ident;
    return for_interface(interface,
                         [&](sync::SyncMachine& m, const MachineKey&) { return m.ldp_synced(trigger, ident); });
}

bool SyncManager::session_down(const std::string& interface, bool gr, std::optional<sync::Duration> reconnect) {
    const auto wait = reconnect.value_or(std::chrono::seconds(config_.ldp.gr_reconnect_s));
    return for_interface(interface, [&](sync::SyncMachine& m, const MachineKey&) {
        return gr && config_.ldp.graceful_restart ? m.session_down_gr(wait) : m.session_down();
    });
}

bool SyncManager::session_reconnected(const std::string& interface, std::optional<sync::Duration> recovery) {
    const auto window = recovery.value_or(std::chrono::seconds(config_.ldp.gr_max_recovery_s));
    return for_interface(interface,
                         [&](sync::SyncMachine& m, const MachineKey&) { return m.session_reconnected(window); });
}

void SyncManager::poll_timers() {
    for (auto& [key, e] : machines_) {
        emit(*e.machine, e.machine->poll_timers());
    }
}

std::optional<sync::TimePoint> SyncManager::next_deadline() const {
    std::optional<sync::TimePoint> best;
    for (const auto& [key, e] : machines_) {
        if (auto d = e.machine->next_deadline(); d && (!best || *d < *best)) {
            best = d;
        }
    }
    return best;
}

std::vector<sync::ShowModel> SyncManager::show_models(std::optional<sync::IgpKind> igp,
                                                      const std::string& interface) const {
    std::vector<sync::ShowModel> out;
    for (const auto& [key, e] : machines_) {
        if ((igp && key.igp != *igp) || (!interface.empty() && key.interface != interface)) {
            continue;
        }
        out.push_back(sync::make_show_model(*e.machine));
    }
    return out;
}

LinkView SyncManager::link_view(const std::string& interface) const {
    LinkView v;
    const auto itf = config_.interfaces.find(interface);
    const std::uint32_t ospf_cost = itf != config_.interfaces.end() ? itf->second.ospf_cost.value_or(10) : 10;
    const std::uint32_t isis_metric = itf != config_.interfaces.end() ? itf->second.isis_metric.value_or(10) : 10;
    v.usable = true;
    v.ospf_metric = ospf_cost;
    v.isis_metric = isis_metric;
    for (const auto& [key, e] : machines_) {
        if (key.interface != interface) {
            continue;
        }
        const sync::SyncMachine& m = *e.machine;
        v.in_igp = true;
        v.usable = v.usable && m.usable();
        const auto contract = m.contract_value();
        // The worst state wins: not_achieved (1) over delay (2) over the rest.
        if (v.sync_contract == 0 || (contract != 0 && contract < v.sync_contract)) {
            v.sync_contract = contract;
        }
        if (key.igp == sync::IgpKind::ospf) {
            v.ospf_adjacency = m.inputs().adjacency_up;
            v.ospf_metric = m.advertised_metric(ospf_cost);
        } else {
            v.isis_adjacency = m.inputs().adjacency_up;
            v.isis_metric = m.advertised_metric(isis_metric);
        }
    }
    return v;
}

sync::Counters SyncManager::total_counters() const {
    sync::Counters total;
    for (const auto& [key, e] : machines_) {
        const auto& c = e.machine->counters();
        total.events += c.events;
        total.transitions += c.transitions;
        total.ignored += c.ignored;
        total.unexpected_events += c.unexpected_events;
        total.config_errors += c.config_errors;
        total.sync_achieved += c.sync_achieved;
        total.sync_lost += c.sync_lost;
        total.holddown_expired += c.holddown_expired;
        total.delay_expired += c.delay_expired;
        total.gr_protected += c.gr_protected;
        total.gr_reconnect_expired += c.gr_reconnect_expired;
        total.gr_recovery_expired += c.gr_recovery_expired;
        total.costout_alerts += c.costout_alerts;
        total.peer_via_inexact_route += c.peer_via_inexact_route;
        for (std::size_t i = 0; i < total.synced_by_trigger.size(); ++i) {
            total.synced_by_trigger[i] += c.synced_by_trigger[i];
        }
    }
    return total;
}

}  // namespace ldpsync::daemon
