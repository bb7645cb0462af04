// ldpsync-pktgen: realistic MPLS / IPv4 traffic, written to a pcap file or sent through DPDK
// ports to a router under test.
//
//   ldpsync-pktgen --out FILE [traffic options]
//   ldpsync-pktgen [EAL options] -- --tx-port N [--rx-port N] [--seconds S] [--count N]
//                  [--rate-mpps R] [--drain-ms MS] [--link-wait-s S] [--pool N] [--latency]
//                  [--json] [traffic options]
//
// Traffic options: [--mix swap|push|mixed|push-heavy] [--entries N] [--packets N] [--flows N]
//                  [--size BYTES|imix] [--seed S] [--labels allocator|spread]
//                  [--dst-mac XX:XX:XX:XX:XX:XX] [--src-mac XX:XX:XX:XX:XX:XX]
//
// Labels and prefixes are those of FEC 0..entries-1 (tools/pktgen/traffic.hpp), the set
// ldpsync-dp-bench installs, so the traffic is forwarded, not dropped. In the DPDK mode the
// `--packets` frames are sent round and round; what comes back on the rx port is counted.

#include <signal.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "pcap_write.hpp"
#include "traffic.hpp"
#ifdef LDPSYNC_PKTGEN_DPDK
#include <rte_eal.h>
#include <rte_errno.h>

#include "port_driver.hpp"
#endif

using namespace ldpsync::pktgen;

namespace {

[[noreturn]] void usage_error(const std::string& what) {
    std::fprintf(stderr, "ldpsync-pktgen: %s\n", what.c_str());
    std::exit(2);
}

// A whole decimal number that fits 32 (or 64) bits, or a message naming the option and exit 2.
std::uint64_t number(const std::string& option, const std::string& text, std::uint64_t max = UINT32_MAX) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || text[0] == '-' || *end != '\0' || errno != 0 || v > max) {
        usage_error(option + ": '" + text + "' is not a number from 0 to " + std::to_string(max));
    }
    return v;
}

double positive(const std::string& option, const std::string& text) {
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || errno != 0 || !(v >= 0) || v > 1e9) {
        usage_error(option + ": '" + text + "' is not a number >= 0");
    }
    return v;
}

Mac mac(const std::string& option, const std::string& text) {
    Mac m{};
    unsigned b[6];
    char tail = 0;
    if (std::sscanf(text.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &tail) != 6) {
        usage_error(option + ": '" + text + "' is not a MAC address (XX:XX:XX:XX:XX:XX)");
    }
    for (int i = 0; i < 6; ++i) m[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(b[i]);
    return m;
}

constexpr const char* kUsage =
    "usage: ldpsync-pktgen --out FILE [traffic options]\n"
    "       ldpsync-pktgen [EAL options] -- --tx-port N [--rx-port N] [--seconds S] [--count N]\n"
    "                      [--rate-mpps R] [--drain-ms MS] [--link-wait-s S] [--pool N] [--latency]\n"
    "                      [--json] [traffic options]\n"
    "traffic options: [--mix swap|push|mixed|push-heavy] [--entries N] [--packets N] [--flows N]\n"
    "                 [--size BYTES|imix] [--seed S] [--labels allocator|spread]\n"
    "                 [--dst-mac XX:XX:XX:XX:XX:XX] [--src-mac XX:XX:XX:XX:XX:XX]\n";

struct Args {
    TrafficSpec spec;
    std::string out;
    bool dpdk = false;  // options came after "--"
    bool json = false;
    std::optional<std::uint16_t> tx_port;
    std::optional<std::uint16_t> rx_port;
    double seconds = 5;
    bool seconds_given = false;
    std::uint64_t count = 0;
    double rate_mpps = 0;
    double drain_ms = 200;
    double link_wait_s = 10;
    bool latency = false;
    std::uint32_t pool = 8191;
};

Args parse(const std::vector<std::string>& argv, bool dpdk) {
    Args a;
    a.dpdk = dpdk;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& o = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argv.size()) usage_error(o + " needs a value");
            return argv[++i];
        };
        if (o == "--out" && !dpdk) a.out = next();
        else if (o == "--mix") {
            if (!parse_mix(next(), a.spec.mix)) usage_error("--mix is swap, push, mixed or push-heavy");
        } else if (o == "--labels") {
            if (!parse_label_layout(next(), a.spec.labels)) {
                usage_error("--labels is allocator (16, 17, ... as ldpsyncd hands them out) or spread");
            }
        } else if (o == "--entries") a.spec.entries = static_cast<std::uint32_t>(number(o, next()));
        else if (o == "--packets") a.spec.packets = static_cast<std::uint32_t>(number(o, next()));
        else if (o == "--flows") a.spec.flows = static_cast<std::uint32_t>(number(o, next()));
        else if (o == "--seed") a.spec.seed = static_cast<std::uint32_t>(number(o, next()));
        else if (o == "--size") {
            const std::string s = next();
            a.spec.size = s == "imix" ? 0 : static_cast<std::uint32_t>(number(o, s, 9000));
        } else if (o == "--dst-mac") a.spec.dst = mac(o, next());
        else if (o == "--src-mac") a.spec.src = mac(o, next());
        else if (o == "--tx-port" && dpdk) a.tx_port = static_cast<std::uint16_t>(number(o, next(), UINT16_MAX));
        else if (o == "--rx-port" && dpdk) a.rx_port = static_cast<std::uint16_t>(number(o, next(), UINT16_MAX));
        else if (o == "--seconds" && dpdk) {
            a.seconds = positive(o, next());
            a.seconds_given = true;
        } else if (o == "--count" && dpdk) a.count = number(o, next(), UINT64_MAX);
        else if (o == "--rate-mpps" && dpdk) a.rate_mpps = positive(o, next());
        else if (o == "--drain-ms" && dpdk) a.drain_ms = positive(o, next());
        else if (o == "--link-wait-s" && dpdk) a.link_wait_s = positive(o, next());
        else if (o == "--pool" && dpdk) a.pool = static_cast<std::uint32_t>(number(o, next()));
        else if (o == "--json" && dpdk) a.json = true;
        else if (o == "--latency" && dpdk) a.latency = true;
        else {
            std::fprintf(stderr, "ldpsync-pktgen: unknown option %s%s\n%s", o.c_str(),
                         dpdk ? "" : " (DPDK options go after EAL options and --)", kUsage);
            std::exit(2);
        }
    }
    if (a.spec.entries == 0 || a.spec.flows == 0 || a.spec.packets == 0) {
        usage_error("--entries, --flows and --packets must be > 0");
    }
    if (a.spec.entries > kMaxEntries) {
        usage_error("--entries: at most " + std::to_string(kMaxEntries) + " (one unreserved label per FEC)");
    }
    if (dpdk) {
        if (!a.tx_port) usage_error("--tx-port is required after --");
        if (a.count != 0 && !a.seconds_given) a.seconds = 0;  // --count alone: until that many are sent
    } else if (a.out.empty()) {
        std::fprintf(stderr, "ldpsync-pktgen: --out is required (or EAL options, --, and --tx-port)\n%s", kUsage);
        std::exit(2);
    }
    return a;
}

