// Pure data-plane core: rewrite, classification, ECMP with the gate, FIB writer with
// mark-and-sweep and deferred reclaim. No DPDK: runs in the unit suite and under ASan.

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "checksum.hpp"
#include "fib_writer.hpp"
#include "forward.hpp"
#include "map_lpm.hpp"
#include "options.hpp"
#include "mpls.hpp"
#include "core_rig.hpp"
#include "packet_builder.hpp"
#include "policer.hpp"

using namespace ldpsync;
using namespace ldpsync::dp;
using namespace ldpsync::dp::test;


TEST(Mpls, LseRoundTrip) {
    const auto w = lse_encode(1048575, 5, true, 200);
    const auto l = lse_decode(w);
    EXPECT_EQ(l.label, 1048575u);
    EXPECT_EQ(l.tc, 5);
    EXPECT_TRUE(l.bos);
    EXPECT_EQ(l.ttl, 200);
}

TEST(Checksum, IncrementalTtlMatchesFullRecompute) {
    for (int ttl = 1; ttl < 256; ttl += 7) {
        auto ip = udp(0x01020304, static_cast<std::uint8_t>(ttl));
        ipv4_set_ttl(ip.data(), static_cast<std::uint8_t>(ttl - 1));
        EXPECT_TRUE(ip_checksum_ok(ip.data())) << ttl;
        EXPECT_EQ(ip[8], ttl - 1);
    }
}

TEST(Forward, PushOneLabelUniformTtlAndPrecedenceTc) {
    Rig rig;
    rig.nexthop(1, 1, {100}, kPeerA);
    rig.group(10, {1});
    rig.ftn(0x0a010000, 16, 10);
    const auto in = udp(0x0a010203, 64, 1000, 0xa0);  // precedence 5
    const auto o = rig.run(pg::frame(kPortMac0, kSender, {}, in));
    ASSERT_EQ(o.r.verdict, Verdict::forward);
    EXPECT_EQ(o.r.out_port, 0);
    EXPECT_EQ(mac_at(o.bytes, 0), kPeerA);
    EXPECT_EQ(mac_at(o.bytes, 6), kPortMac0);
    EXPECT_EQ(ethertype(o.bytes), kEtherTypeMpls);
    EXPECT_EQ(lse_at(o.bytes, 0), lse_encode(100, 5, true, 63));
    // The IP header is carried unchanged (RFC 3443 uniform: the TTL lives in the label now).
    EXPECT_TRUE(std::equal(in.begin(), in.end(), o.bytes.begin() + 18));
    EXPECT_EQ(o.bytes.size(), 14 + 4 + in.size());
}

TEST(Forward, PushThreeLabels) {
    Rig rig;
    rig.nexthop(1, 2, {100, 200, 300}, kPeerB);
    rig.group(10, {1});
    rig.ftn(0x0a000000, 8, 10);
    const auto in = udp(0x0a010203, 10);
    const auto o = rig.run(pg::frame(kPortMac1, kSender, {}, in));
    ASSERT_EQ(o.r.verdict, Verdict::forward);
    EXPECT_EQ(o.r.out_port, 1);
    EXPECT_EQ(mac_at(o.bytes, 6), kPortMac1);
    EXPECT_EQ(lse_at(o.bytes, 0), lse_encode(100, 0, false, 9));
    EXPECT_EQ(lse_at(o.bytes, 1), lse_encode(200, 0, false, 9));
    EXPECT_EQ(lse_at(o.bytes, 2), lse_encode(300, 0, true, 9));
    EXPECT_TRUE(std::equal(in.begin(), in.end(), o.bytes.begin() + 26));
}

TEST(Forward, ImplicitNullFtnForwardsUnlabeled) {
    Rig rig;
    rig.nexthop(1, 1, {}, kPeerA);
    rig.group(10, {1});
    rig.ftn(0x0a010000, 16, 10);
    const auto o = rig.run(pg::frame(kPortMac0, kSender, {}, udp(0x0a010203, 64)));
    ASSERT_EQ(o.r.verdict, Verdict::forward);
    EXPECT_EQ(ethertype(o.bytes), kEtherTypeIpv4);
    EXPECT_EQ(o.bytes[14 + 8], 63);
    EXPECT_TRUE(ip_checksum_ok(o.bytes.data() + 14));
}

