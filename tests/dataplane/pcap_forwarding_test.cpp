// ldpsync-dp end to end on net_pcap vdevs: bindings published through shm, traffic from a
// pcap file, every output frame checked byte for byte (label stack, TTL, TC, MACs, IPv4
// checksum), negative cases checked by absence and by their shm counters.

#include <gtest/gtest.h>

#include "dp_rig.hpp"

using namespace ldpsync;
using namespace ldpsync::dptest;

namespace {

const pg::Mac kPeerA = {0x02, 0xaa, 0, 0, 0, 0x01};
const pg::Mac kPeerB = {0x02, 0xbb, 0, 0, 0, 0x02};
const pg::Mac kPeerC = {0x02, 0xcc, 0, 0, 0, 0x03};
const pg::Mac kSender = {0x02, 0x99, 0, 0, 0, 0x99};
const pg::Mac kAnyDst = {0x02, 0x11, 0x11, 0x11, 0x11, 0x11};

pg::Bytes ip(std::uint32_t dst, std::uint8_t ttl, std::uint16_t id, std::uint8_t tos = 0) {
    return pg::ipv4_packet({.src = 0xc0000201, .dst = dst, .proto = 17, .ttl = ttl, .tos = tos, .sport = id,
                            .dport = 7000, .payload = 26});
}

// Two ports; link 1 on port 0 (peer A), link 2 on port 1 (peer B), link 3 on port 1 (peer C)
// with the sync gate closed.
void bindings(Rig& rig) {
    rig.link(1, 0, true);
    rig.link(2, 1, true);
    rig.link(3, 1, false);
    rig.lsp(1, 2, {100}, kPeerB);
    rig.lsp(2, 2, {100, 200, 300}, kPeerB);
    rig.lsp(3, 2, {}, kPeerB);
    rig.lsp(4, 2, {500}, kPeerB);
    rig.lsp(5, 2, {}, kPeerB);
    rig.lsp(8, 3, {800}, kPeerC);
    rig.nexthop(6, 1, {601}, kPeerA);
    rig.nexthop(7, 2, {602}, kPeerB);
    rig.group(20, {6, 7});
    rig.nexthop(9, 3, {401}, kPeerC);
    rig.nexthop(10, 2, {402}, kPeerB);
    rig.group(40, {9, 10});
    rig.ftn(0x0a010000, 16, 1);
    rig.ftn(0x0a030000, 16, 2);
    rig.ftn(0x0a040000, 16, 3);
    rig.ilm(1000, 4);
    rig.ilm(1001, 5);
    rig.ilm(3000, 8);
    rig.ilm(4000, 40);
    rig.ilm(2000, 20);
    rig.pub().commit();
    rig.pub().mark_ready();
}

}  // namespace

