// The sync gate under traffic, and resync after a data-plane restart.

#include <gtest/gtest.h>

#include "dp_rig.hpp"

using namespace ldpsync;
using namespace ldpsync::dptest;

namespace {

const pg::Mac kPeerA = {0x02, 0xaa, 0, 0, 0, 0x01};
const pg::Mac kPeerB = {0x02, 0xbb, 0, 0, 0, 0x02};
const pg::Mac kSender = {0x02, 0x99, 0, 0, 0, 0x99};
const pg::Mac kAnyDst = {0x02, 0x11, 0x11, 0x11, 0x11, 0x11};

pg::Bytes labeled(std::uint32_t label, std::uint16_t id) {
    return pg::frame(kAnyDst, kSender, {{label, 0, 64}},
                     pg::ipv4_packet({.src = 0xc0000201, .dst = 0x0b000001, .proto = 17, .ttl = 64, .sport = id,
                                      .dport = 7000, .payload = 26}));
}
std::uint64_t tx_of(Rig& rig, std::uint32_t link) {
    return rig.end().link_counters(link)[static_cast<std::size_t>(shm::Counter::tx)];
}
std::uint32_t top_label(const pg::Bytes& b) { return be32_at(b, 14) >> 12; }

}  // namespace

// Traffic replayed for ever over an ECMP group on links 1 and 2; link 2's gate is closed
// mid-stream. Clock-free check: link 2's tx counter may grow by at most the burst that
// had already passed the gate when the write happened, and the capture agrees with it.
TEST(DataplaneGate, FlipUnderTrafficStopsTheLinkWithinOneBurst) {
    Rig rig("gate");
    ASSERT_TRUE(rig.ok());
    rig.link(1, 0, true);
    rig.link(2, 1, true);
    rig.nexthop(1, 1, {601}, kPeerA);
    rig.nexthop(2, 2, {602}, kPeerB);
    rig.group(10, {1, 2});
    rig.ilm(1000, 10);
    rig.pub().commit();
    rig.pub().mark_ready();
    std::vector<pg::Bytes> in;
    for (std::uint16_t f = 0; f < 256; ++f) in.push_back(labeled(1000, f));
    write_pcap(rig.path("in0.pcap"), in);
    ASSERT_TRUE(rig.start_dp({rig.path("in0.pcap"), ""}, {"--no-tap"}, true, 0)) << rig.dp().output();
    ASSERT_TRUE(rig.serve_until_output("ldpsync-dp: forwarding", 20s)) << rig.dp().output();
    // Let traffic flow on both links.
    const auto t0 = std::chrono::steady_clock::now();
    while (tx_of(rig, 2) < 1000 && std::chrono::steady_clock::now() - t0 < 10s) rig.serve_for(5ms);
    ASSERT_GE(tx_of(rig, 2), 1000u);

    shm::LinkRecord closed = *rig.end().link(2);
    closed.usable = 0;
    rig.end().publish_link(closed);
    const double flip_epoch = now_epoch();
    const std::uint64_t link2_at_flip = tx_of(rig, 2);
    const std::uint64_t link1_at_flip = tx_of(rig, 1);
    rig.serve_for(150ms);
    // Observability while running: the gate and the drop reason are visible by name.
    const std::string gates = telemetry(rig.instance(), "/ldpsync/gates");
    EXPECT_NE(gates.find("\"link2\":{\"usable\":0,\"port\":1}"), std::string::npos) << gates;
    EXPECT_NE(gates.find("\"link1\":{\"usable\":1,\"port\":0}"), std::string::npos) << gates;
    EXPECT_NE(telemetry(rig.instance(), "/ldpsync/workers").find("\"worker0\""), std::string::npos);
    EXPECT_NE(telemetry(rig.instance(), "/ldpsync/drops").find("\"unsynced\""), std::string::npos);
    const std::string fib = telemetry(rig.instance(), "/ldpsync/fib");
    EXPECT_NE(fib.find("\"ilm\":1,"), std::string::npos) << fib;
    EXPECT_NE(telemetry(rig.instance(), "/ldpsync/ports").find("\"port1\""), std::string::npos);
    const std::uint64_t link2_after = tx_of(rig, 2);
    const std::uint64_t link1_after = tx_of(rig, 1);
    const auto st = rig.stop_dp();
    ASSERT_TRUE(st.has_value());
    EXPECT_TRUE(test::ChildProcess::exited_cleanly(*st)) << rig.dp().output();

    EXPECT_LE(link2_after - link2_at_flip, 32u) << "packets left on link 2 after its gate closed";
    EXPECT_GT(link1_after - link1_at_flip, 1000u) << "traffic did not move to link 1";
    const auto out1 = read_pcap(rig.out_path(1));
    EXPECT_EQ(out1.size(), tx_of(rig, 2));
    for (const auto& c : out1) {
        ASSERT_EQ(top_label(c.bytes), 602u);
    }
    if (!out1.empty()) {
        // Informative: pcap PMD timestamps are TSC-derived, so this is indicative only.
        std::printf("gate: last packet on the closed link %.1f us after the shm write; %llu after the flip\n",
                    (out1.back().ts - flip_epoch) * 1e6,
                    static_cast<unsigned long long>(link2_after - link2_at_flip));
    }
}

