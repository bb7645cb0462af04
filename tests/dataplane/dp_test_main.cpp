// dataplane-pcap-test path/to/ldpsync-dp [--huge] [gtest options]
//
// --huge runs every test with ldpsync-dp on 2 MiB hugepages (EAL --in-memory) instead of
// --no-huge: the memory mode of real deployments. As root it reserves the pages it needs for
// the run and gives them back at the end; without root, or when the kernel will not give
// them, it exits 77 (skipped) and says why.

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
        std::fprintf(stderr, "usage: %s path/to/ldpsync-dp [--huge] [gtest options]\n", argv[0]);
        return 2;
    }
    ldpsync::dptest::g_dp_binary = argv[1];
    ldpsync::test::HugepageReservation pages;
    if (argc >= 3 && std::string(argv[2]) == "--huge") {
        if (auto why = pages.reserve(kPagesWanted)) {
            std::printf("SKIPPED: %s\n", why->c_str());
            return 77;
        }
        ldpsync::dptest::g_dp_hugepages = true;
    }
    return RUN_ALL_TESTS();
}
