#include "isis_show.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace ldpsync::daemon {

namespace {

using Json = nlohmann::ordered_json;

std::string tag_text(const std::string& tag) { return tag.empty() ? "null" : tag; }

std::string levels_text(std::uint8_t levels) {
    switch (levels) {
    case isis::circuit_type::l1: return "L1";
    case isis::circuit_type::l2: return "L2";
    case isis::circuit_type::l1_l2: return "L1L2";
    default: return "-";
    }
}

std::string state_text(isis::AdjState s) {
    switch (s) {
    case isis::AdjState::up: return "UP";
    case isis::AdjState::initializing: return "INIT";
    case isis::AdjState::down: return "DOWN";
    }
    return "?";
}

// A system as IOS names it: its dynamic hostname when known, else its id.
std::string system_name(const isis::IsisInstance& i, const isis::SystemId& id, isis::TimePoint now) {
    if (id == i.config().system_id && !i.config().hostname.empty()) return i.config().hostname;
    return i.hostname_of(id, now).value_or(isis::format(id));
}

std::string node_name(const isis::IsisInstance& i, const isis::NodeId& n, isis::TimePoint now) {
    return system_name(i, n.system, now) + fmt::format(".{:02x}", n.pseudonode);
}

std::string lsp_name(const isis::IsisInstance& i, const isis::LspId& id, isis::TimePoint now) {
    return node_name(i, id.node(), now) + fmt::format("-{:02x}", id.fragment);
}

std::string mac_text(const isis::MacAddress& m) {
    return fmt::format("{:02x}{:02x}.{:02x}{:02x}.{:02x}{:02x}", m[0], m[1], m[2], m[3], m[4], m[5]);
}

long seconds_until(isis::TimePoint due, isis::TimePoint now) {
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(due - now).count();
    return left < 0 ? 0 : left;
}

// The TLVs of one LSP, one line each, as IOS's "show isis database detail".
void detail_lines(const isis::IsisInstance& inst, const isis::Lsp& lsp, isis::TimePoint now, std::string& o, Json& j) {
    Json is_reach = Json::array();
    Json ip_reach = Json::array();
    for (const auto* t : lsp.tlvs.all<isis::AreaAddresses>()) {
        for (const auto& a : t->areas) o += "  Area Address: " + isis::format_area(a) + "\n";
    }
    for (const auto* t : lsp.tlvs.all<isis::ProtocolsSupported>()) {
        for (auto n : t->nlpids) o += fmt::format("  NLPID:        0x{:02X}\n", n);
    }
    if (const auto* h = lsp.tlvs.find<isis::Hostname>()) o += "  Hostname: " + h->name + "\n";
    for (const auto* t : lsp.tlvs.all<isis::IpInterfaceAddresses>()) {
        for (auto a : t->addresses) o += "  IP Address:   " + isis::format_ipv4(a) + "\n";
    }
    for (const auto* t : lsp.tlvs.all<isis::ExtIsReach>()) {
        for (const auto& n : t->neighbors) {
            o += fmt::format("  Metric: {:<10} IS-Extended {}\n", n.metric, node_name(inst, n.id, now));
            is_reach.push_back(Json{{"neighbor", isis::format(n.id)}, {"metric", n.metric}, {"style", "wide"}});
        }
    }
    for (const auto* t : lsp.tlvs.all<isis::IsReachNarrow>()) {
        for (const auto& n : t->neighbors) {
            o += fmt::format("  Metric: {:<10} IS {}\n", n.metric, node_name(inst, n.id, now));
            is_reach.push_back(Json{{"neighbor", isis::format(n.id)}, {"metric", n.metric}, {"style", "narrow"}});
        }
    }
    for (const auto* t : lsp.tlvs.all<isis::ExtIpReach>()) {
        for (const auto& p : t->prefixes) {
            const auto prefix = isis::to_string(isis::Prefix{p.address, p.length});
            o += fmt::format("  Metric: {:<10} IP {}\n", p.metric, prefix);
            ip_reach.push_back(Json{{"prefix", prefix}, {"metric", p.metric}, {"style", "wide"}});
        }
    }
    for (const auto* t : lsp.tlvs.all<isis::IpReachNarrow>()) {
        for (const auto& p : t->prefixes) {
            const auto prefix = isis::format_ipv4(p.address) + " " + isis::format_ipv4(p.mask);
            o += fmt::format("  Metric: {:<10} IP {}\n", p.metric, prefix);
            ip_reach.push_back(Json{{"prefix", prefix}, {"metric", p.metric}, {"style", "narrow"}});
        }
    }
    j["isReachability"] = is_reach;
    j["ipReachability"] = ip_reach;
}

}  // namespace

