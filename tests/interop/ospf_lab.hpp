#pragma once
// Building blocks of the OSPF interop tests: ldpsyncd running in a namespace (configuration
// file, control socket, shm instance of its own, stopped by pid), FRR ospfd configurations in
// the lab recipe's style, and readers that turn both sides' show output into comparable
// values (LSDB keys, router links, routes).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "../common/control_client.hpp"
#include "../common/frr.hpp"
#include "../common/netns.hpp"
#include "../common/process.hpp"

namespace ldpsync::test::ospf_lab {

using namespace std::chrono_literals;
using Json = nlohmann::json;

inline std::string g_ldpsyncd;  // path, from argv

// ldpsyncd in `ns`, following the kernel (addresses applied, raw OSPF sockets).
class OurRouter {
public:
    OurRouter(const NetNs& ns, const std::string& config) : ns_(ns) {
        dir_ = std::filesystem::temp_directory_path() / (ns.name() + "-ldpsyncd");
        std::filesystem::create_directories(dir_);
        instance_ = ns.name();
        std::ofstream(dir_ / "r.conf") << config;
        process_ = std::make_unique<ChildProcess>(ns.argv({g_ldpsyncd, "-f", (dir_ / "r.conf").string(), "-s", socket(),
                                                           "-n", instance_, "--log", "file:" + (dir_ / "r.log").string(),
                                                           "--debug"}));
        started_ = eventually([&] { return std::filesystem::exists(socket()); }, 5s);
    }
    ~OurRouter() {
        if (process_) {
            process_->signal(SIGTERM);
            process_->wait_exit(10s);
        }
        std::error_code ec;
        std::filesystem::remove("/dev/shm/ldpsync." + instance_, ec);
        if (!::testing::Test::HasFailure()) std::filesystem::remove_all(dir_, ec);
    }
    bool started() const { return started_; }
    // Rewrites the configuration file and sends SIGHUP (ldpsyncd re-reads it whole).
    void reload(const std::string& config) {
        std::ofstream(dir_ / "r.conf") << config;
        process_->signal(SIGHUP);
    }
    bool alive() const { return process_ && process_->running(); }
    std::string socket() const { return (dir_ / "r.sock").string(); }