TEST(Forward, LongestPrefixWins) {
    Rig rig;
    rig.nexthop(1, 1, {100}, kPeerA);
    rig.nexthop(2, 2, {200}, kPeerB);
    rig.group(10, {1});
    rig.group(20, {2});
    rig.ftn(0x0a000000, 8, 10);
    rig.ftn(0x0a010200, 24, 20);
    EXPECT_EQ(lse_decode(lse_at(rig.run(pg::frame(kPortMac0, kSender, {}, udp(0x0a010203))).bytes, 0)).label, 200u);
    EXPECT_EQ(lse_decode(lse_at(rig.run(pg::frame(kPortMac0, kSender, {}, udp(0x0a010303))).bytes, 0)).label, 100u);
}

TEST(Forward, SwapKeepsTcAndBos) {
    Rig rig;
    rig.nexthop(1, 1, {500}, kPeerA);
    rig.group(10, {1});
    rig.ilm(1000, 10);
    const auto in = udp(0x0a010203);
    const auto o = rig.run(pg::frame(kPortMac0, kSender, {{1000, 3, 50}, {77, 0, 50}}, in));
    ASSERT_EQ(o.r.verdict, Verdict::forward);
    EXPECT_EQ(lse_at(o.bytes, 0), lse_encode(500, 3, false, 49));
    EXPECT_EQ(lse_at(o.bytes, 1), lse_encode(77, 0, true, 50));  // untouched below the top
    EXPECT_EQ(mac_at(o.bytes, 0), kPeerA);
}

TEST(Forward, SwapAndPush) {
    Rig rig;
    rig.nexthop(1, 2, {500, 600}, kPeerB);
    rig.group(10, {1});
    rig.ilm(1000, 10);
    const auto in = udp(0x0a010203);
    const auto o = rig.run(pg::frame(kPortMac0, kSender, {{1000, 1, 30}}, in));
    ASSERT_EQ(o.r.verdict, Verdict::forward);
    EXPECT_EQ(lse_at(o.bytes, 0), lse_encode(500, 1, false, 29));
    EXPECT_EQ(lse_at(o.bytes, 1), lse_encode(600, 1, true, 29));
    EXPECT_TRUE(std::equal(in.begin(), in.end(), o.bytes.begin() + 22));
}

TEST(Forward, PhpToIpv4CopiesTtlAndFixesChecksum) {
    Rig rig;
    rig.nexthop(1, 1, {}, kPeerA);
    rig.group(10, {1});
    rig.ilm(1000, 10);
    const auto o = rig.run(pg::frame(kPortMac0, kSender, {{1000, 0, 20}}, udp(0x0a010203, 64)));
    ASSERT_EQ(o.r.verdict, Verdict::forward);
    EXPECT_EQ(ethertype(o.bytes), kEtherTypeIpv4);
    EXPECT_EQ(o.bytes[14 + 8], 19);  // uniform: MPLS TTL - 1 goes into the IP header
    EXPECT_TRUE(ip_checksum_ok(o.bytes.data() + 14));
    EXPECT_EQ(mac_at(o.bytes, 0), kPeerA);
}

TEST(Forward, PhpToNextLabelSetsItsTtl) {
    Rig rig;
    rig.nexthop(1, 1, {}, kPeerA);
    rig.group(10, {1});
    rig.ilm(1000, 10);
    const auto o = rig.run(pg::frame(kPortMac0, kSender, {{1000, 0, 20}, {2000, 4, 255}}, udp(0x0a010203)));
    ASSERT_EQ(o.r.verdict, Verdict::forward);
    EXPECT_EQ(ethertype(o.bytes), kEtherTypeMpls);
    EXPECT_EQ(lse_at(o.bytes, 0), lse_encode(2000, 4, true, 19));
}

TEST(Forward, ExplicitNullPopsAndRoutesIpv4) {
    Rig rig;
    rig.nexthop(1, 1, {}, kPeerA);
    rig.group(10, {1});
    rig.ftn(0x0a010000, 16, 10);
    const auto o = rig.run(pg::frame(kPortMac0, kSender, {{0, 0, 9}}, udp(0x0a010203, 64)));
    ASSERT_EQ(o.r.verdict, Verdict::forward);
    EXPECT_EQ(ethertype(o.bytes), kEtherTypeIpv4);
    EXPECT_EQ(o.bytes[14 + 8], 8);
    EXPECT_TRUE(ip_checksum_ok(o.bytes.data() + 14));
}

