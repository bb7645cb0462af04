#pragma once
// ldpsync-dp's own options (after EAL's "--"), from the command line and/or a config file.
// Parsing is pure; checks that need EAL (lcores enabled, ports present) are done by the app.
//
//   --instance NAME            shm instance to attach (required)
//   --config (P,Q,L)[,...]     rx queue Q of port P is polled by lcore L (l3fwd style)
//   --portmask HEX             ports to use (default: every probed port)
//   --mbufs N                  mbuf pool size (default 8191)
//   --max-nexthops N / --max-groups N / --ftn-rules N / --ftn-tbl8s N   table sizes
//   --tap P=NAME               name of port P's exception-path TAP (default from shm, else ldpsP)
//   --no-tap                   no exception path (punted packets are dropped and counted)
//   --punt-rate PPS / --punt-burst N   per-port punt policer
//   --punt-ttl-expired         TTL-expired packets go to the TAP instead of being dropped
//   --local-addr A.B.C.D       an address of this router (repeatable): traffic to it is punted
//   --no-hold-rx               forward before the first full table replay has been applied
//   --exit-idle-ms N           (tests) exit once rx has been idle N ms after the first packet
//   --config-file PATH         read "key value" lines (same keys, no dashes; '#' comments)

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace ldpsync::dp {

struct QueueMap {
    std::uint16_t port = 0;
    std::uint16_t queue = 0;
    std::uint32_t lcore = 0;
    bool operator==(const QueueMap&) const = default;
};

struct Options {
    std::string instance;
    std::vector<QueueMap> queues;
    std::uint64_t portmask = ~std::uint64_t{0};
    std::uint32_t mbufs = 8191;
    std::uint32_t max_nexthops = 1u << 16;
    std::uint32_t max_groups = 1u << 16;
    std::uint32_t ftn_rules = 1u << 16;
    std::uint32_t ftn_tbl8s = 1u << 12;
    std::map<std::uint16_t, std::string> taps;
    bool no_tap = false;
    std::uint32_t punt_rate = 2000;
    std::uint32_t punt_burst = 64;
    bool punt_ttl_expired = false;
    std::vector<std::uint32_t> local_addrs;  // host order
    bool hold_rx = true;
    std::uint32_t exit_idle_ms = 0;
};

using ParseResult = std::variant<Options, std::string>;  // options, or one clear message

ParseResult parse_options(const std::vector<std::string>& args);
std::string usage();
bool parse_ipv4(const std::string& text, std::uint32_t& out);

}  // namespace ldpsync::dp
