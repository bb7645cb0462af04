// ldpsync-pktgen as operators run it: bad arguments are refused with the option named and
// exit 2; a good run writes a capture whose frames carry the requested label layout; in the
// DPDK mode it sends through real (virtual) DPDK ports and counts what comes back.
// argv[1]: the ldpsync-pktgen binary; --dpdk when it was built with its DPDK mode.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "../common/pktgen_report.hpp"
#include "../common/process.hpp"
#include "latency.hpp"
#include "pcap_read.hpp"
#include "traffic.hpp"

namespace {

using namespace std::chrono_literals;
namespace pg = ldpsync::pktgen;

std::string g_pktgen;
bool g_dpdk = false;  // main() --dpdk: the binary was built with its DPDK mode

// Where DPDK keeps a process's runtime files (rte_eal's rule): /var/run/dpdk as root, else
// under XDG_RUNTIME_DIR or /tmp.
std::filesystem::path dpdk_runtime_dir(const std::string& prefix) {
    if (geteuid() == 0) return std::filesystem::path("/var/run/dpdk") / prefix;
    const char* xdg = std::getenv("XDG_RUNTIME_DIR");
    return std::filesystem::path(xdg != nullptr ? xdg : "/tmp") / "dpdk" / prefix;
}

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

// DPDK mode: EAL options, --, then the port options. Every run gets its own runtime
// directory, removed afterwards.
class PktgenPorts : public PktgenCli {
protected:
    void SetUp() override {
        if (!g_dpdk) GTEST_SKIP() << "ldpsync-pktgen was built without DPDK";
        PktgenCli::SetUp();
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dpdk_runtime_dir(prefix()), ec);
        PktgenCli::TearDown();
    }
    std::string prefix() const { return "pktgen-cli-" + std::to_string(getpid()); }
    PktgenRun drive(const std::vector<std::string>& vdevs, const std::vector<std::string>& options) {
        std::vector<std::string> args = {"--no-huge", "-m", "128", "--no-pci", "-l", "0", "--file-prefix", prefix(),
                                         "--log-level", "lib.eal:warning"};
        for (const auto& v : vdevs) {
            args.push_back("--vdev");
            args.push_back(v);
        }
        args.push_back("--");
        args.insert(args.end(), options.begin(), options.end());
        return pktgen(args);
    }
};


TEST_F(PktgenPorts, SendsTheGeneratedFramesInOrderAndCountsWhatArrives) {
    ASSERT_EQ(pktgen({"--out", out("in.pcap"), "--packets", "37"}).exit_code, 0);
    const PktgenRun r = drive({"net_pcap0,tx_pcap=" + out("sent.pcap"), "net_pcap1,rx_pcap=" + out("in.pcap")},
                              {"--tx-port", "0", "--rx-port", "1", "--count", "250", "--packets", "100", "--entries",
                               "20", "--labels", "spread", "--dst-mac", "02:00:00:00:00:aa", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto report = ldpsync::test::pktgen_report(r.output);
    EXPECT_EQ(report.at("tx"), 250) << r.output;
    EXPECT_EQ(report.at("refused"), 0) << r.output;
    EXPECT_EQ(report.at("rx"), 37) << r.output;
    pg::TrafficSpec spec;
    spec.packets = 100;
    spec.entries = 20;
    spec.labels = pg::LabelLayout::spread;
    spec.dst = {0x02, 0, 0, 0, 0, 0xaa};
    const auto want = pg::make_traffic(spec);
    const auto sent = pg::read_pcap_file(out("sent.pcap"));
    ASSERT_EQ(sent.size(), 250u);
    for (std::size_t i = 0; i < sent.size(); ++i) {
        ASSERT_EQ(sent[i].bytes, want[i % want.size()]) << "frame " << i;
    }
}

// --latency: every frame leaves with a stamp in its last 16 bytes and is otherwise the
// generated one; frames that come back without a stamp are counted but give no sample.
TEST_F(PktgenPorts, LatencyStampsEveryFrameSentAndTimesOnlyStampedOnes) {
    ASSERT_EQ(pktgen({"--out", out("in.pcap"), "--packets", "20"}).exit_code, 0);
    const PktgenRun r = drive({"net_pcap0,tx_pcap=" + out("sent.pcap"), "net_pcap1,rx_pcap=" + out("in.pcap")},
                              {"--tx-port", "0", "--rx-port", "1", "--count", "64", "--packets", "16", "--latency",
                               "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto report = ldpsync::test::pktgen_report(r.output);
    EXPECT_EQ(report.at("rx"), 20) << r.output;
    EXPECT_EQ(report.at("latency_us").at("samples"), 0) << r.output;
    pg::TrafficSpec spec;
    spec.packets = 16;
    const auto want = pg::make_traffic(spec);
    const auto sent = pg::read_pcap_file(out("sent.pcap"));
    ASSERT_EQ(sent.size(), 64u);
    for (std::size_t i = 0; i < sent.size(); ++i) {
        const auto& b = sent[i].bytes;
        const auto& w = want[i % want.size()];
        ASSERT_EQ(b.size(), w.size());
        std::uint64_t tsc = 0;
        EXPECT_TRUE(pg::read_stamp(b.data(), b.size(), tsc)) << "frame " << i;
        EXPECT_TRUE(std::equal(b.begin(), b.end() - pg::kStampSize, w.begin())) << "frame " << i;
    }
}

TEST_F(PktgenPorts, APacedRunNeverSendsAheadOfTheRate) {
    const PktgenRun r = drive({"net_null0"}, {"--tx-port", "0", "--rate-mpps", "0.002", "--seconds", "0.5", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::uint64_t tx = ldpsync::test::pktgen_report(r.output).at("tx");
    EXPECT_GT(tx, 0u) << r.output;
    EXPECT_LE(tx, 2000u * 0.5 + 32) << "unpaced, net_null takes tens of millions a second: " << r.output;
}

TEST_F(PktgenPorts, APortThatIsNotThereIsOneClearError) {
    const PktgenRun r = drive({"net_null0"}, {"--tx-port", "3", "--count", "10"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("ldpsync-pktgen: port 3 does not exist (1 available"), std::string::npos) << r.output;
}

TEST_F(PktgenPorts, PortOptionsAreCheckedBeforeDpdkStarts) {
    PktgenRun r = drive({"net_null0"}, {"--rate-mpps", "1"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.output.find("--tx-port is required"), std::string::npos) << r.output;
    r = drive({"net_null0"}, {"--tx-port", "0", "--rate-mpps", "fast"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.output.find("--rate-mpps: 'fast' is not a number"), std::string::npos) << r.output;
    r = drive({"net_null0"}, {"--tx-port", "0", "--dst-mac", "02:00:00:00:00"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.output.find("--dst-mac: '02:00:00:00:00' is not a MAC address"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("EAL"), std::string::npos) << "EAL never started: " << r.output;
}

TEST_F(PktgenPorts, PortOptionsWithoutTheSeparatorPointToIt) {
    const PktgenRun r = pktgen({"--tx-port", "0"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.output.find("unknown option --tx-port (DPDK options go after EAL options and --)"), std::string::npos)
        << r.output;
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s PATH-TO-ldpsync-pktgen [--dpdk]\n", argv[0]);
        return 2;
    }
    g_pktgen = argv[1];
    g_dpdk = argc >= 3 && std::string(argv[2]) == "--dpdk";
    return RUN_ALL_TESTS();
}