TEST(Forward, ExplicitNullAboveALabelPopsToIt) {
    Rig rig;
    rig.nexthop(1, 1, {700}, kPeerA);
    rig.group(10, {1});
    rig.ilm(1000, 10);
    const auto o = rig.run(pg::frame(kPortMac0, kSender, {{0, 0, 40}, {1000, 0, 99}}, udp(0x0a010203)));
    ASSERT_EQ(o.r.verdict, Verdict::forward);
    EXPECT_EQ(lse_at(o.bytes, 0), lse_encode(700, 0, true, 39));
}

TEST(Forward, PopLookupThenSwap) {
    Rig rig;
    rig.nexthop(1, 1, {700}, kPeerA);
    rig.group(10, {1});
    rig.ilm(16, 0, shm::IlmAction::pop_lookup);
    rig.ilm(1000, 10);
    const auto o = rig.run(pg::frame(kPortMac0, kSender, {{16, 0, 40}, {1000, 0, 99}}, udp(0x0a010203)));
    ASSERT_EQ(o.r.verdict, Verdict::forward);
    EXPECT_EQ(o.bytes.size(), 14 + 4 + udp(0x0a010203).size());
    EXPECT_EQ(lse_at(o.bytes, 0), lse_encode(700, 0, true, 39));
}

TEST(Forward, NegativeCases) {
    Rig rig;
    rig.nexthop(1, 1, {700}, kPeerA);
    rig.group(10, {1});
    rig.ilm(1000, 10);
    rig.ftn(0x0a010000, 16, 10);
    EXPECT_EQ(rig.run(pg::frame(kPortMac0, kSender, {{1001, 0, 40}}, udp(1))).r.reason, Reason::no_ilm);
    EXPECT_EQ(rig.run(pg::frame(kPortMac0, kSender, {}, udp(0x0b000001))).r.reason, Reason::no_ftn);
    EXPECT_EQ(rig.run(pg::frame(kPortMac0, kSender, {{1000, 0, 1}}, udp(1))).r.reason, Reason::ttl_expired);
    EXPECT_EQ(rig.run(pg::frame(kPortMac0, kSender, {}, udp(0x0a010203, 1))).r.reason, Reason::ttl_expired);
    EXPECT_EQ(rig.run(pg::frame(kPortMac0, kSender, {{3, 0, 40}}, udp(1))).r.reason, Reason::reserved_label);
    EXPECT_EQ(rig.run(pg::Bytes(10, 0)).r.reason, Reason::short_frame);
    auto bad = pg::frame(kPortMac0, kSender, {}, udp(0x0a010203));
    bad[14] = 0x46;  // IHL 6 but options absent is fine; version 4... make it version 5
    bad[14] = 0x55;
    EXPECT_EQ(rig.run(bad).r.reason, Reason::bad_ipv4);
    rig.env.punt_ttl_expired = true;
    EXPECT_EQ(rig.run(pg::frame(kPortMac0, kSender, {{1000, 0, 1}}, udp(1))).r.verdict, Verdict::punt);
}

TEST(Forward, GateClosedDropsUnsynced) {
    Rig rig;
    rig.nexthop(1, 1, {700}, kPeerA);
    rig.group(10, {1});
    rig.ilm(1000, 10);
    rig.gates[1].store(0);
    const auto o = rig.run(pg::frame(kPortMac0, kSender, {{1000, 0, 40}}, udp(1)));
    EXPECT_EQ(o.r.verdict, Verdict::drop);
    EXPECT_EQ(o.r.reason, Reason::unsynced);
    EXPECT_EQ(o.r.link, 1);
}

TEST(Forward, EcmpSpreadsAndSkipsUnsyncedMember) {
    Rig rig;
    rig.nexthop(1, 1, {101}, kPeerA);
    rig.nexthop(2, 2, {102}, kPeerB);
    rig.group(10, {1, 2});
    rig.ftn(0x0a000000, 8, 10);
    std::map<std::uint32_t, int> spread;
    for (std::uint16_t s = 0; s < 400; ++s) {
        const auto o = rig.run(pg::frame(kPortMac0, kSender, {}, udp(0x0a010203, 64, static_cast<std::uint16_t>(1000 + s))));
        ASSERT_EQ(o.r.verdict, Verdict::forward);
        ++spread[lse_decode(lse_at(o.bytes, 0)).label];
    }
    EXPECT_GT(spread[101], 120);
    EXPECT_GT(spread[102], 120);
    // Same flow, same member.
    const auto a = rig.run(pg::frame(kPortMac0, kSender, {}, udp(0x0a010203, 64, 4242)));
    const auto b = rig.run(pg::frame(kPortMac0, kSender, {}, udp(0x0a010203, 64, 4242)));
    EXPECT_EQ(a.bytes, b.bytes);
    rig.gates[2].store(0);
    for (std::uint16_t s = 0; s < 200; ++s) {
        const auto o = rig.run(pg::frame(kPortMac0, kSender, {}, udp(0x0a010203, 64, static_cast<std::uint16_t>(1000 + s))));
        ASSERT_EQ(o.r.verdict, Verdict::forward);
        EXPECT_EQ(lse_decode(lse_at(o.bytes, 0)).label, 101u);
        EXPECT_EQ(o.r.out_port, 0);
    }
}

