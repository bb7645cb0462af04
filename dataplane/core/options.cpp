#include "options.hpp"

#include <arpa/inet.h>

#include <cerrno>
#include <charconv>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace ldpsync::dp {

namespace {

template <class T>
bool parse_uint(const std::string& s, T& out, int base = 10) {
    std::uint64_t v = 0;
    const char* begin = s.data();
    const char* end = s.data() + s.size();
    if (base == 16 && s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        begin += 2;
    }
    auto [p, ec] = std::from_chars(begin, end, v, base);
    if (ec != std::errc{} || p != end || begin == end || v > std::numeric_limits<T>::max()) {
        return false;
    }
    out = static_cast<T>(v);
    return true;
}

// "(0,0,1),(1,0,1)"
bool parse_queue_map(const std::string& s, std::vector<QueueMap>& out, std::string& err) {
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == ',' || s[i] == ' ') {
            ++i;
            continue;
        }
        if (s[i] != '(') {
            err = "bad --config '" + s + "': expected (port,queue,lcore)";
            return false;
        }
        const auto close = s.find(')', i);
        if (close == std::string::npos) {
            err = "bad --config '" + s + "': missing ')'";
            return false;
        }
        std::stringstream inner(s.substr(i + 1, close - i - 1));
        std::string a, b, c, extra;
        QueueMap q;
        if (!std::getline(inner, a, ',') || !std::getline(inner, b, ',') || !std::getline(inner, c, ',') ||
            std::getline(inner, extra, ',') || !parse_uint(a, q.port) || !parse_uint(b, q.queue) ||
            !parse_uint(c, q.lcore)) {
            err = "bad --config entry '" + s.substr(i, close - i + 1) + "': expected (port,queue,lcore)";
            return false;
        }
        out.push_back(q);
        i = close + 1;
    }
    std::set<std::pair<std::uint16_t, std::uint16_t>> seen;
    for (const auto& q : out) {
        if (!seen.insert({q.port, q.queue}).second) {
            err = "bad --config: port " + std::to_string(q.port) + " queue " + std::to_string(q.queue) +
                  " is mapped twice";
            return false;
        }
    }
    if (out.empty()) {
        err = "bad --config: no (port,queue,lcore) entry";
        return false;
    }
    return true;
}

bool takes_value(const std::string& key) {
    static const std::set<std::string> flags = {"no-tap", "punt-ttl-expired", "no-hold-rx"};
    return flags.count(key) == 0;
}

std::string apply(Options& o, const std::string& key, const std::string& value, int depth);

std::string read_config_file(Options& o, const std::string& path, int depth) {
    if (depth > 2) {
        return "config file '" + path + "': nested too deep";
    }
    std::ifstream in(path);
    if (!in) {
        return "cannot read config file '" + path + "'";
    }
    std::string line;
    int lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (auto hash = line.find('#'); hash != std::string::npos) {
            line.erase(hash);
        }
        for (auto& ch : line) {
            if (ch == '=' || ch == '\t') ch = ' ';
        }
        std::stringstream ss(line);
        std::string key, value, rest;
        if (!(ss >> key)) {
            continue;
        }
        std::getline(ss, rest);
        const auto first = rest.find_first_not_of(' ');
        value = first == std::string::npos ? "" : rest.substr(first);
        while (!value.empty() && value.back() == ' ') value.pop_back();
        if (key == "tap" ) {
            // "tap 0 ldp0" as well as "tap 0=ldp0"
            auto sp = value.find(' ');
            if (sp != std::string::npos) value[sp] = '=';
        }
        if (takes_value(key) && value.empty()) {
            return path + ":" + std::to_string(lineno) + ": '" + key + "' needs a value";
        }
        if (auto err = apply(o, key, value, depth + 1); !err.empty()) {
            return path + ":" + std::to_string(lineno) + ": " + err;
        }
    }
    return {};
}

