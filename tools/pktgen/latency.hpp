#pragma once
// Latency through the router under test, the way a tester measures it: the last 16 bytes of
// every frame sent carry a marker and the TSC at send time; a frame that comes back with
// them yields one sample. The tail is used because it does not move when the router pushes
// or pops labels in front of it. Pure: no DPDK.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ldpsync::pktgen {

inline constexpr std::size_t kStampSize = 16;
// The generated frames of 64 bytes and more keep at least 18 bytes of payload (one label at
// most), so the stamp never covers a header.
inline constexpr std::size_t kMinStampedFrame = 64;
inline constexpr std::uint64_t kStampMarker = 0x4c44505354414d50ull;  // "LDPSTAMP"

// frame: at least kStampSize bytes; overwrites its last 16 (payload, for the generated frames).
inline void write_stamp(std::uint8_t* frame, std::size_t len, std::uint64_t tsc) {
    std::memcpy(frame + len - kStampSize, &kStampMarker, 8);
    std::memcpy(frame + len - 8, &tsc, 8);
}

// The send TSC of a stamped frame; false when the frame carries no stamp.
inline bool read_stamp(const std::uint8_t* frame, std::size_t len, std::uint64_t& tsc) {
    if (len < kStampSize) return false;
    std::uint64_t marker = 0;
    std::memcpy(&marker, frame + len - kStampSize, 8);
    if (marker != kStampMarker) return false;
    std::memcpy(&tsc, frame + len - 8, 8);
    return true;
}

// Samples in 100 ns buckets up to 1 ms (percentiles to 0.1 µs), beyond that in one bucket;
// exact minimum, maximum and mean. Fixed size: adding never allocates.
class LatencyHistogram {
public:
    static constexpr std::uint64_t kBucketNs = 100;
    static constexpr std::size_t kBuckets = 10000;

    void add(std::uint64_t ns) {
        const std::size_t b = ns / kBucketNs;
        ++buckets_[b < kBuckets ? b : kBuckets];
        ++count_;
        sum_ += ns;
        if (count_ == 1 || ns < min_) min_ = ns;
        if (ns > max_) max_ = ns;
    }
    std::uint64_t count() const { return count_; }
    std::uint64_t min_ns() const { return min_; }
    std::uint64_t max_ns() const { return max_; }
    double mean_ns() const { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0; }
    // The upper edge of the bucket holding the p-th percentile (p in 0..100), never above the
    // maximum; 0 without samples.
    std::uint64_t percentile_ns(double p) const {
        if (count_ == 0) return 0;
        const auto rank = static_cast<std::uint64_t>(p / 100.0 * static_cast<double>(count_ - 1));
        std::uint64_t seen = 0;
        for (std::size_t b = 0; b <= kBuckets; ++b) {
            seen += buckets_[b];
            if (seen > rank) return b == kBuckets ? max_ : std::min<std::uint64_t>((b + 1) * kBucketNs, max_);
        }
        return max_;
    }

    // What a report prints, in microseconds.
    struct SummaryUs {
        std::uint64_t samples = 0;
        double min = 0, mean = 0, p50 = 0, p99 = 0, max = 0;
    };
    SummaryUs summary_us() const {
        auto us = [](double ns) { return ns / 1000.0; };
        return {count_, us(static_cast<double>(min_)), us(mean_ns()), us(static_cast<double>(percentile_ns(50))),
                us(static_cast<double>(percentile_ns(99))), us(static_cast<double>(max_))};
    }

private:
    std::array<std::uint64_t, kBuckets + 1> buckets_{};
    std::uint64_t count_ = 0;
    std::uint64_t sum_ = 0;
    std::uint64_t min_ = 0;
    std::uint64_t max_ = 0;
};

}  // namespace ldpsync::pktgen
