// The LIB: local label allocation (never reserved labels, implicit/explicit-null for our own
// FECs), liberal retention of every peer's mappings, and next-hop address to peer.

#include <gtest/gtest.h>

#include "lib.hpp"

namespace ldpsync::ldp {
namespace {

const Fec kA{0x0a010000, 16};
const Fec kB{0x0a020000, 16};
const Fec kLoop{0x01010101, 32};

TEST(LabelAllocator, NeverHandsOutReservedLabelsAndReusesFreedOnesLast) {
    LabelAllocator a(0, 18);  // asks for 0..18: 0-15 are reserved
    EXPECT_EQ(a.allocate(), 16u);
    EXPECT_EQ(a.allocate(), 17u);
    a.release(16);
    EXPECT_EQ(a.allocate(), 18u);  // fresh labels first
    EXPECT_EQ(a.allocate(), 16u);  // then the freed one
    EXPECT_FALSE(a.allocate().has_value());
    a.release(99);  // not ours: ignored
    EXPECT_EQ(a.in_use(), 3u);
}

TEST(Lib, LocalBindings) {
    Lib lib(Lib::Options{.label_min = 1000, .label_max = 2000, .explicit_null = false});
    EXPECT_EQ(lib.bind_local(kLoop, true), kImplicitNullLabel);
    EXPECT_EQ(lib.bind_local(kA, false), 1000u);
    EXPECT_EQ(lib.bind_local(kA, false), 1000u);  // stable
    EXPECT_EQ(lib.bind_local(kB, false), 1001u);
    EXPECT_EQ(lib.unbind_local(kA), 1000u);
    EXPECT_FALSE(lib.local_label(kA).has_value());
    // A transit FEC that becomes ours is rebound to implicit-null.
    EXPECT_EQ(lib.bind_local(kB, true), kImplicitNullLabel);
    Lib explicit_lib(Lib::Options{.label_min = 16, .label_max = 100, .explicit_null = true});
    EXPECT_EQ(explicit_lib.bind_local(kLoop, true), kExplicitNullLabel);
}

TEST(Lib, LiberalRetentionPerPeer) {
    Lib lib(Lib::Options{});
    lib.mapping(0x02020202, kA, 2000);
    lib.mapping(0x03030303, kA, 3000);
    lib.mapping(0x02020202, kB, 2001);
    EXPECT_EQ(lib.remote_label(0x02020202, kA), 2000u);
    EXPECT_EQ(lib.remote_label(0x03030303, kA), 3000u);
    lib.mapping(0x02020202, kA, 2002);  // a new mapping replaces the old one
    EXPECT_EQ(lib.remote_label(0x02020202, kA), 2002u);
    lib.withdraw(0x02020202, kA);
    EXPECT_FALSE(lib.remote_label(0x02020202, kA).has_value());
    EXPECT_EQ(lib.remote_count(0x02020202), 1u);
    lib.peer_gone(0x02020202);
    EXPECT_EQ(lib.remote_count(0x02020202), 0u);
    EXPECT_EQ(lib.remote_label(0x03030303, kA), 3000u);
}

TEST(Lib, NextHopAddressToPeer) {
    Lib lib(Lib::Options{});
    lib.peer_addresses(0x02020202, {0x0a000c02, 0x02020202});
    EXPECT_EQ(lib.peer_for_address(0x0a000c02), 0x02020202u);
    EXPECT_FALSE(lib.peer_for_address(0x0a000c03).has_value());
}

TEST(Lib, RowsForShow) {
    Lib lib(Lib::Options{});
    lib.bind_local(kA, false);
    lib.mapping(0x02020202, kA, 2000);
    lib.mapping(0x02020202, kB, 2001);
    const auto rows = lib.rows();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].fec, kA);
    EXPECT_EQ(rows[0].local, 16u);
    EXPECT_EQ(rows[0].remote.at(0x02020202), 2000u);
    EXPECT_FALSE(rows[1].local.has_value());
}

}  // namespace
}  // namespace ldpsync::ldp
