#pragma once
// The routes ldpsyncd computes (OSPF, static), installed in the kernel's main table through
// rtnetlink. The data plane forwards transit traffic from shm; the kernel needs these routes
// for the router's own traffic: LDP's TCP session runs between loopbacks that only the IGP
// makes reachable, and its SYN-ACK leaves through the kernel's routing table.
//
// Our routes carry their own protocol number (kProtocol, `proto 199` in `ip route`) and the
// administrative distance as their metric, so routes an operator added by hand (metric 0) win
// and ours are recognisable: sync() replaces exactly what changed, flush() removes every
// route of ours, including a previous run's.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model.hpp"

struct nl_sock;

namespace ldpsync::kernel {

inline constexpr std::uint8_t kProtocol = 199;

struct KernelNextHop {
    int ifindex = 0;
    std::uint32_t gateway = 0;  // host order; 0: on link
    auto operator<=>(const KernelNextHop&) const = default;
};

struct KernelRoute {
    config::Ipv4Prefix prefix;
    std::uint32_t metric = 0;  // the route's priority in the kernel
    std::vector<KernelNextHop> next_hops;  // sorted; more than one: ECMP (multipath)
    bool operator==(const KernelRoute&) const = default;
};

class KernelRoutes {
public:
    // nullptr with an error message when rtnetlink is not available.
    static std::unique_ptr<KernelRoutes> open(std::string& error);
    ~KernelRoutes();
    KernelRoutes(const KernelRoutes&) = delete;
    KernelRoutes& operator=(const KernelRoutes&) = delete;

    // Makes the kernel hold exactly `wanted` among our routes. One message per route the
    // kernel refused (the others are still installed).
    std::vector<std::string> sync(const std::vector<KernelRoute>& wanted);
    // Deletes every IPv4 route with our protocol number from the main table.
    void flush();
    std::size_t installed() const { return installed_.size(); }

private:
    KernelRoutes() = default;
    std::string install(const KernelRoute& r);
    std::string remove(const KernelRoute& r);

    nl_sock* socket_ = nullptr;
    std::map<config::Ipv4Prefix, KernelRoute> installed_;
    std::map<config::Ipv4Prefix, std::string> failed_;  // last error per prefix still wanted
};

}  // namespace ldpsync::kernel
