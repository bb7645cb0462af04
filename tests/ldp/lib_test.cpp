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

TEST(LabelAllocator, SkipsLabelsReservedForStaticBindingsUntilUnreserved) {
    LabelAllocator a(16, 20);
    EXPECT_TRUE(a.reserve(17));
    EXPECT_TRUE(a.reserve(16));
    EXPECT_EQ(a.allocate(), 18u);  // 16 and 17 belong to someone else
    a.unreserve(17);               // behind next: back as a freed label, reused last
    EXPECT_TRUE(a.reserve(20));
    EXPECT_EQ(a.allocate(), 19u);
    EXPECT_EQ(a.allocate(), 17u);
    EXPECT_FALSE(a.allocate().has_value());  // 16 and 20 stay reserved
    a.unreserve(20);
    EXPECT_EQ(a.allocate(), 20u);
}

TEST(LabelAllocator, ReservingAnAllocatedLabelFailsAndKeepsItFromBeingReused) {
    LabelAllocator a(16, 17);
    EXPECT_EQ(a.allocate(), 16u);
    EXPECT_FALSE(a.reserve(16));  // LDP holds it
    EXPECT_TRUE(a.allocated(16));
    a.release(16);                // LDP lets go: it is the static binding's now
    EXPECT_FALSE(a.allocated(16));
    EXPECT_EQ(a.allocate(), 17u);
    EXPECT_FALSE(a.allocate().has_value());
    EXPECT_TRUE(a.reserve(16));
}

TEST(Lib, ReservedLabelsFollowTheStaticBindingSet) {
    Lib lib(Lib::Options{.label_min = 100, .label_max = 103, .explicit_null = false});
    EXPECT_TRUE(lib.set_reserved({100, 101}).empty());
    EXPECT_EQ(lib.bind_local(kA, false), 102u);
    EXPECT_EQ(lib.local_fec(102), kA);
    EXPECT_FALSE(lib.local_fec(100).has_value());
    // The static binding on 101 is removed: LDP may use it (after its fresh labels).
    EXPECT_TRUE(lib.set_reserved({100}).empty());
    EXPECT_EQ(lib.bind_local(kB, false), 103u);
    EXPECT_EQ(lib.bind_local(kLoop, false), 101u);
    // A static binding on a label LDP holds is reported; once LDP's FEC goes, it is reserved.
    EXPECT_EQ(lib.set_reserved({100, 103}), std::vector<std::uint32_t>{103});
    EXPECT_EQ(lib.unbind_local(kB), 103u);
    EXPECT_TRUE(lib.set_reserved({100, 103}).empty());
    EXPECT_FALSE(lib.bind_local(kB, false).has_value());  // 100-103 all taken or reserved
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

// After a restart: each FEC gets back the label its predecessor gave it, in whatever order
// the FECs come back, and no new FEC is given a label still held for another.
TEST(Lib, HeldLabelsGoBackToTheirFecsInAnyOrder) {
    Lib lib(Lib::Options{.label_min = 16, .label_max = 100, .explicit_null = false});
    const Fec kC{0x0a030000, 16};
    EXPECT_EQ(lib.hold_previous({{kA, 17}, {kB, 16}, {kC, 40}}), 3u);
    EXPECT_EQ(lib.bind_local(kA, false), 17u);   // first back, but still its own label
    EXPECT_EQ(lib.bind_local(kLoop, false), 18u);  // a new FEC: past the held 16 and 17
    EXPECT_EQ(lib.bind_local(kB, false), 16u);
    EXPECT_EQ(lib.held().size(), 1u);
    // The holding ends with kC never back: 40 is free again (after the fresh labels).
    EXPECT_EQ(lib.release_held(), std::vector<std::uint32_t>{40});
    EXPECT_TRUE(lib.held().empty());
    EXPECT_EQ(lib.unbind_local(kB), 16u);
    EXPECT_EQ(lib.bind_local(kC, false), 19u);
}

TEST(Lib, HoldingSkipsLabelsOutOfRangeReservedOrTaken) {
    Lib lib(Lib::Options{.label_min = 16, .label_max = 100, .explicit_null = false});
    lib.set_reserved({20});
    EXPECT_EQ(lib.bind_local(kLoop, false), 16u);
    const Fec kC{0x0a030000, 16};
    const Fec kD{0x0a040000, 16};
    // 16: taken by kLoop; 20: a static binding's; 500: out of the range; kLoop: bound already.
    EXPECT_EQ(lib.hold_previous({{kA, 16}, {kB, 20}, {kC, 500}, {kLoop, 30}, {kD, 31}}), 1u);
    EXPECT_EQ(lib.held(), (std::map<Fec, std::uint32_t>{{kD, 31}}));
    EXPECT_EQ(lib.bind_local(kA, false), 17u);
}

// A static binding configured on a held label takes it: the predecessor's FEC gets another.
TEST(Lib, AStaticBindingTakesAHeldLabel) {
    Lib lib(Lib::Options{.label_min = 16, .label_max = 100, .explicit_null = false});
    EXPECT_EQ(lib.hold_previous({{kA, 16}, {kB, 17}}), 2u);
    EXPECT_TRUE(lib.set_reserved({16}).empty());
    EXPECT_EQ(lib.held(), (std::map<Fec, std::uint32_t>{{kB, 17}}));
    EXPECT_EQ(lib.bind_local(kA, false), 18u);
    EXPECT_EQ(lib.bind_local(kB, false), 17u);
    EXPECT_FALSE(lib.local_fec(16).has_value());
}

TEST(Lib, AHeldFecThatComesBackAsOursFreesItsLabel) {
    Lib lib(Lib::Options{.label_min = 16, .label_max = 100, .explicit_null = false});
    EXPECT_EQ(lib.hold_previous({{kA, 16}}), 1u);
    EXPECT_EQ(lib.bind_local(kA, true), kImplicitNullLabel);
    EXPECT_TRUE(lib.held().empty());
    EXPECT_TRUE(lib.release_held().empty());
    EXPECT_EQ(lib.bind_local(kB, false), 17u);  // fresh labels first; 16 is among the freed
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
