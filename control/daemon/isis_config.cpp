#include "isis_config.hpp"

#include <algorithm>
#include <cctype>

#include "ospf_config.hpp"

namespace ldpsync::daemon {

namespace {

std::uint8_t levels_of(config::IsType t) {
    switch (t) {
    case config::IsType::level_1: return isis::circuit_type::l1;
    case config::IsType::level_2_only: return isis::circuit_type::l2;
    case config::IsType::level_1_2: return isis::circuit_type::l1_l2;
    }
    return isis::circuit_type::l1_l2;
}

isis::MetricStyle style_of(config::MetricStyle s) {
    switch (s) {
    case config::MetricStyle::wide: return isis::MetricStyle::wide;
    case config::MetricStyle::narrow: return isis::MetricStyle::narrow;
    case config::MetricStyle::transition: return isis::MetricStyle::transition;
    }
    return isis::MetricStyle::wide;
}

// IOS picks the circuit type from the encapsulation: HDLC/PPP links (POS, Serial) are
// point-to-point, Ethernet is broadcast unless `isis network point-to-point`.
bool point_to_point_by_default(const std::string& name) {
    std::string l = name;
    std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return std::tolower(c); });
    return l.starts_with("pos") || l.starts_with("serial");
}

// The HMAC-MD5 key `mode md5` with a key chain gives: the chain's send key (IOS: the lowest
// key id with a key string); an empty key when the chain is missing or empty, as IOS sends and
// checks then (the parser warns). Nothing without `mode md5`.
std::optional<std::string> md5_key(const config::Config& cfg, bool mode_md5, const std::optional<std::string>& chain) {
    if (!mode_md5) return std::nullopt;
    if (!chain) return std::string{};
    const auto it = cfg.key_chains.find(*chain);
    if (it == cfg.key_chains.end()) return std::string{};
    const auto* key = it->second.send_key();
    return key != nullptr ? key->key_string : std::string{};
}

}  // namespace

std::optional<isis::InstanceConfig> isis_instance_config(const config::Config& cfg, const std::string& tag) {
    const auto p = cfg.isis.find(tag);
    if (p == cfg.isis.end() || !p->second.net) return std::nullopt;
    const auto net = config::parse_net(*p->second.net);
    if (!net) return std::nullopt;
    const config::IsisProcess& process = p->second;
    isis::InstanceConfig out;
    std::copy(net->system_id.begin(), net->system_id.end(), out.system_id.begin());
    isis::Bytes area;
    for (auto b : net->area) area.push_back(std::byte{b});
    out.areas = {area};
    out.hostname = cfg.hostname.value_or("");  // dynamic hostname (RFC 5301), on by default in IOS
    out.levels = levels_of(process.is_type);
    out.metric_style = style_of(process.metric_style);
    if (process.overload_on_startup_s) out.overload_on_startup = std::chrono::seconds{*process.overload_on_startup_s};
    out.lsp_key = md5_key(cfg, process.auth_md5, process.auth_key_chain);
    const auto& passive = process.passive_interfaces;
    for (const auto& [name, itf] : cfg.interfaces) {
        const bool is_passive = std::find(passive.begin(), passive.end(), name) != passive.end();
        // `passive-interface` alone advertises the interface's prefix, as on IOS.
        if (itf.isis_tag != tag && !is_passive) continue;
        if (!itf.address || itf.shutdown) continue;
        isis::InterfaceConfig ic;
        ic.name = name;
        ic.loopback = is_loopback_name(name);
        ic.passive = is_passive || ic.loopback;
        ic.point_to_point = itf.isis_p2p || point_to_point_by_default(name);
        ic.address = itf.address->address;
        ic.prefix_length = itf.address->length;
        ic.metric = itf.isis_metric.value_or(10);
        ic.hello_interval_s = static_cast<std::uint16_t>(itf.isis_hello_s.value_or(10));
        ic.hello_multiplier = static_cast<std::uint16_t>(itf.isis_hello_multiplier.value_or(3));
        ic.priority = static_cast<std::uint8_t>(itf.isis_priority.value_or(64));
        ic.levels = itf.isis_circuit_type ? levels_of(*itf.isis_circuit_type) : isis::circuit_type::l1_l2;
        ic.hello_key = md5_key(cfg, itf.isis_auth_md5, itf.isis_auth_key_chain);
        out.interfaces.push_back(ic);
    }
    return out;
}

}  // namespace ldpsync::daemon
