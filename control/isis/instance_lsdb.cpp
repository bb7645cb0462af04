// Our own LSPs (7.3.4-7.3.7: generation, sequence numbers, refresh, fragments that are no
// longer needed purged) and the decision process (SPF per level, routes with level 1 preferred).

#include "instance.hpp"

#include <algorithm>

namespace ldpsync::isis {

namespace {

}  // namespace

void IsisInstance::schedule_origination(TimePoint now) {
    for (Level l : kLevels) {
        if (!runs(l)) continue;
        LevelState& s = level(l);
        // lsp-gen-interval: changes that come together make one new LSP.
        const TimePoint due = std::max(now, s.last_generated + config_.lsp_gen_interval);
        if (!s.originate_due || due < *s.originate_due) s.originate_due = due;
    }
}

void IsisInstance::originate(Level l, TimePoint now) {
    LevelState& s = level(l);
    s.originate_due.reset();
    s.last_generated = now;
    OriginationInput in;
    in.system = config_.system_id;
    in.level = l;
    // 9.9: a level-2-capable router says "level 2 IS" in both levels' LSPs.
    in.is_type = isis::runs(config_.levels, Level::l2) ? lsp_flags::is_type_l2 : lsp_flags::is_type_l1;
    in.areas = config_.areas;
    in.hostname = config_.hostname;
    in.style = config_.metric_style;
    in.overload = overload_;
    in.lsp_mtu = config_.lsp_mtu;
    in.authenticated = config_.lsp_key.has_value();
    bool reaches_other_areas = false;
    for (const auto& c : circuits_) {
        if (!c.up || !isis::runs(c.cfg.levels, l)) continue;
        if (c.cfg.address != 0) {
            in.interface_addresses.push_back(c.cfg.address);
            in.prefixes.push_back(
                {Prefix{c.cfg.address & prefix_mask(c.cfg.prefix_length), c.cfg.prefix_length}, advertised_metric(c)});
        }
        if (adjacency_up_at(c, l)) in.neighbors.push_back({NodeId{c.adjacency->system, 0}, advertised_metric(c)});
        // A LAN: the pseudonode of its DIS (7.3.7), once it has an Up adjacency.
        if (c.broadcast() && floods_at(c, l))
            in.neighbors.push_back({c.lan[level_index(l)].lan_id, advertised_metric(c)});
        if (adjacency_up_at(c, Level::l2)) {
            const auto& theirs = c.adjacency->areas;
            reaches_other_areas =
                reaches_other_areas || std::any_of(theirs.begin(), theirs.end(), [&](const Bytes& a) {
                    return std::find(config_.areas.begin(), config_.areas.end(), a) == config_.areas.end();
                });
        }
    }
    // Loopbacks first, as IOS lists them.
    std::stable_partition(in.interface_addresses.begin(), in.interface_addresses.end(), [&](std::uint32_t a) {
        return std::any_of(circuits_.begin(), circuits_.end(),
                           [&](const Circuit& c) { return c.cfg.loopback && c.cfg.address == a; });
    });
    // ISO 10589 7.2.9.2: a level-1-2 router that reaches other areas says so in its level-1 LSP.
    in.attached = l == Level::l1 && config_.levels == circuit_type::l1_l2 && reaches_other_areas;

    auto lsps = isis::originate(in);
    for (const auto& c : circuits_) {
        if (auto p = pseudonode_lsp(c, l)) lsps.push_back(std::move(*p));
    }
    std::set<LspId> produced;
    bool changed = false;
    for (auto lsp : lsps) {
        const LspId id = lsp.id;
        produced.insert(id);
        const LspRecord* have = s.lsdb.find(id);
        const bool same = have != nullptr && !have->purged() && same_content(have->lsp.tlvs, lsp.tlvs) &&
                          have->lsp.flags == lsp.flags && have->lsp.sequence == s.sequence[id];
        if (same && !s.force_refresh) continue;
        lsp.sequence = ++s.sequence[id];
        lsp.remaining_lifetime = config_.lsp_lifetime_s;
        Bytes wire = signed_pdu(lsp.encode(), config_.lsp_key);
        auto decoded = Lsp::decode(wire);  // the digest and checksum as sent
        if (decoded) lsp = std::move(*decoded);
        changed = s.lsdb.install(lsp, std::move(wire), now) || changed;
        set_srm_all(l, lsp.id, nullptr, now);
        count(Counter::lsp_generated);
    }
    // Fragments and pseudonodes we no longer need are purged (7.3.4.4, 7.3.8).
    for (const LspId& id : s.originated) {
        if (produced.contains(id)) continue;
        if (s.lsdb.purge(id, now, config_.lsp_key)) {
            set_srm_all(l, id, nullptr, now);
            changed = true;
        }
    }
    s.originated = std::move(produced);
    s.force_refresh = false;
    s.refresh_due = now + config_.lsp_refresh;
    if (changed) schedule_spf(l, now);
}

void IsisInstance::schedule_spf(Level l, TimePoint now) {
    LevelState& s = level(l);
    if (!s.spf_due) s.spf_due = now + config_.spf_delay;
}

void IsisInstance::run_spf(TimePoint now) {
    bool ran = false;
    for (Level l : kLevels) {
        LevelState& s = level(l);
        if (!runs(l) || !s.spf_due || now < *s.spf_due) continue;
        s.spf_due.reset();
        SpfInput in;
        in.root = config_.system_id;
        in.level = l;
        in.lsdb = &s.lsdb;
        for (const auto& c : circuits_) {
            if (adjacency_up_at(c, l)) {
                in.adjacencies.push_back(
                    {NodeId{c.adjacency->system, 0}, advertised_metric(c), NextHop{c.adjacency->address, c.cfg.name}});
            }
            if (!c.broadcast() || !floods_at(c, l)) continue;
            // A LAN: the first hop is its pseudonode; the routers behind it are reached at
            // their addresses on the LAN.
            const LanLevel& lan = c.lan[level_index(l)];
            in.adjacencies.push_back({lan.lan_id, advertised_metric(c), NextHop{0, c.cfg.name}});
            for (const auto& [mac, a] : lan.adjacencies) {
                if (a.state == AdjState::up) in.lan_next_hops[lan.lan_id][a.system] = NextHop{a.address, c.cfg.name};
            }
        }
        // A level-1-2 router routes to other areas itself: no default toward someone else.
        in.root_attached = l == Level::l1 && config_.levels == circuit_type::l1_l2;
        s.spf = isis::run_spf(in, now);
        count(Counter::spf_runs);
        ran = true;
    }
    if (!ran) return;
    // Level 1 before level 2 for the same prefix (ISO 10589 7.2.12 / RFC 5302 3.3).
    std::map<Prefix, Route> merged;
    for (Level l : kLevels) {
        if (!runs(l)) continue;
        for (const auto& [p, r] : levels_[level_index(l)].spf.routes) merged.try_emplace(p, r);
    }
    auto same = [](const std::map<Prefix, Route>& a, const std::map<Prefix, Route>& b) {
        if (a.size() != b.size()) return false;
        for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
            if (i->first != j->first || i->second.metric != j->second.metric || i->second.level != j->second.level ||
                i->second.connected != j->second.connected || i->second.next_hops != j->second.next_hops) {
                return false;
            }
        }
        return true;
    };
    if (same(merged, routes_)) return;
    routes_ = std::move(merged);
    events_.emplace_back(std::in_place_type<RoutesChanged>);  // (push_back trips a GCC 12 false warning)
}

}  // namespace ldpsync::isis
