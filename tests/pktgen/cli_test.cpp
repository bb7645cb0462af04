// ldpsync-pktgen as operators run it: bad arguments are refused with the option named and
// exit 2; a good run writes a capture whose frames carry the requested label layout.
// argv[1]: the ldpsync-pktgen binary.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "../common/process.hpp"
#include "pcap_read.hpp"
#include "traffic.hpp"

namespace {

using namespace std::chrono_literals;
namespace pg = ldpsync::pktgen;

std::string g_pktgen;

struct PktgenRun {
    int exit_code = -1;
    std::string output;  // stdout and stderr
};

PktgenRun pktgen(std::vector<std::string> args) {
    std::vector<std::string> argv = {"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>&1", g_pktgen};
    argv.insert(argv.end(), args.begin(), args.end());
    ldpsync::test::ChildProcess child(argv);
    const auto status = child.wait_exit(60s);
    PktgenRun r;
    if (status && WIFEXITED(*status)) {
        r.exit_code = WEXITSTATUS(*status);
    }
    r.output = child.output();
    return r;
}

class PktgenCli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("pktgen-cli-" + std::to_string(getpid()));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string out(const std::string& name) const { return (dir_ / name).string(); }

    std::filesystem::path dir_;
};

std::set<std::uint32_t> top_labels(const std::string& pcap) {
    std::set<std::uint32_t> labels;
    for (const auto& f : pg::read_pcap_file(pcap)) {
        const auto& b = f.bytes;
        if (b.size() >= 18 && b[12] == 0x88 && b[13] == 0x47) {
            labels.insert((std::uint32_t{b[14]} << 12) | (std::uint32_t{b[15]} << 4) | (b[16] >> 4));
        }
    }
    return labels;
}

TEST_F(PktgenCli, ANumberThatIsNotOneIsRefusedWithTheOptionNamed) {
    for (const std::string bad : {"abc", "12x", "-5", "", "99999999999"}) {
        const PktgenRun r = pktgen({"--out", out("x.pcap"), "--packets", bad});
        EXPECT_EQ(r.exit_code, 2) << bad;
        EXPECT_NE(r.output.find("--packets: '" + bad + "' is not a number"), std::string::npos) << r.output;
    }
    EXPECT_FALSE(std::filesystem::exists(out("x.pcap")));
}

TEST_F(PktgenCli, MoreFecsThanUnreservedLabelsAreRefused) {
    const PktgenRun r = pktgen({"--out", out("x.pcap"), "--entries", std::to_string(pg::kMaxEntries + 1)});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.output.find("--entries: at most"), std::string::npos) << r.output;
}

TEST_F(PktgenCli, AnUnknownLabelLayoutIsRefused) {
    const PktgenRun r = pktgen({"--out", out("x.pcap"), "--labels", "random"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.output.find("--labels is allocator"), std::string::npos) << r.output;
}

TEST_F(PktgenCli, WritesTheLabelsOfEachLayout) {
    const PktgenRun dense = pktgen({"--out", out("dense.pcap"), "--mix", "swap", "--entries", "50", "--packets", "1000"});
    ASSERT_EQ(dense.exit_code, 0) << dense.output;
    EXPECT_EQ(pg::read_pcap_file(out("dense.pcap")).size(), 1000u);
    std::set<std::uint32_t> want;
    for (std::uint32_t l = 16; l < 66; ++l) {
        want.insert(l);
    }
    EXPECT_EQ(top_labels(out("dense.pcap")), want) << "default layout: labels 16..65, as ldpsyncd allocates them";

    const PktgenRun spread = pktgen({"--out", out("spread.pcap"), "--mix", "swap", "--entries", "50", "--packets", "1000",
                               "--labels", "spread"});
    ASSERT_EQ(spread.exit_code, 0) << spread.output;
    want.clear();
    for (std::uint32_t i = 0; i < 50; ++i) {
        want.insert(pg::label_of(i, 1, pg::LabelLayout::spread));
    }
    EXPECT_EQ(top_labels(out("spread.pcap")), want);
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s PATH-TO-ldpsync-pktgen\n", argv[0]);
        return 2;
    }
    g_pktgen = argv[1];
    return RUN_ALL_TESTS();
}
