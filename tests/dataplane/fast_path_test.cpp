// The worker's fast paths (fast_swap, fast_push) against forward(). Over a grid of tables
// (gate open or closed, link with or without a port, 0-3 labels, embedded or ECMP groups,
// punt and pop ILM entries) and frames (TTLs, reserved labels, TC/S bits, IP options,
// traffic for the router, headroom), wherever a fast path takes a frame its bytes and
// Result must equal forward()'s, and where it declines the frame must be untouched. It must
// also take the plain swap and push, or the worker would gain nothing from it.

#include <gtest/gtest.h>

#include <string>

#include "burst.hpp"
#include "core_rig.hpp"
#include "fast_path.hpp"

using namespace ldpsync;
using namespace ldpsync::dp;
using namespace ldpsync::dp::test;

namespace {

struct Outcome {
    bool taken = false;
    Result r;
    pg::Bytes bytes;
};

struct Buffer {
    std::vector<std::uint8_t> mem;
    Frame f;
    Buffer(const pg::Bytes& in, std::uint32_t headroom) : mem(headroom + in.size()) {
        std::copy(in.begin(), in.end(), mem.begin() + headroom);
        f = Frame{mem.data() + headroom, static_cast<std::uint32_t>(in.size()), static_cast<std::uint32_t>(in.size()),
                  headroom};
    }
    pg::Bytes bytes() const { return pg::Bytes(f.data, f.data + f.len); }
};

// The worker's own passes (core/burst.hpp) on a one-frame burst resolve the group; then the
// fast path is tried on it.
BurstLookups passes(Rig& rig, Buffer& b) {
    BurstLookups lookups;
    classify(lookups, rig.tables, rig.lpm, 1, [&](std::uint16_t) { return std::pair{b.f.data, b.f.len}; });
    resolve_groups(lookups, rig.tables, rig.lpm);
    load_groups(lookups, rig.tables);
    return lookups;
}

Outcome fast(Rig& rig, const pg::Bytes& in, std::uint32_t headroom) {
    Buffer b(in, headroom);
    const BurstLookups lookups = passes(rig, b);
    Outcome o;
    if (const GroupEntry* g = lookups.groups[0]; g != nullptr) {
        o.taken = lookups.peek[0].kind == Peek::Kind::mpls ? fast_swap(b.f.data, rig.env, *g, o.r)
                                                           : fast_push(b.f, rig.env, *g, o.r);
    }
    o.bytes = b.bytes();
    return o;
}

// The worker's whole per-frame path: the passes, then decide() (fast path or forward()).
Outcome worker(Rig& rig, const pg::Bytes& in, std::uint32_t headroom) {
    Buffer b(in, headroom);
    const BurstLookups lookups = passes(rig, b);
    FtnHint<MapLpm> hint;
    hint.table = &rig.lpm;
    Frame f{b.f.data, 0, 0, 0};
    const Frame whole = b.f;
    Outcome o;
    o.r = decide(
        lookups, 0, b.f.data, rig.env, hint, [&] { return whole; }, f);
    if (f.data != nullptr && f.len != 0) b.f = f;  // decide() used a Frame: the frame as rewritten
    o.bytes = b.bytes();
    return o;
}

// The same decision and the same bytes.
void expect_same(const Outcome& got, const Outcome& want) {
    EXPECT_EQ(got.r.verdict, want.r.verdict);
    EXPECT_EQ(got.r.reason, want.r.reason);
    EXPECT_EQ(got.r.out_port, want.r.out_port);
    EXPECT_EQ(got.r.link, want.r.link);
    EXPECT_EQ(got.bytes, want.bytes);
}

Outcome slow(Rig& rig, const pg::Bytes& in, std::uint32_t headroom) {
    Buffer b(in, headroom);
    Outcome o;
    o.r = forward(b.f, rig.env, rig.lpm);
    o.bytes = b.bytes();
    return o;
}

// Links: 1 -> port 0 and 2 -> port 1 (open, from Rig); 3 open without a port; 4 closed.
void build_tables(Rig& rig) {
    rig.gates[3].store(1);
    rig.link_port[4].store(0);
    rig.gates[4].store(0);
    rig.nexthop(1, 1, {100}, kPeerA);
    rig.nexthop(2, 2, {200, 201}, kPeerB);
    rig.nexthop(3, 1, {300, 301, 302}, kPeerA);
    rig.nexthop(4, 1, {}, kPeerA);
    rig.nexthop(5, 3, {500}, kPeerB);
    rig.nexthop(6, 4, {600}, kPeerB);
    for (std::uint32_t k = 1; k <= 6; ++k) {
        rig.group(10 * k, {k});
    }
    rig.group(70, {1, 2});
    for (std::uint32_t k = 1; k <= 7; ++k) {
        rig.ilm(1000 + 10 * k, 10 * k);
        rig.ftn(0x0a000000 | (k << 16), 16, 10 * k);
    }
    rig.ilm(2000, 10, shm::IlmAction::punt);
    rig.ilm(2001, 10, shm::IlmAction::pop_lookup);
}

// An option-carrying IPv4 header (IHL 6): the fast path leaves it to forward().
pg::Bytes with_ip_option(pg::Bytes ip) {
    ip.insert(ip.begin() + 20, {1, 1, 1, 0});  // NOP NOP NOP EOL
    ip[0] = 0x46;
    store_be16(ip.data() + 2, static_cast<std::uint16_t>(ip.size()));
    store_be16(ip.data() + 10, 0);
    store_be16(ip.data() + 10, pg::ipv4_header_checksum(ip.data(), 24));
    return ip;
}

std::vector<std::pair<std::string, pg::Bytes>> frames() {
    std::vector<std::pair<std::string, pg::Bytes>> out;
    const std::vector<std::uint32_t> tops = {1010, 1020, 1030, 1040, 1050, 1060, 1070, 2000, 2001, 999, 5, 0};
    for (const std::uint32_t top : tops) {
        for (const std::uint8_t ttl : {0, 1, 2, 64}) {
            for (const std::uint8_t tc : {0, 5}) {
                const auto payload = udp(0x0a010203, 64);
                out.emplace_back("mpls " + std::to_string(top) + " ttl " + std::to_string(ttl) + " tc " + std::to_string(tc),
                                 pg::frame(kPortMac0, kSender, {{top, tc, ttl}}, payload));
                out.emplace_back("mpls " + std::to_string(top) + "/1020 ttl " + std::to_string(ttl),
                                 pg::frame(kPortMac0, kSender, {{top, tc, ttl}, {1020, 0, 9}}, payload));
            }
        }
    }
    std::vector<std::uint32_t> dsts;
    for (std::uint32_t k = 1; k <= 7; ++k) {
        dsts.push_back(0x0a000000 | (k << 16) | 0x0102);
    }
    dsts.insert(dsts.end(), {0x0a090001, 0xe0000005, 0xc0a80001});
    for (const std::uint32_t dst : dsts) {
        for (const std::uint8_t ttl : {0, 1, 2, 64}) {
            const std::string name = "ipv4 " + std::to_string(dst) + " ttl " + std::to_string(ttl);
            const pg::Ipv4Spec base{.dst = dst, .ttl = ttl, .tos = 0xa0, .dport = 5000};
            auto spec = base;
            out.emplace_back(name + " udp", pg::frame(kPortMac0, kSender, {}, pg::ipv4_packet(spec)));
            spec.dport = 646;
            out.emplace_back(name + " udp 646", pg::frame(kPortMac0, kSender, {}, pg::ipv4_packet(spec)));
            spec = base;
            spec.proto = 6;
            spec.sport = 646;
            out.emplace_back(name + " tcp from 646", pg::frame(kPortMac0, kSender, {}, pg::ipv4_packet(spec)));
            spec = base;
            spec.proto = 89;
            out.emplace_back(name + " ospf", pg::frame(kPortMac0, kSender, {}, pg::ipv4_packet(spec)));
            out.emplace_back(name + " options", pg::frame(kPortMac0, kSender, {}, with_ip_option(pg::ipv4_packet(base))));
            auto truncated = pg::frame(kPortMac0, kSender, {}, pg::ipv4_packet(base));
            truncated.resize(truncated.size() - 4);  // total length now beyond the frame
            out.emplace_back(name + " truncated", truncated);
        }
    }
    return out;
}

}  // namespace

