#include "kernel_interfaces.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include <cstring>
#include <linux/if.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/neighbour.h>
#include <linux/neighbour.h>

namespace ldpsync::kernel {

namespace {

// A libnl address for an IPv4 prefix (network order inside).
nl_addr* make_addr(const config::Ipv4Prefix& p) {
    const std::uint32_t be = htonl(p.address);
    nl_addr* a = nl_addr_build(AF_INET, &be, sizeof be);
    if (a != nullptr) nl_addr_set_prefixlen(a, p.length);
    return a;
}

bool has_address(nl_cache* addresses, int ifindex, const config::Ipv4Prefix& p) {
    for (nl_object* o = nl_cache_get_first(addresses); o != nullptr; o = nl_cache_get_next(o)) {
        auto* a = reinterpret_cast<rtnl_addr*>(o);
        if (rtnl_addr_get_ifindex(a) != ifindex || rtnl_addr_get_family(a) != AF_INET) continue;
        nl_addr* local = rtnl_addr_get_local(a);
        if (local == nullptr || nl_addr_get_len(local) != 4) continue;
        std::uint32_t be = 0;
        std::memcpy(&be, nl_addr_get_binary_addr(local), 4);
        if (ntohl(be) == p.address && rtnl_addr_get_prefixlen(a) == p.length) return true;
    }
    return false;
}

// SIOCSIFFLAGS rather than rtnl_link_change: libnl 3.7 crashes building a change request
// against a cached veth link (its type ops lack the compare hook).
std::string set_admin_up(const std::string& name, bool up) {
    const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return std::strerror(errno);
    ifreq req{};
    std::snprintf(req.ifr_name, sizeof req.ifr_name, "%s", name.c_str());
    std::string error;
    if (ioctl(fd, SIOCGIFFLAGS, &req) != 0) {
        error = std::strerror(errno);
    } else {
        req.ifr_flags = static_cast<short>(up ? (req.ifr_flags | IFF_UP) : (req.ifr_flags & ~IFF_UP));
        if (ioctl(fd, SIOCSIFFLAGS, &req) != 0) error = std::strerror(errno);
    }
    close(fd);
    return error;
}

}  // namespace

std::unique_ptr<KernelInterfaces> KernelInterfaces::open(std::string& error) {
    std::unique_ptr<KernelInterfaces> k(new KernelInterfaces());
    int err = nl_cache_mngr_alloc(nullptr, NETLINK_ROUTE, NL_AUTO_PROVIDE, &k->manager_);
    if (err == 0) err = nl_cache_mngr_add(k->manager_, "route/link", &KernelInterfaces::changed, k.get(), &k->links_);
    if (err == 0) err = nl_cache_mngr_add(k->manager_, "route/addr", &KernelInterfaces::changed, k.get(), &k->addresses_);
    if (err == 0) err = nl_cache_mngr_add(k->manager_, "route/neigh", &KernelInterfaces::changed, k.get(), &k->neighbors_);
    if (err == 0) {
        // process() drains until the socket would block.
        const int fd = nl_cache_mngr_get_fd(k->manager_);
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
    if (err == 0) {
        k->request_socket_ = nl_socket_alloc();
        err = k->request_socket_ == nullptr ? -NLE_NOMEM : nl_connect(k->request_socket_, NETLINK_ROUTE);
    }
    if (err != 0) {
        error = std::string("rtnetlink: ") + nl_geterror(err);
        return nullptr;
    }
    return k;
}

KernelInterfaces::~KernelInterfaces() {
    if (request_socket_ != nullptr) nl_socket_free(request_socket_);
    if (manager_ != nullptr) nl_cache_mngr_free(manager_);  // frees the caches it manages
}

int KernelInterfaces::fd() const { return nl_cache_mngr_get_fd(manager_); }

void KernelInterfaces::process() {
    // The event loop's readiness is edge-triggered: drain everything that is queued.
    while (nl_cache_mngr_data_ready(manager_) > 0) {
    }
}

void KernelInterfaces::changed(nl_cache*, nl_object*, int, void* self) {
    auto* k = static_cast<KernelInterfaces*>(self);
    if (k->on_change_) k->on_change_();
}

InterfaceState KernelInterfaces::state(const std::string& name) const {
    // Asked of the kernel, not read from the notification cache: libnl merges link updates
    // into its cached object in a way that can keep IFF_RUNNING after a carrier loss.
    InterfaceState s;
    rtnl_link* link = nullptr;
    if (rtnl_link_get_kernel(request_socket_, 0, name.c_str(), &link) < 0 || link == nullptr) return s;
    const unsigned flags = rtnl_link_get_flags(link);
    s.exists = true;
    s.admin_up = (flags & IFF_UP) != 0;
    s.oper_up = s.admin_up && (flags & IFF_RUNNING) != 0;
    s.ifindex = rtnl_link_get_ifindex(link);
    rtnl_link_put(link);
    return s;
}

std::optional<std::array<std::uint8_t, 6>> KernelInterfaces::neighbor_mac(int ifindex, std::uint32_t ip) const {
    for (nl_object* o = nl_cache_get_first(neighbors_); o != nullptr; o = nl_cache_get_next(o)) {
        auto* n = reinterpret_cast<rtnl_neigh*>(o);
        if (rtnl_neigh_get_ifindex(n) != ifindex || rtnl_neigh_get_family(n) != AF_INET) continue;
        // Only entries that hold a usable address: not INCOMPLETE, FAILED or NOARP.
        const int nud = rtnl_neigh_get_state(n);
        if ((nud & (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT)) == 0) continue;
        nl_addr* dst = rtnl_neigh_get_dst(n);
        nl_addr* ll = rtnl_neigh_get_lladdr(n);
        if (dst == nullptr || ll == nullptr || nl_addr_get_len(dst) != 4 || nl_addr_get_len(ll) != 6) continue;
        std::uint32_t be = 0;
        std::memcpy(&be, nl_addr_get_binary_addr(dst), 4);
        if (ntohl(be) != ip) continue;
        std::array<std::uint8_t, 6> mac{};
        std::memcpy(mac.data(), nl_addr_get_binary_addr(ll), 6);
        return mac;
    }
    return std::nullopt;
}

std::vector<std::string> KernelInterfaces::apply(const config::Config& cfg) {
    std::vector<std::string> problems;
    // Addresses we added that the configuration no longer has.
    for (auto it = added_.begin(); it != added_.end();) {
        const auto itf = cfg.interfaces.find(it->first);
        const bool still = itf != cfg.interfaces.end() && itf->second.address == it->second;
        const InterfaceState st = state(it->first);
        if (!still && st.exists) {
            rtnl_addr* a = rtnl_addr_alloc();
            rtnl_addr_set_ifindex(a, st.ifindex);
            nl_addr* local = make_addr(it->second);
            rtnl_addr_set_local(a, local);
            rtnl_addr_delete(request_socket_, a, 0);
            nl_addr_put(local);
            rtnl_addr_put(a);
        }
        it = still ? std::next(it) : added_.erase(it);
    }
    for (const auto& [name, itf] : cfg.interfaces) {
        const InterfaceState st = state(name);
        if (!st.exists) continue;  // reported by the daemon as not usable
        if (itf.shutdown == st.admin_up) {
            if (auto err = set_admin_up(name, !itf.shutdown); !err.empty()) {
                problems.push_back(name + ": cannot set admin state: " + err);
            }
        }
        if (!itf.address || has_address(addresses_, st.ifindex, *itf.address)) {
            if (itf.address) added_.insert_or_assign(name, *itf.address);
            continue;
        }
        rtnl_addr* a = rtnl_addr_alloc();
        rtnl_addr_set_ifindex(a, st.ifindex);
        nl_addr* local = make_addr(*itf.address);
        rtnl_addr_set_local(a, local);
        const int err = rtnl_addr_add(request_socket_, a, NLM_F_REPLACE);
        nl_addr_put(local);
        rtnl_addr_put(a);
        if (err < 0 && err != -NLE_EXIST) {
            problems.push_back(name + ": cannot add " + config::format_ipv4(itf.address->address) + "/" +
                               std::to_string(itf.address->length) + ": " + nl_geterror(err));
        } else {
            added_.insert_or_assign(name, *itf.address);
        }
    }
    return problems;
}

}  // namespace ldpsync::kernel