// The data plane restarts while the writer holds state that changed meanwhile: the new
// process asks for a replay, converges on the writer's tables and forwards by them.
TEST(DataplaneResync, RestartConvergesOnTheWritersState) {
    Rig rig("resync");
    ASSERT_TRUE(rig.ok());
    rig.link(1, 0, true);
    rig.link(2, 1, true);
    rig.lsp(1, 2, {500}, kPeerB);
    rig.lsp(2, 2, {510}, kPeerB);
    rig.ilm(1000, 1);
    rig.ilm(1100, 2);
    rig.pub().commit();
    rig.pub().mark_ready();
    write_pcap(rig.path("in0.pcap"), {labeled(1000, 1), labeled(1100, 2)});
    ASSERT_TRUE(rig.start_dp({rig.path("in0.pcap"), ""}, {"--no-tap"})) << rig.dp().output();
    auto st = rig.serve_until_exit(30s);
    ASSERT_TRUE(st.has_value());
    auto out = read_pcap(rig.out_path(1));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(top_label(out[0].bytes), 500u);
    EXPECT_EQ(top_label(out[1].bytes), 510u);

    // While the data plane is down: one label withdrawn, one added, one rebound.
    rig.pub().del_ilm(1100);
    rig.lsp(3, 2, {520}, kPeerB);
    rig.ilm(1200, 3);
    rig.lsp(1, 2, {501}, kPeerB);
    const std::uint64_t generation = rig.pub().commit();
    write_pcap(rig.path("in0.pcap"), {labeled(1000, 1), labeled(1100, 2), labeled(1200, 3)});
    ASSERT_TRUE(rig.start_dp({rig.path("in0.pcap"), ""}, {"--no-tap"})) << rig.dp().output();
    st = rig.serve_until_exit(30s);
    ASSERT_TRUE(st.has_value());
    EXPECT_TRUE(test::ChildProcess::exited_cleanly(*st)) << rig.dp().output();
    out = read_pcap(rig.out_path(1));
    ASSERT_EQ(out.size(), 2u) << rig.dp().output();
    EXPECT_EQ(top_label(out[0].bytes), 501u);
    EXPECT_EQ(top_label(out[1].bytes), 520u);
    EXPECT_EQ(rig.summary("no_ilm"), 1u);
    EXPECT_EQ(rig.summary("ilm"), rig.pub().state().ilm.size());
    EXPECT_EQ(rig.summary("replays"), 1u);
    EXPECT_GE(rig.end().header().applied_generation.load(), generation);
}