TEST(DataplanePcap, ForwardsPushSwapPhpExplicitNullEcmpAndDrops) {
    Rig rig("fwd");
    ASSERT_TRUE(rig.ok());
    bindings(rig);

    struct Case {
        pg::Bytes in;
        int port;  // -1: dropped; 2: ECMP between ports 0 and 1
        pg::Bytes expect;
        pg::Bytes expect_alt;  // ECMP: what port 0 would get
    };
    std::vector<Case> cases;
    std::uint16_t id = 1;
    // Push one label; the TTL is the IP TTL - 1 (RFC 3443 uniform), TC the IP precedence.
    {
        auto p = ip(0x0a010005, 64, id++, 0x60);
        cases.push_back({pg::frame(kAnyDst, kSender, {}, p), 1, {}, {}});
        cases.back().expect = pg::frame(kPeerB, {}, {{100, 3, 63}}, p);
    }
    // Push three labels.
    {
        auto p = ip(0x0a030005, 20, id++);
        cases.push_back({pg::frame(kAnyDst, kSender, {}, p), 1, {}, {}});
        cases.back().expect = pg::frame(kPeerB, {}, {{100, 0, 19}, {200, 0, 19}, {300, 0, 19}}, p);
    }
    // Implicit-null FTN: routed unlabeled, IP TTL decremented, checksum recomputed.
    {
        const std::uint16_t i = id++;
        cases.push_back({pg::frame(kAnyDst, kSender, {}, ip(0x0a040005, 64, i)), 1,
                         pg::frame(kPeerB, {}, {}, ip(0x0a040005, 63, i)), {}});
    }
    // Swap, TC kept.
    {
        auto p = ip(0x0b000001, 64, id++);
        cases.push_back({pg::frame(kAnyDst, kSender, {{1000, 2, 50}}, p), 1, pg::frame(kPeerB, {}, {{500, 2, 49}}, p), {}});
    }
    // PHP: MPLS TTL - 1 into the IP header (uniform model), checksum fixed.
    {
        const std::uint16_t i = id++;
        cases.push_back({pg::frame(kAnyDst, kSender, {{1001, 0, 30}}, ip(0x0b000001, 64, i)), 1,
                         pg::frame(kPeerB, {}, {}, ip(0x0b000001, 29, i)), {}});
    }
    // IPv4 explicit-null: popped, routed by FTN, pushed.
    {
        auto p = ip(0x0a010005, 64, id++);
        cases.push_back({pg::frame(kAnyDst, kSender, {{0, 0, 9}}, p), 1, pg::frame(kPeerB, {}, {{100, 0, 8}}, p), {}});
    }
    // Negative: no binding, TTL expiry, unsynced link.
    cases.push_back({pg::frame(kAnyDst, kSender, {{3333, 0, 64}}, ip(1, 64, id++)), -1, {}, {}});
    cases.push_back({pg::frame(kAnyDst, kSender, {{1000, 0, 1}}, ip(1, 64, id++)), -1, {}, {}});
    cases.push_back({pg::frame(kAnyDst, kSender, {{3000, 0, 64}}, ip(1, 64, id++)), -1, {}, {}});
    // ECMP with one member unsynced: everything on the synced one.
    for (int f = 0; f < 20; ++f) {
        auto p = ip(0x0b000001, 64, id++);
        cases.push_back({pg::frame(kAnyDst, kSender, {{4000, 0, 64}}, p), 1, pg::frame(kPeerB, {}, {{402, 0, 63}}, p), {}});
    }
    // ECMP across two ports.
    for (int f = 0; f < 64; ++f) {
        auto p = ip(0x0b000001, 64, id++);
        cases.push_back({pg::frame(kAnyDst, kSender, {{2000, 0, 64}}, p), 2, pg::frame(kPeerB, {}, {{602, 0, 63}}, p),
                         pg::frame(kPeerA, {}, {{601, 0, 63}}, p)});
    }
    std::vector<pg::Bytes> input;
    for (const auto& c : cases) input.push_back(c.in);
    write_pcap(rig.path("in0.pcap"), input);

    ASSERT_TRUE(rig.start_dp({rig.path("in0.pcap"), ""}, {"--no-tap"})) << rig.dp().output();
    const auto status = rig.serve_until_exit(30s);
    ASSERT_TRUE(status.has_value()) << rig.dp().output();
    EXPECT_TRUE(test::ChildProcess::exited_cleanly(*status)) << rig.dp().output();
    // The FTN burst prefetch found rte_fib's tbl24 (DPDK 22.11 layout; "off" is harmless
    // but means the 1M-entry figures lose that prefetch).
    EXPECT_NE(rig.dp().output().find("ftn tbl24 burst prefetch on"), std::string::npos) << rig.dp().output();
    // Under --no-huge the FTN lives on its own MADV_HUGEPAGE heap, with hugepages in EAL
    // memory; every FTN case below is looked up there.
    const std::string ftn_memory = g_dp_hugepages ? "ftn memory: EAL hugepages" : "ftn memory: own heap, MADV_HUGEPAGE";
    EXPECT_NE(rig.dp().output().find(ftn_memory), std::string::npos) << rig.dp().output();

    // Source MACs are the ports' own; fill them into the expectations.
    auto with_src = [&](pg::Bytes b, int port) {
        const auto& m = rig.port_mac(static_cast<std::size_t>(port));
        std::copy(m.begin(), m.end(), b.begin() + 6);
        return b;
    };
    const auto out0 = read_pcap(rig.out_path(0));
    const auto out1 = read_pcap(rig.out_path(1));
    std::size_t c0 = 0, c1 = 0, ecmp0 = 0, ecmp1 = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto& c = cases[i];
        if (c.port == 1) {
            ASSERT_LT(c1, out1.size()) << "case " << i;
            EXPECT_EQ(out1[c1].bytes, with_src(c.expect, 1)) << "case " << i;
            ++c1;
        } else if (c.port == 2) {
            if (c0 < out0.size() && out0[c0].bytes == with_src(c.expect_alt, 0)) {
                ++c0;
                ++ecmp0;
            } else {
                ASSERT_LT(c1, out1.size()) << "case " << i;
                EXPECT_EQ(out1[c1].bytes, with_src(c.expect, 1)) << "case " << i;
                ++c1;
                ++ecmp1;
            }
        }
    }
    EXPECT_EQ(c0, out0.size());
    EXPECT_EQ(c1, out1.size());
    EXPECT_GT(ecmp0, 10u);
    EXPECT_GT(ecmp1, 10u);

    // Port link state reached the control side.
    bool up0 = false, up1 = false;
    for (const auto& e : rig.port_events()) {
        up0 = up0 || (e.kind == shm::EventKind::port_link && e.port_id == 0 && e.link_up);
        up1 = up1 || (e.kind == shm::EventKind::port_link && e.port_id == 1 && e.link_up);
    }
    EXPECT_TRUE(up0 && up1);

    // Drops by name, in the exit summary and in the shm counters.
    EXPECT_EQ(rig.summary("no_ilm"), 1u);
    EXPECT_EQ(rig.summary("ttl_expired"), 1u);
    EXPECT_EQ(rig.summary("unsynced"), 1u);
    EXPECT_EQ(rig.summary("rx"), cases.size());
    const auto link1 = rig.end().link_counters(1);
    const auto link2 = rig.end().link_counters(2);
    const auto link3 = rig.end().link_counters(3);
    EXPECT_EQ(link1[static_cast<std::size_t>(shm::Counter::rx)], cases.size());
    EXPECT_EQ(link1[static_cast<std::size_t>(shm::Counter::no_binding)], 1u);
    EXPECT_EQ(link1[static_cast<std::size_t>(shm::Counter::ttl_expired)], 1u);
    EXPECT_EQ(link3[static_cast<std::size_t>(shm::Counter::dropped_unsynced)], 1u);
    EXPECT_EQ(link3[static_cast<std::size_t>(shm::Counter::tx)], 0u);
    EXPECT_EQ(link2[static_cast<std::size_t>(shm::Counter::tx)], out1.size());
    EXPECT_EQ(link1[static_cast<std::size_t>(shm::Counter::tx)], out0.size());
}

