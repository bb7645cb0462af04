#pragma once
// Building blocks of the IS-IS interop tests: FRR isisd configurations in the lab recipe's
// style (../shared/lab/frr-lab.sh) and readers that turn FRR's and our show output into
// comparable values (LSP ids and sequence numbers, reachability metrics, routes). ldpsyncd
// itself runs as in the OSPF tests (ospf_lab.hpp's OurRouter).

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ospf_lab.hpp"

namespace ldpsync::test::isis_lab {

using ospf_lab::OurRouter;
using ospf_lab::RouteView;

struct FrrIsisIf {
    std::string name;
    int metric = 10;
};

struct FrrIsisOptions {
    std::string level = "level-2-only";  // is-type and circuit-type: level-1 | level-2-only
    std::string md5_key;                 // HMAC-MD5 (RFC 5304) on Hellos, LSPs and SNPs when set
};

// Wide metrics, point-to-point circuits with 1 s Hellos (hold 4 s). The lab's gotcha 3:
// lsp-gen-interval before net/is-type, or LSPs stay empty for 30 s.
inline std::string frr_isisd_conf(const std::string& hostname, int system, const std::vector<FrrIsisIf>& ifs,
                                  const FrrIsisOptions& o = {}) {
    std::string c = "hostname " + hostname + "\nlog timestamp precision 3\n!\nrouter isis LAB\n lsp-gen-interval 1\n";
    c += " spf-interval 1\n net 49.0001.0000.0000.000" + std::to_string(system) + ".00\n";
    c += " is-type " + o.level + "\n metric-style wide\n";
    // FRR signs SNPs only when asked to (IOS signs LSPs, CSNPs and PSNPs alike).
    if (!o.md5_key.empty()) {
        const char* which = o.level == "level-1" ? " area-password md5 " : " domain-password md5 ";
        c += which + o.md5_key + " authenticate snp validate\n";
    }
    c += "!\ninterface lo\n ip router isis LAB\n isis passive\n!\n";
    for (const auto& i : ifs) {
        c += "interface " + i.name + "\n ip router isis LAB\n isis circuit-type " + o.level + "\n";
        if (!o.md5_key.empty()) c += " isis password md5 " + o.md5_key + "\n";
        c += " isis network point-to-point\n isis hello-interval 1\n isis hello-multiplier 4\n";
        c += " isis metric " + std::to_string(i.metric) + "\n!\n";
    }
    return c;
}

inline std::string start_frr_isis(FrrRouter& r, const std::string& isisd_conf) {
    r.write_config("zebra", "log timestamp precision 3\n");
    r.write_config("isisd", isisd_conf);
    if (auto e = r.start("zebra"); !e.empty()) return e;
    return r.start("isisd");
}

// FRR's `show isis neighbor`: "  r2   lab_v1   2  Up   4   2020.2020.2020" -> state by name.
inline std::string frr_adjacency_state(const FrrRouter& r, const std::string& system) {
    std::istringstream in(r.vtysh("show isis neighbor", "isisd"));
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string name, itf, level, state;
        words >> name >> itf >> level >> state;
        if (name == system) return state;
    }
    return "";
}

// (LSP id by name, sequence number) from FRR's `show isis database`: "r1.00-00  *  91
// 0x00000005  0x469c  1156  0/0/0".
using LspKey = std::pair<std::string, std::string>;

inline std::set<LspKey> frr_database(const FrrRouter& r) {
    std::set<LspKey> out;
    std::istringstream in(r.vtysh("show isis database", "isisd"));
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::vector<std::string> w;
        for (std::string x; words >> x;) w.push_back(x);
        // An LSP id ends in ".PP-FF" (pseudonode, fragment): "r1.00-00", "r1.02-00".
        const auto& id = w.empty() ? std::string() : w[0];
        if (w.size() < 6 || id.size() < 6 || id[id.size() - 6] != '.' || id[id.size() - 3] != '-') continue;
        const std::size_t seq = w[1] == "*" ? 3 : 2;
        std::string s = w[seq];
        for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        out.emplace(w[0], s);
    }
    return out;
}

inline std::set<LspKey> our_database(const OurRouter& r) {
    std::set<LspKey> out;
    const auto j = r.json("show isis database");
    if (!j.contains("processes")) return out;
    for (const auto& p : j["processes"]) {
        for (const auto& l : p["levels"]) {
            for (const auto& lsp : l["lsps"]) {
                if (lsp["holdtime"] == 0) continue;  // purges held for their zero-age time
                out.emplace(lsp["name"], lsp["sequence"]);
            }
        }
    }
    return out;
}

inline std::string dump(const std::set<LspKey>& s) {
    std::string o;
    for (const auto& [id, seq] : s) o += "  " + id + " " + seq + "\n";
    return o;
}

// In FRR's `show isis database detail`, the metric an LSP (by name, "us.00-00") gives one
// reachability line: "Extended Reachability: 0000.0000.0002.00 (Metric: 16777214)" or
// "Extended IP Reachability: 10.0.12.0/24 (Metric: 16777214)". -1 when absent.
inline long frr_lsp_metric(const FrrRouter& r, const std::string& lsp, const std::string& what) {
    std::istringstream in(r.vtysh("show isis database detail", "isisd"));
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        if (!line.empty() && line[0] != ' ') {
            inside = line.rfind(lsp, 0) == 0;
            continue;
        }
        if (!inside || line.find(what + " (Metric: ") == std::string::npos) continue;
        const auto at = line.find("(Metric: ") + 9;
        return std::stol(line.substr(at));
    }
    return -1;
}

// zebra's IS-IS routes: prefix -> metric and gateways.
inline std::map<std::string, RouteView> frr_isis_routes(const FrrRouter& r) {
    std::map<std::string, RouteView> out;
    const auto j = r.vtysh_json("show ip route isis json", "zebra");
    if (!j.is_object()) return out;
    for (const auto& [prefix, list] : j.items()) {
        for (const auto& route : list) {
            if (route.value("protocol", "") != "isis" || !route.value("selected", false)) continue;
            RouteView v;
            v.cost = route.value("metric", -1);
            for (const auto& nh : route["nexthops"]) {
                if (nh.contains("ip")) v.gateways.insert(nh["ip"].get<std::string>());
            }
            out[prefix] = v;
        }
    }
    return out;
}

inline std::map<std::string, RouteView> our_isis_routes(const OurRouter& r) {
    std::map<std::string, RouteView> out;
    const auto j = r.json("show ip route isis");
    if (!j.contains("routes")) return out;
    for (const auto& route : j["routes"]) {
        RouteView v;
        v.cost = route["metric"];
        for (const auto& nh : route["nexthops"]) v.gateways.insert(nh["ip"].get<std::string>());
        out[route["prefix"]] = v;
    }
    return out;
}

inline std::string our_adjacency_state(const OurRouter& r, const std::string& system) {
    const auto j = r.json("show isis neighbors");
    if (!j.contains("processes")) return "";
    for (const auto& p : j["processes"]) {
        for (const auto& n : p["neighbors"]) {
            if (n["hostname"] == system || n["systemId"] == system) return n["state"];
        }
    }
    return "";
}

}  // namespace ldpsync::test::isis_lab
