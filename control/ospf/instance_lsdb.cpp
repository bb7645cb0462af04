// OspfInstance and the LSDB: self-origination (12.4, 12.4.1, 12.4.2), MaxAge removal (14),
// SPF (16.1) with a hold-down and the merge of the areas' intra-area routes.
#include <algorithm>

#include "cut_edge.hpp"
#include "instance.hpp"
#include "origination.hpp"

namespace ldpsync::ospf {

namespace {

bool same_routes(const std::map<Prefix, Route>& a, const std::map<Prefix, Route>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
        return x.first == y.first && x.second.cost == y.second.cost && x.second.connected == y.second.connected &&
               x.second.next_hops == y.second.next_hops;
    });
}

}  // namespace

// ---- Self-origination (12.4) ----

void OspfInstance::originate(TimePoint now) {
    const bool abr = areas_.size() > 1;
    for (auto& [area_id, area] : areas_) {
        RouterLsaInput in;
        in.router_id = config_.router_id;
        in.flags = abr ? router_flags::b : 0;
        std::vector<const Interface*> broadcast;
        for (const Interface& i : interfaces_) {
            if (i.cfg.area != area_id) {
                continue;
            }
            InterfaceSummary s;
            s.name = i.cfg.name;
            s.kind = i.cfg.loopback ? InterfaceKind::loopback
                     : i.cfg.type == NetworkType::broadcast ? InterfaceKind::broadcast
                                                            : InterfaceKind::point_to_point;
            s.state = i.state;
            s.address = i.cfg.address;
            s.mask = i.cfg.mask;
            s.cost = i.cfg.cost;
            s.max_metric = i.max_metric;
            s.dr = i.dr;
            for (const auto& [key, n] : i.neighbors) {
                s.neighbors.push_back(NeighborSummary{n.router_id, n.address, n.state});
            }
            in.interfaces.push_back(s);
            if (s.kind == InterfaceKind::broadcast) {
                broadcast.push_back(&i);
                auto body = build_network_lsa(config_.router_id, s);
                const LsaKey nkey{lsa_type::network, i.cfg.address, config_.router_id};
                if (body) {
                    auto r = area.lsdb.originate(lsa_type::network, i.cfg.address, options::e, *body, now);
                    if (r.lsa) {
                        flood(area_id, *r.lsa, nullptr, nullptr, now);
                        schedule_spf(area_id, now);
                    }
                } else if (auto cur = area.lsdb.current(nkey, now); cur && cur->header.age < max_age) {
                    // 12.4.2: no longer DR, or no Full neighbour left: premature aging (14.1).
                    if (auto f = area.lsdb.flush(nkey, now)) {
                        flood(area_id, *f, nullptr, nullptr, now);
                        schedule_spf(area_id, now);
                    }
                }
            }
        }
        withhold_transits(area, in, now);
        auto r = area.lsdb.originate(lsa_type::router, config_.router_id, options::e, build_router_lsa(in), now);
        if (r.lsa) {
            flood(area_id, *r.lsa, nullptr, nullptr, now);
            schedule_spf(area_id, now);
        }
    }
}

// RFC 6138 (cut_edge.hpp): a LAN whose LDP sync is not achieved loses its transit link, unless
// the LAN is a cut edge for us. Decided again at every origination, from the current database,
// so a LAN that becomes (or stops being) our only way to its routers is re-examined.
void OspfInstance::withhold_transits(Area& area, RouterLsaInput& in, TimePoint now) {
    std::vector<Lsa> lsas;
    for (InterfaceSummary& s : in.interfaces) {
        if (s.kind != InterfaceKind::broadcast || !s.max_metric) {
            transit_withheld_.erase(s.name);
            continue;
        }
        std::vector<std::uint32_t> lan;  // every router we see two-way on the LAN
        for (const NeighborSummary& n : s.neighbors) {
            if (n.state >= NbrState::two_way) lan.push_back(n.router_id);
        }
        if (lsas.empty()) lsas = area.lsdb.snapshot(now);
        s.withhold_transit = true;
        if (lan.empty() || is_cut_edge(config_.router_id, lsas, build_router_lsa(in), lan)) {
            s.withhold_transit = false;  // the cut edge stays, at max metric (RFC 5443)
        }
        const bool was = transit_withheld_.contains(s.name);
        if (s.withhold_transit && !was) {
            transit_withheld_.insert(s.name);
            count(Counter::rfc6138_transit_withheld);
        } else if (!s.withhold_transit && was) {
            transit_withheld_.erase(s.name);
        }
    }
}

// 14: a MaxAge LSA leaves the database once no retransmission list holds it and no neighbour
// of the area is in Exchange or Loading.
void OspfInstance::remove_maxage(TimePoint now) {
    for (auto& [area_id, area] : areas_) {
        if (exchanging(area_id)) {
            continue;
        }
        for (const Lsa& lsa : area.lsdb.snapshot(now)) {
            if (lsa.header.age < max_age) {
                continue;
            }
            const LsaKey key = key_of(lsa.header);
            bool listed = false;
            for (const Interface& i : interfaces_) {
                for (const auto& [k, n] : i.neighbors) {
                    listed = listed || (i.cfg.area == area_id && n.retransmissions.contains(key));
                }
            }
            if (!listed && area.lsdb.remove(key)) {
                schedule_spf(area_id, now);
            }
        }
    }
}

// ---- SPF (16.1) with a hold-down ----

void OspfInstance::schedule_spf(std::uint32_t area, TimePoint now) {
    Area& a = areas_.at(area);
    if (!a.spf_due) {
        a.spf_due = now + config_.spf_delay;
    }
}

void OspfInstance::run_spf(TimePoint now) {
    bool any = false;
    for (auto& [id, a] : areas_) {
        any = any || (a.spf_due && *a.spf_due <= now);
    }
    if (!any) {
        return;
    }
    std::map<Prefix, Route> routes;
    for (auto& [id, a] : areas_) {
        a.spf_due.reset();
        SpfInput in;
        in.root = config_.router_id;
        in.lsas = a.lsdb.snapshot(now);
        for (const Interface& i : interfaces_) {
            if (i.cfg.area == id) {
                in.interfaces[i.cfg.address] = i.cfg.name;
            }
        }
        count(Counter::spf_runs);
        for (auto& [prefix, route] : ospf::run_spf(in).routes) {
            // Intra-area routes of several areas: the cheapest wins, ties merge next hops.
            auto [it, inserted] = routes.try_emplace(prefix, route);
            if (!inserted) {
                if (route.cost < it->second.cost) {
                    it->second = route;
                } else if (route.cost == it->second.cost) {
                    it->second.next_hops.insert(route.next_hops.begin(), route.next_hops.end());
                    it->second.connected = it->second.connected || route.connected;
                }
            }
        }
    }
    if (!same_routes(routes, routes_)) {
        routes_ = std::move(routes);
        events_.emplace_back(std::in_place_type<RoutesChanged>);
    }
}

}  // namespace ldpsync::ospf
