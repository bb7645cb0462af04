// Latency stamps and the histogram the tester reports from.

#include <gtest/gtest.h>

#include "latency.hpp"
#include "traffic.hpp"

namespace ldpsync::pktgen {
namespace {

TEST(LatencyStamp, RoundTripsInTheFramesTailWhateverIsPushedInFront) {
    TrafficSpec spec;
    spec.packets = 1;
    Bytes f = make_traffic(spec)[0];
    write_stamp(f.data(), f.size(), 0x0123456789abcdefull);
    // A router pushing a label in front of it moves the head, not the tail.
    Bytes pushed(f.begin(), f.begin() + 14);
    pushed.insert(pushed.end(), {0, 0x01, 0x01, 0x40});
    pushed.insert(pushed.end(), f.begin() + 14, f.end());
    for (const Bytes* b : {&f, &pushed}) {
        std::uint64_t tsc = 0;
        ASSERT_TRUE(read_stamp(b->data(), b->size(), tsc));
        EXPECT_EQ(tsc, 0x0123456789abcdefull);
    }
}

TEST(LatencyStamp, AFrameWithoutOneIsNotASample) {
    TrafficSpec spec;
    spec.packets = 1;
    const Bytes f = make_traffic(spec)[0];
    std::uint64_t tsc = 0;
    EXPECT_FALSE(read_stamp(f.data(), f.size(), tsc));
    EXPECT_FALSE(read_stamp(f.data(), kStampSize - 1, tsc));
}

TEST(LatencyHistogram, MinMaxMeanAndPercentilesToTheBucket) {
    LatencyHistogram h;
    EXPECT_EQ(h.percentile_ns(50), 0u);
    for (std::uint64_t ns = 1000; ns <= 100000; ns += 1000) h.add(ns);  // 1..100 µs, 100 samples
    EXPECT_EQ(h.count(), 100u);
    EXPECT_EQ(h.min_ns(), 1000u);
    EXPECT_EQ(h.max_ns(), 100000u);
    EXPECT_DOUBLE_EQ(h.mean_ns(), 50500.0);
    EXPECT_EQ(h.percentile_ns(0), 1100u);   // upper edge of the first sample's 100 ns bucket
    EXPECT_EQ(h.percentile_ns(50), 50100u);
    EXPECT_EQ(h.percentile_ns(99), 99100u);
    EXPECT_EQ(h.percentile_ns(100), 100000u);  // never above the maximum
}

TEST(LatencyHistogram, TheReportIsInMicroseconds) {
    LatencyHistogram h;
    for (std::uint64_t ns = 1000; ns <= 100000; ns += 1000) h.add(ns);
    const auto s = h.summary_us();
    EXPECT_EQ(s.samples, 100u);
    EXPECT_DOUBLE_EQ(s.min, 1.0);
    EXPECT_DOUBLE_EQ(s.mean, 50.5);
    EXPECT_DOUBLE_EQ(s.p50, 50.1);
    EXPECT_DOUBLE_EQ(s.p99, 99.1);
    EXPECT_DOUBLE_EQ(s.max, 100.0);
}

TEST(LatencyHistogram, BeyondAMillisecondTheMaximumIsExact) {
    LatencyHistogram h;
    h.add(500);
    h.add(5'000'000);
    EXPECT_EQ(h.percentile_ns(100), 5'000'000u);
    EXPECT_EQ(h.max_ns(), 5'000'000u);
    EXPECT_EQ(h.percentile_ns(0), 600u);
}

}  // namespace
}  // namespace ldpsync::pktgen
