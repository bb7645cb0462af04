#pragma once
// Per (worker, link) counters. Each block has exactly one writer (its worker), which adds a
// whole burst's deltas inside one sequence bump, so the control side reads a block whose
// counters agree with each other (rx = tx + drops for that burst boundary).

#include <array>
#include <atomic>
#include <chrono>
#include <thread>
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

    // Control side: a consistent copy. A busy or preempted writer only delays it; a writer
    // that died mid-add leaves the sequence odd and still, and once it has stayed so for
    // stuck_limit the copy is returned as it is (at most one burst off) rather than hanging.
    CounterValues snapshot(std::chrono::milliseconds stuck_limit = std::chrono::milliseconds(100)) const noexcept {
        CounterValues out{};
        std::uint32_t previous = seq_.load(std::memory_order_acquire);
        std::chrono::steady_clock::time_point stuck_since{};
        bool timing = false;
        for (unsigned spins = 0;; ++spins) {
            const std::uint32_t before = seq_.load(std::memory_order_acquire);
            for (std::size_t i = 0; i < kCounterCount; ++i) {
                out[i] = values_[i].load(std::memory_order_relaxed);
            }
            std::atomic_thread_fence(std::memory_order_acquire);
            if ((before & 1u) == 0 && seq_.load(std::memory_order_relaxed) == before) {
                return out;
            }
            if (before != previous) {
                timing = false;
                previous = before;
            }
            if (spins % 256 == 255) {
                // The writer may share this core: let it finish its add.
                std::this_thread::yield();
                const auto now = std::chrono::steady_clock::now();
                if (!timing) {
                    stuck_since = now;
                    timing = true;
                } else if (now - stuck_since >= stuck_limit) {
                    return out;
                }
            }
            cpu_relax();
        }
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
