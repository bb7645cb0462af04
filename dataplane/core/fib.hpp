#pragma once
// The forwarding tables the workers read. Every entry a worker can reach is immutable once
// published: the main lcore builds a new one, publishes its pointer (or the ILM word) with
// release, and hands the old one to the grace-period reclaimer. Workers load with acquire
// and never write. Indirection by slot (ILM/FTN -> group slot -> next-hop slots) means a
// changed group is one pointer store, whatever number of labels use it; a changed next hop
// is one pointer store plus one per one-member group that embeds a copy of it.

#include <sys/mman.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "ldpsync/shm/constants.hpp"
#include "mpls.hpp"

namespace ldpsync::dp {

// One NHLFE, precomputed for the data plane: the label stack is kept as label<<12 in host
// order; TC, S and TTL are per packet and or-ed in when the stack is written. NhData is what
// forward() reads (24 bytes); it is also embedded in one-member groups (GroupEntry::one).
struct NhData {
    std::uint16_t link_id = 0;
    std::uint8_t n_labels = 0;  // 0: implicit-null (PHP / unlabeled)
    std::uint8_t flags = 0;
    std::array<std::uint32_t, shm::kMaxLabels> label_bits{};
    std::array<std::uint8_t, 6> dst_mac{};
};
static_assert(sizeof(NhData) == 24);

struct NhEntry : NhData {
    std::uint32_t nexthop_id = 0;
};

// A next-hop group. A one-member group (the LDP common case) carries a copy of its member's
// next hop in `one` (embedded = 1), so a packet reads ILM word -> group slot -> this entry's
// first 32 bytes and is done; the writer republishes the group whenever that next hop
// changes. Otherwise (ECMP, or the member not defined yet) the members are read through
// their next-hop slots.
struct alignas(32) GroupEntry {
    NhData one{};
    std::uint32_t group_id = 0;
    std::uint8_t n_members = 0;
    std::uint8_t embedded = 0;
    std::array<std::uint32_t, shm::kMaxEcmpMembers> nh_slots{};
};
static_assert(sizeof(GroupEntry) == 96 && offsetof(GroupEntry, nh_slots) == 32);

inline constexpr std::uint32_t kNoSlot = 0xffffffffu;
inline constexpr std::uint32_t kMaxSlots = (1u << 24) - 1;  // rte_lpm next hops are 24 bits
inline constexpr std::uint16_t kNoPort = 0xffffu;
inline constexpr std::uint16_t kNoLink = 0xffffu;  // no link id (a decision about no particular link)

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
// bytes: a multiple of kHugePage.
inline void* huge_alloc(std::size_t bytes) {
    void* p = std::aligned_alloc(kHugePage, bytes);
    if (p == nullptr) {
        throw std::bad_alloc();
    }
#ifdef MADV_HUGEPAGE
    ::madvise(p, bytes, MADV_HUGEPAGE);
#endif
    return p;
}
template <class T>
std::unique_ptr<T[], FreeDeleter> huge_array(std::size_t n) {
    void* p = huge_alloc((n * sizeof(T) + kHugePage - 1) / kHugePage * kHugePage);
    T* a = static_cast<T*>(p);
    for (std::size_t i = 0; i < n; ++i) {
        new (a + i) T();
    }
    return std::unique_ptr<T[], FreeDeleter>(a);
}

// Fixed-size cells for immutable table entries, carved from 2 MiB-aligned MADV_HUGEPAGE
// chunks instead of one heap object each: 1M groups sit on ~48 huge pages rather than
// ~24k 4 KiB pages, so a lookup at a random group costs a cache miss but (with THP) no page
// walk. Main lcore only: cells are taken for a new entry before it is published and given
// back by the grace-period reclaimer, as with new/delete before.
template <class T>
class EntryPool {
    static_assert(std::is_trivially_destructible_v<T>);
    static constexpr std::size_t kCell = (sizeof(T) + alignof(T) - 1) / alignof(T) * alignof(T);

public:
    EntryPool() = default;
    EntryPool(const EntryPool&) = delete;
    EntryPool& operator=(const EntryPool&) = delete;

    T* make(const T& v) {
        if (free_.empty()) {
            grow();
        }
        T* p = free_.back();
        free_.pop_back();
        ++live_;
        return new (p) T(v);
    }
    void destroy(const T* p) {
        if (p != nullptr) {
            free_.push_back(const_cast<T*>(p));
            --live_;
        }
    }
    std::size_t live() const { return live_; }

private:
    void grow() {
        void* p = huge_alloc(kHugePage);
        chunks_.emplace_back(static_cast<std::byte*>(p));
        const std::size_t n = kHugePage / kCell;
        free_.reserve(free_.size() + n);
        // Handed out in address order (the free list is a stack).
        for (std::size_t i = n; i-- > 0;) {
            free_.push_back(reinterpret_cast<T*>(static_cast<std::byte*>(p) + i * kCell));
        }
    }
    std::vector<std::unique_ptr<std::byte[], FreeDeleter>> chunks_;
    std::vector<T*> free_;
    std::size_t live_ = 0;
};
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
          groups_(detail::huge_array<std::atomic<std::uintptr_t>>(cap.groups)) {
        for (std::uint32_t i = 0; i < kLabelCount; ++i) {
            ilm_[i].store(0, std::memory_order_relaxed);
        }
        for (std::uint32_t i = 0; i < cap.nexthops; ++i) {
            nexthops_[i].store(nullptr, std::memory_order_relaxed);
        }
        for (std::uint32_t i = 0; i < cap.groups; ++i) {
            groups_[i].store(0, std::memory_order_relaxed);
        }
    }
    FibTables(const FibTables&) = delete;
    FibTables& operator=(const FibTables&) = delete;
    // Entries (published or not) live in the pools and go with them.
    ~FibTables() = default;