TEST(Forward, MplsEcmpHashesOnStackAndInnerHeader) {
    Rig rig;
    std::vector<std::uint32_t> members;
    for (std::uint32_t i = 0; i < 16; ++i) {
        rig.nexthop(100 + i, 1, {200 + i}, kPeerA);
        members.push_back(100 + i);
    }
    rig.group(10, members);
    rig.ilm(1000, 10);
    std::set<std::uint32_t> seen;
    for (std::uint16_t s = 0; s < 500; ++s) {
        const auto o = rig.run(pg::frame(kPortMac0, kSender, {{1000, 0, 40}}, udp(0x0a010203, 64, static_cast<std::uint16_t>(s))));
        seen.insert(lse_decode(lse_at(o.bytes, 0)).label);
    }
    EXPECT_EQ(seen.size(), 16u);
}

TEST(Forward, ExceptionPath) {
    Rig rig;
    auto punted = [&](const pg::Bytes& b) { return rig.run(b).r.verdict == Verdict::punt; };
    EXPECT_TRUE(punted(pg::frame(kPortMac0, kSender, {}, pg::ipv4_packet({.dst = 0xe0000005, .proto = 89, .ttl = 1}))));
    EXPECT_TRUE(punted(pg::frame(kPortMac0, kSender, {}, pg::ipv4_packet({.dst = 0xe0000002, .proto = 17, .ttl = 1, .sport = 646, .dport = 646}))));
    EXPECT_TRUE(punted(pg::frame(kPortMac0, kSender, {}, pg::ipv4_packet({.dst = 0x0a0000fe, .proto = 6, .sport = 33000, .dport = 646}))));
    EXPECT_TRUE(punted(pg::frame(kPortMac0, kSender, {}, pg::ipv4_packet({.dst = 0xc0a80001, .proto = 1}))));
    EXPECT_TRUE(punted(pg::arp_request(kSender, 0xc0a80002, 0xc0a80001)));
    EXPECT_TRUE(punted(pg::isis_llc_frame(kSender)));
    EXPECT_TRUE(punted(pg::frame(kPortMac0, kSender, {{1, 0, 64}, {1000, 0, 64}}, udp(1))));
    rig.ilm(5000, 0, shm::IlmAction::punt);
    EXPECT_TRUE(punted(pg::frame(kPortMac0, kSender, {{5000, 0, 64}}, udp(1))));
    EXPECT_FALSE(punted(pg::frame(kPortMac0, kSender, {}, udp(0x0a010203))));
}

TEST(FibWriter, ReplaceRetiresAfterGrace) {
    Rig rig;
    rig.nexthop(1, 1, {100}, kPeerA);
    rig.group(10, {1});
    rig.ilm(1000, 10);
    const NhEntry* before = rig.tables.nexthop(rig.tables.group(ilm_group_slot(rig.tables.ilm(1000)))->nh_slots[0]);
    rig.nexthop(1, 1, {101}, kPeerA);
    const NhEntry* after = rig.tables.nexthop(rig.tables.group(ilm_group_slot(rig.tables.ilm(1000)))->nh_slots[0]);
    EXPECT_NE(before, after);
    EXPECT_EQ(after->label_bits[0], 101u << 12);
    // The old next hop and the old entry of the one-member group that embedded it.
    EXPECT_EQ(rig.reclaimer.pending(), 2u);
    EXPECT_EQ(rig.reclaimer.reclaim(), 0u);  // a worker may still hold them
    rig.grace.quiesce();
    EXPECT_EQ(rig.reclaimer.reclaim(), 2u);
}

