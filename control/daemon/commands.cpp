#include "commands.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <sstream>

#include "grammar.hpp"
#include "isis_show.hpp"
#include "ospf_show.hpp"
#include "ldp_show.hpp"
#include "ldp_speaker.hpp"
#include "render.hpp"
#include "sync_show.hpp"

namespace ldpsync::daemon {

namespace {

namespace grammar = config::grammar;
using grammar::Value;
using Args = std::vector<Value>;
using Json = nlohmann::ordered_json;

struct ExecCommand {
    std::string_view pattern;
    std::function<Reply(Daemon&, const Args&)> run;
};

Reply ok(std::string body) { return Reply{true, std::move(body)}; }
Reply error(std::string body) { return Reply{false, "% " + std::move(body) + "\n"}; }
Reply json_reply(const Json& j) { return ok(j.dump(2) + "\n"); }

Reply hook_result(bool any, const std::string& what) {
    return any ? ok("") : error("no LDP-IGP synchronization instance matches " + what);
}


bool want_json(const Args& a) { return !a.empty() && a.back().present && a.back().text == "json"; }

// OSPF shows need the speaker, which runs only when ldpsyncd follows the kernel.
Reply with_ospf(Daemon& d, const std::function<std::string(const OspfSpeaker&)>& show) {
    if (d.ospf_speaker() == nullptr) return error("the OSPF speaker is not running (ldpsyncd --no-kernel)");
    return ok(show(*d.ospf_speaker()));
}
Reply with_isis(Daemon& d, const std::function<std::string(const IsisSpeaker&)>& show) {
    if (d.isis_speaker() == nullptr) return error("the IS-IS speaker is not running (ldpsyncd --no-kernel)");
    return ok(show(*d.isis_speaker()));
}
Reply show_ospf_db(Daemon& d, OspfDbFilter f, const Args& a) {
    return with_ospf(d, [&](const OspfSpeaker& s) { return show_ospf_database(s, d.clock().now(), f, want_json(a)); });
}

std::string prefix_text(const config::Ipv4Prefix& p) {
    return config::format_ipv4(p.address) + "/" + std::to_string(p.length);
}

Reply show_sync(Daemon& d, std::optional<sync::IgpKind> igp, const std::string& itf, bool json,
                std::string (*text)(std::span<const sync::ShowModel>), Json (*as_json)(std::span<const sync::ShowModel>)) {
    const auto models = d.sync().show_models(igp, itf);
    if (!itf.empty() && models.empty()) {
        if (!d.config().interfaces.contains(itf)) return error("interface " + itf + " is not configured");
        return error("interface " + itf + " is not in an IGP process with LDP-IGP synchronization");
    }
    return json ? json_reply(as_json(models)) : ok(text(models));
}

Reply show_counters(Daemon& d, bool json) {
    const sync::Counters c = d.sync().total_counters();
    Json j;
    j["instances"] = d.sync().size();
    j["events"] = c.events;
    j["transitions"] = c.transitions;
    j["unexpectedEvents"] = c.unexpected_events;
    j["syncAchieved"] = c.sync_achieved;
    j["syncLost"] = c.sync_lost;
    j["holddownExpired"] = c.holddown_expired;
    j["delayExpired"] = c.delay_expired;
    j["grProtected"] = c.gr_protected;
    j["grReconnectExpired"] = c.gr_reconnect_expired;
    j["grRecoveryExpired"] = c.gr_recovery_expired;
    j["costoutAlerts"] = c.costout_alerts;
    j["peerViaInexactRoute"] = c.peer_via_inexact_route;
    j["syncedByEndOfLib"] = c.synced_by_trigger[0];
    j["syncedByQuietPeriod"] = c.synced_by_trigger[1];
    j["syncedByUpperBound"] = c.synced_by_trigger[2];
    if (json) return json_reply(j);
    std::ostringstream o;
    o << "LDP-IGP synchronization counters (" << d.sync().size() << " instances):\n"
      << "  Events: " << c.events << ", transitions: " << c.transitions
      << ", unexpected events: " << c.unexpected_events << "\n"
      << "  Sync achieved: " << c.sync_achieved << " (End-of-LIB " << c.synced_by_trigger[0] << ", quiet period "
      << c.synced_by_trigger[1] << ", upper bound " << c.synced_by_trigger[2] << "), sync lost: " << c.sync_lost << "\n"
      << "  Holddown expired: " << c.holddown_expired << ", delay expired: " << c.delay_expired << "\n"
      << "  GR protected: " << c.gr_protected << ", reconnect expired: " << c.gr_reconnect_expired
      << ", recovery expired: " << c.gr_recovery_expired << "\n"
      << "  Cost-out alerts: " << c.costout_alerts << ", peer via summary/default/static route: "
      << c.peer_via_inexact_route << "\n";
    return ok(o.str());
}

Reply show_links(Daemon& d, bool json) {
    Json list = Json::array();
    std::ostringstream o;
    o << "Link  Interface        Usable  Sync           OSPF metric  IS-IS metric  rx/tx/dropped-unsynced\n";
    for (const auto& [name, id] : d.link_ids()) {
        auto* end = d.shm();
        const auto rec = end ? end->link(id) : std::nullopt;
        const auto counters = end ? end->link_counters(id) : shm::CounterValues{};
        const LinkView v = d.sync().link_view(name);
        const bool usable = rec ? rec->usable != 0 : v.usable;
        static constexpr const char* kSync[] = {"disabled", "not-achieved", "delay-running", "achieved",
                                                "gr-protected", "nsf-suspended"};
        const char* sync_text = kSync[std::min<std::size_t>(v.sync_contract, 5)];
        const auto rx = counters[static_cast<std::size_t>(shm::Counter::rx)];
        const auto tx = counters[static_cast<std::size_t>(shm::Counter::tx)];
        const auto dropped = counters[static_cast<std::size_t>(shm::Counter::dropped_unsynced)];
        char line[256];
        std::snprintf(line, sizeof line, "%-5u %-16s %-7s %-14s %-12u %-13u %llu/%llu/%llu\n", id, name.c_str(),
                      usable ? "yes" : "no", sync_text, rec ? rec->ospf_metric : v.ospf_metric,
                      rec ? rec->isis_metric : v.isis_metric, static_cast<unsigned long long>(rx),
                      static_cast<unsigned long long>(tx), static_cast<unsigned long long>(dropped));
        o << line;
        Json j;
        j["link"] = id;
        j["interface"] = name;
        j["usable"] = usable;
        j["sync"] = sync_text;
        j["ospfMetric"] = rec ? rec->ospf_metric : v.ospf_metric;
        j["isisMetric"] = rec ? rec->isis_metric : v.isis_metric;
        j["published"] = rec.has_value() && rec->in_use;
        Json c;
        for (std::size_t i = 0; i < shm::kCounterCount; ++i) c[std::string(shm::to_string(static_cast<shm::Counter>(i)))] = counters[i];
        j["counters"] = c;
        list.push_back(j);
    }
    if (json) return json_reply(Json{{"links", list}});
    return ok(o.str());
}

// `show ip route [ospf|isis]`: every selected route, or one protocol's.
Reply show_route(Daemon& d, bool json, std::optional<rib::Source> only = std::nullopt) {
    std::ostringstream o;
    Json list = Json::array();
    o << "Codes: C - connected, S - static, O - OSPF, i - IS-IS\n\n";
    for (const rib::Route* r : d.rib().selected_routes()) {
        if (only && r->source != *only) continue;
        static constexpr const char* kCode[] = {"C", "S", "O", "i"};
        const char* code = kCode[static_cast<int>(r->source)];
        Json j{{"prefix", prefix_text(r->prefix)}, {"protocol", std::string(rib::to_string(r->source))},
               {"distance", rib::admin_distance(r->source)}, {"metric", r->metric}};
        Json nhs = Json::array();
        for (const auto& nh : r->next_hops) {
            nhs.push_back(Json{{"ip", nh.address ? config::format_ipv4(nh.address) : ""}, {"interface", nh.interface}});
            if (nh.address == 0) {
                o << code << "    " << prefix_text(r->prefix) << " is directly connected, " << nh.interface << "\n";
            } else {
                o << code << "    " << prefix_text(r->prefix) << " [" << int(rib::admin_distance(r->source)) << "/"
                  << r->metric << "] via " << config::format_ipv4(nh.address) << ", " << nh.interface << "\n";
            }
        }
        j["nexthops"] = nhs;
        list.push_back(j);
    }
    if (json) return json_reply(Json{{"routes", list}});
    return ok(o.str());
}

Reply show_forwarding(Daemon& d, bool json) {
    std::ostringstream o;
    Json list = Json::array();
    o << "Local      Outgoing        Prefix              Outgoing     Next Hop\n"
      << "Label      Label           or Tunnel Id        interface\n";
    for (const auto& e : d.fib_view()) {
        const std::string local = e.local_label ? std::to_string(*e.local_label) : "none";
        if (e.outs.empty()) {
            char line[160];
            std::snprintf(line, sizeof line, "%-10s %-15s %-19s %-12s %s\n", local.c_str(), "Pop Label",
                          prefix_text(e.prefix).c_str(), "local", "");
            o << line;
        }
        Json outs = Json::array();
        for (const auto& out : e.outs) {
            const std::string label = out.label == config::kImplicitNull  ? "Pop Label"
                                      : out.label == config::kExplicitNull ? "explicit-n"
                                                                           : std::to_string(out.label);
            char line[160];
            std::snprintf(line, sizeof line, "%-10s %-15s %-19s %-12s %s\n", local.c_str(), label.c_str(),
                          prefix_text(e.prefix).c_str(), out.interface.empty() ? "unresolved" : out.interface.c_str(),
                          config::format_ipv4(out.next_hop).c_str());
            o << line;
            outs.push_back(Json{{"label", out.label}, {"nexthop", config::format_ipv4(out.next_hop)},
                                {"interface", out.interface}});
        }
        Json j{{"prefix", prefix_text(e.prefix)}, {"outgoing", outs}};
        if (e.local_label) j["localLabel"] = *e.local_label;
        list.push_back(j);
    }
    if (json) return json_reply(Json{{"entries", list}});
    return ok(o.str());
}

// The LDP speaker's shows; an error when it does not run (--no-kernel, --no-ldp, no sockets).
Reply show_ldp(Daemon& d, bool json, std::string (*text)(const LdpSpeaker&), ldp_show::Json (*as_json)(const LdpSpeaker&)) {
    if (d.ldp() == nullptr) return error("LDP is not running");
    return json ? json_reply(as_json(*d.ldp())) : ok(text(*d.ldp()));
}

Reply show_ldp_neighbors(Daemon& d, bool detail, bool json) {
    if (d.ldp() == nullptr) return error("LDP is not running");
    return json ? json_reply(ldp_show::neighbors_json(*d.ldp(), detail)) : ok(ldp_show::neighbors_text(*d.ldp(), detail));
}

std::optional<sync::IgpKind> igp_of(const Args& a, std::size_t i) {
    if (a[i].text == "ospf") return sync::IgpKind::ospf;
    if (a[i].text == "isis") return sync::IgpKind::isis;
    return std::nullopt;
}

Reply igp_hook(const Args& a, const std::function<bool(sync::IgpKind)>& f) {
    const auto igp = igp_of(a, 0);
    if (!igp) return error("IGP '" + a[0].text + "' is not ospf or isis");
    return hook_result(f(*igp), a[1].text);
}


const std::vector<ExecCommand>& exec_commands() {
    static const std::vector<ExecCommand> table = {
        {"show mpls ldp igp sync counters json?",
         [](Daemon& d, const Args& a) { return show_counters(d, want_json(a)); }},
        {"show mpls ldp igp sync links json?", [](Daemon& d, const Args& a) { return show_links(d, want_json(a)); }},
        {"show mpls ldp igp sync json?",
         [](Daemon& d, const Args& a) {
             return show_sync(d, std::nullopt, {}, want_json(a), &sync::format_ldp_igp_sync,
                              &sync::ldp_igp_sync_json);
         }},
        {"show mpls ldp igp sync interface WORD json?",
         [](Daemon& d, const Args& a) {
             return show_sync(d, std::nullopt, a[0].text, want_json(a), &sync::format_ldp_igp_sync,
                              &sync::ldp_igp_sync_json);
         }},
        {"show ip ospf mpls ldp interface json",
         [](Daemon& d, const Args&) {
             return show_sync(d, sync::IgpKind::ospf, {}, true, &sync::format_ospf_mpls_ldp_interface,
                              &sync::ospf_mpls_ldp_interface_json);
         }},
        {"show ip ospf mpls ldp interface WORD? json?",
         [](Daemon& d, const Args& a) {
             return show_sync(d, sync::IgpKind::ospf, a[0].present ? a[0].text : "", want_json(a),
                              &sync::format_ospf_mpls_ldp_interface, &sync::ospf_mpls_ldp_interface_json);
         }},
        {"show isis mpls ldp json",
         [](Daemon& d, const Args&) {
             return show_sync(d, sync::IgpKind::isis, {}, true, &sync::format_isis_mpls_ldp, &sync::isis_mpls_ldp_json);
         }},
        {"show isis mpls ldp WORD? json?",
         [](Daemon& d, const Args& a) {
             return show_sync(d, sync::IgpKind::isis, a[0].present ? a[0].text : "", want_json(a),
                              &sync::format_isis_mpls_ldp, &sync::isis_mpls_ldp_json);
         }},
        {"show ip ospf neighbor json?",
         [](Daemon& d, const Args& a) {
             return with_ospf(d, [&](const OspfSpeaker& s) { return show_ospf_neighbor(s, d.clock().now(), want_json(a)); });
         }},
        {"show ip ospf statistics json?",
         [](Daemon& d, const Args& a) {
             return with_ospf(d, [&](const OspfSpeaker& s) { return show_ospf_statistics(s, want_json(a)); });
         }},
        {"show ip ospf database json?",
         [](Daemon& d, const Args& a) { return show_ospf_db(d, OspfDbFilter::summary, a); }},
        {"show ip ospf database router json?",
         [](Daemon& d, const Args& a) { return show_ospf_db(d, OspfDbFilter::router, a); }},
        {"show ip ospf database network json?",
         [](Daemon& d, const Args& a) { return show_ospf_db(d, OspfDbFilter::network, a); }},
        {"show running-config", [](Daemon& d, const Args&) { return ok(config::render(d.config())); }},
        {"show ip route json?", [](Daemon& d, const Args& a) { return show_route(d, want_json(a)); }},
        {"show ip route ospf json?",
         [](Daemon& d, const Args& a) { return show_route(d, want_json(a), rib::Source::ospf); }},
        {"show ip route isis json?",
         [](Daemon& d, const Args& a) { return show_route(d, want_json(a), rib::Source::isis); }},
        {"show isis neighbors json?",
         [](Daemon& d, const Args& a) {
             return with_isis(
                 d, [&](const IsisSpeaker& s) { return show_isis_neighbors(s, d.clock().now(), want_json(a)); });
         }},
        {"show isis database json?",
         [](Daemon& d, const Args& a) {
             return with_isis(
                 d, [&](const IsisSpeaker& s) { return show_isis_database(s, d.clock().now(), false, want_json(a)); });
         }},
        {"show isis database detail json?",
         [](Daemon& d, const Args& a) {
             return with_isis(
                 d, [&](const IsisSpeaker& s) { return show_isis_database(s, d.clock().now(), true, want_json(a)); });
         }},
        {"show isis topology json?",
         [](Daemon& d, const Args& a) {
             return with_isis(
                 d, [&](const IsisSpeaker& s) { return show_isis_topology(s, d.clock().now(), want_json(a)); });
         }},
        {"show isis statistics json?",
         [](Daemon& d, const Args& a) {
             return with_isis(d, [&](const IsisSpeaker& s) { return show_isis_statistics(s, want_json(a)); });
         }},
        {"show mpls forwarding-table json?", [](Daemon& d, const Args& a) { return show_forwarding(d, want_json(a)); }},
        {"show mpls ldp neighbor json?",
         [](Daemon& d, const Args& a) { return show_ldp_neighbors(d, false, want_json(a)); }},
        {"show mpls ldp neighbor detail json?",
         [](Daemon& d, const Args& a) { return show_ldp_neighbors(d, true, want_json(a)); }},
        {"show mpls ldp discovery json?",
         [](Daemon& d, const Args& a) {
             return show_ldp(d, want_json(a), &ldp_show::discovery_text, &ldp_show::discovery_json);
         }},
        {"show mpls ldp bindings json?",
         [](Daemon& d, const Args& a) {
             return show_ldp(d, want_json(a), &ldp_show::bindings_text, &ldp_show::bindings_json);
         }},
        {"debug mpls ldp igp sync",
         [](Daemon&, const Args&) { return ok("LDP-IGP synchronization debugging is on\n"); }},
        // Test hooks: the inputs the IGPs and LDP will give, for labs and tests until they land.
        {"test igp WORD adjacency WORD up",
         [](Daemon& d, const Args& a) {
             return igp_hook(a, [&](sync::IgpKind k) { return d.igp_adjacency(k, a[1].text, true); });
         }},
        {"test igp WORD adjacency WORD down",
         [](Daemon& d, const Args& a) {
             return igp_hook(a, [&](sync::IgpKind k) { return d.igp_adjacency(k, a[1].text, false); });
         }},
        // An IGP neighbour at an address on an interface (it holds a LAN's LDP sync back if
        // its LDP adjacency went down while it stays; see control/ldp/interface_sync.hpp).
        {"test igp WORD neighbor WORD A.B.C.D up",
         [](Daemon& d, const Args& a) {
             return igp_hook(a, [&](sync::IgpKind k) { d.igp_neighbor(k, a[1].text, a[2].number, true); return true; });
         }},
        {"test igp WORD neighbor WORD A.B.C.D down",
         [](Daemon& d, const Args& a) {
             return igp_hook(a, [&](sync::IgpKind k) { d.igp_neighbor(k, a[1].text, a[2].number, false); return true; });
         }},
        {"test igp WORD nsf WORD start",
         [](Daemon& d, const Args& a) {
             return igp_hook(a, [&](sync::IgpKind k) { return d.nsf_startup(k, a[1].text, true); });
         }},
        {"test igp WORD nsf WORD end",
         [](Daemon& d, const Args& a) {
             return igp_hook(a, [&](sync::IgpKind k) { return d.nsf_startup(k, a[1].text, false); });
         }},
        {"test ldp peer WORD A.B.C.D",
         [](Daemon& d, const Args& a) {
             return hook_result(d.ldp_peer(a[0].text, PeerInfo{{a[1].number, 0}, a[1].number}), a[0].text);
         }},
        {"test ldp peer WORD none",
         [](Daemon& d, const Args& a) { return hook_result(d.ldp_peer(a[0].text, std::nullopt), a[0].text); }},
        {"test ldp synced WORD end-of-lib",
         [](Daemon& d, const Args& a) {
             return hook_result(d.ldp_synced(a[0].text, sync::SyncTrigger::end_of_lib), a[0].text);
         }},
        {"test ldp synced WORD quiet-period",
         [](Daemon& d, const Args& a) {
             return hook_result(d.ldp_synced(a[0].text, sync::SyncTrigger::fecs_bound_quiet), a[0].text);
         }},
        {"test ldp synced WORD upper-bound",
         [](Daemon& d, const Args& a) {
             return hook_result(d.ldp_synced(a[0].text, sync::SyncTrigger::upper_bound_timer), a[0].text);
         }},
        {"test ldp session-down WORD graceful-restart?",
         [](Daemon& d, const Args& a) { return hook_result(d.session_down(a[0].text, a[1].present), a[0].text); }},
        {"test ldp session-reconnected WORD",
         [](Daemon& d, const Args& a) { return hook_result(d.session_reconnected(a[0].text), a[0].text); }},
    };
    return table;
}

}  // namespace

bool CommandHandler::is_debug(std::string_view request) {
    const auto tokens = grammar::tokenize(request);
    return grammar::match("debug mpls ldp igp sync", tokens, static_cast<int>(request.size()) + 1).complete;
}

std::vector<std::string> CommandHandler::help() {
    std::vector<std::string> out;
    for (const auto& c : exec_commands()) out.push_back(grammar::display(c.pattern));
    out.push_back("configure");
    out.push_back("help");
    for (const auto& p : config::command_patterns()) out.push_back("config: " + p);
    return out;
}

Reply CommandHandler::execute(std::string_view request) {
    while (!request.empty() && (request.back() == '\n' || request.back() == '\r')) request.remove_suffix(1);
    const auto first_nl = request.find('\n');
    const std::string_view first = request.substr(0, first_nl);
    const auto tokens = grammar::tokenize(first);
    if (tokens.empty()) return error("empty command");

    const bool is_configure = grammar::match("configure terminal?", tokens, static_cast<int>(first.size()) + 1).complete;
    if (is_configure) {
        const std::string_view lines = first_nl == std::string_view::npos ? std::string_view{} : request.substr(first_nl + 1);
        auto result = daemon_.configure(lines);
        if (!result.ok()) {
            std::string body = "% configuration refused, nothing changed:\n";
            for (const auto& e : result.errors) body += "% " + e.format() + "\n";
            return Reply{false, body};
        }
        std::string body;
        for (const auto& w : result.warnings) body += "% warning: " + w.format() + "\n";
        return ok(body);
    }
    if (first_nl != std::string_view::npos) return error("only configure takes more than one line");
    if (grammar::match("help", tokens, 0).complete) {
        std::string body;
        for (const auto& h : help()) body += h + "\n";
        return ok(body);
    }

    const int end_column = static_cast<int>(first.size()) + 1;
    const ExecCommand* chosen = nullptr;
    grammar::Match chosen_match;
    grammar::Match deepest;
    for (const auto& c : exec_commands()) {
        auto m = grammar::match(c.pattern, tokens, end_column);
        if (m.complete && (chosen == nullptr || (m.exact && !chosen_match.exact))) {
            chosen = &c;
            chosen_match = m;
            if (m.exact) break;
        } else if (!m.complete && m.depth >= deepest.depth) {
            deepest = m;
        }
    }
    if (chosen == nullptr) {
        std::string why = deepest.depth == 0 ? "unknown command '" + tokens.front().text + "'" : deepest.error;
        return error(why + " (column " + std::to_string(deepest.depth == 0 ? tokens.front().column : deepest.error_column) +
                     "); 'help' lists the commands");
    }
    return chosen->run(daemon_, chosen_match.values);
}

}  // namespace ldpsync::daemon