    const FibCapacity& capacity() const { return cap_; }

    // Worker side.
    std::uint32_t ilm(std::uint32_t label) const { return ilm_[label].load(std::memory_order_acquire); }
    const NhEntry* nexthop(std::uint32_t slot) const { return nexthops_[slot].load(std::memory_order_acquire); }
    const GroupEntry* group(std::uint32_t slot) const { return untag(groups_[slot].load(std::memory_order_acquire)); }
    // The group and whether its members must be read through next-hop slots, from the slot
    // word alone: the burst pipeline prefetches next-hop slots only for those groups, without
    // waiting on every group entry first.
    const GroupEntry* group(std::uint32_t slot, bool& indirect) const {
        const std::uintptr_t word = groups_[slot].load(std::memory_order_acquire);
        indirect = (word & kIndirectTag) != 0;
        return untag(word);
    }
    // Prefetch helpers for the worker's burst pipeline (hide one dependent miss per level).
    void prefetch_ilm(std::uint32_t label) const { __builtin_prefetch(&ilm_[label]); }
    void prefetch_group_slot(std::uint32_t slot) const { __builtin_prefetch(&groups_[slot]); }
    void prefetch_nexthop_slot(std::uint32_t slot) const { __builtin_prefetch(&nexthops_[slot]); }
    std::uint32_t nexthop_capacity() const { return cap_.nexthops; }
    std::uint32_t group_capacity() const { return cap_.groups; }

    // Main-lcore side: entry cells (taken before publishing, given back after a grace period).
    const NhEntry* make_nexthop(const NhEntry& v) { return nh_pool_.make(v); }
    const GroupEntry* make_group(const GroupEntry& v) { return group_pool_.make(v); }
    void free_nexthop(const NhEntry* e) { nh_pool_.destroy(e); }
    void free_group(const GroupEntry* e) { group_pool_.destroy(e); }
    std::size_t live_entries() const { return nh_pool_.live() + group_pool_.live(); }

    // Main-lcore side: publish, returning what was there before.
    void store_ilm(std::uint32_t label, std::uint32_t word) { ilm_[label].store(word, std::memory_order_release); }
    const NhEntry* publish_nexthop(std::uint32_t slot, const NhEntry* e) {
        return nexthops_[slot].exchange(e, std::memory_order_acq_rel);
    }
    const GroupEntry* publish_group(std::uint32_t slot, const GroupEntry* e) {
        const std::uintptr_t word = reinterpret_cast<std::uintptr_t>(e) |
                                    (e != nullptr && e->embedded == 0 ? kIndirectTag : 0);
        return untag(groups_[slot].exchange(word, std::memory_order_acq_rel));
    }

private:
    // Group slot words are GroupEntry pointers (32-byte aligned) with bit 0 set when the
    // group does not embed its next hop.
    static constexpr std::uintptr_t kIndirectTag = 1;
    static const GroupEntry* untag(std::uintptr_t word) {
        return reinterpret_cast<const GroupEntry*>(word & ~kIndirectTag);
    }

    FibCapacity cap_;
    std::unique_ptr<std::atomic<std::uint32_t>[], detail::FreeDeleter> ilm_;
    std::unique_ptr<std::atomic<const NhEntry*>[], detail::FreeDeleter> nexthops_;
    std::unique_ptr<std::atomic<std::uintptr_t>[], detail::FreeDeleter> groups_;
    detail::EntryPool<NhEntry> nh_pool_;
    detail::EntryPool<GroupEntry> group_pool_;
};

// What forward() needs from the FTN table.
template <class T>
concept FtnLookup = requires(const T ct, std::uint32_t ip, std::uint32_t value) {
    { ct.lookup(ip, value) } -> std::same_as<bool>;
};

// What the burst pipeline needs from it besides (burst.hpp): a prefetch of one address's
// entry and a lookup of a whole burst.
template <class T>
concept BulkFtnLookup = FtnLookup<T> &&
    requires(const T ct, std::uint32_t ip, std::uint32_t* ips, std::uint32_t* values, bool* found, unsigned n) {
    ct.prefetch(ip);
    ct.lookup_bulk(ips, values, found, n);
};

// What the FTN table must offer (rte_lpm in the data plane, a plain map in unit tests).
template <class T>
concept FtnTable = requires(T t, const T ct, std::uint32_t ip, std::uint8_t len, std::uint32_t value) {
    { t.add(ip, len, value) } -> std::same_as<bool>;
    { t.del(ip, len) } -> std::same_as<bool>;
    { ct.lookup(ip, value) } -> std::same_as<bool>;
};

}  // namespace ldpsync::dp
