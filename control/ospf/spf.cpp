#include "spf.hpp"

#include <algorithm>
#include <bit>
#include <optional>
#include <tuple>

#include "types.hpp"

namespace ldpsync::ospf {

std::string to_string(const Prefix& p) { return format_ipv4(p.address) + "/" + std::to_string(p.length); }

Prefix make_prefix(std::uint32_t address, std::uint32_t mask) {
    return Prefix{address & mask, static_cast<std::uint8_t>(std::popcount(mask))};
}

namespace {

enum class Kind : std::uint8_t { network = 0, router = 1 };  // networks first on equal cost (16.1 (3))

struct VertexId {
    Kind kind = Kind::router;
    std::uint32_t id = 0;
    auto operator<=>(const VertexId&) const = default;
};

struct Vertex {
    std::uint32_t cost = 0;
    std::set<NextHop> next_hops;
    bool in_tree = false;
    bool direct = false;  // a network attached to the root, or the root itself
};

struct Area {
    std::map<std::uint32_t, const RouterLsa*> routers;                    // by Link State ID
    std::map<std::uint32_t, std::pair<const NetworkLsa*, std::uint32_t>> networks;  // by Link State ID: body, adv
};

Area index(const std::vector<Lsa>& lsas) {
    Area a;
    for (const Lsa& l : lsas) {
        if (l.header.age >= max_age) {
            continue;  // 16.1 (2): MaxAge LSAs are not used
        }
        if (const auto* r = std::get_if<RouterLsa>(&l.body); r != nullptr && l.header.type == lsa_type::router) {
            a.routers[l.header.ls_id] = r;
        } else if (const auto* n = std::get_if<NetworkLsa>(&l.body);
                   n != nullptr && l.header.type == lsa_type::network) {
            a.networks[l.header.ls_id] = {n, l.header.adv_router};
        }
    }
    return a;
}

// The links of `w` pointing back at router `v` (p2p) or network `v` (transit).
std::vector<const RouterLink*> links_back(const RouterLsa& w, RouterLinkType type, std::uint32_t v) {
    std::vector<const RouterLink*> out;
    for (const RouterLink& l : w.links) {
        if (l.type == type && l.link_id == v) {
            out.push_back(&l);
        }
    }
    return out;
}

}  // namespace

SpfResult run_spf(const SpfInput& input) {
    const Area area = index(input.lsas);
    SpfResult result;
    auto root_it = area.routers.find(input.root);
    if (root_it == area.routers.end()) {
        return result;
    }
    const RouterLsa& root_lsa = *root_it->second;
    auto name_of = [&](std::uint32_t address) {
        auto it = input.interfaces.find(address);
        return it == input.interfaces.end() ? std::string{} : it->second;
    };
    // The mask of the root's subnet holding `address`, from its own stub links (to pair up
    // parallel p2p links by subnet).
    auto subnet_mask = [&](std::uint32_t address) -> std::optional<std::uint32_t> {
        for (const RouterLink& l : root_lsa.links) {
            if (l.type == RouterLinkType::stub && l.link_data != 0xFFFFFFFF && (address & l.link_data) == l.link_id) {
                return l.link_data;
            }
        }
        return std::nullopt;
    };

    std::map<VertexId, Vertex> vertices;
    std::set<std::tuple<std::uint32_t, Kind, std::uint32_t>> candidates;
    const VertexId root{Kind::router, input.root};
    vertices[root] = Vertex{0, {}, false, true};
    candidates.insert({0, Kind::router, input.root});

    auto relax = [&](const VertexId& w, std::uint32_t cost, std::set<NextHop> hops, bool direct) {
        auto [it, fresh] = vertices.try_emplace(w);
        Vertex& vx = it->second;
        if (vx.in_tree) {
            return;
        }
        if (fresh || cost < vx.cost) {
            if (!fresh) {
                candidates.erase({vx.cost, w.kind, w.id});
            }
            vx.cost = cost;
            vx.next_hops = std::move(hops);
            vx.direct = direct;
            candidates.insert({cost, w.kind, w.id});
        } else if (cost == vx.cost) {
            vx.next_hops.insert(hops.begin(), hops.end());  // equal-cost path (16.1 (2d))
            vx.direct = vx.direct && direct;
        }
    };

    while (!candidates.empty()) {
        auto [cost, kind, id] = *candidates.begin();
        candidates.erase(candidates.begin());
        const VertexId v{kind, id};
        Vertex& vx = vertices[v];
        vx.in_tree = true;
        const bool is_root = v == root;
        const std::set<NextHop> v_hops = vx.next_hops;
        const bool v_direct = vx.direct;

        if (kind == Kind::router) {
            const RouterLsa& lsa = *area.routers.at(id);
            for (const RouterLink& l : lsa.links) {
                if (l.type == RouterLinkType::point_to_point) {
                    auto w = area.routers.find(l.link_id);
                    if (w == area.routers.end()) {
                        continue;
                    }
                    const auto back = links_back(*w->second, RouterLinkType::point_to_point, id);
                    if (back.empty()) {
                        continue;  // 16.1 (2b): not bidirectional
                    }
                    std::set<NextHop> hops = v_hops;
                    if (is_root) {
                        // 16.1.1: directly connected router; its address is the Link Data of
                        // its link back to us (the one on our link's subnet when several).
                        const RouterLink* pick = back.front();
                        if (auto mask = subnet_mask(l.link_data)) {
                            for (const RouterLink* b : back) {
                                if ((b->link_data & *mask) == (l.link_data & *mask)) {
                                    pick = b;
                                    break;
                                }
                            }
                        }
                        hops = {NextHop{l.link_data, pick->link_data, name_of(l.link_data)}};
                    }
                    relax(VertexId{Kind::router, l.link_id}, cost + l.metric, std::move(hops), false);
                } else if (l.type == RouterLinkType::transit) {
                    auto w = area.networks.find(l.link_id);
                    if (w == area.networks.end()) {
                        continue;
                    }
                    const auto& attached = w->second.first->attached_routers;
                    if (std::find(attached.begin(), attached.end(), id) == attached.end()) {
                        continue;  // 16.1 (2b)
                    }
                    std::set<NextHop> hops = v_hops;
                    if (is_root) {
                        hops = {NextHop{l.link_data, 0, name_of(l.link_data)}};
                    }
                    relax(VertexId{Kind::network, l.link_id}, cost + l.metric, std::move(hops), is_root);
                }
                // Stub links wait for the second stage; virtual links are not supported.
            }
        } else {
            const NetworkLsa& net = *area.networks.at(id).first;
            for (std::uint32_t r : net.attached_routers) {
                auto w = area.routers.find(r);
                if (w == area.routers.end()) {
                    continue;
                }
                const auto back = links_back(*w->second, RouterLinkType::transit, id);
                if (back.empty()) {
                    continue;  // 16.1 (2b)
                }
                std::set<NextHop> hops = v_hops;
                if (v_direct) {
                    // 16.1.1: a router on a network attached to the root: the next hop is its
                    // address on that network, through the root's interface to it.
                    hops.clear();
                    for (const NextHop& h : v_hops) {
                        hops.insert(NextHop{h.interface_address, back.front()->link_data, h.interface});
                    }
                }
                relax(VertexId{Kind::router, r}, cost, std::move(hops), false);
            }
        }
    }

    auto add_route = [&](Prefix p, std::uint32_t cost, const std::set<NextHop>& hops, bool connected) {
        auto [it, fresh] = result.routes.try_emplace(p);
        Route& r = it->second;
        if (fresh || cost < r.cost) {
            r = Route{p, cost, connected, connected ? std::set<NextHop>{} : hops};
        } else if (cost == r.cost) {
            r.connected = r.connected || connected;
            if (r.connected) {
                r.next_hops.clear();
            } else {
                r.next_hops.insert(hops.begin(), hops.end());
            }
        }
    };
    // Transit networks first (16.1 (2) adds them as vertices), then stubs (16.1 (3)).
    for (const auto& [v, vx] : vertices) {
        if (!vx.in_tree) {
            continue;
        }
        if (v.kind == Kind::network) {
            const NetworkLsa& net = *area.networks.at(v.id).first;
            add_route(make_prefix(v.id, net.mask), vx.cost, vx.next_hops, vx.direct);
        } else {
            result.routers[v.id] = RouterPath{vx.cost, vx.next_hops};
        }
    }
    for (const auto& [v, vx] : vertices) {
        if (!vx.in_tree || v.kind != Kind::router) {
            continue;
        }
        for (const RouterLink& l : area.routers.at(v.id)->links) {
            if (l.type == RouterLinkType::stub) {
                add_route(make_prefix(l.link_id, l.link_data), vx.cost + l.metric, vx.next_hops, v == root);
            }
        }
    }
    return result;
}

std::string to_string(const SpfResult& r) {
    std::string out;
    for (const auto& [p, route] : r.routes) {
        out += to_string(p) + " cost " + std::to_string(route.cost);
        if (route.connected) {
            out += " connected";
        }
        for (const NextHop& h : route.next_hops) {
            out += " via " + (h.gateway != 0 ? format_ipv4(h.gateway) : std::string{"direct"}) + " dev " +
                   (h.interface.empty() ? format_ipv4(h.interface_address) : h.interface);
        }
        out += '\n';
    }
    return out;
}

}  // namespace ldpsync::ospf