TEST(FibWriter, OneMemberGroupEmbedsItsNextHopAndFollowsIt) {
    Rig rig;
    auto group_entry = [&] { return rig.tables.group(ilm_group_slot(rig.tables.ilm(1000))); };
    auto swap = [&] { return rig.run(pg::frame(kPortMac0, kSender, {{1000, 0, 40}}, udp(1))); };
    rig.group(10, {1});  // member not defined yet: nothing to embed
    rig.ilm(1000, 10);
    EXPECT_EQ(group_entry()->embedded, 0u);
    EXPECT_EQ(swap().r.reason, Reason::no_nexthop);
    rig.nexthop(1, 1, {100}, kPeerA);
    ASSERT_EQ(group_entry()->embedded, 1u);
    EXPECT_EQ(group_entry()->one.label_bits[0], 100u << 12);
    auto o = swap();
    ASSERT_EQ(o.r.verdict, Verdict::forward);
    EXPECT_EQ(o.r.out_port, 0u);
    EXPECT_EQ(lse_decode(lse_at(o.bytes, 0)).label, 100u);
    // The next hop moves to link 2 with another label: the embedded copy follows.
    rig.nexthop(1, 2, {300}, kPeerB);
    o = swap();
    ASSERT_EQ(o.r.verdict, Verdict::forward);
    EXPECT_EQ(o.r.out_port, 1u);
    EXPECT_EQ(lse_decode(lse_at(o.bytes, 0)).label, 300u);
    EXPECT_EQ(mac_at(o.bytes, 0), kPeerB);
    // The gate is read per packet on the embedded link too.
    rig.gates[2].store(0);
    o = swap();
    EXPECT_EQ(o.r.reason, Reason::unsynced);
    EXPECT_EQ(o.r.link, 2u);
    rig.gates[2].store(1);
    rig.writer.del_nexthop(1);
    EXPECT_EQ(group_entry()->embedded, 0u);
    EXPECT_EQ(swap().r.reason, Reason::no_nexthop);
    rig.nexthop(1, 1, {101}, kPeerA);
    EXPECT_EQ(lse_decode(lse_at(swap().bytes, 0)).label, 101u);
    // Two members: not embedded; back to one other member: embeds that one, and changes
    // to the former member no longer touch the group.
    rig.nexthop(2, 2, {200}, kPeerB);
    rig.group(10, {1, 2});
    EXPECT_EQ(group_entry()->embedded, 0u);
    rig.group(10, {2});
    ASSERT_EQ(group_entry()->embedded, 1u);
    const GroupEntry* g = group_entry();
    rig.nexthop(1, 1, {102}, kPeerA);
    EXPECT_EQ(group_entry(), g);
    EXPECT_EQ(lse_decode(lse_at(swap().bytes, 0)).label, 200u);
    // Everything deleted and reclaimed: no entry cell is left.
    rig.writer.del_ilm(1000);
    rig.writer.del_group(10);
    rig.writer.del_nexthop(1);
    rig.writer.del_nexthop(2);
    rig.grace.quiesce();
    rig.reclaimer.reclaim();
    EXPECT_EQ(rig.reclaimer.pending(), 0u);
    EXPECT_EQ(rig.tables.live_entries(), 0u);
}

TEST(FibWriter, ReplaySweepsWhatWasNotRefreshed) {
    Rig rig;
    rig.nexthop(1, 1, {100}, kPeerA);
    rig.nexthop(2, 2, {200}, kPeerB);
    rig.group(10, {1});
    rig.group(20, {2});
    rig.ilm(1000, 10);
    rig.ilm(2000, 20);
    rig.ftn(0x0a000000, 8, 10);
    rig.ftn(0x0b000000, 8, 20);
    rig.writer.begin_replay();
    rig.nexthop(1, 1, {100}, kPeerA);
    rig.group(10, {1});
    rig.ilm(1000, 10);
    rig.ftn(0x0a000000, 8, 10);
    rig.writer.end_replay();
    EXPECT_EQ(rig.writer.stats().swept, 4u);
    EXPECT_EQ(rig.tables.ilm(2000), 0u);
    EXPECT_NE(rig.tables.ilm(1000), 0u);
    std::uint32_t v = 0;
    EXPECT_FALSE(rig.lpm.lookup(0x0b000001, v));
    EXPECT_TRUE(rig.lpm.lookup(0x0a000001, v));
    EXPECT_EQ(rig.writer.defined_nexthops(), 1u);
    EXPECT_EQ(rig.writer.defined_groups(), 1u);
    // Nothing references nexthop 2 or group 20 any more: their slots are gone too.
    EXPECT_EQ(rig.writer.nexthop_slots_used(), 1u);
    EXPECT_EQ(rig.writer.group_slots_used(), 1u);
    EXPECT_EQ(rig.run(pg::frame(kPortMac0, kSender, {{2000, 0, 40}}, udp(1))).r.reason, Reason::no_ilm);
    EXPECT_EQ(rig.run(pg::frame(kPortMac0, kSender, {{1000, 0, 40}}, udp(1))).r.verdict, Verdict::forward);
}

