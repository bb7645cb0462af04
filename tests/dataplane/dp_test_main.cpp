// dataplane-pcap-test path/to/ldpsync-dp [--huge] [--pktgen path/to/ldpsync-pktgen] [gtest options]
//
// --huge runs every test with ldpsync-dp on 2 MiB hugepages (EAL --in-memory) instead of
// --no-huge: the memory mode of real deployments. As root it reserves the pages it needs for
// the run and gives them back at the end; without root, or when the kernel will not give
// them, it exits 77 (skipped) and says why. --pktgen enables the tests where the generator
// drives ldpsync-dp over memif links.

#include <gtest/gtest.h>

#include <string>

#include "../common/hugepages.hpp"
#include "dp_rig.hpp"

namespace {
// Two ldpsync-dp at -m 256 (the resync test overlaps a stopping and a starting one), and slack.
constexpr long kPagesWanted = 2 * 128 + 64;
}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s path/to/ldpsync-dp [--huge] [--pktgen PATH] [gtest options]\n", argv[0]);
        return 2;
    }
    ldpsync::dptest::g_dp_binary = argv[1];
    bool huge = false;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--huge") {
            huge = true;
        } else if (a == "--pktgen" && i + 1 < argc) {
            ldpsync::dptest::g_pktgen_binary = argv[++i];
        } else {
            std::fprintf(stderr, "%s: unknown argument %s\n", argv[0], a.c_str());
            return 2;
        }
    }
    ldpsync::test::HugepageReservation pages;
    if (huge) {
        if (auto why = pages.reserve(kPagesWanted)) {
            std::printf("SKIPPED: %s\n", why->c_str());
            return 77;
        }
        ldpsync::dptest::g_dp_hugepages = true;
    }
    return RUN_ALL_TESTS();
}
