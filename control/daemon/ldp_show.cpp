#include "ldp_show.hpp"

#include <cstdio>
#include <sstream>

#include "ldp_speaker.hpp"

namespace ldpsync::daemon::ldp_show {

namespace {

std::string ip(std::uint32_t a) { return config::format_ipv4(a); }
std::string ident(std::uint32_t lsr, std::uint16_t space) { return ip(lsr) + ":" + std::to_string(space); }

std::string state_name(ldp::SessionState s) {
    switch (s) {
    case ldp::SessionState::non_existent: return "NONEXISTENT";
    case ldp::SessionState::initialized: return "INITIALIZED";
    case ldp::SessionState::openrec: return "OPENREC";
    case ldp::SessionState::opensent: return "OPENSENT";
    case ldp::SessionState::operational: return "OPERATIONAL";
    }
    return "?";
}

std::string label_text(std::uint32_t label) {
    if (label == ldp::kImplicitNullLabel) return "imp-null";
    if (label == ldp::kExplicitNullLabel) return "exp-null";
    return std::to_string(label);
}

std::string hhmmss(std::chrono::steady_clock::duration d) {
    const auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    return buf;
}

std::string fec_text(const ldp::Fec& f) { return ip(f.prefix) + "/" + std::to_string(f.length); }

}  // namespace

Json neighbors_json(const LdpSpeaker& speaker, bool detail) {
    const ldp::LdpInstance& s = speaker.instance();
    Json list = Json::array();
    for (const auto& [id, p] : s.peers()) {
        const auto [local_port, remote_port] = speaker.ports(p->lsr_id);
        const auto& cfg = p->session.config();
        Json j{{"peerLdpId", ident(p->lsr_id, p->label_space)},
               {"localLdpId", ident(s.lsr_id(), 0)},
               {"state", state_name(p->session.state())},
               {"role", p->session.role() == ldp::SessionRole::active ? "active" : "passive"},
               {"peerTransport", ip(cfg.peer_transport)},
               {"localTransport", ip(cfg.local_transport)},
               {"localPort", local_port},
               {"peerPort", remote_port}};
        j["upTimeSeconds"] = p->up_since ? std::chrono::duration_cast<std::chrono::seconds>(
                                               s.clock().now() - *p->up_since).count()
                                         : 0;
        Json itfs = Json::array();
        for (auto ifx : p->ifindexes) itfs.push_back(s.interface_name(ifx));
        j["discoverySources"] = itfs;
        Json addrs = Json::array();
        for (auto a : p->session.peer_addresses()) addrs.push_back(ip(a));
        j["addresses"] = addrs;
        if (detail) {
            if (const auto& n = p->session.negotiated()) {
                j["keepaliveSeconds"] = n->keepalive_time;
                j["maxPduLength"] = n->max_pdu_length;
                j["capabilities"] = Json{{"dynamicAnnouncement", n->capabilities.dynamic_announcement},
                                         {"typedWildcardFec", n->capabilities.typed_wildcard_fec},
                                         {"unrecognizedNotification", n->capabilities.unrecognized_notification}};
            }
            const auto& c = p->counters;
            j["received"] = Json{{"labelMapping", c.mappings_received},
                                 {"labelWithdraw", c.withdraws_received},
                                 {"labelRelease", c.releases_received},
                                 {"address", c.addresses_received},
                                 {"endOfLib", c.end_of_lib_received}};
            j["sent"] = Json{{"labelMapping", c.mappings_sent},
                             {"labelWithdraw", c.withdraws_sent},
                             {"labelRelease", c.releases_sent},
                             {"errorNotifications", c.notifications_sent},
                             {"endOfLib", c.end_of_lib_sent}};
            j["remoteBindings"] = s.lib().remote_count(p->lsr_id);
            j["initialExchange"] = p->exchange.trigger() ? std::string(sync::to_string(*p->exchange.trigger()))
                                   : p->exchange.session_is_up() ? "in progress"
                                                                 : "down";
            if (p->synced_after) j["initialExchangeMs"] = p->synced_after->count();
            j["gtsm"] = p->gtsm;
            j["md5"] = [&] {
                for (const auto& nb : speaker.md5_keys()) {
                    if (nb.first == p->lsr_id || nb.first == cfg.peer_transport) return true;
                }
                return false;
            }();
            j["backoffSeconds"] = std::chrono::duration_cast<std::chrono::seconds>(
                                      p->session.backoff().current_delay()).count();
            j["lastClose"] = p->last_close;
            const bool gr = p->last_negotiated && p->last_negotiated->graceful_restart;
            j["gracefulRestart"] = Json{{"negotiated", gr},
                                        {"state", p->gr.reconnecting()   ? "reconnecting"
                                                  : p->gr.recovering() ? "recovering"
                                                                            : "none"},
                                        {"staleBindings", p->gr.stale().size()},
                                        {"lastSweep", p->gr.last_sweep()}};
            // What the peer announced in its FT Session TLV: how long we wait for it to come
            // back, and how long it keeps its forwarding state once it has.
            if (gr && p->last_negotiated->peer_ft_session) {
                j["gracefulRestart"]["peerReconnectTimeoutMs"] = p->last_negotiated->peer_ft_session->reconnect_timeout_ms;
                j["gracefulRestart"]["peerRecoveryTimeMs"] = p->last_negotiated->peer_ft_session->recovery_time_ms;
            }
        }
        list.push_back(j);
    }
    return Json{{"neighbors", list}};
}

std::string neighbors_text(const LdpSpeaker& s, bool detail) {
    std::ostringstream o;
    const Json j = neighbors_json(s, detail);
    for (const auto& n : j["neighbors"]) {
        o << "    Peer LDP Ident: " << n["peerLdpId"].get<std::string>() << "; Local LDP Ident "
          << n["localLdpId"].get<std::string>() << "\n";
        o << "        TCP connection: " << n["peerTransport"].get<std::string>() << "." << n["peerPort"].get<int>()
          << " - " << n["localTransport"].get<std::string>() << "." << n["localPort"].get<int>() << "\n";
        o << "        State: " << n["state"].get<std::string>() << "; Role: " << n["role"].get<std::string>()
          << "; Downstream\n";
        o << "        Up time: " << hhmmss(std::chrono::seconds(n["upTimeSeconds"].get<long long>())) << "\n";
        o << "        LDP discovery sources:\n";
        for (const auto& i : n["discoverySources"]) o << "          " << i.get<std::string>() << "\n";
        o << "        Addresses bound to peer LDP Ident:\n         ";
        int col = 0;
        for (const auto& a : n["addresses"]) {
            char buf[24];
            std::snprintf(buf, sizeof buf, " %-16s", a.get<std::string>().c_str());
            o << buf;
            if (++col % 4 == 0) o << "\n         ";
        }
        o << "\n";
        if (detail) {
            if (n.contains("keepaliveSeconds")) {
                o << "        KeepAlive time: " << n["keepaliveSeconds"].get<int>()
                  << " s; Max PDU length: " << n["maxPduLength"].get<int>() << "\n";
                const auto& c = n["capabilities"];
                o << "        Capabilities: dynamic announcement " << (c["dynamicAnnouncement"].get<bool>() ? "yes" : "no")
                  << ", typed wildcard FEC " << (c["typedWildcardFec"].get<bool>() ? "yes" : "no")
                  << ", End-of-LIB " << (c["unrecognizedNotification"].get<bool>() ? "yes" : "no") << "\n";
            }
            const auto& r = n["received"];
            const auto& t = n["sent"];
            o << "        Received: mappings " << r["labelMapping"] << ", withdraws " << r["labelWithdraw"]
              << ", releases " << r["labelRelease"] << ", End-of-LIB " << (r["endOfLib"].get<bool>() ? "yes" : "no")
              << "\n";
            o << "        Sent: mappings " << t["labelMapping"] << ", withdraws " << t["labelWithdraw"] << ", releases "
              << t["labelRelease"] << ", error notifications " << t["errorNotifications"] << ", End-of-LIB "
              << (t["endOfLib"].get<bool>() ? "yes" : "no") << "\n";
            o << "        Remote bindings: " << n["remoteBindings"] << "; initial label exchange: "
              << n["initialExchange"].get<std::string>();
            if (n.contains("initialExchangeMs")) o << " after " << n["initialExchangeMs"] << " ms";
            o << "\n";
            o << "        GTSM: " << (n["gtsm"].get<bool>() ? "yes" : "no")
              << "; MD5: " << (n["md5"].get<bool>() ? "yes" : "no")
              << "; back-off: " << n["backoffSeconds"] << " s\n";
            const auto& g = n["gracefulRestart"];
            o << "        Graceful restart: " << (g["negotiated"].get<bool>() ? "negotiated" : "no") << "; "
              << g["state"].get<std::string>() << "; stale bindings " << g["staleBindings"];
            if (g.contains("peerRecoveryTimeMs")) {
                o << "; peer reconnect timeout " << g["peerReconnectTimeoutMs"] << " ms, recovery time "
                  << g["peerRecoveryTimeMs"] << " ms";
            }
            o << "\n";
            if (!n["lastClose"].get<std::string>().empty()) {
                o << "        Last session close: " << n["lastClose"].get<std::string>() << "\n";
            }
        }
    }
    return o.str();
}

Json discovery_json(const LdpSpeaker& speaker) {
    const ldp::LdpInstance& s = speaker.instance();
    Json itfs = Json::array();
    for (const auto& [ifx, name] : s.interfaces()) {
        Json adjs = Json::array();
        if (const auto* d = s.discovery()) {
            for (const auto& [key, a] : d->adjacencies()) {
                if (key.ifindex != ifx) continue;
                adjs.push_back(Json{{"ldpId", ident(key.lsr_id, key.label_space)},
                                    {"source", ip(a.source)},
                                    {"transport", ip(a.transport)},
                                    {"holdSeconds", a.hold_time},
                                    {"gtsm", a.gtsm}});
            }
        }
        Json igp = Json::array();
        for (const std::uint32_t a : s.igp_neighbors(name)) igp.push_back(ip(a));
        Json held = Json::array();
        for (const std::uint32_t peer : s.interface_sync().departed(ifx)) held.push_back(ident(peer, 0));
        itfs.push_back(Json{{"interface", name}, {"adjacencies", adjs}, {"igpNeighbors", igp}, {"syncHeldBy", held}});
    }
    return Json{{"localLdpId", ident(s.lsr_id(), 0)},
                {"hellosSent", speaker.hellos_sent()},
                {"hellosDropped", s.hellos_dropped()},
                {"interfaces", itfs}};
}

std::string discovery_text(const LdpSpeaker& s) {
    const Json j = discovery_json(s);
    std::ostringstream o;
    o << " Local LDP Identifier:\n    " << j["localLdpId"].get<std::string>() << "\n    Discovery Sources:\n    Interfaces:\n";
    for (const auto& i : j["interfaces"]) {
        o << "        " << i["interface"].get<std::string>() << " (ldp): xmit" << (i["adjacencies"].empty() ? "" : "/recv")
          << "\n";
        for (const auto& a : i["adjacencies"]) {
            o << "            LDP Id: " << a["ldpId"].get<std::string>() << "; Src IP addr: " << a["source"].get<std::string>()
              << "; Transport IP addr: " << a["transport"].get<std::string>() << "; Hold time: " << a["holdSeconds"]
              << " s" << (a["gtsm"].get<bool>() ? "; GTSM" : "") << "\n";
        }
        if (!i["igpNeighbors"].empty()) {
            o << "            IGP neighbors:";
            for (const auto& n : i["igpNeighbors"]) o << " " << n.get<std::string>();
            o << "\n";
        }
        for (const auto& h : i["syncHeldBy"]) {
            o << "            Sync held back by " << h.get<std::string>() << ": left LDP, still an IGP neighbor\n";
        }
    }
    return o.str();
}

Json bindings_json(const LdpSpeaker& s) {
    Json list = Json::array();
    for (const auto& row : s.instance().lib().rows()) {
        Json j{{"prefix", fec_text(row.fec)}};
        if (row.local) j["localLabel"] = label_text(*row.local);
        Json remote = Json::array();
        for (const auto& [peer, label] : row.remote) {
            remote.push_back(Json{{"lsr", ident(peer, 0)}, {"label", label_text(label)}});
        }
        j["remote"] = remote;
        list.push_back(j);
    }
    return Json{{"bindings", list}};
}

std::string bindings_text(const LdpSpeaker& s) {
    std::ostringstream o;
    const Json j = bindings_json(s);  // named: a range-for over a temporary's member would dangle
    for (const auto& b : j["bindings"]) {
        o << "  lib entry: " << b["prefix"].get<std::string>() << "\n";
        if (b.contains("localLabel")) o << "        local binding:  label: " << b["localLabel"].get<std::string>() << "\n";
        for (const auto& r : b["remote"]) {
            o << "        remote binding: lsr: " << r["lsr"].get<std::string>() << ", label: " << r["label"].get<std::string>()
              << "\n";
        }
    }
    return o.str();
}

}  // namespace ldpsync::daemon::ldp_show
