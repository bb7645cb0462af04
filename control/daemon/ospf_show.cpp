#include "ospf_show.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <bit>
#include <set>

namespace ldpsync::daemon {

namespace {

using Json = nlohmann::ordered_json;
using ospf::format_ipv4;

std::string area_id(std::uint32_t a) { return format_ipv4(a); }

// IOS: FULL/DR, 2WAY/DROTHER, FULL/  - (point-to-point: no role).
std::string state_text(const ospf::NeighborView& n, const ospf::InterfaceView* itf, bool p2p) {
    static constexpr const char* kState[] = {"DOWN", "ATTEMPT", "INIT", "2WAY", "EXSTART", "EXCHANGE", "LOADING", "FULL"};
    std::string s = kState[static_cast<int>(n.state)];
    if (p2p || itf == nullptr) return s + "/  -";
    if (n.address == itf->dr) return s + "/DR";
    if (n.address == itf->bdr) return s + "/BDR";
    return s + "/DROTHER";
}

std::string dead_time(const ospf::NeighborView& n, ospf::TimePoint now) {
    if (!n.inactivity_due) return "-";
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(*n.inactivity_due - now).count();
    const long s = std::max<long>(0, static_cast<long>(left));
    return fmt::format("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
}

const ospf::InterfaceConfig* config_of(const OspfSpeaker::Process& p, const std::string& name) {
    for (const auto& ic : p.config.interfaces) {
        if (ic.name == name) return &ic;
    }
    return nullptr;
}

std::set<std::uint32_t> areas_of(const OspfSpeaker::Process& p) {
    std::set<std::uint32_t> out;
    for (const auto& ic : p.config.interfaces) out.insert(ic.area);
    return out;
}

std::string hex_seq(std::uint32_t seq) { return fmt::format("{:08x}", seq); }
std::string hex_checksum(std::uint16_t c) { return fmt::format("0x{:04x}", c); }

std::string link_type_text(ospf::RouterLinkType t) {
    switch (t) {
        case ospf::RouterLinkType::point_to_point: return "another Router (point-to-point)";
        case ospf::RouterLinkType::transit: return "a Transit Network";
        case ospf::RouterLinkType::stub: return "a Stub Network";
        case ospf::RouterLinkType::virtual_link: return "a Virtual Link";
    }
    return "unknown";
}
std::pair<const char*, const char*> link_field_names(ospf::RouterLinkType t) {
    switch (t) {
        case ospf::RouterLinkType::point_to_point:
        case ospf::RouterLinkType::virtual_link: return {"Neighboring Router ID", "Router Interface address"};
        case ospf::RouterLinkType::transit: return {"Designated Router address", "Router Interface address"};
        case ospf::RouterLinkType::stub: return {"Network/subnet number", "Network Mask"};
    }
    return {"", ""};
}
std::string link_type_json(ospf::RouterLinkType t) {
    switch (t) {
        case ospf::RouterLinkType::point_to_point: return "point-to-point";
        case ospf::RouterLinkType::transit: return "transit";
        case ospf::RouterLinkType::stub: return "stub";
        case ospf::RouterLinkType::virtual_link: return "virtual-link";
    }
    return "unknown";
}

Json lsa_json(const ospf::Lsa& l) {
    Json j{{"lsId", format_ipv4(l.header.ls_id)},
           {"advertisingRouter", format_ipv4(l.header.adv_router)},
           {"age", l.header.age},
           {"sequenceNumber", hex_seq(l.header.seq)},
           {"checksum", fmt::format("{:04x}", l.header.checksum)},
           {"length", l.header.length},
           {"options", ospf::format_options(l.header.options)}};
    if (const auto* r = std::get_if<ospf::RouterLsa>(&l.body)) {
        Json links = Json::array();
        for (const auto& k : r->links) {
            links.push_back(Json{{"type", link_type_json(k.type)},
                                 {"linkId", format_ipv4(k.link_id)},
                                 {"linkData", format_ipv4(k.link_data)},
                                 {"metric", k.metric}});
        }
        j["flags"] = r->flags;
        j["links"] = links;
    } else if (const auto* n = std::get_if<ospf::NetworkLsa>(&l.body)) {
        j["mask"] = format_ipv4(n->mask);
        Json attached = Json::array();
        for (auto a : n->attached_routers) attached.push_back(format_ipv4(a));
        j["attachedRouters"] = attached;
    }
    return j;
}

void lsa_detail(std::string& o, const ospf::Lsa& l) {
    o += fmt::format("  LS age: {}\n  Options: ({})\n", l.header.age, ospf::format_options(l.header.options));
    o += fmt::format("  LS Type: {}\n", l.header.type == ospf::lsa_type::router ? "Router Links" : "Network Links");
    o += fmt::format("  Link State ID: {}{}\n", format_ipv4(l.header.ls_id),
                     l.header.type == ospf::lsa_type::network ? " (address of Designated Router)" : "");
    o += fmt::format("  Advertising Router: {}\n  LS Seq Number: {}\n  Checksum: {}\n  Length: {}\n",
                     format_ipv4(l.header.adv_router), hex_seq(l.header.seq), hex_checksum(l.header.checksum),
                     l.header.length);
    if (const auto* r = std::get_if<ospf::RouterLsa>(&l.body)) {
        if (r->flags & ospf::router_flags::b) o += "  Area Border Router\n";
        o += fmt::format("  Number of Links: {}\n\n", r->links.size());
        for (const auto& k : r->links) {
            const auto [id_name, data_name] = link_field_names(k.type);
            o += fmt::format("    Link connected to: {}\n     (Link ID) {}: {}\n     (Link Data) {}: {}\n",
                             link_type_text(k.type), id_name, format_ipv4(k.link_id), data_name,
                             format_ipv4(k.link_data));
            o += fmt::format("      Number of MTID metrics: 0\n       TOS 0 Metrics: {}\n\n", k.metric);
        }
    } else if (const auto* n = std::get_if<ospf::NetworkLsa>(&l.body)) {
        o += fmt::format("  Network Mask: /{}\n", std::popcount(n->mask));
        for (auto a : n->attached_routers) o += fmt::format("        Attached Router: {}\n", format_ipv4(a));
        o += "\n";
    }
}

std::size_t link_count(const ospf::Lsa& l) {
    const auto* r = std::get_if<ospf::RouterLsa>(&l.body);
    return r ? r->links.size() : 0;
}

}  // namespace

std::string show_ospf_neighbor(const OspfSpeaker& speaker, ospf::TimePoint now, bool json) {
    Json procs = Json::array();
    std::string o;
    for (const auto& [id, p] : speaker.processes()) {
        const auto itfs = p.instance->interfaces();
        Json list = Json::array();
        o += fmt::format("\n{:<15} {:>3}   {:<15} {:<11} {:<15} {}\n", "Neighbor ID", "Pri", "State", "Dead Time",
                         "Address", "Interface");
        for (const auto& n : p.instance->neighbors()) {
            const ospf::InterfaceView* itf = nullptr;
            for (const auto& v : itfs) {
                if (v.name == n.interface) itf = &v;
            }
            const auto* ic = config_of(p, n.interface);
            const bool p2p = ic != nullptr && ic->type == ospf::NetworkType::point_to_point;
            const std::string state = state_text(n, itf, p2p);
            o += fmt::format("{:<15} {:>3}   {:<15} {:<11} {:<15} {}\n", format_ipv4(n.router_id), n.priority, state,
                             dead_time(n, now), format_ipv4(n.address), n.interface);
            list.push_back(Json{{"neighborId", format_ipv4(n.router_id)},
                                {"priority", n.priority},
                                {"state", state.substr(0, state.find('/'))},
                                {"role", p2p ? "-" : state.substr(state.find('/') + 1)},
                                {"deadTime", dead_time(n, now)},
                                {"address", format_ipv4(n.address)},
                                {"interface", n.interface},
                                {"retransmitCount", n.retransmissions},
                                {"requestCount", n.requests}});
        }
        procs.push_back(Json{{"processId", id}, {"routerId", format_ipv4(p.instance->router_id())}, {"neighbors", list}});
    }
    if (json) return Json{{"processes", procs}}.dump(2) + "\n";
    return o;
}

std::string show_ospf_statistics(const OspfSpeaker& speaker, bool json) {
    Json procs = Json::array();
    std::string o;
    for (const auto& [id, p] : speaker.processes()) {
        std::map<std::string, std::uint64_t> all = p.instance->counters();
        for (const auto& [name, value] : p.counters) all["socket_" + name] += value;
        o += fmt::format("OSPF Router with ID ({}) (Process ID {})\n", format_ipv4(p.instance->router_id()), id);
        for (const auto& [name, value] : all) o += fmt::format("  {:<40} {}\n", name, value);
        procs.push_back(Json{{"processId", id}, {"counters", all}});
    }
    if (json) return Json{{"processes", procs}}.dump(2) + "\n";
    return o;
}

std::string show_ospf_database(const OspfSpeaker& speaker, ospf::TimePoint now, OspfDbFilter filter, bool json) {
    Json procs = Json::array();
    std::string o;
    for (const auto& [id, p] : speaker.processes()) {
        o += fmt::format("\n            OSPF Router with ID ({}) (Process ID {})\n", format_ipv4(p.instance->router_id()), id);
        Json areas = Json::array();
        for (const auto area : areas_of(p)) {
            const auto lsas = p.instance->lsdb_snapshot(area, now);
            Json routers = Json::array();
            Json networks = Json::array();
            for (const std::uint8_t type : {ospf::lsa_type::router, ospf::lsa_type::network}) {
                if (filter == OspfDbFilter::router && type != ospf::lsa_type::router) continue;
                if (filter == OspfDbFilter::network && type != ospf::lsa_type::network) continue;
                o += fmt::format("\n                {} Link States (Area {})\n\n",
                                 type == ospf::lsa_type::router ? "Router" : "Net", area);
                if (filter == OspfDbFilter::summary) {
                    o += type == ospf::lsa_type::router
                             ? "Link ID         ADV Router      Age         Seq#       Checksum Link count\n"
                             : "Link ID         ADV Router      Age         Seq#       Checksum\n";
                }
                for (const auto& l : lsas) {
                    if (l.header.type != type) continue;
                    (type == ospf::lsa_type::router ? routers : networks).push_back(lsa_json(l));
                    if (filter != OspfDbFilter::summary) {
                        lsa_detail(o, l);
                        continue;
                    }
                    o += fmt::format("{:<15} {:<15} {:<11} 0x{} 0x{:06X}", format_ipv4(l.header.ls_id),
                                     format_ipv4(l.header.adv_router), l.header.age, hex_seq(l.header.seq),
                                     l.header.checksum);
                    o += type == ospf::lsa_type::router ? fmt::format(" {}\n", link_count(l)) : "\n";
                }
            }
            Json a{{"area", area_id(area)}};
            if (filter != OspfDbFilter::network) a["routerLinkStates"] = routers;
            if (filter != OspfDbFilter::router) a["networkLinkStates"] = networks;
            areas.push_back(a);
        }
        procs.push_back(Json{{"processId", id}, {"routerId", format_ipv4(p.instance->router_id())}, {"areas", areas}});
    }
    if (json) return Json{{"processes", procs}}.dump(2) + "\n";
    return o;
}

}  // namespace ldpsync::daemon
