#pragma once
// The forwarding tables the workers read. Every entry a worker can reach is immutable once
// published: the main lcore builds a new one, publishes its pointer (or the ILM word) with
// release, and hands the old one to the grace-period reclaimer. Workers load with acquire
// and never write. Indirection by slot (ILM/FTN -> group slot -> next-hop slots) means a
// changed next hop or group is one pointer store, whatever number of labels use it.

#include <sys/mman.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>

#include "ldpsync/shm/constants.hpp"
#include "mpls.hpp"

namespace ldpsync::dp {

// One NHLFE, precomputed for the data plane: the label stack is kept as label<<12 in host
// order; TC, S and TTL are per packet and or-ed in when the stack is written.
struct NhEntry {
    std::uint32_t nexthop_id = 0;
    std::uint16_t link_id = 0;
    std::uint8_t n_labels = 0;  // 0: implicit-null (PHP / unlabeled)
    std::uint8_t flags = 0;
    std::array<std::uint32_t, shm::kMaxLabels> label_bits{};
    std::array<std::uint8_t, 6> dst_mac{};
};

struct GroupEntry {
    std::uint32_t group_id = 0;
    std::uint8_t n_members = 0;
    std::array<std::uint32_t, shm::kMaxEcmpMembers> nh_slots{};
};

inline constexpr std::uint32_t kNoSlot = 0xffffffffu;
inline constexpr std::uint32_t kMaxSlots = (1u << 24) - 1;  // rte_lpm next hops are 24 bits
inline constexpr std::uint16_t kNoPort = 0xffffu;

// ILM word: 0 = no entry; bit 31 valid, bits 24-25 action, bits 0-23 group slot.
enum class IlmOp : std::uint8_t { forward = 0, pop_lookup = 1, punt = 2 };
constexpr std::uint32_t ilm_word(IlmOp op, std::uint32_t group_slot) {
    return 0x80000000u | (std::uint32_t{static_cast<std::uint8_t>(op)} << 24) | (group_slot & 0xffffffu);
}
constexpr IlmOp ilm_op(std::uint32_t word) { return static_cast<IlmOp>((word >> 24) & 3u); }
constexpr std::uint32_t ilm_group_slot(std::uint32_t word) { return word & 0xffffffu; }

// The big worker-read arrays (the 4 MiB ILM, the slot arrays) are looked up at random
// labels/slots: on 4 KiB pages nearly every lookup is also a TLB miss (a page walk even for
// a prefetch). They are allocated 2 MiB aligned and marked MADV_HUGEPAGE so that the kernel
// backs them with transparent huge pages when THP is "madvise" or "always" (best effort:
// without THP this is an ordinary allocation).
namespace detail {
inline constexpr std::size_t kHugePage = std::size_t{2} << 20;
struct FreeDeleter {
    void operator()(void* p) const noexcept { std::free(p); }
};
template <class T>
std::unique_ptr<T[], FreeDeleter> huge_array(std::size_t n) {
    const std::size_t bytes = (n * sizeof(T) + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, bytes);
    if (p == nullptr) {
        throw std::bad_alloc();
    }
#ifdef MADV_HUGEPAGE
    ::madvise(p, bytes, MADV_HUGEPAGE);
#endif
    T* a = static_cast<T*>(p);
    for (std::size_t i = 0; i < n; ++i) {
        new (a + i) T();
    }
    return std::unique_ptr<T[], FreeDeleter>(a);
}
}  // namespace detail

struct FibCapacity {
    std::uint32_t nexthops = 1u << 16;
    std::uint32_t groups = 1u << 16;
};

class FibTables {
public:
    explicit FibTables(FibCapacity cap)
        : cap_(cap),
          ilm_(detail::huge_array<std::atomic<std::uint32_t>>(kLabelCount)),
          nexthops_(detail::huge_array<std::atomic<const NhEntry*>>(cap.nexthops)),
          groups_(detail::huge_array<std::atomic<const GroupEntry*>>(cap.groups)) {
        for (std::uint32_t i = 0; i < kLabelCount; ++i) {
            ilm_[i].store(0, std::memory_order_relaxed);
        }
        for (std::uint32_t i = 0; i < cap.nexthops; ++i) {
            nexthops_[i].store(nullptr, std::memory_order_relaxed);
        }
        for (std::uint32_t i = 0; i < cap.groups; ++i) {
            groups_[i].store(nullptr, std::memory_order_relaxed);
        }
    }
    FibTables(const FibTables&) = delete;
    FibTables& operator=(const FibTables&) = delete;
    // Entries still published are owned by the tables.
    ~FibTables() {
        for (std::uint32_t i = 0; i < cap_.nexthops; ++i) {
            delete nexthops_[i].load(std::memory_order_relaxed);
        }
        for (std::uint32_t i = 0; i < cap_.groups; ++i) {
            delete groups_[i].load(std::memory_order_relaxed);
        }
    }

    const FibCapacity& capacity() const { return cap_; }

    // Worker side.
    std::uint32_t ilm(std::uint32_t label) const { return ilm_[label].load(std::memory_order_acquire); }
    const NhEntry* nexthop(std::uint32_t slot) const { return nexthops_[slot].load(std::memory_order_acquire); }
    const GroupEntry* group(std::uint32_t slot) const { return groups_[slot].load(std::memory_order_acquire); }
    // Prefetch helpers for the worker's burst pipeline (hide one dependent miss per level).
    void prefetch_ilm(std::uint32_t label) const { __builtin_prefetch(&ilm_[label]); }
    void prefetch_group_slot(std::uint32_t slot) const { __builtin_prefetch(&groups_[slot]); }
    void prefetch_nexthop_slot(std::uint32_t slot) const { __builtin_prefetch(&nexthops_[slot]); }
    std::uint32_t group_capacity() const { return cap_.groups; }

    // Main-lcore side: publish, returning what was there before.
    void store_ilm(std::uint32_t label, std::uint32_t word) { ilm_[label].store(word, std::memory_order_release); }
    const NhEntry* publish_nexthop(std::uint32_t slot, const NhEntry* e) {
        return nexthops_[slot].exchange(e, std::memory_order_acq_rel);
    }
    const GroupEntry* publish_group(std::uint32_t slot, const GroupEntry* e) {
        return groups_[slot].exchange(e, std::memory_order_acq_rel);
    }

private:
    FibCapacity cap_;
    std::unique_ptr<std::atomic<std::uint32_t>[], detail::FreeDeleter> ilm_;
    std::unique_ptr<std::atomic<const NhEntry*>[], detail::FreeDeleter> nexthops_;
    std::unique_ptr<std::atomic<const GroupEntry*>[], detail::FreeDeleter> groups_;
};

// What forward() needs from the FTN table.
template <class T>
concept FtnLookup = requires(const T ct, std::uint32_t ip, std::uint32_t value) {
    { ct.lookup(ip, value) } -> std::same_as<bool>;
};

// What the FTN table must offer (rte_lpm in the data plane, a plain map in unit tests).
template <class T>
concept FtnTable = requires(T t, const T ct, std::uint32_t ip, std::uint8_t len, std::uint32_t value) {
    { t.add(ip, len, value) } -> std::same_as<bool>;
    { t.del(ip, len) } -> std::same_as<bool>;
    { ct.lookup(ip, value) } -> std::same_as<bool>;
};

}  // namespace ldpsync::dp
