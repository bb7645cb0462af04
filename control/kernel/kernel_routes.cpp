#include "kernel_routes.hpp"

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>

#include <set>

namespace ldpsync::kernel {

namespace {

nl_addr* ipv4(std::uint32_t host_order, int prefix_length) {
    const std::uint32_t be = htonl(host_order);
    nl_addr* a = nl_addr_build(AF_INET, &be, sizeof be);
    if (a != nullptr) nl_addr_set_prefixlen(a, prefix_length);
    return a;
}

// A libnl route object for r (the caller puts it). Next hops only when `with_next_hops`.
rtnl_route* build(const KernelRoute& r, bool with_next_hops) {
    rtnl_route* route = rtnl_route_alloc();
    rtnl_route_set_family(route, AF_INET);
    rtnl_route_set_table(route, RT_TABLE_MAIN);
    rtnl_route_set_protocol(route, kProtocol);
    rtnl_route_set_scope(route, RT_SCOPE_UNIVERSE);
    rtnl_route_set_type(route, RTN_UNICAST);
    rtnl_route_set_priority(route, r.metric);
    nl_addr* dst = ipv4(r.prefix.address, r.prefix.length);
    rtnl_route_set_dst(route, dst);
    nl_addr_put(dst);
    if (!with_next_hops) return route;
    for (const auto& nh : r.next_hops) {
        rtnl_nexthop* n = rtnl_route_nh_alloc();
        rtnl_route_nh_set_ifindex(n, nh.ifindex);
        if (nh.gateway != 0) {
            nl_addr* gw = ipv4(nh.gateway, 32);
            rtnl_route_nh_set_gateway(n, gw);
            nl_addr_put(gw);
        }
        rtnl_route_add_nexthop(route, n);  // the route owns it now
    }
    return route;
}

std::string text(const config::Ipv4Prefix& p) {
    return config::format_ipv4(p.address) + "/" + std::to_string(p.length);
}

}  // namespace

std::unique_ptr<KernelRoutes> KernelRoutes::open(std::string& error) {
    std::unique_ptr<KernelRoutes> k(new KernelRoutes());
    k->socket_ = nl_socket_alloc();
    if (k->socket_ == nullptr || nl_connect(k->socket_, NETLINK_ROUTE) < 0) {
        error = "rtnetlink: cannot open a route socket";
        return nullptr;
    }
    return k;
}

KernelRoutes::~KernelRoutes() {
    if (socket_ != nullptr) nl_socket_free(socket_);
}

std::string KernelRoutes::install(const KernelRoute& r) {
    rtnl_route* route = build(r, true);
    const int err = rtnl_route_add(socket_, route, NLM_F_CREATE | NLM_F_REPLACE);
    rtnl_route_put(route);
    return err < 0 ? text(r.prefix) + ": cannot install: " + nl_geterror(err) : std::string();
}

std::string KernelRoutes::remove(const KernelRoute& r) {
    rtnl_route* route = build(r, false);
    const int err = rtnl_route_delete(socket_, route, 0);
    rtnl_route_put(route);
    // Gone already (its interface went away and took it along): nothing to do.
    return err < 0 && err != -NLE_OBJ_NOTFOUND ? text(r.prefix) + ": cannot remove: " + nl_geterror(err) : std::string();
}

std::vector<std::string> KernelRoutes::sync(const std::vector<KernelRoute>& wanted) {
    std::vector<std::string> problems;
    std::map<config::Ipv4Prefix, KernelRoute> next;
    for (const auto& r : wanted) next.emplace(r.prefix, r);
    std::erase_if(failed_, [&](const auto& f) { return !next.contains(f.first); });
    for (auto it = installed_.begin(); it != installed_.end();) {
        const auto w = next.find(it->first);
        // A changed metric is another kernel route: remove the old one first.
        if (w == next.end() || w->second.metric != it->second.metric) {
            if (auto e = remove(it->second); !e.empty()) problems.push_back(e);
            it = installed_.erase(it);
        } else {
            ++it;
        }
    }
    for (const auto& [prefix, r] : next) {
        const auto have = installed_.find(prefix);
        if (have != installed_.end() && have->second == r) continue;
        if (auto e = install(r); !e.empty()) {
            // What was installed before (if anything) is still in the kernel: keep tracking it
            // so that it is removed in time. Report a failure once, not on every sync.
            if (failed_[prefix] != e) problems.push_back(e);
            failed_[prefix] = e;
        } else {
            failed_.erase(prefix);
            installed_.insert_or_assign(prefix, r);
        }
    }
    return problems;
}

void KernelRoutes::flush() {
    nl_cache* cache = nullptr;
    if (rtnl_route_alloc_cache(socket_, AF_INET, 0, &cache) < 0) return;
    for (nl_object* o = nl_cache_get_first(cache); o != nullptr; o = nl_cache_get_next(o)) {
        auto* route = reinterpret_cast<rtnl_route*>(o);
        if (rtnl_route_get_protocol(route) == kProtocol && rtnl_route_get_table(route) == RT_TABLE_MAIN) {
            rtnl_route_delete(socket_, route, 0);
        }
    }
    nl_cache_free(cache);
    installed_.clear();
    failed_.clear();
}

}  // namespace ldpsync::kernel
