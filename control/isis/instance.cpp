#include "instance.hpp"

#include <algorithm>
#include <stdexcept>

#include "auth.hpp"

namespace ldpsync::isis {

IsisInstance::IsisInstance(InstanceConfig config, TimePoint now) : config_(std::move(config)) {
    std::uint8_t circuit_id = 1;
    for (const auto& ic : config_.interfaces) {
        Circuit c;
        c.cfg = ic;
        c.cfg.levels &= config_.levels;  // a circuit runs no level the process does not
        c.local_circuit_id = circuit_id++;
        for (auto& lan : c.lan) lan.lan_id = NodeId{config_.system_id, c.local_circuit_id};
        circuits_.push_back(std::move(c));
    }
    if (config_.overload_on_startup) {
        overload_ = true;
        overload_until_ = now + *config_.overload_on_startup;
    }
    for (Level l : kLevels) {
        if (runs(l)) level(l).refresh_due = now + config_.lsp_refresh;
    }
    if (config_.restarting) {
        restart_deadline_ = now + config_.restart_t2;
        events_.emplace_back(std::in_place_type<RestartChanged>, true, false);
    }
    schedule_origination(now);
}

IsisInstance::Circuit* IsisInstance::find_circuit(const std::string& name) {
    for (auto& c : circuits_) {
        if (c.cfg.name == name) return &c;
    }
    return nullptr;
}

std::uint32_t IsisInstance::advertised_metric(const Circuit& c) const {
    const std::uint32_t m = c.max_metric ? kMaxWideLinkMetric : c.cfg.metric;
    return config_.metric_style == MetricStyle::narrow ? std::min<std::uint32_t>(m, kMaxNarrowMetric) : m;
}

bool IsisInstance::adjacency_up_at(const Circuit& c, Level l) const {
    return c.up && c.adjacency && c.adjacency->state == AdjState::up && isis::runs(c.adjacency->levels, l);
}

bool IsisInstance::floods_at(const Circuit& c, Level l) const {
    if (!c.broadcast()) return adjacency_up_at(c, l);
    if (!c.up || !isis::runs(c.cfg.levels, l)) return false;
    for (const auto& [mac, a] : c.lan[level_index(l)].adjacencies) {
        if (a.state == AdjState::up) return true;
    }
    return false;
}

bool IsisInstance::from_adjacency(const Circuit& c, Level l, const MacAddress& source) const {
    if (!c.broadcast()) return adjacency_up_at(c, l);
    if (!c.up || !isis::runs(c.cfg.levels, l)) return false;
    const auto& adjacencies = c.lan[level_index(l)].adjacencies;
    const auto it = adjacencies.find(source);
    return it != adjacencies.end() && it->second.state == AdjState::up;
}

MacAddress IsisInstance::flood_destination(const Circuit& c, Level l) const {
    if (!c.broadcast()) return kAllIss;
    return l == Level::l1 ? kAllL1Iss : kAllL2Iss;
}

void IsisInstance::interface_up(const std::string& name, TimePoint now, const MacAddress& mac) {
    Circuit* c = find_circuit(name);
    if (c == nullptr || c->up) return;
    c->up = true;
    c->mac = mac;
    if (c->sends_hellos() && !c->broadcast()) c->hello_due = now;
    if (c->sends_hellos() && c->broadcast()) {
        for (Level l : kLevels) {
            if (!isis::runs(c->cfg.levels, l)) continue;
            c->lan[level_index(l)].hello_due = now;
            elect_dis(*c, l, now);
        }
    }
    schedule_origination(now);  // its prefix is advertised from now
}

void IsisInstance::interface_down(const std::string& name, TimePoint now) {
    Circuit* c = find_circuit(name);
    if (c == nullptr || !c->up) return;
    if (c->adjacency) set_adjacency_state(*c, AdjState::down, now);
    c->adjacency.reset();
    for (Level l : kLevels) {
        auto& lan = c->lan[level_index(l)];
        for (auto& [mac, a] : lan.adjacencies) set_lan_adjacency_state(*c, l, a, AdjState::down, now);
        lan = LanLevel{{}, NodeId{config_.system_id, c->local_circuit_id}, false, {}, {}};
    }
    c->up = false;
    c->hello_due.reset();
    c->flooding = {};
    schedule_origination(now);
}

void IsisInstance::receive(const std::string& interface, const MacAddress& source, ByteView pdu, TimePoint now) {
    Circuit* c = find_circuit(interface);
    if (c == nullptr) {
        count(Counter::rx_unknown_interface);
        return;
    }
    if (!c->sends_hellos()) {
        count(Counter::rx_interface_inactive);
        return;
    }
    if (!authentic(*c, pdu)) return;
    auto decoded = decode_pdu(pdu);
    if (!decoded) {
        counters_.bump(decoded.error().reason);
        return;
    }
    std::visit(
        [&](const auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, P2pHello>) {
                if (c->broadcast()) return count(Counter::rx_p2p_hello_on_lan);
                count(Counter::rx_hello);
                on_p2p_hello(*c, source, m, now);
            } else if constexpr (std::is_same_v<T, LanHello>) {
                if (!c->broadcast()) return count(Counter::rx_lan_hello_on_p2p);
                count(Counter::rx_hello);
                on_lan_hello(*c, source, m, now);
            } else if constexpr (std::is_same_v<T, Lsp>) {
                count(Counter::rx_lsp);
                on_lsp(*c, source, m, lsp_bytes(pdu), now);
            } else if constexpr (std::is_same_v<T, Csnp>) {
                count(Counter::rx_csnp);
                on_csnp(*c, source, m, now);
            } else {
                count(Counter::rx_psnp);
                on_psnp(*c, source, m, now);
            }
        },
        *decoded);
}

