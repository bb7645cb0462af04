#pragma once
// The kernel side of the interfaces ldpsyncd is configured with (veth in labs, the data
// plane's TAPs in production), through rtnetlink (libnl): `ip address` from the
// configuration is applied to them, and their state is followed so that a link whose kernel
// interface is missing or down is never usable.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "model.hpp"

struct nl_cache_mngr;
struct nl_cache;
struct nl_sock;
struct nl_object;

namespace ldpsync::kernel {

struct InterfaceState {
    bool exists = false;
    bool admin_up = false;
    bool oper_up = false;  // IFF_RUNNING / carrier: what forwarding needs
    int ifindex = 0;
    bool operator==(const InterfaceState&) const = default;
};

class KernelInterfaces {
public:
    using ChangeHandler = std::function<void()>;

    // nullptr with an error message when rtnetlink is not available.
    static std::unique_ptr<KernelInterfaces> open(std::string& error);
    ~KernelInterfaces();

    // The descriptor to wait on; call process() when it is readable.
    int fd() const;
    // Reads pending notifications; calls the change handler when an interface changed.
    void process();
    void on_change(ChangeHandler handler) { on_change_ = std::move(handler); }

    InterfaceState state(const std::string& name) const;

    // The link-layer address the kernel has resolved for ip on that interface (ARP), if any:
    // what next hops are sent to when no static `arp` entry names it.
    std::optional<std::array<std::uint8_t, 6>> neighbor_mac(int ifindex, std::uint32_t ip) const;

    // Makes each existing interface carry its configured address (and be admin up unless
    // shut down); removes addresses this process added earlier that are no longer configured.
    // Returns one message per interface it could not set.
    std::vector<std::string> apply(const config::Config& cfg);

private:
    KernelInterfaces() = default;
    static void changed(nl_cache* cache, nl_object* obj, int action, void* self);

    nl_cache_mngr* manager_ = nullptr;
    nl_cache* links_ = nullptr;
    nl_cache* addresses_ = nullptr;
    nl_cache* neighbors_ = nullptr;
    nl_sock* request_socket_ = nullptr;
    std::map<std::string, config::Ipv4Prefix> added_;  // what we configured, by interface
    ChangeHandler on_change_;
};

}  // namespace ldpsync::kernel
