// dataplane-pcap-test path/to/ldpsync-dp [--huge] [gtest options]
//
// --huge runs every test with ldpsync-dp on 2 MiB hugepages (EAL --in-memory) instead of
// --no-huge: the memory mode of real deployments. As root it reserves the pages it needs for
// the run and gives them back at the end; without root, or when the kernel will not give
// them, it exits 77 (skipped) and says why.

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <optional>
#include <string>

#include "dp_rig.hpp"

namespace {

constexpr const char* kNrHugepages = "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages";
constexpr const char* kFreeHugepages = "/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages";
// Two ldpsync-dp at -m 256 (the resync test overlaps a stopping and a starting one), and slack.
constexpr long kPagesWanted = 2 * 128 + 64;

std::optional<long> read_number(const char* path) {
    std::ifstream in(path);
    long v = 0;
    if (in >> v) return v;
    return std::nullopt;
}

bool write_number(const char* path, long v) {
    std::ofstream out(path);
    out << v << '\n';
    out.flush();
    return static_cast<bool>(out);
}

// Reserves kPagesWanted free 2 MiB pages on top of what is there; puts the count back when
// destroyed.
class HugepageReservation {
public:
    std::optional<std::string> reserve() {
        if (::geteuid() != 0) return "needs root to reserve 2 MiB hugepages";
        const auto total = read_number(kNrHugepages);
        const auto free = read_number(kFreeHugepages);
        if (!total || !free) return std::string("no 2 MiB hugepage support (") + kNrHugepages + ")";
        previous_ = *total;
        const long wanted = *total + kPagesWanted - *free;
        if (wanted > *total && !write_number(kNrHugepages, wanted)) return "cannot write " + std::string(kNrHugepages);
        changed_ = wanted > *total;
        const auto now_free = read_number(kFreeHugepages);
        if (!now_free || *now_free < kPagesWanted) {
            return "the kernel gave " + std::to_string(now_free.value_or(0)) + " free 2 MiB pages of " +
                   std::to_string(kPagesWanted) + " wanted";
        }
        return std::nullopt;
    }
    ~HugepageReservation() {
        if (changed_) write_number(kNrHugepages, previous_);
    }

private:
    long previous_ = 0;
    bool changed_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s path/to/ldpsync-dp [--huge] [gtest options]\n", argv[0]);
        return 2;
    }
    ldpsync::dptest::g_dp_binary = argv[1];
    HugepageReservation pages;
    if (argc >= 3 && std::string(argv[2]) == "--huge") {
        if (auto why = pages.reserve()) {
            std::printf("SKIPPED: %s\n", why->c_str());
            return 77;
        }
        ldpsync::dptest::g_dp_hugepages = true;
    }
    return RUN_ALL_TESTS();
}