Bytes IsisInstance::signed_pdu(Bytes pdu, const std::optional<std::string>& key) {
    if (key) sign_hmac_md5(pdu, *key);
    return pdu;
}

bool IsisInstance::authentic(const Circuit& c, ByteView pdu) {
    const auto type = pdu.size() > 4 ? std::to_integer<std::uint8_t>(pdu[4]) & 0x1f : 0;
    const bool hello = type == pdu_type::p2p_iih || type == pdu_type::lan_iih_l1 || type == pdu_type::lan_iih_l2;
    const auto& key = hello ? c.cfg.hello_key : config_.lsp_key;
    if (!key) return true;
    switch (verify_hmac_md5(pdu, *key)) {
    case AuthCheck::ok: return true;
    case AuthCheck::missing:
    case AuthCheck::wrong_type: count(Counter::rx_auth_missing); return false;
    case AuthCheck::bad_digest: count(Counter::rx_auth_failed); return false;
    }
    return false;
}

bool IsisInstance::set_max_metric(const std::string& interface, bool on, TimePoint now) {
    Circuit* c = find_circuit(interface);
    if (c == nullptr) return false;
    if (c->max_metric != on) {
        c->max_metric = on;
        schedule_origination(now);
    }
    return true;
}

bool IsisInstance::set_metric(const std::string& interface, std::uint32_t metric, TimePoint now) {
    Circuit* c = find_circuit(interface);
    if (c == nullptr) return false;
    if (c->cfg.metric != metric) {
        c->cfg.metric = metric;
        for (auto& ic : config_.interfaces) {
            if (ic.name == interface) ic.metric = metric;
        }
        schedule_origination(now);
    }
    return true;
}

// RFC 5306 3.3: the restart is over when every circuit with an adjacency has described its
// database (a CSNP per level) and we hold everything those CSNPs listed; or at T2.
void IsisInstance::check_restart_done(TimePoint now) {
    if (!restart_deadline_) return;
    const bool timed_out = now >= *restart_deadline_;
    if (!timed_out) {
        bool any = false;
        for (Level l : kLevels) {
            if (!runs(l)) continue;
            if (!restart_awaited_[level_index(l)].empty()) return;
            for (const auto& c : circuits_) {
                if (!floods_at(c, l)) continue;
                if (!c.restart_csnp[level_index(l)]) return;
                any = true;
            }
        }
        if (!any) return;  // nobody to synchronize with yet
    }
    restart_deadline_.reset();
    for (auto& a : restart_awaited_) a.clear();
    events_.emplace_back(std::in_place_type<RestartChanged>, false, timed_out);
    schedule_origination(now);
    for (Level l : kLevels) {
        if (runs(l)) schedule_spf(l, now);
    }
}

