#pragma once
// The typed configuration: what the parser produces, the daemon applies and
// `show running-config` renders. Plain values with ==, so "parses back to the same state" is
// one comparison.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ldpsync::config {

enum class MetricStyle : std::uint8_t { wide, narrow, transition };
// is-type (router isis) and isis circuit-type (interface): the IS-IS levels taken part in.
enum class IsType : std::uint8_t { level_1, level_1_2, level_2_only };

struct Ipv4Prefix {
    std::uint32_t address = 0;  // host order
    std::uint8_t length = 32;
    bool operator==(const Ipv4Prefix&) const = default;
    auto operator<=>(const Ipv4Prefix&) const = default;
};

struct InterfaceConfig {
    std::string name;
    std::optional<std::string> description;  // description LINE (kept and shown, as IOS does)
    std::optional<Ipv4Prefix> address;  // ip address A M
    bool mpls_ip = false;               // mpls ip (interface)
    bool igp_sync = true;               // false after no mpls ldp igp sync
    std::optional<std::uint32_t> sync_holddown_ms;  // mpls ldp igp sync holddown <ms>
    std::optional<std::uint32_t> sync_delay_s;      // set by ... delay <s>; 0 by no ... delay
    std::optional<std::uint32_t> ospf_cost;         // ip ospf cost
    enum class OspfNetwork : std::uint8_t { broadcast, point_to_point };
    std::optional<OspfNetwork> ospf_network;        // ip ospf network ...
    std::optional<std::uint32_t> ospf_hello_s;      // ip ospf hello-interval
    std::optional<std::uint32_t> ospf_dead_s;       // ip ospf dead-interval
    std::optional<std::uint32_t> ospf_priority;     // ip ospf priority
    bool ospf_auth_md5 = false;                     // ip ospf authentication message-digest
    std::optional<std::uint32_t> ospf_md5_key_id;   // ip ospf message-digest-key N md5 KEY
    std::string ospf_md5_key;
    std::optional<std::uint32_t> isis_metric;       // isis metric (one value for both levels)
    std::optional<std::string> isis_tag;            // ip router isis [tag]; "" = untagged process
    bool isis_p2p = false;                          // isis network point-to-point
    std::optional<std::uint32_t> isis_hello_s;      // isis hello-interval
    std::optional<std::uint32_t> isis_hello_multiplier;  // isis hello-multiplier
    std::optional<std::uint32_t> isis_priority;          // isis priority (DIS election on a LAN)
    std::optional<IsType> isis_circuit_type;             // isis circuit-type
    bool isis_auth_md5 = false;                          // isis authentication mode md5 [level-1|level-2]
    std::optional<std::string> isis_auth_key_chain;      // isis authentication key-chain NAME [level-1|level-2]
    bool shutdown = false;
    bool operator==(const InterfaceConfig&) const = default;

    // The guide's restriction: sync is not supported on tunnel interfaces.
    bool is_tunnel() const;
};

struct OspfNetwork {
    std::uint32_t address = 0;
    std::uint32_t wildcard = 0;
    std::uint32_t area = 0;
    bool operator==(const OspfNetwork&) const = default;
    bool covers(std::uint32_t ip) const { return (ip & ~wildcard) == (address & ~wildcard); }
};

struct OspfProcess {
    std::uint32_t id = 0;
    std::vector<OspfNetwork> networks;
    bool ldp_sync = false;        // mpls ldp sync
    bool ldp_autoconfig = false;  // mpls ldp autoconfig [area X]
    std::optional<std::uint32_t> autoconfig_area;
    bool nsf = false;
    std::optional<std::uint32_t> router_id;
    std::vector<std::string> passive_interfaces;  // passive-interface NAME
    bool operator==(const OspfProcess&) const = default;
    // The area of the first network statement covering ip, if any (RFC 2328 order of match).
    std::optional<std::uint32_t> area_for(std::uint32_t ip) const;
};

struct IsisProcess {
    std::string tag;                     // "" = untagged
    std::optional<std::string> net;      // as typed; parse_net() has accepted it
    IsType is_type = IsType::level_1_2;  // IOS default
    bool ldp_sync = false;
    bool ldp_autoconfig = false;
    bool nsf = false;
    MetricStyle metric_style = MetricStyle::wide;
    std::vector<std::string> passive_interfaces;         // passive-interface NAME
    std::optional<std::uint32_t> overload_on_startup_s;  // set-overload-bit on-startup <s>
    bool auth_md5 = false;                               // authentication mode md5 [level-1|level-2]
    std::optional<std::string> auth_key_chain;           // authentication key-chain NAME [level-1|level-2]
    bool operator==(const IsisProcess&) const = default;
};

// A Network Entity Title (ISO 10589 / RFC 1195): area, system id and an NSEL of 00.
struct Net {
    std::vector<std::uint8_t> area;  // 1-13 bytes, AFI first
    std::array<std::uint8_t, 6> system_id{};
    bool operator==(const Net&) const = default;
};

// key chain NAME / key N / key-string TEXT (IOS): the keys IS-IS authentication names by chain.
// Lifetimes (accept-lifetime, send-lifetime) are not modelled: every key is always valid.
struct KeyChainKey {
    std::uint32_t id = 0;    // key <0-2147483647>
    std::string key_string;  // key-string TEXT
    bool operator==(const KeyChainKey&) const = default;
};

