// ldpsync-pktgen driving ldpsync-dp the way a hardware tester drives a router: the generator
// sends on one memif link into the data plane and counts what comes back on the other, each
// side its own DPDK process. Runs only when main() was given --pktgen PATH.

#include <gtest/gtest.h>

#include "../common/pktgen_report.hpp"
#include "../common/process.hpp"
#include "dp_rig.hpp"
#include "traffic.hpp"

using namespace ldpsync;
using namespace ldpsync::dptest;

namespace {

const pg::Mac kPeer = {0x02, 0xaa, 0, 0, 0, 0x01};
constexpr std::uint32_t kFecs = 50;
constexpr std::uint32_t kInLink = 1;
constexpr std::uint32_t kOutLink = 2;

std::uint64_t counter(Rig& rig, std::uint32_t link, shm::Counter c) {
    return rig.end().link_counters(link)[static_cast<std::size_t>(c)];
}


std::string mac_text(const pg::Mac& m) {
    char s[18];
    std::snprintf(s, sizeof(s), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
    return s;
}

class PktgenThroughTheDataplane : public ::testing::Test {
protected:
    void SetUp() override {
        if (g_pktgen_binary.empty()) {
            GTEST_SKIP() << "no --pktgen PATH given";
        }
        ASSERT_TRUE(rig_.ok());
        // Port 0 faces the generator's sender, port 1 its receiver: every FEC swaps out of port 1.
        rig_.link(kInLink, 0, true);
        rig_.link(kOutLink, 1, true);
        for (std::uint32_t i = 0; i < kFecs; ++i) {
            rig_.lsp(100 + i, kOutLink, {pg::out_label_of(i, 1)}, kPeer);
            rig_.ilm(pg::label_of(i, 1, pg::LabelLayout::allocator), 100 + i);
        }
        rig_.pub().commit();
        rig_.pub().mark_ready();
        // ldpsync-dp is the memif server (it listens); the generator connects as the client.
        ASSERT_TRUE(rig_.start_custom({"-l", "0,1"},
                                      {"net_memif0,role=server,id=0,rsize=14,socket=" + rig_.path("in.sock"),
                                       "net_memif1,role=server,id=0,rsize=14,socket=" + rig_.path("out.sock")},
                                      {"--no-tap"}, 0))
            << rig_.dp().output();
        ASSERT_TRUE(rig_.serve_until_output("ldpsync-dp: forwarding ilm=50", 20s)) << rig_.dp().output();
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all("/var/run/dpdk/" + prefix_, ec);
    }

    // Runs the generator to the end while serving the control side; its JSON line.
    std::string send(std::uint64_t count) {
        const std::vector<std::string> argv = {
            g_pktgen_binary, "--no-huge", "-m", "256", "--no-pci", "--file-prefix", prefix_, "-l", "0", "--log-level",
            "lib.eal:warning", "--vdev", "net_memif0,role=client,id=0,rsize=14,socket=" + rig_.path("in.sock"), "--vdev",
            "net_memif1,role=client,id=0,rsize=14,socket=" + rig_.path("out.sock"), "--",
            // the tester: 20k frames a second, every one timed back
            "--tx-port", "0", "--rx-port", "1", "--count", std::to_string(count), "--rate-mpps", "0.02", "--drain-ms",
            "500", "--latency", "--json",
            // the traffic: swaps of the FECs installed above, to ldpsync-dp's port
            "--mix", "swap", "--entries", std::to_string(kFecs), "--packets", "512", "--dst-mac",
            mac_text(rig_.port_mac(0))};
        test::ChildProcess pktgen(argv);
        std::optional<int> st;
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (!st && std::chrono::steady_clock::now() < deadline) {
            rig_.serve_for(10ms);
            st = pktgen.wait_exit(0ms);
        }
        EXPECT_TRUE(st && test::ChildProcess::exited_cleanly(*st)) << pktgen.output();
        return pktgen.output();
    }

    Rig rig_{"pgdp"};
    std::string prefix_ = rig_.instance() + "-pktgen";
};

}  // namespace

// Paced well below what this shared box can forward, with memif rings of 16k frames (0.8 s of
// traffic, longer than any preemption of a busy-polling process here), so nothing may be
// lost: every frame the generator sent is counted back, and the data plane's counters agree
// frame for frame.
TEST_F(PktgenThroughTheDataplane, EveryFrameSentComesBack) {
    const std::string out = send(10000);
    const auto report = test::pktgen_report(out);
    EXPECT_EQ(report.at("tx"), 10000) << out;
    EXPECT_EQ(report.at("refused"), 0) << out;
    EXPECT_EQ(report.at("rx"), 10000) << out;
    EXPECT_EQ(report.at("lost"), 0) << out;
    EXPECT_EQ(counter(rig_, kInLink, shm::Counter::rx), 10000u);
    EXPECT_EQ(counter(rig_, kOutLink, shm::Counter::tx), 10000u);
    // Every frame came back with its stamp (the label swap in front of it left the tail alone),
    // and each took more than nothing and less than the whole run.
    const auto& latency = report.at("latency_us");
    EXPECT_EQ(latency.at("samples"), 10000) << out;
    EXPECT_GT(latency.at("min").get<double>(), 0.0) << out;
    EXPECT_LT(latency.at("max").get<double>(), 10e6) << out;
}

// The router's promise seen from the tester: with the out link not synced, nothing comes back.
TEST_F(PktgenThroughTheDataplane, AnUnsyncedLinkSendsNothingBack) {
    shm::LinkRecord closed = *rig_.end().link(kOutLink);
    closed.usable = 0;
    rig_.end().publish_link(closed);
    rig_.serve_for(50ms);
    const std::string out = send(2000);
    const auto report = test::pktgen_report(out);
    EXPECT_EQ(report.at("tx"), 2000) << out;
    EXPECT_EQ(report.at("rx"), 0) << out;
    EXPECT_EQ(counter(rig_, kOutLink, shm::Counter::tx), 0u);
    EXPECT_EQ(counter(rig_, kOutLink, shm::Counter::dropped_unsynced), 2000u);
}