TEST(FibWriter, GroupBeforeMembersAndDeletes) {
    Rig rig;
    rig.group(10, {1, 2});
    rig.ilm(1000, 10);
    EXPECT_EQ(rig.run(pg::frame(kPortMac0, kSender, {{1000, 0, 40}}, udp(1))).r.reason, Reason::no_nexthop);
    rig.nexthop(2, 2, {200}, kPeerB);
    EXPECT_EQ(rig.run(pg::frame(kPortMac0, kSender, {{1000, 0, 40}}, udp(1))).r.verdict, Verdict::forward);
    rig.writer.del_nexthop(2);
    EXPECT_EQ(rig.run(pg::frame(kPortMac0, kSender, {{1000, 0, 40}}, udp(1))).r.reason, Reason::no_nexthop);
    rig.writer.del_group(10);
    EXPECT_EQ(rig.run(pg::frame(kPortMac0, kSender, {{1000, 0, 40}}, udp(1))).r.reason, Reason::no_group);
    rig.writer.del_ilm(1000);
    EXPECT_EQ(rig.writer.group_slots_used(), 0u);
    EXPECT_EQ(rig.writer.nexthop_slots_used(), 0u);
    rig.grace.quiesce();
    rig.reclaimer.reclaim();
    EXPECT_EQ(rig.reclaimer.pending(), 0u);
}

TEST(FibWriter, RejectsInvalidRecords) {
    Rig rig;
    rig.ilm(3, 10);  // reserved label
    shm::NextHop nh{};
    nh.n_labels = 4;
    rig.writer.set_nexthop(nh);
    EXPECT_EQ(rig.writer.stats().rejected, 2u);
}

TEST(Policer, CapsRate) {
    const std::uint64_t hz = 1'000'000'000;
    TokenBucket tb(1000, 10, hz);
    int allowed = 0;
    std::uint64_t now = 1;
    for (int i = 0; i < 100000; ++i) {  // 100k packets over 1 simulated second
        now += 10'000;
        allowed += tb.allow(now) ? 1 : 0;
    }
    EXPECT_GE(allowed, 990);
    EXPECT_LE(allowed, 1011);
}

TEST(Options, ParsesAndRejects) {
    auto r = parse_options({"--instance", "x", "--config", "(0,0,1),(1,0,1)", "--tap", "0=ldp0", "--local-addr",
                            "192.168.0.1", "--punt-rate=50"});
    ASSERT_TRUE(std::holds_alternative<Options>(r)) << std::get<std::string>(r);
    const auto& o = std::get<Options>(r);
    EXPECT_EQ(o.queues.size(), 2u);
    EXPECT_EQ(o.queues[1], (QueueMap{1, 0, 1}));
    EXPECT_EQ(o.taps.at(0), "ldp0");
    EXPECT_EQ(o.local_addrs.at(0), 0xc0a80001u);
    EXPECT_EQ(o.punt_rate, 50u);
    EXPECT_TRUE(std::holds_alternative<std::string>(parse_options({"--config", "(0,0,1)"})));
    EXPECT_TRUE(std::holds_alternative<std::string>(parse_options({"--instance", "x", "--config", "(0,0)"})));
    EXPECT_TRUE(std::holds_alternative<std::string>(parse_options({"--instance", "x", "--config", "(0,0,1),(0,0,2)"})));
    EXPECT_TRUE(std::holds_alternative<std::string>(parse_options({"--instance", "x", "--bogus", "1"})));
}

TEST(Options, ConfigFile) {
    const std::string path = ::testing::TempDir() + "/dp.conf";
    {
        std::FILE* f = std::fopen(path.c_str(), "w");
        std::fputs("# test\ninstance lab1\nconfig (0,0,1)\ntap 0 eth-core\npunt-ttl-expired\nmbufs = 4096\n", f);
        std::fclose(f);
    }
    auto r = parse_options({"--config-file", path});
    ASSERT_TRUE(std::holds_alternative<Options>(r)) << std::get<std::string>(r);
    const auto& o = std::get<Options>(r);
    EXPECT_EQ(o.instance, "lab1");
    EXPECT_EQ(o.taps.at(0), "eth-core");
    EXPECT_TRUE(o.punt_ttl_expired);
    EXPECT_EQ(o.mbufs, 4096u);
}
