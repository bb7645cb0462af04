// ldpsync-pktgen: writes realistic MPLS / IPv4 traffic to a pcap file.
//
//   ldpsync-pktgen --out FILE [--mix swap|push|mixed|push-heavy] [--entries N] [--packets N]
//                  [--flows N] [--size BYTES|imix] [--seed S] [--labels allocator|spread]
//
// Labels and prefixes are those of FEC 0..entries-1 (tools/pktgen/traffic.hpp), the set
// ldpsync-dp-bench installs, so a capture written here is forwarded, not dropped.

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "pcap_write.hpp"
#include "traffic.hpp"

using namespace ldpsync::pktgen;

namespace {

// A whole decimal number that fits 32 bits, or a message naming the option and exit 2.
std::uint32_t number(const std::string& option, const std::string& text) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || text[0] == '-' || *end != '\0' || errno != 0 || v > UINT32_MAX) {
        std::fprintf(stderr, "ldpsync-pktgen: %s: '%s' is not a number from 0 to %u\n", option.c_str(), text.c_str(),
                     UINT32_MAX);
        std::exit(2);
    }
    return static_cast<std::uint32_t>(v);
}

}  // namespace

int main(int argc, char** argv) {
    TrafficSpec spec;
    std::string out;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "ldpsync-pktgen: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--out") out = next();
        else if (a == "--labels") {
            if (!parse_label_layout(next(), spec.labels)) {
                std::fprintf(stderr, "ldpsync-pktgen: --labels is allocator (16, 17, ... as ldpsyncd hands them out) or spread\n");
                return 2;
            }
        }
        else if (a == "--mix") {
            if (!parse_mix(next(), spec.mix)) {
                std::fprintf(stderr, "ldpsync-pktgen: --mix is swap, push, mixed or push-heavy\n");
                return 2;
            }
        } else if (a == "--entries") spec.entries = number(a, next());
        else if (a == "--packets") spec.packets = number(a, next());
        else if (a == "--flows") spec.flows = number(a, next());
        else if (a == "--seed") spec.seed = number(a, next());
        else if (a == "--size") {
            const std::string s = next();
            spec.size = s == "imix" ? 0 : number(a, s);
        } else {
            std::fprintf(stderr, "usage: ldpsync-pktgen --out FILE [--mix swap|push|mixed|push-heavy] [--entries N]\n"
                                 "       [--packets N] [--flows N] [--size BYTES|imix] [--seed S] [--labels allocator|spread]\n");
            return 2;
        }
    }
    if (out.empty() || spec.entries == 0 || spec.flows == 0) {
        std::fprintf(stderr, "ldpsync-pktgen: --out is required; --entries and --flows must be > 0\n");
        return 2;
    }
    if (spec.entries > kMaxEntries) {
        std::fprintf(stderr, "ldpsync-pktgen: --entries: at most %u (one unreserved label per FEC)\n", kMaxEntries);
        return 2;
    }
    if (!write_pcap_file(out, make_traffic(spec))) {
        std::fprintf(stderr, "ldpsync-pktgen: cannot write %s\n", out.c_str());
        return 1;
    }
    std::printf("ldpsync-pktgen: wrote %u packets to %s\n", spec.packets, out.c_str());
    return 0;
}
