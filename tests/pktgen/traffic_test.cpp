// The generator's label and prefix sets: what the benchmark installs and what the frames
// carry must be the same entries, in the layout asked for.

#include <gtest/gtest.h>

#include <set>

#include "traffic.hpp"

namespace ldpsync::pktgen {
namespace {

std::uint32_t top_label(const Bytes& frame) {
    return (std::uint32_t{frame[14]} << 12) | (std::uint32_t{frame[15]} << 4) | (frame[16] >> 4);
}

TEST(LabelLayout, AllocatorHandsOutLabelsInOrderFrom16LikeLdpsyncd) {
    for (std::uint32_t i = 0; i < 1000; ++i) {
        EXPECT_EQ(label_of(i, 1, LabelLayout::allocator), 16 + i);
    }
    EXPECT_EQ(label_of(kMaxEntries - 1, 1, LabelLayout::allocator), (1u << 20) - 1);
}

TEST(LabelLayout, SpreadIsABijectionOnTheUnreservedSpaceAndScattersNeighbours) {
    std::set<std::uint32_t> seen;
    std::uint32_t far_apart = 0;
    for (std::uint32_t i = 0; i < 20000; ++i) {
        const std::uint32_t l = label_of(i, 1, LabelLayout::spread);
        ASSERT_GE(l, 16u);
        ASSERT_LT(l, 1u << 20);
        ASSERT_TRUE(seen.insert(l).second) << "label " << l << " twice";
        if (i > 0) {
            const std::uint32_t prev = label_of(i - 1, 1, LabelLayout::spread);
            // Neighbours in different 4 KiB pages of an 8-byte-per-label array.
            far_apart += (l > prev ? l - prev : prev - l) >= 512 ? 1u : 0u;
        }
    }
    EXPECT_GT(far_apart, 19000u);
}

TEST(LabelLayout, ParsesBothNamesAndRefusesOthers) {
    LabelLayout l = LabelLayout::spread;
    EXPECT_TRUE(parse_label_layout("allocator", l));
    EXPECT_EQ(l, LabelLayout::allocator);
    EXPECT_TRUE(parse_label_layout("spread", l));
    EXPECT_EQ(l, LabelLayout::spread);
    EXPECT_FALSE(parse_label_layout("random", l));
    EXPECT_EQ(l, LabelLayout::spread);
}

TEST(Traffic, SwapFramesCarryTheLabelsOfTheRequestedLayout) {
    for (const LabelLayout layout : {LabelLayout::allocator, LabelLayout::spread}) {
        TrafficSpec spec;
        spec.mix = Mix::swap;
        spec.entries = 100;
        spec.packets = 2000;
        spec.labels = layout;
        std::set<std::uint32_t> installed;
        for (std::uint32_t i = 0; i < spec.entries; ++i) {
            installed.insert(label_of(i, spec.seed, layout));
        }
        std::set<std::uint32_t> used;
        for (const Bytes& f : make_traffic(spec)) {
            ASSERT_EQ(f[12], 0x88);
            ASSERT_EQ(f[13], 0x47);
            const std::uint32_t label = top_label(f);
            ASSERT_TRUE(installed.contains(label)) << "label " << label << " is not one of the installed FECs";
            used.insert(label);
        }
        EXPECT_EQ(used.size(), installed.size()) << "2000 frames over 100 FECs reach every FEC";
    }
}

TEST(Traffic, DefaultLayoutIsTheAllocators) {
    EXPECT_EQ(TrafficSpec{}.labels, LabelLayout::allocator);
}

}  // namespace
}  // namespace ldpsync::pktgen
