#pragma once
// A single-writer seqlock cell. The payload is kept as relaxed atomic words so that a
// reader racing the writer has defined behaviour; the sequence check throws away any copy
// that overlapped a write (Boehm, "Can seqlocks get along with programming language memory
// models?", 2012).

#include <atomic>
#include <cstdint>
#include <cstring>
#include <optional>
#include <type_traits>

#include "ldpsync/shm/constants.hpp"

namespace ldpsync::shm {

template <class T>
    requires std::is_trivially_copyable_v<T>
class alignas(kCacheLine) SeqlockCell {
public:
    static constexpr std::size_t kWords = (sizeof(T) + 7) / 8;

    // Writer side. Only one process may write a given cell.
    void store(const T& value) noexcept {
        std::uint64_t buffer[kWords] = {};
        std::memcpy(buffer, &value, sizeof(T));
        const std::uint32_t seq = seq_.load(std::memory_order_relaxed);
        seq_.store(seq + 1, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_release);
        for (std::size_t i = 0; i < kWords; ++i) {
            words_[i].store(buffer[i], std::memory_order_relaxed);
        }
        seq_.store(seq + 2, std::memory_order_release);
    }

    // A writer that died between the two sequence stores leaves the cell odd for ever;
    // the writer that takes over makes it even again (its content is rewritten afterwards).
    void repair() noexcept {
        const std::uint32_t seq = seq_.load(std::memory_order_relaxed);
        if (seq & 1u) {
            seq_.store(seq + 1, std::memory_order_release);
        }
    }

    // One attempt: false when a write was in progress or overlapped the copy.
    bool try_load(T& out) const noexcept {
        const std::uint32_t before = seq_.load(std::memory_order_acquire);
        if (before & 1u) {
            return false;
        }
        std::uint64_t buffer[kWords];
        for (std::size_t i = 0; i < kWords; ++i) {
            buffer[i] = words_[i].load(std::memory_order_relaxed);
        }
        std::atomic_thread_fence(std::memory_order_acquire);
        if (seq_.load(std::memory_order_relaxed) != before) {
            return false;
        }
        std::memcpy(&out, buffer, sizeof(T));
        return true;
    }

    // Bounded: a writer that died mid-write must not hang the reader.
    std::optional<T> load(unsigned max_attempts = 1u << 16) const noexcept {
        T value;
        for (unsigned i = 0; i < max_attempts; ++i) {
            if (try_load(value)) {
                return value;
            }
            cpu_relax();
        }
        return std::nullopt;
    }

    std::uint32_t sequence() const noexcept { return seq_.load(std::memory_order_acquire); }

private:
    std::atomic<std::uint32_t> seq_{0};
    std::atomic<std::uint64_t> words_[kWords] = {};
};

}  // namespace ldpsync::shm
