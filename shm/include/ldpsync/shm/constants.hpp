#pragma once
// Compile-time sizes of the shared-memory contract. Both processes are built from the same
// tree, and the header repeats every one of these so an attach from a different build is
// refused instead of misread.

#include <cstddef>
#include <cstdint>

namespace ldpsync::shm {

inline constexpr std::uint64_t kMagic = 0x314d48534350444cull;  // "LDPCSHM1", little-endian
inline constexpr std::uint32_t kLayoutVersion = 2;  // 2: the label ledger

inline constexpr std::size_t kCacheLine = 64;
inline constexpr std::size_t kLinkCapacity = 1024;
inline constexpr std::size_t kMaxWorkers = 16;
// One slot of a boost ring buffer stays empty, so usable capacity is one less.
inline constexpr std::size_t kUpdateQueueSlots = std::size_t{1} << 16;
inline constexpr std::size_t kEventQueueSlots = 1024;

inline constexpr std::size_t kMaxLabels = 3;
inline constexpr std::size_t kMaxEcmpMembers = 16;
inline constexpr std::size_t kIfNameSize = 16;  // IFNAMSIZ
inline constexpr std::uint32_t kMaxLabelValue = (1u << 20) - 1;
// One ledger slot per label value (the control process's FEC of each local label).
inline constexpr std::size_t kLedgerSlots = std::size_t{kMaxLabelValue} + 1;

// A spin-wait hint: lets the sibling hyper-thread run and saves power while polling.
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield" ::: "memory");
#endif
}

constexpr std::size_t align_up(std::size_t value, std::size_t alignment) {
    return (value + alignment - 1) / alignment * alignment;
}

}  // namespace ldpsync::shm