std::string show_isis_neighbors(const IsisSpeaker& speaker, isis::TimePoint now, bool json) {
    Json procs = Json::array();
    std::string o;
    for (const auto& [tag, p] : speaker.processes()) {
        const auto& inst = *p.instance;
        o += "\nTag " + tag_text(tag) + ":\n";
        o += fmt::format("{:<15} {:<4} {:<13} {:<15} {:<5} {:<8} {}\n", "System Id", "Type", "Interface", "IP Address",
                         "State", "Holdtime", "Circuit Id");
        Json list = Json::array();
        for (const auto& a : inst.adjacencies()) {
            const auto name = system_name(inst, a.system, now);
            const long hold = seconds_until(a.hold_due, now);
            // IOS: the neighbour's circuit id on a point-to-point link, the DIS on a LAN.
            const std::string circuit =
                a.lan_id ? node_name(inst, *a.lan_id, now) : fmt::format("{:02x}", a.neighbor_circuit.value_or(0));
            o += fmt::format("{:<15} {:<4} {:<13} {:<15} {:<5} {:<8} {}\n", name, levels_text(a.levels), a.interface,
                             isis::format_ipv4(a.address), state_text(a.state), hold, circuit);
            list.push_back(Json{{"systemId", isis::format(a.system)},
                                {"hostname", name},
                                {"type", levels_text(a.levels)},
                                {"interface", a.interface},
                                {"ipAddress", isis::format_ipv4(a.address)},
                                {"state", state_text(a.state)},
                                {"holdtime", hold},
                                {"snpa", mac_text(a.mac)},
                                {"circuitId", circuit},
                                {"restarting", a.restarting}});
        }
        procs.push_back(
            Json{{"tag", tag_text(tag)}, {"systemId", isis::format(inst.config().system_id)}, {"neighbors", list}});
    }
    if (json) return Json{{"processes", procs}}.dump(2) + "\n";
    return o;
}

std::string show_isis_database(const IsisSpeaker& speaker, isis::TimePoint now, bool detail, bool json) {
    Json procs = Json::array();
    std::string o;
    for (const auto& [tag, p] : speaker.processes()) {
        const auto& inst = *p.instance;
        o += "\nTag " + tag_text(tag) + ":\n";
        Json levels = Json::array();
        for (isis::Level l : isis::kLevels) {
            if (!inst.runs(l)) continue;
            const int n = static_cast<int>(l);
            o += fmt::format("IS-IS Level-{} Link State Database:\n", n);
            o += fmt::format("{:<21} {:<12} {:<13} {:<17} {}\n", "LSPID", "LSP Seq Num", "LSP Checksum", "LSP Holdtime",
                             "ATT/P/OL");
            Json lsps = Json::array();
            for (const auto& [id, r] : inst.lsdb(l).records()) {
                const bool own = id.system == inst.config().system_id;
                const auto& lsp = r.lsp;
                const int att = lsp.attached() ? 1 : 0;
                const int part = (lsp.flags & isis::lsp_flags::partition) != 0 ? 1 : 0;
                const int ol = lsp.overload() ? 1 : 0;
                const std::uint16_t hold = r.remaining(now);
                // A purged LSP shows "(hold)" seconds left of its zero-age hold, as IOS does.
                const std::string holdtime =
                    r.purged() ? fmt::format("0 ({})", seconds_until(r.stamped + isis::kZeroAgeLifetime, now))
                               : std::to_string(hold);
                o += fmt::format("{:<19} {} 0x{:08X}   0x{:04X}        {:<17} {}/{}/{}\n", lsp_name(inst, id, now),
                                 own ? '*' : ' ', lsp.sequence, lsp.checksum, holdtime, att, part, ol);
                Json j{{"lspId", isis::format(id)},
                       {"name", lsp_name(inst, id, now)},
                       {"own", own},
                       {"sequence", fmt::format("0x{:08x}", lsp.sequence)},
                       {"checksum", fmt::format("0x{:04x}", lsp.checksum)},
                       {"holdtime", hold},
                       {"attached", att == 1},
                       {"partition", part == 1},
                       {"overload", ol == 1}};
                if (detail) detail_lines(inst, lsp, now, o, j);
                lsps.push_back(j);
            }
            levels.push_back(Json{{"level", n}, {"lsps", lsps}});
        }
        procs.push_back(Json{{"tag", tag_text(tag)}, {"levels", levels}});
    }
    if (json) return Json{{"processes", procs}}.dump(2) + "\n";
    return o;
}