TEST(FastPath, AgreesWithForwardWhereverItTakesAFrame) {
    Rig rig;
    build_tables(rig);
    unsigned taken = 0;
    unsigned declined = 0;
    for (const auto& [name, in] : frames()) {
        for (const std::uint32_t headroom : {0u, 4u, 8u, 128u}) {
            SCOPED_TRACE(name + " headroom " + std::to_string(headroom));
            const Outcome f = fast(rig, in, headroom);
            if (!f.taken) {
                ++declined;
                EXPECT_EQ(f.bytes, in) << "a declined frame must be untouched";
                continue;
            }
            ++taken;
            const Outcome s = slow(rig, in, headroom);
            expect_same(f, s);
        }
    }
    // Taken: swap of 1010 (one label, open link 1) at TTL 2 and 64, TC 0 and 5, one or two
    // labels deep, any headroom: 2*2*2*4 = 32; push of plain UDP to 10.1/10.2/10.3 (1, 2, 3
    // labels) at TTL 2 and 64 with headroom for the labels: 2*(3+2+1) = 12.
    EXPECT_EQ(taken, 44u);
    EXPECT_GT(declined, taken);
}

// The worker's per-frame path as a whole (passes, fast path or forward()) gives forward()'s
// bytes and Result for every frame of the grid, taken by a fast path or not.
TEST(FastPath, TheWorkersPathEqualsForwardOnEveryFrame) {
    Rig rig;
    build_tables(rig);
    for (const auto& [name, in] : frames()) {
        for (const std::uint32_t headroom : {0u, 4u, 8u, 128u}) {
            SCOPED_TRACE(name + " headroom " + std::to_string(headroom));
            const Outcome w = worker(rig, in, headroom);
            const Outcome s = slow(rig, in, headroom);
            expect_same(w, s);
        }
    }
}

