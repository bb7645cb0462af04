#include "spf.hpp"

#include <limits>
#include <queue>

#include "tlv.hpp"

namespace ldpsync::isis {

namespace {

// RFC 5305 3: a path longer than this is not used.
constexpr std::uint64_t kMaxPathMetric = 0xFE000000;

// What one node says, gathered over its live fragments.
struct NodeInfo {
    std::vector<std::pair<NodeId, std::uint32_t>> neighbors;  // (node, link metric)
    std::vector<std::pair<Prefix, std::uint32_t>> prefixes;
    bool overload = false;
    bool attached = false;
};

std::map<NodeId, NodeInfo> gather(const Lsdb& db, TimePoint now) {
    std::map<NodeId, NodeInfo> nodes;
    // Fragment 0 first (records are ordered by id): it decides whether the node exists.
    for (const auto& [id, r] : db.records()) {
        if (r.purged() || r.remaining(now) == 0) continue;
        if (id.fragment != 0 && !nodes.contains(id.node())) continue;
        NodeInfo& n = nodes[id.node()];
        if (id.fragment == 0) {
            n.overload = r.lsp.overload();
            n.attached = r.lsp.attached();
        }
        for (const auto* t : r.lsp.tlvs.all<ExtIsReach>()) {
            for (const auto& nb : t->neighbors) {
                if (nb.metric <= kMaxWideLinkMetric) n.neighbors.emplace_back(nb.id, nb.metric);
            }
        }
        for (const auto* t : r.lsp.tlvs.all<IsReachNarrow>()) {
            for (const auto& nb : t->neighbors) n.neighbors.emplace_back(nb.id, nb.metric);
        }
        for (const auto* t : r.lsp.tlvs.all<ExtIpReach>()) {
            for (const auto& p : t->prefixes) n.prefixes.emplace_back(Prefix{p.address, p.length}, p.metric);
        }
        for (const auto* t : r.lsp.tlvs.all<IpReachNarrow>()) {
            for (const auto& p : t->prefixes) {
                const std::uint8_t len = mask_length(p.mask);
                n.prefixes.emplace_back(Prefix{p.address & prefix_mask(len), len}, p.metric);
            }
        }
    }
    return nodes;
}

bool lists(const NodeInfo& n, const NodeId& other) {
    for (const auto& [id, m] : n.neighbors) {
        if (id == other) return true;
    }
    return false;
}

void merge_hops(std::set<NextHop>& into, const std::set<NextHop>& from) {
    for (const auto& h : from) {
        if (into.size() >= kMaxPaths) return;
        into.insert(h);
    }
}

}  // namespace

std::string to_string(const Prefix& p) { return format_ipv4(p.address) + "/" + std::to_string(p.length); }

SpfResult run_spf(const SpfInput& in, TimePoint now) {
    SpfResult out;
    if (in.lsdb == nullptr) return out;
    const auto nodes = gather(*in.lsdb, now);
    const NodeId root{in.root, 0};
    using Entry = std::pair<std::uint64_t, NodeId>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    std::map<NodeId, std::uint64_t> tentative;
    std::map<NodeId, std::set<NextHop>> hops;

    auto relax = [&](const NodeId& v, std::uint64_t d, const std::set<NextHop>& via) {
        if (d > kMaxPathMetric || out.nodes.contains(v)) return;
        auto it = tentative.find(v);
        if (it == tentative.end() || d < it->second) {
            tentative[v] = d;
            hops[v] = via;
            queue.emplace(d, v);
        } else if (d == it->second) {
            merge_hops(hops[v], via);
        }
    };

    out.nodes[root] = NodePath{0, {}};
    // The root's links are its adjacencies (with the metric it advertises), provided the
    // neighbour's LSP lists us back.
    for (const auto& a : in.adjacencies) {
        const auto n = nodes.find(a.neighbor);
        if (n == nodes.end() || !lists(n->second, root)) continue;
        // A pseudonode has no next hop of its own: the routers behind it have theirs.
        relax(a.neighbor, a.metric, a.neighbor.pseudonode == 0 ? std::set<NextHop>{a.next_hop} : std::set<NextHop>{});
    }
    while (!queue.empty()) {
        const auto [d, u] = queue.top();
        queue.pop();
        if (out.nodes.contains(u) || tentative[u] != d) continue;
        out.nodes[u] = NodePath{static_cast<std::uint32_t>(d), hops[u]};
        const auto info = nodes.find(u);
        if (info == nodes.end() || info->second.overload) continue;
        const auto lan = in.lan_next_hops.find(u);
        const bool our_lan = lan != in.lan_next_hops.end() && hops[u].empty();
        for (const auto& [v, metric] : info->second.neighbors) {
            const auto back = nodes.find(v);
            if (back == nodes.end() || !lists(back->second, u)) continue;
            if (!our_lan) {
                relax(v, d + metric, hops[u]);
                continue;
            }
            const auto hop = lan->second.find(v.system);
            if (hop != lan->second.end()) relax(v, d + metric, {hop->second});
        }
    }

    auto offer = [&](const Prefix& p, std::uint64_t metric, const std::set<NextHop>& via, bool connected) {
        if (metric > kMaxPathMetric) return;
        auto [it, fresh] =
            out.routes.try_emplace(p, Route{p, static_cast<std::uint32_t>(metric), in.level, connected, via});
        if (fresh) return;
        Route& r = it->second;
        if (metric < r.metric) {
            r = Route{p, static_cast<std::uint32_t>(metric), in.level, connected, via};
        } else if (metric == r.metric && !r.connected) {
            r.connected = connected;
            if (connected)
                r.next_hops.clear();
            else
                merge_hops(r.next_hops, via);
        }
    };
    const NodeId* nearest_attached = nullptr;
    std::uint32_t nearest_metric = std::numeric_limits<std::uint32_t>::max();
    for (const auto& [node, path] : out.nodes) {
        const auto info = nodes.find(node);
        if (info == nodes.end()) continue;
        const bool is_root = node == root;
        for (const auto& [p, m] : info->second.prefixes)
            offer(p, std::uint64_t{path.metric} + m, path.next_hops, is_root);
        if (!is_root && node.pseudonode == 0 && info->second.attached && path.metric < nearest_metric) {
            nearest_attached = &node;
            nearest_metric = path.metric;
        }
    }
    if (in.level == Level::l1 && !in.root_attached && nearest_attached != nullptr) {
        offer(Prefix{0, 0}, nearest_metric, out.nodes.at(*nearest_attached).next_hops, false);
    }
    return out;
}

}  // namespace ldpsync::isis