struct KeyChain {
    std::string name;
    std::vector<KeyChainKey> keys;  // ordered by id
    bool operator==(const KeyChain&) const = default;
    // The key to send with: the lowest id that has a key-string (IOS sends the first valid key).
    const KeyChainKey* send_key() const;
};

struct LdpNeighbor {
    std::uint32_t address = 0;
    std::string password;
    bool operator==(const LdpNeighbor&) const = default;
};

struct LdpConfig {
    std::optional<std::uint32_t> router_id;           // mpls ldp router-id A.B.C.D
    std::optional<std::string> router_id_interface;   // mpls ldp router-id IFNAME (IOS form)
    bool router_id_force = false;
    std::uint32_t hello_interval_s = 5;
    std::uint32_t hello_holdtime_s = 15;
    bool graceful_restart = false;
    std::uint32_t gr_reconnect_s = 120;       // timers neighbor-liveness
    std::uint32_t gr_forwarding_hold_s = 600;  // timers forwarding-holding
    std::uint32_t gr_max_recovery_s = 120;     // timers max-recovery
    bool explicit_null = false;
    bool host_routes_only = false;  // mpls ldp label allocate global host-routes: /32 FECs only
    // GTSM (RFC 6720) offered in our Hellos (G flag). Off by default: a GTSM session is refused
    // the moment the route between the transport addresses leaves the link, which is exactly
    // what LDP-IGP sync makes happen while the link is at max metric.
    bool gtsm = false;  // mpls ldp gtsm
    std::uint32_t label_range_min = 16;
    std::uint32_t label_range_max = 100000;
    // Extensions: when the initial label exchange counts as complete (issue 4, sync trigger).
    std::uint32_t sync_quiet_period_ms = 200;
    // mpls ldp igp sync holddown <ms>: a global configuration command in IOS ("Command Modes:
    // Global configuration"); the interface form is our extension and overrides it.
    std::optional<std::uint32_t> sync_holddown_ms;
    std::uint32_t sync_upper_bound_s = 10;
    std::optional<std::uint32_t> sync_costout_alert_s = 180;  // nullopt: alert off
    std::vector<LdpNeighbor> neighbors;
    bool operator==(const LdpConfig&) const = default;
};

struct StaticRoute {
    Ipv4Prefix prefix;
    std::optional<std::uint32_t> next_hop;
    std::optional<std::string> interface;
    bool operator==(const StaticRoute&) const = default;
};

inline constexpr std::uint32_t kImplicitNull = 3;
inline constexpr std::uint32_t kExplicitNull = 0;

struct StaticBindingOutput {
    std::uint32_t next_hop = 0;
    std::uint32_t label = kImplicitNull;
    bool operator==(const StaticBindingOutput&) const = default;
};

struct StaticBinding {
    Ipv4Prefix prefix;
    std::optional<std::uint32_t> input_label;
    std::vector<StaticBindingOutput> outputs;
    bool operator==(const StaticBinding&) const = default;
};

using MacAddress = std::array<std::uint8_t, 6>;

struct Config {
    std::optional<std::string> hostname;
    bool mpls_ip = false;             // mpls ip (global: hop-by-hop forwarding)
    bool label_protocol_ldp = false;  // mpls label protocol ldp
    LdpConfig ldp;
    std::map<std::string, KeyChain> key_chains;
    std::map<std::string, InterfaceConfig> interfaces;
    std::map<std::uint32_t, OspfProcess> ospf;
    std::map<std::string, IsisProcess> isis;
    std::vector<StaticRoute> static_routes;
    std::vector<StaticBinding> static_bindings;
    // Static ARP entries (arp A.B.C.D H.H.H arpa): the neighbour MACs next hops are sent to,
    // until they are learned from the kernel's neighbour table.
    std::map<std::uint32_t, MacAddress> arp;
    bool operator==(const Config&) const = default;

    // LDP is enabled on an interface by mpls ip there, or by mpls ldp autoconfig of an IGP
    // process that covers it (guide, Prerequisites).
    bool ldp_enabled(const InterfaceConfig& itf) const;
    bool ldp_autoconfig_covers(const InterfaceConfig& itf) const;
    // OSPF processes whose network statements cover the interface's address.
    std::vector<const OspfProcess*> ospf_processes_for(const InterfaceConfig& itf) const;
    const IsisProcess* isis_process_for(const InterfaceConfig& itf) const;
};

std::string format_ipv4(std::uint32_t address);
std::optional<std::uint32_t> parse_ipv4(std::string_view text);
std::uint32_t length_to_mask(std::uint8_t length);
std::optional<std::uint8_t> mask_to_length(std::uint32_t mask);
// Cisco's 0200.0000.0001 or 02:00:00:00:00:01.
std::optional<MacAddress> parse_mac(std::string_view text);
std::string format_mac_cisco(const MacAddress& mac);
// A NET in IOS's dotted hex, e.g. 49.0001.0000.0000.0001.00: groups of 2 or 4 hex digits,
// the last being the NSEL 00 and the three before it the system id. On refusal, *why says
// which part is wrong.
std::optional<Net> parse_net(std::string_view text, std::string* why = nullptr);
// 0000.0000.0001, as IOS shows a system id.
std::string format_system_id(const std::array<std::uint8_t, 6>& id);

}  // namespace ldpsync::config
