#include "ospf_config.hpp"

#include <algorithm>
#include <cctype>

namespace ldpsync::daemon {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// IOS picks the network type from the encapsulation: HDLC/PPP links (POS, Serial) are
// point-to-point, Ethernet is broadcast.
ospf::NetworkType default_network_type(const std::string& name) {
    const std::string l = lower(name);
    return (l.starts_with("pos") || l.starts_with("serial")) ? ospf::NetworkType::point_to_point
                                                             : ospf::NetworkType::broadcast;
}

}  // namespace

bool is_loopback_name(const std::string& name) {
    const std::string l = lower(name);
    return l == "lo" || l.starts_with("loopback");
}

std::optional<std::uint32_t> ospf_router_id(const config::Config& cfg, const config::OspfProcess& process) {
    if (process.router_id) return process.router_id;
    if (cfg.ldp.router_id) return cfg.ldp.router_id;
    std::optional<std::uint32_t> loopback, any;
    for (const auto& [name, itf] : cfg.interfaces) {
        if (!itf.address || itf.shutdown) continue;
        const std::uint32_t a = itf.address->address;
        any = std::max(any.value_or(0), a);
        if (is_loopback_name(name)) loopback = std::max(loopback.value_or(0), a);
    }
    return loopback ? loopback : any;
}

std::optional<ospf::InstanceConfig> ospf_instance_config(const config::Config& cfg, std::uint32_t process_id) {
    const auto p = cfg.ospf.find(process_id);
    if (p == cfg.ospf.end()) return std::nullopt;
    const auto router_id = ospf_router_id(cfg, p->second);
    if (!router_id) return std::nullopt;
    ospf::InstanceConfig out;
    out.router_id = *router_id;
    for (const auto& [name, itf] : cfg.interfaces) {
        if (!itf.address || itf.shutdown) continue;
        const auto area = p->second.area_for(itf.address->address);
        if (!area) continue;
        // An interface belongs to the first process whose network statement covers it.
        bool earlier = false;
        for (const auto& [id, other] : cfg.ospf) {
            if (id == process_id) break;
            earlier = earlier || other.area_for(itf.address->address).has_value();
        }
        if (earlier) continue;
        ospf::InterfaceConfig o;
        o.name = name;
        o.loopback = is_loopback_name(name);
        o.type = itf.ospf_network ? (*itf.ospf_network == config::InterfaceConfig::OspfNetwork::point_to_point
                                         ? ospf::NetworkType::point_to_point
                                         : ospf::NetworkType::broadcast)
                                  : default_network_type(name);
        o.address = itf.address->address;
        o.mask = config::length_to_mask(itf.address->length);
        o.area = *area;
        o.cost = static_cast<std::uint16_t>(itf.ospf_cost.value_or(10));
        o.hello_interval = static_cast<std::uint16_t>(itf.ospf_hello_s.value_or(10));
        o.dead_interval = itf.ospf_dead_s.value_or(4u * o.hello_interval);
        o.priority = static_cast<std::uint8_t>(itf.ospf_priority.value_or(1));
        // As on IOS: the key alone does nothing; the mode without a key authenticates with
        // key id 0 and an empty key (never silently unauthenticated).
        if (itf.ospf_auth_md5) {
            o.md5_key_id = static_cast<std::uint8_t>(itf.ospf_md5_key_id.value_or(0));
            o.md5_key = itf.ospf_md5_key;
        }
        const auto& passive = p->second.passive_interfaces;
        o.passive = o.loopback || std::find(passive.begin(), passive.end(), name) != passive.end();
        out.interfaces.push_back(o);
    }
    return out;
}

}  // namespace ldpsync::daemon