int write_file(const Args& a) {
    if (!write_pcap_file(a.out, make_traffic(a.spec))) {
        std::fprintf(stderr, "ldpsync-pktgen: cannot write %s\n", a.out.c_str());
        return 1;
    }
    std::printf("ldpsync-pktgen: wrote %u packets to %s\n", a.spec.packets, a.out.c_str());
    return 0;
}

#ifdef LDPSYNC_PKTGEN_DPDK
std::atomic<bool> g_stop{false};

int drive(const Args& a, int eal_argc, char** eal_argv) {
    if (rte_eal_init(eal_argc, eal_argv) < 0) {
        std::fprintf(stderr, "ldpsync-pktgen: EAL: %s\n", rte_strerror(rte_errno));
        return 1;
    }
    signal(SIGINT, [](int) { g_stop = true; });
    signal(SIGTERM, [](int) { g_stop = true; });
    PortDriveOptions o;
    o.tx_port = *a.tx_port;
    o.rx_port = a.rx_port;
    o.seconds = a.seconds;
    o.count = a.count;
    o.rate_mpps = a.rate_mpps;
    o.drain_seconds = a.drain_ms / 1000;
    o.link_wait_seconds = a.link_wait_s;
    o.latency = a.latency;
    o.pool_mbufs = a.pool;
    PortDriveResult r;
    const std::string why = drive_ports(make_traffic(a.spec), o, g_stop, r);
    rte_eal_cleanup();
    if (!why.empty()) {
        std::fprintf(stderr, "ldpsync-pktgen: %s\n", why.c_str());
        return 1;
    }
    const long long lost = a.rx_port ? static_cast<long long>(r.tx) - static_cast<long long>(r.rx) : 0;
    const auto l = r.latency.summary_us();
    if (a.json) {
        std::printf("{\"tx\":%llu,\"refused\":%llu,\"rx\":%llu,\"rx_bytes\":%llu,\"lost\":%lld,\"seconds\":%.6f,"
                    "\"tx_mpps\":%.3f,\"rx_mpps\":%.3f",
                    static_cast<unsigned long long>(r.tx), static_cast<unsigned long long>(r.refused),
                    static_cast<unsigned long long>(r.rx), static_cast<unsigned long long>(r.rx_bytes), lost,
                    r.send_seconds, r.tx_mpps(), r.rx_mpps());
        if (a.latency) {
            std::printf(",\"latency_us\":{\"samples\":%llu,\"min\":%.3f,\"mean\":%.3f,\"p50\":%.3f,\"p99\":%.3f,"
                        "\"max\":%.3f}",
                        static_cast<unsigned long long>(l.samples), l.min, l.mean, l.p50, l.p99, l.max);
        }
        std::printf("}\n");
    } else {
        std::printf("ldpsync-pktgen: tx=%llu (%.3f Mpps) refused=%llu", static_cast<unsigned long long>(r.tx),
                    r.tx_mpps(), static_cast<unsigned long long>(r.refused));
        if (a.rx_port) {
            std::printf(" rx=%llu (%.3f Mpps) lost=%lld", static_cast<unsigned long long>(r.rx), r.rx_mpps(), lost);
        }
        std::printf(" over %.3f s\n", r.send_seconds);
        if (a.latency) {
            std::printf("ldpsync-pktgen: latency over %llu frames: min %.1f us, mean %.1f us, p50 %.1f us, p99 %.1f us,"
                        " max %.1f us\n",
                        static_cast<unsigned long long>(l.samples), l.min, l.mean, l.p50, l.p99, l.max);
        }
    }
    return g_stop ? 130 : 0;
}
#endif

}  // namespace

int main(int argc, char** argv) {
    int split = -1;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--") {
            split = i;
            break;
        }
    }
    if (split < 0) {
        return write_file(parse(std::vector<std::string>(argv + 1, argv + argc), false));
    }
#ifdef LDPSYNC_PKTGEN_DPDK
    const Args a = parse(std::vector<std::string>(argv + split + 1, argv + argc), true);
    return drive(a, split, argv);
#else
    usage_error("this build has no DPDK: only --out FILE is available");
#endif
}
