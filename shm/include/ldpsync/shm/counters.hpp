#pragma once
// Per (worker, link) counters. Each block has exactly one writer (its worker), which adds a
// whole burst's deltas inside one sequence bump, so the control side reads a block whose
// counters agree with each other (rx = tx + drops for that burst boundary).

#include <array>
#include <atomic>
#include <cstdint>
#include <string_view>

#include "ldpsync/shm/constants.hpp"

namespace ldpsync::shm {

enum class Counter : std::uint8_t {
    rx = 0,
    tx,
    dropped_unsynced,  // every ECMP member's link was not usable: the sync gate dropped it
    no_binding,        // no ILM/FTN entry, or it pointed at a missing group or next hop
    ttl_expired,
    punted,            // handed to the control plane (TAP)
    punt_policed,      // exceeded the punt rate limit
    malformed,
    tx_full,           // the NIC did not take it
    count_,
};
inline constexpr std::size_t kCounterCount = static_cast<std::size_t>(Counter::count_);

std::string_view to_string(Counter counter);

using CounterValues = std::array<std::uint64_t, kCounterCount>;

class alignas(kCacheLine) CounterBlock {
public:
    // Worker side (single writer): adds deltas as one consistent step.
    void add(const CounterValues& delta) noexcept {
        const std::uint32_t seq = seq_.load(std::memory_order_relaxed);
        seq_.store(seq + 1, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_release);
        for (std::size_t i = 0; i < kCounterCount; ++i) {
            if (delta[i] != 0) {
                values_[i].store(values_[i].load(std::memory_order_relaxed) + delta[i],
                                 std::memory_order_relaxed);
            }
        }
        seq_.store(seq + 2, std::memory_order_release);
    }

    // Control side: a consistent copy, or the last torn one after max_attempts (a worker
    // that died mid-add must not hang the reader; counters are then at most one burst off).
    CounterValues snapshot(unsigned max_attempts = 1024) const noexcept {
        CounterValues out{};
        for (unsigned attempt = 0; attempt < max_attempts; ++attempt) {
            const std::uint32_t before = seq_.load(std::memory_order_acquire);
            for (std::size_t i = 0; i < kCounterCount; ++i) {
                out[i] = values_[i].load(std::memory_order_relaxed);
            }
            std::atomic_thread_fence(std::memory_order_acquire);
            if ((before & 1u) == 0 && seq_.load(std::memory_order_relaxed) == before) {
                break;
            }
            cpu_relax();
        }
        return out;
    }

    void repair() noexcept {
        const std::uint32_t seq = seq_.load(std::memory_order_relaxed);
        if (seq & 1u) {
            seq_.store(seq + 1, std::memory_order_release);
        }
    }

private:
    std::atomic<std::uint32_t> seq_{0};
    std::array<std::atomic<std::uint64_t>, kCounterCount> values_{};
};

inline CounterValues& operator+=(CounterValues& a, const CounterValues& b) {
    for (std::size_t i = 0; i < kCounterCount; ++i) {
        a[i] += b[i];
    }
    return a;
}

}  // namespace ldpsync::shm