TEST(FastPath, TakesThePlainSwapAndPush) {
    Rig rig;
    build_tables(rig);
    const auto payload = udp(0x0a010203, 64);
    EXPECT_TRUE(fast(rig, pg::frame(kPortMac0, kSender, {{1010, 3, 64}}, payload), 0).taken);
    EXPECT_TRUE(fast(rig, pg::frame(kPortMac0, kSender, {{1010, 3, 64}, {1020, 0, 9}}, payload), 0).taken);
    for (std::uint32_t k : {1u, 2u, 3u}) {  // 1, 2 and 3 labels pushed
        const auto in = pg::frame(kPortMac0, kSender, {}, udp(0x0a000000 | (k << 16) | 0x0102, 64));
        const Outcome f = fast(rig, in, 128);
        EXPECT_TRUE(f.taken) << k;
        EXPECT_EQ(f.bytes.size(), in.size() + 4 * k) << k;
    }
}

TEST(FastPath, DeclinesWhatOnlyForwardHandles) {
    Rig rig;
    build_tables(rig);
    const auto payload = udp(0x0a010203, 64);
    // Swap to two labels, PHP, a port-less link, a closed gate, ECMP.
    for (std::uint32_t top : {1020u, 1040u, 1050u, 1060u, 1070u}) {
        EXPECT_FALSE(fast(rig, pg::frame(kPortMac0, kSender, {{top, 0, 64}}, payload), 128).taken) << top;
    }
    // TTL 1 expires in forward().
    EXPECT_FALSE(fast(rig, pg::frame(kPortMac0, kSender, {{1010, 0, 1}}, payload), 128).taken);
    // No headroom for the pushed label.
    EXPECT_FALSE(fast(rig, pg::frame(kPortMac0, kSender, {}, udp(0x0a010203, 64)), 0).taken);
    // LDP to port 646 is punted by forward().
    auto ldp = pg::frame(kPortMac0, kSender, {}, pg::ipv4_packet({.dst = 0x0a010203, .dport = 646}));
    EXPECT_FALSE(fast(rig, ldp, 128).taken);
}