    Frame request(const std::string& text) const {
        Client c(socket());
        return c.request(text);
    }
    std::string show(const std::string& cmd) const { return request(cmd).body; }
    Json json(const std::string& cmd) const {
        auto j = Json::parse(request(cmd + " json").body, nullptr, false);
        return j.is_discarded() ? Json() : j;
    }
    bool ok(const std::string& cmd) const { return request(cmd).status == "ok"; }
    std::string log_text() const {
        std::ifstream in(dir_ / "r.log");
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    std::string log() const {
        const auto text = log_text();
        return "\n--- ldpsyncd log (tail) ---\n" + (text.size() > 6000 ? text.substr(text.size() - 6000) : text);
    }

private:
    const NetNs& ns_;
    std::filesystem::path dir_;
    std::string instance_;
    std::unique_ptr<ChildProcess> process_;
    bool started_ = false;
};

// One OSPF interface of an FRR router.
struct FrrIf {
    std::string name;
    bool p2p = true;
    int cost = 10;
    int priority = 1;
    bool ldp_sync = true;  // FRR applies it on point-to-point links only
};

inline std::string frr_ospfd_conf(const std::string& router_id, const std::vector<FrrIf>& ifs, bool ldp_sync,
                                  bool fast_min_arrival = true) {
    std::string c = "hostname frr-" + router_id + "\nlog timestamp precision 3\n!\ninterface lo\n ip ospf area 0\n!\n";
    for (const auto& i : ifs) {
        c += "interface " + i.name + "\n ip ospf area 0\n";
        if (i.p2p) c += " ip ospf network point-to-point\n";
        c += " ip ospf hello-interval 1\n ip ospf dead-interval 4\n ip ospf retransmit-interval 1\n";
        c += " ip ospf cost " + std::to_string(i.cost) + "\n ip ospf priority " + std::to_string(i.priority) + "\n";
        if (ldp_sync && !i.ldp_sync) c += " no ip ospf mpls ldp-sync\n";
        c += "!\n";
    }
    c += "router ospf\n ospf router-id " + router_id + "\n timers throttle spf 0 50 1000\n timers throttle lsa all 100\n";
    if (fast_min_arrival) c += " timers lsa min-arrival 0\n";
    if (ldp_sync) c += " mpls ldp-sync\n";
    return c + "!\n";
}

// Starts zebra and ospfd; the namespace's addresses are set by the caller.
inline std::string start_frr(FrrRouter& r, const std::string& ospfd_conf) {
    r.write_config("zebra", "log timestamp precision 3\n");
    r.write_config("ospfd", ospfd_conf);
    if (auto e = r.start("zebra"); !e.empty()) return e;
    return r.start("ospfd");
}

// ---- comparable values ----

// An LSA instance: type, link state id, advertising router, sequence number (hex, no 0x).
using LsaKey = std::tuple<std::string, std::string, std::string, std::string>;

inline std::string strip_hex(std::string s) {
    if (s.rfind("0x", 0) == 0) s = s.substr(2);
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

inline std::set<LsaKey> our_lsdb(const OurRouter& r) {
    std::set<LsaKey> out;
    const auto j = r.json("show ip ospf database");
    if (!j.contains("processes")) return out;
    for (const auto& p : j["processes"]) {
        for (const auto& a : p["areas"]) {
            for (const auto& [field, type] : {std::pair{"routerLinkStates", "router"}, std::pair{"networkLinkStates", "network"}}) {
                for (const auto& l : a[field]) {
                    out.emplace(type, l["lsId"], l["advertisingRouter"], strip_hex(l["sequenceNumber"]));
                }
            }
        }
    }
    return out;
}

// FRR 8.4 `show ip ospf database json`: areas -> "0.0.0.0" -> routerLinkStates/networkLinkStates.
inline std::set<LsaKey> frr_lsdb(const FrrRouter& r) {
    std::set<LsaKey> out;
    const auto j = r.vtysh_json("show ip ospf database json", "ospfd");
    if (!j.contains("areas")) return out;
    for (const auto& [area, a] : j["areas"].items()) {
        for (const auto& [field, type] : {std::pair{"routerLinkStates", "router"}, std::pair{"networkLinkStates", "network"}}) {
            if (!a.contains(field)) continue;
            for (const auto& l : a[field]) {
                out.emplace(type, l.value("lsId", ""), l.value("advertisedRouter", ""), strip_hex(l.value("sequenceNumber", "")));
            }
        }
    }
    return out;
}

inline std::string dump(const std::set<LsaKey>& s) {
    std::string o;
    for (const auto& [t, id, adv, seq] : s) o += "  " + t + " " + id + " " + adv + " " + seq + "\n";
    return o;
}

// One link of a Router-LSA as FRR prints it: kind ("p2p", "stub", "transit"), link id, metric.
struct FrrLink {
    std::string kind;
    std::string id;
    int metric = -1;
    bool operator==(const FrrLink&) const = default;
};

// FRR's text of `show ip ospf database router ADV` (JSON details differ between releases; the
// text is what the lab's reference outputs record).
inline std::vector<FrrLink> frr_router_links(const FrrRouter& r, const std::string& adv) {
    std::vector<FrrLink> links;
    std::istringstream in(r.vtysh("show ip ospf database router " + adv, "ospfd"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.find("Link connected to:") != std::string::npos) {
            FrrLink l;
            l.kind = line.find("point-to-point") != std::string::npos ? "p2p"
                     : line.find("Stub") != std::string::npos      ? "stub"
                     : line.find("Transit") != std::string::npos   ? "transit"
                                                                   : "other";
            links.push_back(l);
        } else if (line.find("(Link ID)") != std::string::npos && !links.empty()) {
            links.back().id = line.substr(line.rfind(' ') + 1);
        } else if (line.find("TOS 0 Metric:") != std::string::npos && !links.empty()) {
            links.back().metric = std::stoi(line.substr(line.rfind(' ') + 1));
        }
    }
    return links;
}

inline int frr_link_metric(const FrrRouter& r, const std::string& adv, const std::string& kind, const std::string& id) {
    for (const auto& l : frr_router_links(r, adv)) {
        if (l.kind == kind && l.id == id) return l.metric;
    }
    return -1;
}

// A route as "cost via gw1,gw2" (gateways sorted), comparable between FRR and us.
struct RouteView {
    int cost = -1;
    std::set<std::string> gateways;
    bool operator==(const RouteView&) const = default;
};
inline std::string to_text(const RouteView& r) {
    std::string o = std::to_string(r.cost) + " via";
    for (const auto& g : r.gateways) o += " " + g;
    return o;
}

inline std::map<std::string, RouteView> our_ospf_routes(const OurRouter& r) {
    std::map<std::string, RouteView> out;
    const auto j = r.json("show ip route");
    if (!j.contains("routes")) return out;
    for (const auto& route : j["routes"]) {
        if (route["protocol"] != "ospf") continue;
        RouteView v;
        v.cost = route["metric"];
        for (const auto& nh : route["nexthops"]) v.gateways.insert(nh["ip"].get<std::string>());
        out[route["prefix"]] = v;
    }
    return out;
}

// FRR's `show ip ospf route json`: prefix -> {cost, nexthops[{ip}]} (network routes only).
inline std::map<std::string, RouteView> frr_ospf_routes(const FrrRouter& r) {
    std::map<std::string, RouteView> out;
    const auto j = r.vtysh_json("show ip ospf route json", "ospfd");
    if (!j.is_object()) return out;
    for (const auto& [prefix, route] : j.items()) {
        if (prefix.find('/') == std::string::npos || !route.contains("cost")) continue;
        RouteView v;
        v.cost = route["cost"];
        if (route.contains("nexthops")) {
            for (const auto& nh : route["nexthops"]) {
                const auto ip = nh.value("ip", "");
                if (!ip.empty() && ip != " ") v.gateways.insert(ip);
            }
        }
        out[prefix] = v;
    }
    return out;
}

inline std::string dump(const std::map<std::string, RouteView>& m) {
    std::string o;
    for (const auto& [p, v] : m) o += "  " + p + " " + to_text(v) + "\n";
    return o;
}

inline std::string frr_nbr_state(const FrrRouter& r, const std::string& router_id) {
    const auto j = r.vtysh_json("show ip ospf neighbor json", "ospfd");
    if (!j.contains("neighbors") || !j["neighbors"].contains(router_id)) return "";
    const auto& n = j["neighbors"][router_id];
    const auto& first = n.is_array() ? n[0] : n;
    return first.value("state", first.value("nbrState", ""));
}

inline std::string our_nbr_state(const OurRouter& r, const std::string& router_id) {
    const auto j = r.json("show ip ospf neighbor");
    if (!j.contains("processes")) return "";
    for (const auto& p : j["processes"]) {
        for (const auto& n : p["neighbors"]) {
            if (n["neighborId"] == router_id) return n["state"].get<std::string>() + "/" + n["role"].get<std::string>();
        }
    }
    return "";
}

// The sync machine's state for an interface ("not_achieved", "achieved", ...).
inline std::string sync_status(const OurRouter& r, const std::string& itf) {
    const auto j = r.json("show mpls ldp igp sync interface " + itf);
    if (!j.contains("interfaces") || j["interfaces"].empty()) return "";
    return j["interfaces"][0].value("sync_status", "");
}

}  // namespace ldpsync::test::ospf_lab