void IsisInstance::poll(TimePoint now) {
    check_restart_done(now);
    if (overload_until_ && now >= *overload_until_) {
        overload_ = false;
        overload_until_.reset();
        schedule_origination(now);
    }
    for (auto& c : circuits_) {
        if (c.adjacency && c.adjacency->state != AdjState::down && now >= c.adjacency->hold_due) {
            count(Counter::adj_hold_expired);
            set_adjacency_state(c, AdjState::down, now);
            c.adjacency.reset();
        }
        if (c.hello_due && now >= *c.hello_due) send_hello(c, now);
        if (c.broadcast()) poll_lan(c, now);
    }
    for (Level l : kLevels) {
        if (!runs(l)) continue;
        LevelState& s = level(l);
        if (now >= s.refresh_due) {
            s.force_refresh = true;
            s.originate_due = now;
        }
        if (s.originate_due && now >= *s.originate_due) originate(l, now);
        for (const auto& id : s.lsdb.age(now, config_.lsp_key)) {
            count(Counter::lsp_expired);
            set_srm_all(l, id, nullptr, now);
            schedule_spf(l, now);
        }
    }
    for (auto& c : circuits_) send_flooding(c, now);
    run_spf(now);
}

std::optional<TimePoint> IsisInstance::next_deadline() const {
    std::optional<TimePoint> next;
    auto consider = [&](std::optional<TimePoint> t) {
        if (t && (!next || *t < *next)) next = t;
    };
    consider(overload_until_);
    consider(restart_deadline_);
    for (const auto& c : circuits_) {
        consider(c.hello_due);
        if (c.adjacency && c.adjacency->state != AdjState::down) consider(c.adjacency->hold_due);
        for (const auto& lan : c.lan) {
            consider(lan.hello_due);
            consider(lan.csnp_due);
            for (const auto& [mac, a] : lan.adjacencies) consider(a.hold_due);
        }
        for (const auto& f : c.flooding) {
            for (const auto& [id, srm] : f.srm) consider(srm.due);
            consider(f.psnp_due);
        }
    }
    for (Level l : kLevels) {
        if (!runs(l)) continue;
        const LevelState& s = levels_[level_index(l)];
        consider(s.refresh_due);
        consider(s.originate_due);
        consider(s.spf_due);
        consider(s.lsdb.next_deadline());
    }
    return next;
}

std::vector<OutPdu> IsisInstance::take_output() { return std::exchange(out_, {}); }
std::vector<InstanceEvent> IsisInstance::take_events() { return std::exchange(events_, {}); }

std::vector<AdjacencyView> IsisInstance::adjacencies() const {
    std::vector<AdjacencyView> out;
    for (const auto& c : circuits_) {
        if (c.adjacency) {
            const Adjacency& a = *c.adjacency;
            out.push_back({c.cfg.name, a.system, a.mac, a.address, a.state, a.levels, a.areas, a.hold_due, a.since,
                           a.restarting, a.neighbor_circuit, std::nullopt});
        }
        for (const auto& lan : c.lan) {
            for (const auto& [mac, a] : lan.adjacencies) {
                out.push_back({c.cfg.name, a.system, a.mac, a.address, a.state, a.levels, a.areas, a.hold_due, a.since,
                               false, std::nullopt, a.lan_id});
            }
        }
    }
    return out;
}

std::vector<InterfaceView> IsisInstance::interfaces() const {
    std::vector<InterfaceView> out;
    for (const auto& c : circuits_) {
        InterfaceView v;
        v.name = c.cfg.name;
        v.running = c.up;
        if (!c.up) v.not_running_reason = "interface down";
        v.point_to_point = c.cfg.point_to_point;
        v.levels = c.cfg.levels;
        v.metric = c.cfg.metric;
        v.advertised_metric = advertised_metric(c);
        v.max_metric = c.max_metric;
        v.local_circuit_id = c.local_circuit_id;
        if (c.broadcast() && c.up) {
            for (Level l : kLevels) {
                if (!isis::runs(c.cfg.levels, l)) continue;
                v.lan_id[level_index(l)] = c.lan[level_index(l)].lan_id;
                v.dis[level_index(l)] = c.lan[level_index(l)].dis;
            }
        }
        out.push_back(std::move(v));
    }
    return out;
}

std::optional<std::string> IsisInstance::hostname_of(const SystemId& id, TimePoint now) const {
    for (Level l : kLevels) {
        const auto* r = levels_[level_index(l)].lsdb.find(LspId{id, 0, 0});
        if (r == nullptr || r->remaining(now) == 0) continue;
        if (const auto* h = r->lsp.tlvs.find<Hostname>()) return h->name;
    }
    return std::nullopt;
}

std::uint64_t IsisInstance::counter(std::string_view name) const {
    const auto v = counters_.get(name);
    if (!v) throw std::invalid_argument("no IS-IS counter named '" + std::string(name) + "'");
    return *v;
}

}  // namespace ldpsync::isis