TEST(DataplanePcap, BadStartsAreOneClearMessage) {
    {
        test::ChildProcess p({g_dp_binary, "--no-huge", "-m", "128", "--no-pci", "-l", "0,1", "--file-prefix",
                              "dpt-bad-" + std::to_string(getpid()), "--log-level", "lib.eal:error", "--", "--instance",
                              "no-such-instance-" + std::to_string(getpid())});
        auto st = p.wait_exit(20s);
        ASSERT_TRUE(st.has_value());
        EXPECT_FALSE(test::ChildProcess::exited_cleanly(*st));
    }
    Rig rig("bad");
    ASSERT_TRUE(rig.ok());
    // No ports.
    test::ChildProcess noports({g_dp_binary, "--no-huge", "-m", "128", "--no-pci", "-l", "0,1", "--file-prefix",
                                rig.instance(), "--log-level", "lib.eal:error", "--", "--instance", rig.instance()});
    auto st = noports.wait_exit(20s);
    ASSERT_TRUE(st.has_value());
    EXPECT_FALSE(test::ChildProcess::exited_cleanly(*st));
    // Bad lcore map: lcore 7 is not in the EAL list.
    test::ChildProcess badmap({g_dp_binary, "--no-huge", "-m", "128", "--no-pci", "-l", "0,1", "--file-prefix",
                               rig.instance(), "--log-level", "lib.eal:error", "--vdev", "net_null0", "--",
                               "--instance", rig.instance(), "--config", "(0,0,7)"});
    st = badmap.wait_exit(20s);
    ASSERT_TRUE(st.has_value());
    EXPECT_FALSE(test::ChildProcess::exited_cleanly(*st));
}