// The control process restarts under traffic: the data plane keeps forwarding on its old
// tables until the new writer's replay, then sweeps what the replay did not carry.
TEST(DataplaneResync, ControlTakeoverSweepsStaleEntriesUnderTraffic) {
    Rig rig("takeover");
    ASSERT_TRUE(rig.ok());
    auto publish_links = [&] {
        rig.link(1, 0, true);
        rig.link(2, 1, true);
        rig.link(3, 1, true);
        rig.link(4, 1, true);
    };
    publish_links();
    rig.lsp(1, 2, {500}, kPeerB);
    rig.lsp(2, 3, {510}, kPeerB);
    rig.ilm(1000, 1);
    rig.ilm(1100, 2);
    rig.pub().commit();
    rig.pub().mark_ready();
    std::vector<pg::Bytes> in;
    for (std::uint16_t f = 0; f < 96; ++f) in.push_back(labeled(1000u + 100u * (f % 3), f));
    write_pcap(rig.path("in0.pcap"), in);
    ASSERT_TRUE(rig.start_custom({"-l", "0,1"},
                                 {"net_pcap0,rx_pcap=" + rig.path("in0.pcap") + ",tx_pcap=" + rig.out_path(0) +
                                      ",infinite_rx=1",
                                  "net_null1,no-rx=1"},
                                 {"--no-tap"}, 0))
        << rig.dp().output();
    ASSERT_TRUE(rig.serve_until_output("ldpsync-dp: forwarding", 20s)) << rig.dp().output();
    const auto t0 = std::chrono::steady_clock::now();
    while (tx_of(rig, 3) < 1000 && std::chrono::steady_clock::now() - t0 < 10s) rig.serve_for(5ms);
    ASSERT_GE(tx_of(rig, 3), 1000u);
    EXPECT_EQ(tx_of(rig, 4), 0u);

    ASSERT_TRUE(rig.restart_control());
    // Forwarding goes on while the new writer builds its state.
    const std::uint64_t link2_before = tx_of(rig, 2);
    rig.serve_for(30ms);
    EXPECT_GT(tx_of(rig, 2), link2_before);
    publish_links();
    rig.lsp(1, 2, {500}, kPeerB);
    rig.lsp(3, 4, {520}, kPeerB);
    rig.ilm(1000, 1);
    rig.ilm(1200, 3);
    rig.pub().commit();
    rig.pub().mark_ready();
    rig.serve_for(200ms);
    const std::uint64_t link3 = tx_of(rig, 3);
    const std::uint64_t link4 = tx_of(rig, 4);
    rig.serve_for(100ms);
    EXPECT_EQ(tx_of(rig, 3), link3) << "label 1100 still forwarded after the sweep";
    EXPECT_GT(tx_of(rig, 4), link4 + 1000) << "label 1200 not forwarded after the replay";
    const auto st = rig.stop_dp();
    ASSERT_TRUE(st.has_value());
    EXPECT_TRUE(test::ChildProcess::exited_cleanly(*st)) << rig.dp().output();
    EXPECT_EQ(rig.summary("ilm"), 2u);
    EXPECT_GE(rig.summary("swept"), 3u);  // ILM 1100, its group and its next hop
    EXPECT_EQ(rig.summary("replays"), 2u);
}

// Two workers on two rx queues of one port (RSS in production, two pcap files here), each
// with its own tx queue and QSBR thread id; counters per worker add up.
TEST(DataplaneWorkers, TwoWorkersShareThePort) {
    Rig rig("workers");
    ASSERT_TRUE(rig.ok());
    rig.link(1, 0, true);
    rig.link(2, 1, true);
    rig.lsp(1, 2, {500}, kPeerB);
    rig.ilm(1000, 1);
    rig.pub().commit();
    rig.pub().mark_ready();
    std::vector<pg::Bytes> a, b;
    for (std::uint16_t f = 0; f < 500; ++f) a.push_back(labeled(1000, f));
    for (std::uint16_t f = 0; f < 700; ++f) b.push_back(labeled(1000, static_cast<std::uint16_t>(1000 + f)));
    write_pcap(rig.path("a.pcap"), a);
    write_pcap(rig.path("b.pcap"), b);
    // Three lcores on two CPUs: main on CPU 0, both workers on CPU 1 (a test box has 2).
    ASSERT_TRUE(rig.start_custom({"--lcores", "0@0,1@1,2@1"},
                                 {"net_pcap0,rx_pcap=" + rig.path("a.pcap") + ",rx_pcap=" + rig.path("b.pcap") +
                                      ",tx_pcap=" + rig.path("t0.pcap") + ",tx_pcap=" + rig.path("t1.pcap"),
                                  "net_null1,no-rx=1"},
                                 {"--no-tap", "--config", "(0,0,1),(0,1,2),(1,0,1),(1,1,2)"}, 400))
        << rig.dp().output();
    const auto st = rig.serve_until_exit(30s);
    ASSERT_TRUE(st.has_value());
    EXPECT_TRUE(test::ChildProcess::exited_cleanly(*st)) << rig.dp().output();
    EXPECT_EQ(rig.summary("tx"), a.size() + b.size());
    const auto w0 = rig.end().worker_link_counters(0, 1);
    const auto w1 = rig.end().worker_link_counters(1, 1);
    EXPECT_EQ(w0[static_cast<std::size_t>(shm::Counter::rx)], a.size());
    EXPECT_EQ(w1[static_cast<std::size_t>(shm::Counter::rx)], b.size());
    EXPECT_EQ(tx_of(rig, 2), a.size() + b.size());
}
