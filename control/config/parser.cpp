#include "parser.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <regex>
#include <set>

#include "grammar.hpp"

namespace ldpsync::config {

namespace {

using grammar::Token;
using grammar::Value;
using Args = std::vector<Value>;

// key_chain_key is the one mode nested in another: key N inside key chain NAME.
enum class Mode { global, interface, router_ospf, router_isis, key_chain, key_chain_key };

// The mode a sub-mode sits in: where exit goes, and where a line the sub-mode does not know
// is tried next.
Mode enclosing(Mode mode) { return mode == Mode::key_chain_key ? Mode::key_chain : Mode::global; }

// The modes a line typed in `mode` is looked for in, innermost first, ending with global.
std::vector<Mode> modes_around(Mode mode) {
    std::vector<Mode> out{mode};
    while (out.back() != Mode::global) out.push_back(enclosing(out.back()));
    return out;
}

bool reachable_from(Mode mode, Mode current) {
    const auto around = modes_around(current);
    return std::find(around.begin(), around.end(), mode) != around.end();
}

// Where a command was typed, so that a whole-configuration check can point back at it.
struct SourceLine {
    int line = 0;  // 0: not in this text (a process of the running configuration)
    int column = 0;
    std::string text;
};

// Where the IS-IS authentication of an interface or process was last typed, so that a warning
// about the finished configuration can point back at the line.
struct AuthLines {
    SourceLine mode_md5;
    SourceLine key_chain;
};

struct Context {
    explicit Context(Config& config) : cfg(config) {}
    Config& cfg;
    Mode mode = Mode::global;
    std::string interface;
    std::uint32_t ospf_id = 0;
    std::string isis_tag;
    std::string key_chain;
    std::uint32_t key_id = 0;
    std::vector<std::string> warnings;
    SourceLine current;                               // the line being applied
    std::map<std::string, SourceLine> isis_declared;  // the first router isis line of each tag
    // Processes whose net line was refused: that error says enough, "no net" would mislead.
    std::set<std::string> isis_net_refused;
    // By what the authentication is set on: "interface eth0", "router isis CORE".
    std::map<std::string, AuthLines> isis_auth_typed;

