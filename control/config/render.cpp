#include "render.hpp"

namespace ldpsync::config {

namespace {

std::string area_text(std::uint32_t area) { return std::to_string(area); }

std::string prefix_text(const Ipv4Prefix& p) {
    return format_ipv4(p.address) + " " + format_ipv4(length_to_mask(p.length));
}

std::string level_text(IsType type) {
    switch (type) {
    case IsType::level_1: return "level-1";
    case IsType::level_1_2: return "level-1-2";
    case IsType::level_2_only: return "level-2-only";
    }
    return {};
}

std::string label_text(std::uint32_t label) {
    if (label == kImplicitNull) return "implicit-null";
    if (label == kExplicitNull) return "explicit-null";
    return std::to_string(label);
}

// A key that itself begins with "0 " or "7 " would read back as a key of that IOS type: the
// explicit type 0 (clear text) in front keeps it the key it is.
std::string key_string_text(const std::string& key) {
    return key.starts_with("0 ") || key.starts_with("7 ") ? "0 " + key : key;
}

}  // namespace

std::string render(const Config& c) {
    std::string out = "!\n";
    auto line = [&out](const std::string& s) { out += s + "\n"; };
    if (c.hostname) line("hostname " + *c.hostname);
    if (c.mpls_ip) line("mpls ip");
    if (c.label_protocol_ldp) line("mpls label protocol ldp");
    const LdpConfig& l = c.ldp;
    const LdpConfig defaults;
    if (l.label_range_min != defaults.label_range_min || l.label_range_max != defaults.label_range_max) {
        line("mpls label range " + std::to_string(l.label_range_min) + " " + std::to_string(l.label_range_max));
    }
    if (l.router_id) line("mpls ldp router-id " + format_ipv4(*l.router_id) + (l.router_id_force ? " force" : ""));
    if (l.router_id_interface) line("mpls ldp router-id " + *l.router_id_interface + (l.router_id_force ? " force" : ""));
    if (l.hello_interval_s != defaults.hello_interval_s) {
        line("mpls ldp discovery hello interval " + std::to_string(l.hello_interval_s));
    }
    if (l.hello_holdtime_s != defaults.hello_holdtime_s) {
        line("mpls ldp discovery hello holdtime " + std::to_string(l.hello_holdtime_s));
    }
    if (l.graceful_restart) line("mpls ldp graceful-restart");
    if (l.gr_reconnect_s != defaults.gr_reconnect_s) {
        line("mpls ldp graceful-restart timers neighbor-liveness " + std::to_string(l.gr_reconnect_s));
    }
    if (l.gr_forwarding_hold_s != defaults.gr_forwarding_hold_s) {
        line("mpls ldp graceful-restart timers forwarding-holding " + std::to_string(l.gr_forwarding_hold_s));
    }
    if (l.gr_max_recovery_s != defaults.gr_max_recovery_s) {
        line("mpls ldp graceful-restart timers max-recovery " + std::to_string(l.gr_max_recovery_s));
    }
    if (l.explicit_null) line("mpls ldp explicit-null");
    if (l.host_routes_only) line("mpls ldp label allocate global host-routes");
    if (l.gtsm) line("mpls ldp gtsm");
    if (l.sync_holddown_ms) line("mpls ldp igp sync holddown " + std::to_string(*l.sync_holddown_ms));
    if (l.sync_quiet_period_ms != defaults.sync_quiet_period_ms) {
        line("mpls ldp igp sync quiet-period " + std::to_string(l.sync_quiet_period_ms));
    }
    if (l.sync_upper_bound_s != defaults.sync_upper_bound_s) {
        line("mpls ldp igp sync upper-bound " + std::to_string(l.sync_upper_bound_s));
    }
    if (!l.sync_costout_alert_s) {
        line("no mpls ldp igp sync costout-alert");
    } else if (l.sync_costout_alert_s != defaults.sync_costout_alert_s) {
        line("mpls ldp igp sync costout-alert " + std::to_string(*l.sync_costout_alert_s));
    }
    for (const auto& n : l.neighbors) line("mpls ldp neighbor " + format_ipv4(n.address) + " password " + n.password);

    // IOS shows key chains near the top, before the interfaces that use them.
    for (const auto& [name, chain] : c.key_chains) {
        line("!");
        line("key chain " + name);
        for (const auto& key : chain.keys) {
            line(" key " + std::to_string(key.id));
            if (!key.key_string.empty()) line("  key-string " + key_string_text(key.key_string));
        }
    }

    for (const auto& [name, i] : c.interfaces) {
        line("!");
        line("interface " + name);
        if (i.description) line(" description " + *i.description);
        if (i.address) line(" ip address " + prefix_text(*i.address));
        if (i.mpls_ip) line(" mpls ip");
        if (!i.igp_sync) line(" no mpls ldp igp sync");
        if (i.sync_holddown_ms) line(" mpls ldp igp sync holddown " + std::to_string(*i.sync_holddown_ms));
        if (i.sync_delay_s) {
            line(*i.sync_delay_s == 0 ? " no mpls ldp igp sync delay"
                                      : " mpls ldp igp sync delay " + std::to_string(*i.sync_delay_s));
        }
        if (i.ospf_network) {
            line(*i.ospf_network == InterfaceConfig::OspfNetwork::point_to_point ? " ip ospf network point-to-point"
                                                                                : " ip ospf network broadcast");
        }
        if (i.ospf_cost) line(" ip ospf cost " + std::to_string(*i.ospf_cost));
        if (i.ospf_hello_s) line(" ip ospf hello-interval " + std::to_string(*i.ospf_hello_s));
        if (i.ospf_dead_s) line(" ip ospf dead-interval " + std::to_string(*i.ospf_dead_s));
        if (i.ospf_priority) line(" ip ospf priority " + std::to_string(*i.ospf_priority));
        if (i.ospf_auth_md5) line(" ip ospf authentication message-digest");
        if (i.ospf_md5_key_id) {
            line(" ip ospf message-digest-key " + std::to_string(*i.ospf_md5_key_id) + " md5 " + i.ospf_md5_key);
        }
        if (i.isis_tag) line(" ip router isis" + (i.isis_tag->empty() ? "" : " " + *i.isis_tag));
        if (i.isis_circuit_type) line(" isis circuit-type " + level_text(*i.isis_circuit_type));
        if (i.isis_p2p) line(" isis network point-to-point");
        if (i.isis_metric) line(" isis metric " + std::to_string(*i.isis_metric));
        if (i.isis_hello_s) line(" isis hello-interval " + std::to_string(*i.isis_hello_s));
        if (i.isis_hello_multiplier) line(" isis hello-multiplier " + std::to_string(*i.isis_hello_multiplier));
        if (i.isis_priority) line(" isis priority " + std::to_string(*i.isis_priority));
        if (i.isis_auth_md5) line(" isis authentication mode md5");
        if (i.isis_auth_key_chain) line(" isis authentication key-chain " + *i.isis_auth_key_chain);
        if (i.shutdown) line(" shutdown");
    }
    for (const auto& [id, p] : c.ospf) {
        line("!");
        line("router ospf " + std::to_string(id));
        if (p.router_id) line(" router-id " + format_ipv4(*p.router_id));
        if (p.nsf) line(" nsf");
        for (const auto& name : p.passive_interfaces) line(" passive-interface " + name);
        for (const auto& n : p.networks) {
            line(" network " + format_ipv4(n.address) + " " + format_ipv4(n.wildcard) + " area " + area_text(n.area));
        }
        if (p.ldp_autoconfig) {
            line(" mpls ldp autoconfig" + (p.autoconfig_area ? " area " + area_text(*p.autoconfig_area) : ""));
        }
        if (p.ldp_sync) line(" mpls ldp sync");
    }
    for (const auto& [tag, p] : c.isis) {
        line("!");
        line("router isis" + (tag.empty() ? "" : " " + tag));
        if (p.net) line(" net " + *p.net);
        if (p.is_type != IsisProcess{}.is_type) line(" is-type " + level_text(p.is_type));
        if (p.auth_md5) line(" authentication mode md5");
        if (p.auth_key_chain) line(" authentication key-chain " + *p.auth_key_chain);
        if (p.metric_style == MetricStyle::narrow) line(" metric-style narrow");
        if (p.metric_style == MetricStyle::transition) line(" metric-style transition");
        if (p.overload_on_startup_s) line(" set-overload-bit on-startup " + std::to_string(*p.overload_on_startup_s));
        for (const auto& name : p.passive_interfaces) line(" passive-interface " + name);
        if (p.nsf) line(" nsf");
        if (p.ldp_autoconfig) line(" mpls ldp autoconfig");
        if (p.ldp_sync) line(" mpls ldp sync");
    }
    if (!c.static_routes.empty()) line("!");
    for (const auto& r : c.static_routes) {
        line("ip route " + prefix_text(r.prefix) + " " + (r.next_hop ? format_ipv4(*r.next_hop) : *r.interface));
    }
    if (!c.arp.empty()) line("!");
    for (const auto& [ip, mac] : c.arp) line("arp " + format_ipv4(ip) + " " + format_mac_cisco(mac) + " arpa");
    if (!c.static_bindings.empty()) line("!");
    for (const auto& b : c.static_bindings) {
        if (b.input_label) line("mpls static binding ipv4 " + prefix_text(b.prefix) + " input " + std::to_string(*b.input_label));
        for (const auto& o : b.outputs) {
            line("mpls static binding ipv4 " + prefix_text(b.prefix) + " output " + format_ipv4(o.next_hop) + " " +
                 label_text(o.label));
        }
    }
    line("!");
    line("end");
    return out;
}

}  // namespace ldpsync::config