std::string show_isis_topology(const IsisSpeaker& speaker, isis::TimePoint now, bool json) {
    Json procs = Json::array();
    std::string o;
    for (const auto& [tag, p] : speaker.processes()) {
        const auto& inst = *p.instance;
        o += "\nTag " + tag_text(tag) + ":\n";
        Json levels = Json::array();
        for (isis::Level l : isis::kLevels) {
            if (!inst.runs(l)) continue;
            const int n = static_cast<int>(l);
            o += fmt::format("IS-IS TID 0 paths to level-{} routers\n", n);
            o +=
                fmt::format("{:<20} {:<10} {:<20} {:<11} {}\n", "System Id", "Metric", "Next-Hop", "Interface", "SNPA");
            Json nodes = Json::array();
            for (const auto& [node, path] : inst.topology(l)) {
                if (node.pseudonode != 0) continue;  // IOS lists routers only
                const auto name = system_name(inst, node.system, now);
                Json hops = Json::array();
                if (path.next_hops.empty()) {
                    o += fmt::format("{:<20} --\n", name);
                }
                for (const auto& h : path.next_hops) {
                    o += fmt::format("{:<20} {:<10} {:<20} {:<11} {}\n", name, path.metric,
                                     isis::format_ipv4(h.gateway), h.interface, "");
                    hops.push_back(Json{{"ip", isis::format_ipv4(h.gateway)}, {"interface", h.interface}});
                }
                nodes.push_back(Json{{"systemId", isis::format(node.system)},
                                     {"hostname", name},
                                     {"metric", path.metric},
                                     {"nextHops", hops}});
            }
            levels.push_back(Json{{"level", n}, {"nodes", nodes}});
        }
        procs.push_back(Json{{"tag", tag_text(tag)}, {"levels", levels}});
    }
    if (json) return Json{{"processes", procs}}.dump(2) + "\n";
    return o;
}

std::string show_isis_statistics(const IsisSpeaker& speaker, bool json) {
    Json procs = Json::array();
    std::string o;
    for (const auto& [tag, p] : speaker.processes()) {
        std::map<std::string, std::uint64_t> all = p.instance->counters();
        for (const auto& [name, value] : p.counters) all["socket_" + name] += value;
        o += "IS-IS: tag " + tag_text(tag) + "\n";
        Json counters = Json::object();
        for (const auto& [name, value] : all) {
            o += fmt::format("  {:<32} {}\n", name, value);
            counters[name] = value;
        }
        procs.push_back(Json{{"tag", tag_text(tag)}, {"counters", counters}});
    }
    if (json) return Json{{"processes", procs}}.dump(2) + "\n";
    return o;
}

}  // namespace ldpsync::daemon