std::string apply(Options& o, const std::string& key, const std::string& value, int depth) {
    auto number = [&](auto& field) -> std::string {
        return parse_uint(value, field) ? std::string{} : "bad value '" + value + "' for --" + key;
    };
    if (key == "instance") {
        o.instance = value;
    } else if (key == "config") {
        std::string err;
        o.queues.clear();
        if (!parse_queue_map(value, o.queues, err)) return err;
    } else if (key == "portmask") {
        if (!parse_uint(value, o.portmask, 16) || o.portmask == 0) return "bad --portmask '" + value + "'";
    } else if (key == "mbufs") {
        return number(o.mbufs);
    } else if (key == "max-nexthops") {
        return number(o.max_nexthops);
    } else if (key == "max-groups") {
        return number(o.max_groups);
    } else if (key == "ftn-rules") {
        return number(o.ftn_rules);
    } else if (key == "ftn-tbl8s") {
        return number(o.ftn_tbl8s);
    } else if (key == "tap") {
        const auto eq = value.find('=');
        std::uint16_t port = 0;
        if (eq == std::string::npos || !parse_uint(value.substr(0, eq), port) || eq + 1 >= value.size() ||
            value.size() - eq - 1 >= 16) {
            return "bad --tap '" + value + "': expected PORT=NAME (name under 16 characters)";
        }
        o.taps[port] = value.substr(eq + 1);
    } else if (key == "no-tap") {
        o.no_tap = true;
    } else if (key == "punt-rate") {
        return number(o.punt_rate);
    } else if (key == "punt-burst") {
        return number(o.punt_burst);
    } else if (key == "punt-ttl-expired") {
        o.punt_ttl_expired = true;
    } else if (key == "local-addr") {
        std::uint32_t a = 0;
        if (!parse_ipv4(value, a)) return "bad --local-addr '" + value + "'";
        o.local_addrs.push_back(a);
    } else if (key == "no-hold-rx") {
        o.hold_rx = false;
    } else if (key == "exit-idle-ms") {
        return number(o.exit_idle_ms);
    } else if (key == "config-file") {
        return read_config_file(o, value, depth);
    } else {
        return "unknown option --" + key;
    }
    return {};
}

}  // namespace

bool parse_ipv4(const std::string& text, std::uint32_t& out) {
    in_addr a{};
    if (inet_pton(AF_INET, text.c_str(), &a) != 1) {
        return false;
    }
    out = ntohl(a.s_addr);
    return true;
}

ParseResult parse_options(const std::vector<std::string>& args) {
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            return usage();
        }
        if (a.rfind("--", 0) != 0) {
            return "unexpected argument '" + a + "'";
        }
        std::string key = a.substr(2);
        std::string value;
        if (auto eq = key.find('='); eq != std::string::npos && key.rfind("tap", 0) != 0) {
            value = key.substr(eq + 1);
            key.resize(eq);
        } else if (key.rfind("tap=", 0) == 0) {
            value = key.substr(4);
            key = "tap";
        } else if (takes_value(key)) {
            if (i + 1 >= args.size()) {
                return "option --" + key + " needs a value";
            }
            value = args[++i];
        }
        if (auto err = apply(o, key, value, 0); !err.empty()) {
            return err;
        }
    }
    if (o.instance.empty()) {
        return std::string("no shm instance: give --instance NAME (the control process's instance)");
    }
    if (o.mbufs < 1024) {
        return std::string("--mbufs must be at least 1024");
    }
    if (o.max_nexthops == 0 || o.max_groups == 0 || o.max_nexthops > (1u << 24) - 1 ||
        o.max_groups > (1u << 24) - 1) {
        return std::string("--max-nexthops and --max-groups must be in 1..16777215");
    }
    return o;
}

std::string usage() {
    return "usage: ldpsync-dp [EAL options] -- --instance NAME [--config (port,queue,lcore),...]\n"
           "       [--portmask HEX] [--mbufs N] [--max-nexthops N] [--max-groups N] [--ftn-rules N]\n"
           "       [--ftn-tbl8s N] [--tap PORT=NAME]... [--no-tap] [--punt-rate PPS] [--punt-burst N]\n"
           "       [--punt-ttl-expired] [--local-addr A.B.C.D]... [--no-hold-rx] [--exit-idle-ms N]\n"
           "       [--config-file PATH]\n";
}

}  // namespace ldpsync::dp