    InterfaceConfig& itf() { return cfg.interfaces.at(interface); }
    OspfProcess& ospf() { return cfg.ospf.at(ospf_id); }
    IsisProcess& isis() { return cfg.isis.at(isis_tag); }
    KeyChain& chain() { return cfg.key_chains.at(key_chain); }
    // The key mode's key is always there: "no key N" and "no key chain" leave the key mode.
    KeyChainKey& key() {
        auto& keys = chain().keys;
        return *std::find_if(keys.begin(), keys.end(), [&](const KeyChainKey& k) { return k.id == key_id; });
    }
};

// A handler returns an error sentence, or nothing when the command was applied.
using Handler = std::function<std::string(Context&, const Args&)>;

struct Command {
    Mode mode;
    std::string_view pattern;
    Handler apply;
};

const std::string kOk;

std::string tunnel_restriction(Context& c) {
    if (c.itf().is_tunnel()) {
        return "MPLS LDP-IGP synchronization is not supported on tunnel interfaces (" + c.interface + ")";
    }
    return kOk;
}

Ipv4Prefix prefix_of(const Value& address, const Value& mask) {
    const std::uint8_t len = *mask_to_length(mask.number);
    return Ipv4Prefix{address.number & length_to_mask(len), len};
}

StaticBinding& binding_for(Context& c, const Ipv4Prefix& p) {
    auto& list = c.cfg.static_bindings;
    auto it = std::find_if(list.begin(), list.end(), [&](const StaticBinding& b) { return b.prefix == p; });
    if (it == list.end()) it = list.insert(list.end(), StaticBinding{p, std::nullopt, {}});
    return *it;
}

std::string set_local_binding(Context& c, const Args& a) {
    if (a[2].number < 16) return "a local (input) label must be 16-1048575";
    binding_for(c, prefix_of(a[0], a[1])).input_label = a[2].number;
    return kOk;
}

std::string set_flag(bool& flag, bool value) {
    flag = value;
    return kOk;
}

std::string add_passive(std::vector<std::string>& passive, const std::string& name) {
    if (std::find(passive.begin(), passive.end(), name) == passive.end()) passive.push_back(name);
    return kOk;
}

std::string remove_passive(std::vector<std::string>& passive, const std::string& name) {
    if (std::erase(passive, name) == 0) return name + " is not passive";
    return kOk;
}

std::string isis_process_name(const std::string& tag) { return "router isis" + (tag.empty() ? "" : " " + tag); }

std::string enter_router_isis(Context& c, const Args& a) {
    c.mode = Mode::router_isis;
    c.isis_tag = a[0].present ? a[0].text : "";
    c.cfg.isis.try_emplace(c.isis_tag).first->second.tag = c.isis_tag;
    c.isis_declared.try_emplace(c.isis_tag, c.current);
    return kOk;
}

std::string remove_router_isis(Context& c, const Args& a) {
    const std::string tag = a[0].present ? a[0].text : "";
    if (c.cfg.isis.erase(tag) == 0) return "that IS-IS process is not configured";
    c.isis_declared.erase(tag);
    c.isis_net_refused.erase(tag);
    return kOk;
}

// IOS refuses a malformed NET when it is typed; so do we, saying which part is wrong.
std::string set_net(Context& c, const Args& a) {
    std::string why;
    if (!parse_net(a[0].text, &why)) {
        c.isis_net_refused.insert(c.isis_tag);
        return "invalid NET '" + a[0].text + "': " + why;
    }
    c.isis().net = a[0].text;
    c.isis_net_refused.erase(c.isis_tag);
    return kOk;
}

std::string set_is_type(Context& c, IsType type) {
    c.isis().is_type = type;
    return kOk;
}

std::string set_circuit_type(Context& c, IsType type) {
    c.itf().isis_circuit_type = type;
    return kOk;
}

// Per-level metrics are not kept apart yet: "isis metric N level-1|level-2" sets the one metric.
std::string set_isis_metric(Context& c, const Args& a) {
    c.itf().isis_metric = a[0].number;
    return kOk;
}

std::string interface_name(const std::string& name) { return "interface " + name; }

// isis authentication ... (interface) and authentication ... (router isis): IOS takes a level
// on each, but the keys and the md5 mode are not kept per level here: either level, or none,
// sets the one setting for both.
std::string set_isis_auth_md5(Context& c, const Args&) {
    c.isis_auth_typed[interface_name(c.interface)].mode_md5 = c.current;
    return set_flag(c.itf().isis_auth_md5, true);
}

std::string set_isis_auth_key_chain(Context& c, const Args& a) {
    c.isis_auth_typed[interface_name(c.interface)].key_chain = c.current;
    c.itf().isis_auth_key_chain = a[0].text;
    return kOk;
}

std::string set_process_auth_md5(Context& c, const Args&) {
    c.isis_auth_typed[isis_process_name(c.isis_tag)].mode_md5 = c.current;
    return set_flag(c.isis().auth_md5, true);
}

std::string set_process_auth_key_chain(Context& c, const Args& a) {
    c.isis_auth_typed[isis_process_name(c.isis_tag)].key_chain = c.current;
    c.isis().auth_key_chain = a[0].text;
    return kOk;
}

std::string enter_key_chain(Context& c, const Args& a) {
    c.mode = Mode::key_chain;
    c.key_chain = a[0].text;
    c.cfg.key_chains.try_emplace(a[0].text).first->second.name = a[0].text;
    return kOk;
}

std::string remove_key_chain(Context& c, const Args& a) {
    if (c.cfg.key_chains.erase(a[0].text) == 0) return "key chain " + a[0].text + " is not configured";
    return kOk;
}

// key N: the key is created at its place in id order, so the chain reads in the order IOS
// shows it and the lowest id comes first.
std::string enter_key(Context& c, const Args& a) {
    c.mode = Mode::key_chain_key;
    c.key_id = a[0].number;
    auto& keys = c.chain().keys;
    const auto at = std::find_if(keys.begin(), keys.end(), [&](const KeyChainKey& k) { return k.id >= c.key_id; });
    if (at == keys.end() || at->id != c.key_id) keys.insert(at, KeyChainKey{c.key_id, {}});
    return kOk;
}

std::string remove_key(Context& c, const Args& a) {
    if (std::erase_if(c.chain().keys, [&](const KeyChainKey& k) { return k.id == a[0].number; }) == 0) {
        return "key " + a[0].text + " is not in key chain " + c.key_chain;
    }
    return kOk;
}

// key-string [0|7] TEXT, a LINE rather than a WORD: the key is the rest of the line, blanks
// inside included as IOS has it, except that a run of blanks reads as one and blanks at either
// end are dropped (IOS keeps them; a key that depends on them cannot be written here). A first
// word 0 marks clear text, as on IOS; 7 marks IOS's reversible "hidden" form, which is refused
// rather than taken as the literal key, which would never match the peer's.
std::string set_key_string(Context& c, const Args& a) {
    std::string text = a[0].text;
    if (text.starts_with("7 ")) {
        return "key-string 7 (an IOS-encrypted key) is not supported: give the key in clear text";
    }
    if (text.starts_with("0 ")) text.erase(0, 2);
    c.key().key_string = text;
    return kOk;
}

// The command table, in priority order: when two patterns match a line completely, the
// first one wins (an IPv4 next hop before an interface name).
const std::vector<Command>& commands() {
    // One command per row, the short ones on one line: the table reads as the CLI it
    // describes (clang-format would fold and unfold rows by length).
    // clang-format off
    static const std::vector<Command> table = {
        // ---- global ---------------------------------------------------------------------
        {Mode::global, "hostname WORD", [](Context& c, const Args& a) { c.cfg.hostname = a[0].text; return kOk; }},
        {Mode::global, "no hostname", [](Context& c, const Args&) { c.cfg.hostname.reset(); return kOk; }},
        // Lines every IOS configuration carries. CEF is how this router always switches: `ip
        // cef` is accepted (and is the default, so not shown back); turning it off is refused.
        {Mode::global, "ip cef LINE?", [](Context&, const Args&) { return kOk; }},
        {Mode::global, "no ip cef LINE?",
         [](Context&, const Args&) -> std::string { return "CEF cannot be turned off: ldpsync always switches with its FIB"; }},
        {Mode::global, "service LINE",
         [](Context&, const Args& a) -> std::string {
             return "'service " + a[0].text + "' is an IOS platform service ldpsyncd does not have; remove the line";
         }},
        {Mode::global, "no service LINE",
         [](Context&, const Args& a) -> std::string {
             return "'no service " + a[0].text + "' is an IOS platform service ldpsyncd does not have; remove the line";
         }},
        {Mode::global, "mpls ip", [](Context& c, const Args&) { return set_flag(c.cfg.mpls_ip, true); }},
        {Mode::global, "no mpls ip", [](Context& c, const Args&) { return set_flag(c.cfg.mpls_ip, false); }},
        {Mode::global, "mpls label protocol ldp",
         [](Context& c, const Args&) { return set_flag(c.cfg.label_protocol_ldp, true); }},
        {Mode::global, "no mpls label protocol ldp",
         [](Context& c, const Args&) { return set_flag(c.cfg.label_protocol_ldp, false); }},
        {Mode::global, "mpls label range <16-1048575> <16-1048575>",
         [](Context& c, const Args& a) -> std::string {
             if (a[0].number > a[1].number) return "label range " + a[0].text + " " + a[1].text + " is empty";
             c.cfg.ldp.label_range_min = a[0].number;
             c.cfg.ldp.label_range_max = a[1].number;
             return kOk;
         }},
        {Mode::global, "mpls ldp router-id A.B.C.D force?",
         [](Context& c, const Args& a) {
             c.cfg.ldp.router_id = a[0].number;
             c.cfg.ldp.router_id_interface.reset();
             c.cfg.ldp.router_id_force = a[1].present;
             return kOk;
         }},
        {Mode::global, "mpls ldp router-id WORD force?",
         [](Context& c, const Args& a) {
             c.cfg.ldp.router_id_interface = a[0].text;
             c.cfg.ldp.router_id.reset();
             c.cfg.ldp.router_id_force = a[1].present;
             return kOk;
         }},
        {Mode::global, "no mpls ldp router-id",
         [](Context& c, const Args&) {
             c.cfg.ldp.router_id.reset();
             c.cfg.ldp.router_id_interface.reset();
             c.cfg.ldp.router_id_force = false;
             return kOk;
         }},
        {Mode::global, "mpls ldp discovery hello interval <1-65535>",
         [](Context& c, const Args& a) { c.cfg.ldp.hello_interval_s = a[0].number; return kOk; }},
        {Mode::global, "mpls ldp discovery hello holdtime <1-65535>",
         [](Context& c, const Args& a) { c.cfg.ldp.hello_holdtime_s = a[0].number; return kOk; }},
        {Mode::global, "mpls ldp graceful-restart",
         [](Context& c, const Args&) { return set_flag(c.cfg.ldp.graceful_restart, true); }},
        {Mode::global, "no mpls ldp graceful-restart",
         [](Context& c, const Args&) { return set_flag(c.cfg.ldp.graceful_restart, false); }},
        {Mode::global, "mpls ldp graceful-restart timers neighbor-liveness <5-300>",
         [](Context& c, const Args& a) { c.cfg.ldp.gr_reconnect_s = a[0].number; return kOk; }},
        {Mode::global, "mpls ldp graceful-restart timers forwarding-holding <30-600>",
         [](Context& c, const Args& a) { c.cfg.ldp.gr_forwarding_hold_s = a[0].number; return kOk; }},
        {Mode::global, "mpls ldp graceful-restart timers max-recovery <15-600>",
         [](Context& c, const Args& a) { c.cfg.ldp.gr_max_recovery_s = a[0].number; return kOk; }},
        {Mode::global, "mpls ldp label allocate global host-routes",
         [](Context& c, const Args&) { return set_flag(c.cfg.ldp.host_routes_only, true); }},
        {Mode::global, "no mpls ldp label allocate global host-routes",
         [](Context& c, const Args&) { return set_flag(c.cfg.ldp.host_routes_only, false); }},
        {Mode::global, "mpls ldp gtsm", [](Context& c, const Args&) { return set_flag(c.cfg.ldp.gtsm, true); }},
        {Mode::global, "no mpls ldp gtsm", [](Context& c, const Args&) { return set_flag(c.cfg.ldp.gtsm, false); }},
        {Mode::global, "mpls ldp explicit-null",
         [](Context& c, const Args&) { return set_flag(c.cfg.ldp.explicit_null, true); }},
        {Mode::global, "no mpls ldp explicit-null",
         [](Context& c, const Args&) { return set_flag(c.cfg.ldp.explicit_null, false); }},
        {Mode::global, "mpls ldp igp sync holddown <1-2147483647>",
         [](Context& c, const Args& a) { c.cfg.ldp.sync_holddown_ms = a[0].number; return kOk; }},
        {Mode::global, "no mpls ldp igp sync holddown",
         [](Context& c, const Args&) { c.cfg.ldp.sync_holddown_ms.reset(); return kOk; }},
        {Mode::global, "mpls ldp igp sync quiet-period <0-60000>",
         [](Context& c, const Args& a) { c.cfg.ldp.sync_quiet_period_ms = a[0].number; return kOk; }},
        {Mode::global, "mpls ldp igp sync upper-bound <1-3600>",
         [](Context& c, const Args& a) { c.cfg.ldp.sync_upper_bound_s = a[0].number; return kOk; }},
        {Mode::global, "mpls ldp igp sync costout-alert <1-86400>",
         [](Context& c, const Args& a) { c.cfg.ldp.sync_costout_alert_s = a[0].number; return kOk; }},
        {Mode::global, "no mpls ldp igp sync costout-alert",
         [](Context& c, const Args&) { c.cfg.ldp.sync_costout_alert_s.reset(); return kOk; }},
        {Mode::global, "mpls ldp neighbor A.B.C.D password WORD",
         [](Context& c, const Args& a) -> std::string {
             // Linux TCP_MD5SIG takes at most 80 octets (RFC 2385 sets no limit; the kernel does).
             if (a[1].text.size() > 80) return "password longer than 80 characters (the TCP-MD5 key limit)";
             auto& n = c.cfg.ldp.neighbors;
             std::erase_if(n, [&](const LdpNeighbor& x) { return x.address == a[0].number; });
             n.push_back(LdpNeighbor{a[0].number, a[1].text});
             std::sort(n.begin(), n.end(), [](const auto& x, const auto& y) { return x.address < y.address; });
             return kOk;
         }},
        {Mode::global, "no mpls ldp neighbor A.B.C.D password?",
         [](Context& c, const Args& a) {
             std::erase_if(c.cfg.ldp.neighbors, [&](const LdpNeighbor& x) { return x.address == a[0].number; });
             return kOk;
         }},
        {Mode::global, "mpls ldp neighbor A.B.C.D targeted LINE?",
         [](Context&, const Args&) -> std::string {
             return "targeted LDP sessions are not supported: MPLS LDP-IGP synchronization does not support them "
                    "(guide, Restrictions)";
         }},
        {Mode::global, "mpls ldp downstream-on-demand LINE?",
         [](Context&, const Args&) -> std::string {
             return "downstream-on-demand label distribution is not supported: MPLS LDP-IGP synchronization "
                    "requires downstream unsolicited (guide, Restrictions)";
         }},
        {Mode::global, "interface WORD",
         [](Context& c, const Args& a) {
             c.mode = Mode::interface;
             c.interface = a[0].text;
             c.cfg.interfaces.try_emplace(a[0].text).first->second.name = a[0].text;
             return kOk;
         }},
        {Mode::global, "no interface WORD",
         [](Context& c, const Args& a) -> std::string {
             if (c.cfg.interfaces.erase(a[0].text) == 0) return "interface " + a[0].text + " is not configured";
             return kOk;
         }},
        {Mode::global, "router ospf <1-65535>",
         [](Context& c, const Args& a) {
             c.mode = Mode::router_ospf;
             c.ospf_id = a[0].number;
             c.cfg.ospf.try_emplace(a[0].number).first->second.id = a[0].number;
             return kOk;
         }},
        {Mode::global, "no router ospf <1-65535>",
         [](Context& c, const Args& a) -> std::string {
             if (c.cfg.ospf.erase(a[0].number) == 0) return "router ospf " + a[0].text + " is not configured";
             return kOk;
         }},
        {Mode::global, "router isis WORD?", &enter_router_isis},
        {Mode::global, "no router isis WORD?", &remove_router_isis},
        {Mode::global, "key chain WORD", &enter_key_chain},
        {Mode::global, "no key chain WORD", &remove_key_chain},
        {Mode::global, "ip route A.B.C.D MASK A.B.C.D",
         [](Context& c, const Args& a) {
             StaticRoute r{prefix_of(a[0], a[1]), a[2].number, std::nullopt};
             if (std::find(c.cfg.static_routes.begin(), c.cfg.static_routes.end(), r) == c.cfg.static_routes.end()) {
                 c.cfg.static_routes.push_back(r);
             }
             return kOk;
         }},
        {Mode::global, "ip route A.B.C.D MASK WORD",
         [](Context& c, const Args& a) {
             StaticRoute r{prefix_of(a[0], a[1]), std::nullopt, a[2].text};
             if (std::find(c.cfg.static_routes.begin(), c.cfg.static_routes.end(), r) == c.cfg.static_routes.end()) {
                 c.cfg.static_routes.push_back(r);
             }
             return kOk;
         }},
        {Mode::global, "no ip route A.B.C.D MASK WORD?",
         [](Context& c, const Args& a) -> std::string {
             const Ipv4Prefix p = prefix_of(a[0], a[1]);
             const auto removed = std::erase_if(c.cfg.static_routes, [&](const StaticRoute& r) {
                 if (r.prefix != p) return false;
                 if (!a[2].present) return true;
                 return (r.next_hop && format_ipv4(*r.next_hop) == a[2].text) || r.interface == a[2].text;
             });
             if (removed == 0) return "no such static route";
             return kOk;
         }},
        // Cisco accepts the local label with and without the "input" keyword.
        {Mode::global, "mpls static binding ipv4 A.B.C.D MASK input LABEL", &set_local_binding},
        {Mode::global, "mpls static binding ipv4 A.B.C.D MASK LABEL", &set_local_binding},
        {Mode::global, "mpls static binding ipv4 A.B.C.D MASK output A.B.C.D LABEL",
         [](Context& c, const Args& a) {
             StaticBinding& b = binding_for(c, prefix_of(a[0], a[1]));
             std::erase_if(b.outputs, [&](const StaticBindingOutput& o) { return o.next_hop == a[2].number; });
             b.outputs.push_back(StaticBindingOutput{a[2].number, a[3].number});
             return kOk;
         }},
        {Mode::global, "arp A.B.C.D MAC arpa?",
         [](Context& c, const Args& a) {
             c.cfg.arp.insert_or_assign(a[0].number, *parse_mac(a[1].text));
             return kOk;
         }},
        {Mode::global, "no arp A.B.C.D LINE?",
         [](Context& c, const Args& a) -> std::string {
             if (c.cfg.arp.erase(a[0].number) == 0) return "no ARP entry for " + a[0].text;
             return kOk;
         }},
        {Mode::global, "no mpls static binding ipv4 A.B.C.D MASK",
         [](Context& c, const Args& a) -> std::string {
             const Ipv4Prefix p = prefix_of(a[0], a[1]);
             if (std::erase_if(c.cfg.static_bindings, [&](const StaticBinding& b) { return b.prefix == p; }) == 0) {
                 return "no static binding for that prefix";
             }
             return kOk;
         }},

        // ---- interface -----------------------------------------------------------------
        {Mode::interface, "ip address A.B.C.D MASK?",
         [](Context& c, const Args& a) {
             if (!a[1].present) {
                 // The guide's OSPF example writes "ip address 10.0.0.1" with no mask.
                 c.warnings.push_back("no netmask given: assuming 255.255.255.255");
             }
             const std::uint8_t len = a[1].present ? *mask_to_length(a[1].number) : 32;
             c.itf().address = Ipv4Prefix{a[0].number, len};
             return kOk;
         }},
        {Mode::interface, "no ip address LINE?", [](Context& c, const Args&) { c.itf().address.reset(); return kOk; }},
        {Mode::interface, "mpls ip", [](Context& c, const Args&) { return set_flag(c.itf().mpls_ip, true); }},
        {Mode::interface, "no mpls ip", [](Context& c, const Args&) { return set_flag(c.itf().mpls_ip, false); }},
        {Mode::interface, "mpls label protocol ldp", [](Context&, const Args&) { return kOk; }},
        {Mode::interface, "mpls ldp igp sync",
         [](Context& c, const Args&) {
             c.itf().igp_sync = true;
             return kOk;
         }},
        {Mode::interface, "no mpls ldp igp sync",
         [](Context& c, const Args&) {
             if (auto e = tunnel_restriction(c); !e.empty()) return e;
             c.itf().igp_sync = false;
             return kOk;
         }},
        {Mode::interface, "mpls ldp igp sync holddown <1-2147483647>",
         [](Context& c, const Args& a) {
             if (auto e = tunnel_restriction(c); !e.empty()) return e;
             c.itf().sync_holddown_ms = a[0].number;
             return kOk;
         }},
        {Mode::interface, "no mpls ldp igp sync holddown",
         [](Context& c, const Args&) { c.itf().sync_holddown_ms.reset(); return kOk; }},
        {Mode::interface, "mpls ldp igp sync delay <5-60>",
         [](Context& c, const Args& a) {
             if (auto e = tunnel_restriction(c); !e.empty()) return e;
             c.itf().sync_delay_s = a[0].number;
             return kOk;
         }},
        // The guide: "sets the delay time to 0 seconds, but leaves ... synchronization enabled".
        {Mode::interface, "no mpls ldp igp sync delay",
         [](Context& c, const Args&) { c.itf().sync_delay_s = 0; return kOk; }},
        {Mode::interface, "ip ospf cost <1-65535>", [](Context& c, const Args& a) { c.itf().ospf_cost = a[0].number; return kOk; }},
        {Mode::interface, "no ip ospf cost", [](Context& c, const Args&) { c.itf().ospf_cost.reset(); return kOk; }},
        {Mode::interface, "ip ospf network point-to-point",
         [](Context& c, const Args&) { c.itf().ospf_network = InterfaceConfig::OspfNetwork::point_to_point; return kOk; }},
        {Mode::interface, "ip ospf network broadcast",
         [](Context& c, const Args&) { c.itf().ospf_network = InterfaceConfig::OspfNetwork::broadcast; return kOk; }},
        {Mode::interface, "no ip ospf network LINE?", [](Context& c, const Args&) { c.itf().ospf_network.reset(); return kOk; }},
        {Mode::interface, "ip ospf hello-interval <1-65535>",
         [](Context& c, const Args& a) { c.itf().ospf_hello_s = a[0].number; return kOk; }},
        {Mode::interface, "no ip ospf hello-interval LINE?", [](Context& c, const Args&) { c.itf().ospf_hello_s.reset(); return kOk; }},
        {Mode::interface, "ip ospf dead-interval <1-65535>",
         [](Context& c, const Args& a) { c.itf().ospf_dead_s = a[0].number; return kOk; }},
        {Mode::interface, "no ip ospf dead-interval LINE?", [](Context& c, const Args&) { c.itf().ospf_dead_s.reset(); return kOk; }},
        {Mode::interface, "ip ospf priority <0-255>",
         [](Context& c, const Args& a) { c.itf().ospf_priority = a[0].number; return kOk; }},
        {Mode::interface, "no ip ospf priority LINE?", [](Context& c, const Args&) { c.itf().ospf_priority.reset(); return kOk; }},
        // OSPF cryptographic authentication (RFC 2328 D.3), one MD5 key per interface.
        {Mode::interface, "ip ospf authentication message-digest",
         [](Context& c, const Args&) { return set_flag(c.itf().ospf_auth_md5, true); }},
        {Mode::interface, "no ip ospf authentication LINE?",
         [](Context& c, const Args&) { c.itf().ospf_auth_md5 = false; return kOk; }},
        {Mode::interface, "ip ospf message-digest-key <1-255> md5 WORD",
         [](Context& c, const Args& a) -> std::string {
             if (a[1].text.size() > 16) return "an OSPF MD5 key is at most 16 characters";
             c.itf().ospf_md5_key_id = a[0].number;
             c.itf().ospf_md5_key = a[1].text;
             return kOk;
         }},
        {Mode::interface, "no ip ospf message-digest-key <1-255>",
         [](Context& c, const Args&) {
             c.itf().ospf_md5_key_id.reset();
             c.itf().ospf_md5_key.clear();
             return kOk;
         }},
        {Mode::interface, "isis metric <1-16777214>", &set_isis_metric},
        {Mode::interface, "isis metric <1-16777214> level-1", &set_isis_metric},
        {Mode::interface, "isis metric <1-16777214> level-2", &set_isis_metric},
        {Mode::interface, "no isis metric LINE?",
         [](Context& c, const Args&) { c.itf().isis_metric.reset(); return kOk; }},
        {Mode::interface, "isis network point-to-point",
         [](Context& c, const Args&) { return set_flag(c.itf().isis_p2p, true); }},
        {Mode::interface, "no isis network point-to-point?",
         [](Context& c, const Args&) { return set_flag(c.itf().isis_p2p, false); }},
        {Mode::interface, "isis hello-interval <1-65535>",
         [](Context& c, const Args& a) { c.itf().isis_hello_s = a[0].number; return kOk; }},
        {Mode::interface, "no isis hello-interval LINE?",
         [](Context& c, const Args&) { c.itf().isis_hello_s.reset(); return kOk; }},
        {Mode::interface, "isis hello-multiplier <3-1000>",
         [](Context& c, const Args& a) { c.itf().isis_hello_multiplier = a[0].number; return kOk; }},
        {Mode::interface, "no isis hello-multiplier LINE?",
         [](Context& c, const Args&) { c.itf().isis_hello_multiplier.reset(); return kOk; }},
        // One priority for both levels, like the metric (IOS also takes level-1|level-2).
        {Mode::interface, "isis priority <0-127> LINE?",
         [](Context& c, const Args& a) { c.itf().isis_priority = a[0].number; return kOk; }},
        {Mode::interface, "no isis priority LINE?",
         [](Context& c, const Args&) { c.itf().isis_priority.reset(); return kOk; }},
        {Mode::interface, "isis circuit-type level-1",
         [](Context& c, const Args&) { return set_circuit_type(c, IsType::level_1); }},
        {Mode::interface, "isis circuit-type level-1-2",
         [](Context& c, const Args&) { return set_circuit_type(c, IsType::level_1_2); }},
        {Mode::interface, "isis circuit-type level-2-only",
         [](Context& c, const Args&) { return set_circuit_type(c, IsType::level_2_only); }},
        {Mode::interface, "no isis circuit-type LINE?",
         [](Context& c, const Args&) { c.itf().isis_circuit_type.reset(); return kOk; }},
        {Mode::interface, "isis authentication mode md5", &set_isis_auth_md5},
        {Mode::interface, "isis authentication mode md5 level-1", &set_isis_auth_md5},
        {Mode::interface, "isis authentication mode md5 level-2", &set_isis_auth_md5},
        {Mode::interface, "no isis authentication mode LINE?",
         [](Context& c, const Args&) { return set_flag(c.itf().isis_auth_md5, false); }},
        {Mode::interface, "isis authentication key-chain WORD", &set_isis_auth_key_chain},
        {Mode::interface, "isis authentication key-chain WORD level-1", &set_isis_auth_key_chain},
        {Mode::interface, "isis authentication key-chain WORD level-2", &set_isis_auth_key_chain},
        {Mode::interface, "no isis authentication key-chain LINE?",
         [](Context& c, const Args&) { c.itf().isis_auth_key_chain.reset(); return kOk; }},
        {Mode::interface, "ip router isis WORD?",
         [](Context& c, const Args& a) { c.itf().isis_tag = a[0].present ? a[0].text : ""; return kOk; }},
        {Mode::interface, "no ip router isis WORD?",
         [](Context& c, const Args&) { c.itf().isis_tag.reset(); return kOk; }},
        {Mode::interface, "description LINE", [](Context& c, const Args& a) { c.itf().description = a[0].text; return kOk; }},
        {Mode::interface, "no description LINE?", [](Context& c, const Args&) { c.itf().description.reset(); return kOk; }},
        {Mode::interface, "shutdown", [](Context& c, const Args&) { return set_flag(c.itf().shutdown, true); }},
        {Mode::interface, "no shutdown", [](Context& c, const Args&) { return set_flag(c.itf().shutdown, false); }},

        // ---- router ospf ---------------------------------------------------------------
        {Mode::router_ospf, "network A.B.C.D WILDCARD area AREA",
         [](Context& c, const Args& a) {
             OspfNetwork n{a[0].number & ~a[1].number, a[1].number, a[2].number};
             auto& list = c.ospf().networks;
             std::erase_if(list, [&](const OspfNetwork& x) { return x.address == n.address && x.wildcard == n.wildcard; });
             list.push_back(n);
             return kOk;
         }},
        {Mode::router_ospf, "no network A.B.C.D WILDCARD area AREA",
         [](Context& c, const Args& a) -> std::string {
             const std::uint32_t address = a[0].number & ~a[1].number;
             if (std::erase_if(c.ospf().networks, [&](const OspfNetwork& x) {
                     return x.address == address && x.wildcard == a[1].number && x.area == a[2].number;
                 }) == 0) {
                 return "no such network statement";
             }
             return kOk;
         }},
        {Mode::router_ospf, "mpls ldp sync", [](Context& c, const Args&) { return set_flag(c.ospf().ldp_sync, true); }},
        {Mode::router_ospf, "no mpls ldp sync", [](Context& c, const Args&) { return set_flag(c.ospf().ldp_sync, false); }},
        {Mode::router_ospf, "mpls ldp autoconfig",
         [](Context& c, const Args&) {
             c.ospf().ldp_autoconfig = true;
             c.ospf().autoconfig_area.reset();
             return kOk;
         }},
        {Mode::router_ospf, "mpls ldp autoconfig area AREA",
         [](Context& c, const Args& a) {
             c.ospf().ldp_autoconfig = true;
             c.ospf().autoconfig_area = a[0].number;
             return kOk;
         }},
        {Mode::router_ospf, "no mpls ldp autoconfig LINE?",
         [](Context& c, const Args&) {
             c.ospf().ldp_autoconfig = false;
             c.ospf().autoconfig_area.reset();
             return kOk;
         }},
        {Mode::router_ospf, "nsf WORD?", [](Context& c, const Args&) { return set_flag(c.ospf().nsf, true); }},
        {Mode::router_ospf, "no nsf LINE?", [](Context& c, const Args&) { return set_flag(c.ospf().nsf, false); }},
        {Mode::router_ospf, "passive-interface WORD",
         [](Context& c, const Args& a) { return add_passive(c.ospf().passive_interfaces, a[0].text); }},
        {Mode::router_ospf, "no passive-interface WORD",
         [](Context& c, const Args& a) { return remove_passive(c.ospf().passive_interfaces, a[0].text); }},
        {Mode::router_ospf, "router-id A.B.C.D", [](Context& c, const Args& a) { c.ospf().router_id = a[0].number; return kOk; }},
        {Mode::router_ospf, "no router-id", [](Context& c, const Args&) { c.ospf().router_id.reset(); return kOk; }},

        // ---- router isis ---------------------------------------------------------------
        {Mode::router_isis, "net WORD", &set_net},
        {Mode::router_isis, "no net LINE?", [](Context& c, const Args&) { c.isis().net.reset(); return kOk; }},
        {Mode::router_isis, "mpls ldp sync", [](Context& c, const Args&) { return set_flag(c.isis().ldp_sync, true); }},
        {Mode::router_isis, "no mpls ldp sync",
         [](Context& c, const Args&) { return set_flag(c.isis().ldp_sync, false); }},
        {Mode::router_isis, "mpls ldp autoconfig",
         [](Context& c, const Args&) { return set_flag(c.isis().ldp_autoconfig, true); }},
        {Mode::router_isis, "no mpls ldp autoconfig",
         [](Context& c, const Args&) { return set_flag(c.isis().ldp_autoconfig, false); }},
        {Mode::router_isis, "nsf WORD?", [](Context& c, const Args&) { return set_flag(c.isis().nsf, true); }},
        {Mode::router_isis, "no nsf LINE?", [](Context& c, const Args&) { return set_flag(c.isis().nsf, false); }},
        {Mode::router_isis, "metric-style wide",
         [](Context& c, const Args&) { c.isis().metric_style = MetricStyle::wide; return kOk; }},
        {Mode::router_isis, "metric-style narrow",
         [](Context& c, const Args&) { c.isis().metric_style = MetricStyle::narrow; return kOk; }},
        {Mode::router_isis, "metric-style transition",
         [](Context& c, const Args&) { c.isis().metric_style = MetricStyle::transition; return kOk; }},
        {Mode::router_isis, "is-type level-1", [](Context& c, const Args&) { return set_is_type(c, IsType::level_1); }},
        {Mode::router_isis, "is-type level-1-2",
         [](Context& c, const Args&) { return set_is_type(c, IsType::level_1_2); }},
        {Mode::router_isis, "is-type level-2-only",
         [](Context& c, const Args&) { return set_is_type(c, IsType::level_2_only); }},
        {Mode::router_isis, "no is-type LINE?",
         [](Context& c, const Args&) { return set_is_type(c, IsType::level_1_2); }},
        {Mode::router_isis, "passive-interface WORD",
         [](Context& c, const Args& a) { return add_passive(c.isis().passive_interfaces, a[0].text); }},
        {Mode::router_isis, "no passive-interface WORD",
         [](Context& c, const Args& a) { return remove_passive(c.isis().passive_interfaces, a[0].text); }},
        {Mode::router_isis, "set-overload-bit on-startup <5-86400>",
         [](Context& c, const Args& a) { c.isis().overload_on_startup_s = a[0].number; return kOk; }},
        {Mode::router_isis, "no set-overload-bit LINE?",
         [](Context& c, const Args&) { c.isis().overload_on_startup_s.reset(); return kOk; }},
        {Mode::router_isis, "authentication mode md5", &set_process_auth_md5},
        {Mode::router_isis, "authentication mode md5 level-1", &set_process_auth_md5},
        {Mode::router_isis, "authentication mode md5 level-2", &set_process_auth_md5},
        {Mode::router_isis, "no authentication mode LINE?",
         [](Context& c, const Args&) { return set_flag(c.isis().auth_md5, false); }},
        {Mode::router_isis, "authentication key-chain WORD", &set_process_auth_key_chain},
        {Mode::router_isis, "authentication key-chain WORD level-1", &set_process_auth_key_chain},
        {Mode::router_isis, "authentication key-chain WORD level-2", &set_process_auth_key_chain},
        {Mode::router_isis, "no authentication key-chain LINE?",
         [](Context& c, const Args&) { c.isis().auth_key_chain.reset(); return kOk; }},

        // ---- key chain, and key N inside it ----------------------------------------------
        {Mode::key_chain, "key <0-2147483647>", &enter_key},
        {Mode::key_chain, "no key <0-2147483647>", &remove_key},
        {Mode::key_chain_key, "key-string LINE", &set_key_string},
        {Mode::key_chain_key, "no key-string LINE?",
         [](Context& c, const Args&) { c.key().key_string.clear(); return kOk; }},
    };
    // clang-format on
    return table;
}

// EXEC and mode-navigation commands: accepted anywhere, change nothing but the mode.
bool navigation(Context& c, std::span<const Token> tokens) {
    auto is = [&](std::initializer_list<std::string_view> words) {
        if (tokens.size() != words.size()) return false;
        std::size_t i = 0;
        for (auto w : words) {
            std::string t = tokens[i++].text;
            std::transform(t.begin(), t.end(), t.begin(), [](unsigned char ch) { return std::tolower(ch); });
            if (t.empty() || !w.starts_with(t)) return false;
        }
        return true;
    };
    if (is({"exit"})) {
        c.mode = enclosing(c.mode);  // from key N back to its key chain, from the others to global
        return true;
    }
    if (is({"end"}) || is({"enable"}) || is({"configure", "terminal"}) || is({"configure"})) {
        c.mode = Mode::global;
        return true;
    }
    return false;
}

// Lines that are part of a pasted IOS transcript rather than commands: the prompt in front
// of a command ("Router(config-if)# "), the banner IOS prints on "configure terminal", and
// the guide's "." elisions.
std::string_view strip_transcript(std::string_view line) {
    static const std::regex prompt(R"(^\s*[A-Za-z0-9_.-]+(\(config[a-z-]*\))?[#>]?\s)");
    static const std::regex bare_prompt(R"(^\s*[A-Za-z0-9_.-]+(\(config[a-z-]*\))?[#>]\s*$)");
    std::cmatch m;
    const std::string copy(line);
    if (std::regex_match(copy.c_str(), bare_prompt)) {
        return {};
    }
    if (std::regex_search(line.begin(), line.end(), m, prompt) &&
        (m[1].matched || line.find_first_of("#>") < static_cast<std::size_t>(m.length(0)))) {
        return line.substr(static_cast<std::size_t>(m.length(0)));
    }
    return line;
}

bool ignorable(std::string_view line) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return true;
    const std::string_view rest = line.substr(first);
    if (rest.front() == '!' || rest.front() == '#') return true;
    if (rest.find_first_not_of(". \t\r") == std::string_view::npos) return true;
    return rest.starts_with("Enter configuration commands, one per line.");
}

// The command whose keywords are closest to what was typed, compared keyword by keyword.
std::string nearest(Mode mode, std::span<const Token> tokens) {
    std::string best;
    std::size_t best_distance = std::string::npos;
    std::size_t best_words = 0;
    for (const auto& cmd : commands()) {
        if (!reachable_from(cmd.mode, mode)) continue;
        const std::string keywords = grammar::keyword_prefix(cmd.pattern);
        const std::size_t words = static_cast<std::size_t>(std::count(keywords.begin(), keywords.end(), ' ')) + 1;
        std::string typed;
        for (std::size_t i = 0; i < std::min(words, tokens.size()); ++i) typed += (i ? " " : "") + tokens[i].text;
        const std::size_t d = grammar::edit_distance(typed, keywords);
        if (d < best_distance || (d == best_distance && words > best_words)) {
            best_distance = d;
            best_words = words;
            best = grammar::display(cmd.pattern);
        }
    }
    return best_distance <= 3 ? best : std::string{};
}

struct Chosen {
    const Command* command = nullptr;
    Mode mode = Mode::global;
    grammar::Match match;
};

// The command a line is: looked for in the current mode, then in the modes around it, as IOS
// does with a line the sub-mode does not know (an unindented global command leaves it). A
// command typed in full beats an abbreviation wherever it is: in key mode "key 2" is the key
// chain's key 2, not an abbreviated "key-string 2". Between abbreviations, the innermost mode
// and then the table's order decide.
std::optional<Chosen> choose(Mode current, std::span<const Token> tokens, int end_column) {
    std::optional<Chosen> abbreviated;
    for (Mode mode : modes_around(current)) {
        for (const auto& cmd : commands()) {
            if (cmd.mode != mode) continue;
            auto m = grammar::match(cmd.pattern, tokens, end_column);
            if (!m.complete) continue;
            if (m.exact) return Chosen{&cmd, mode, std::move(m)};
            if (!abbreviated) abbreviated = Chosen{&cmd, mode, std::move(m)};
        }
    }
    return abbreviated;
}

struct LineOutcome {
    bool ok = true;
    Diagnostic diagnostic;
};

LineOutcome run_line(Context& c, std::string_view raw, int line_no) {
    LineOutcome out;
    const std::string_view line = strip_transcript(raw);
    const int offset = static_cast<int>(raw.size() - line.size());
    if (ignorable(line)) return out;
    auto tokens = grammar::tokenize(line);
    for (auto& t : tokens) t.column += offset;
    if (navigation(c, tokens)) return out;

    const int end_column = static_cast<int>(raw.size()) + 1;
    if (auto chosen = choose(c.mode, tokens, end_column)) {
        c.mode = chosen->mode;  // a line of an enclosing mode leaves the sub-modes inside it
        c.current = SourceLine{line_no, tokens.front().column, std::string(raw)};
        if (std::string err = chosen->command->apply(c, chosen->match.values); !err.empty()) {
            out.ok = false;
            out.diagnostic = Diagnostic{line_no, tokens.front().column, err, {}, std::string(raw)};
        }
        return out;
    }

    // No command fits: report the deepest partial match of the current mode or around it, the
    // innermost mode's at equal depth (in a key chain, "key 2147483648" is a key out of range,
    // not a misspelt global "key chain").
    grammar::Match deepest;
    deepest.depth = 0;
    bool found = false;
    for (Mode mode : modes_around(c.mode)) {
        for (const auto& cmd : commands()) {
            if (cmd.mode != mode) continue;
            auto m = grammar::match(cmd.pattern, tokens, end_column);
            if (!found || m.depth > deepest.depth) {
                deepest = std::move(m);
                found = true;
            }
        }
    }
    out.ok = false;
    if (!found || deepest.depth == 0) {
        out.diagnostic = Diagnostic{line_no, tokens.front().column, "unknown command '" + tokens.front().text + "'",
                                    nearest(c.mode, tokens), std::string(raw)};
    } else {
        out.diagnostic =
            Diagnostic{line_no, deepest.error_column, deepest.error, nearest(c.mode, tokens), std::string(raw)};
    }
    return out;
}

// Whole-configuration checks that no single line can make.
void validate(const Config& cfg, std::vector<Diagnostic>& errors) {
    if (cfg.ldp.router_id_interface && !cfg.interfaces.contains(*cfg.ldp.router_id_interface)) {
        errors.push_back(Diagnostic{0, 0,
                                    "mpls ldp router-id names interface " + *cfg.ldp.router_id_interface +
                                        ", which is not configured",
                                    {}, {}});
    }
    if (cfg.ldp.hello_holdtime_s < cfg.ldp.hello_interval_s) {
        errors.push_back(Diagnostic{0, 0, "mpls ldp discovery hello holdtime is shorter than the hello interval", {}, {}});
    }
}

Diagnostic at_source(const SourceLine& where, std::string message) {
    return Diagnostic{where.line, where.column, std::move(message), {}, where.text};
}

Diagnostic at_router_isis(const Context& c, const std::string& tag, std::string message) {
    const auto it = c.isis_declared.find(tag);
    return at_source(it == c.isis_declared.end() ? SourceLine{} : it->second, std::move(message));
}

// IS-IS has no adjacency, LSP or level without a NET: a process without one is refused at
// once rather than left configured and silent.
void validate_isis_nets(const Context& c, std::vector<Diagnostic>& errors) {
    for (const auto& [tag, p] : c.cfg.isis) {
        if (p.net || c.isis_net_refused.contains(tag)) continue;
        const std::string why = ": no 'net' configured; IS-IS needs a NET such as 49.0001.0000.0000.0001.00";
        errors.push_back(at_router_isis(c, tag, isis_process_name(tag) + why));
    }
}

// IOS accepts IS-IS authentication that names no key chain, or one not (yet) configured, and
// so do we; but the operator is told, on the finished configuration (a chain may be
// configured after the interface naming it, or removed later).
void warn_isis_authentication(const Context& c, const std::string& subject, bool md5,
                              const std::optional<std::string>& chain_name, std::vector<Diagnostic>& warnings) {
    const auto typed = c.isis_auth_typed.find(subject);
    const AuthLines lines = typed == c.isis_auth_typed.end() ? AuthLines{} : typed->second;
    if (md5 && !chain_name) {
        const std::string consequence = "PDUs are sent and checked with an empty key";
        warnings.push_back(at_source(
            lines.mode_md5, "IS-IS authentication mode md5 on " + subject + " without a key chain: " + consequence));
        return;
    }
    if (!chain_name) return;
    const std::string named =
        "IS-IS authentication key-chain " + *chain_name + " on " + subject + ": key chain " + *chain_name;
    const auto chain = c.cfg.key_chains.find(*chain_name);
    if (chain == c.cfg.key_chains.end()) {
        warnings.push_back(at_source(lines.key_chain, named + " is not configured"));
    } else if (chain->second.send_key() == nullptr) {
        warnings.push_back(at_source(lines.key_chain, named + " has no key with a key-string"));
    }
}

void warn_isis_authentication(const Context& c, std::vector<Diagnostic>& warnings) {
    for (const auto& [name, itf] : c.cfg.interfaces) {
        warn_isis_authentication(c, interface_name(name), itf.isis_auth_md5, itf.isis_auth_key_chain, warnings);
    }
    for (const auto& [tag, p] : c.cfg.isis) {
        warn_isis_authentication(c, isis_process_name(tag), p.auth_md5, p.auth_key_chain, warnings);
    }
}

ParseResult run(Config cfg, std::string_view text) {
    ParseResult result;
    Context c(cfg);
    int line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto nl = text.find('\n', pos);
        const std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        ++line_no;
        const std::size_t warnings_before = c.warnings.size();
        auto outcome = run_line(c, line, line_no);
        if (!outcome.ok) {
            result.errors.push_back(outcome.diagnostic);
        }
        for (std::size_t i = warnings_before; i < c.warnings.size(); ++i) {
            result.warnings.push_back(Diagnostic{line_no, 1, c.warnings[i], {}, std::string(line)});
        }
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    validate(cfg, result.errors);
    validate_isis_nets(c, result.errors);
    warn_isis_authentication(c, result.warnings);
    if (result.errors.empty()) {
        result.config = std::move(cfg);
    }
    return result;
}

}  // namespace

std::string Diagnostic::format() const {
    std::string out;
    if (line > 0) out = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
    out += message;
    if (!suggestion.empty()) out += " (did you mean '" + suggestion + "'?)";
    return out;
}

std::string ParseResult::format_errors() const {
    std::string out;
    for (const auto& e : errors) out += "% " + e.format() + "\n";
    return out;
}

ParseResult parse_config(std::string_view text) { return run(Config{}, text); }

ParseResult apply_config(const Config& base, std::string_view text) { return run(base, text); }

std::vector<std::string> command_patterns() {
    std::vector<std::string> out;
    for (const auto& cmd : commands()) out.push_back(grammar::display(cmd.pattern));
    return out;
}

}  // namespace ldpsync::config
