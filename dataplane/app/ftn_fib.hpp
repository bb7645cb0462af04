#pragma once
// FTN table on rte_fib (DIR-24-8 lookup, rte_rib for the rules). rte_lpm was the first
// choice, but its rule add scans every rule of the same depth, so loading 1M /24s is
// quadratic (minutes); rte_rib keeps rules in a tree.
//
// Concurrency: lookups run on workers while the main lcore adds and deletes. Entry
// updates are single aligned stores. The one hazard is a tbl8 group freed by a delete
// (depth > 24) and reused by a later add while a worker still walks it: rte_fib in DPDK
// 22.11 has no RCU hook, so after such a delete the next add first waits for a QSBR grace
// period (workers report every loop, so the wait is microseconds).

#include <rte_fib.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fib.hpp"
#include "table_heap.hpp"

struct rte_rcu_qsbr;

namespace ldpsync::dp {

class FtnFib {
public:
    FtnFib(const std::string& name, int socket, std::uint32_t max_rules, std::uint32_t tbl8s, rte_rcu_qsbr* qsbr);
    ~FtnFib();
    FtnFib(const FtnFib&) = delete;
    FtnFib& operator=(const FtnFib&) = delete;

    // An upper bound of what rte_fib_create allocates for these sizes: the 64 MiB tbl24,
    // the tbl8 groups and the rule tree's node pool (rte_fib sizes it at two nodes per
    // route; per node: the node, its mempool header and trailer, and its ring slot), plus
    // slack for the small allocations.
    static std::size_t bytes_needed(std::uint32_t max_rules, std::uint32_t tbl8s) {
        return (std::size_t{1} << 24) * 4 + std::size_t{tbl8s} * 256 * 4 + std::size_t{max_rules} * 2 * 256 +
               (std::size_t{64} << 20);
    }

    bool ok() const { return fib_ != nullptr; }
    const std::string& error() const { return error_; }

    bool add(std::uint32_t ip, std::uint8_t len, std::uint32_t value);
    bool del(std::uint32_t ip, std::uint8_t len);
    bool lookup(std::uint32_t ip, std::uint32_t& value) const {
        std::uint64_t nh = kMiss;
        rte_fib_lookup_bulk(fib_, &ip, &nh, 1);
        if (nh != kMiss) {
            value = static_cast<std::uint32_t>(nh);
            return true;
        }
        value = default_.load(std::memory_order_acquire);
        return value != kNoSlot;
    }

    bool tbl24_prefetch() const { return tbl24_ != nullptr; }
    // Pass-1 prefetch of the tbl24 entry of ip (see tbl24_); a no-op when the layout
    // check failed.
    void prefetch(std::uint32_t ip) const {
        if (tbl24_ != nullptr) {
            __builtin_prefetch(tbl24_ + (ip >> 8));
        }
    }

    // Bulk form for a burst: found[i] false where no route covers ips[i].
    void lookup_bulk(std::uint32_t* ips, std::uint32_t* values, bool* found, unsigned n) const {
        std::uint64_t nh[64];
        rte_fib_lookup_bulk(fib_, ips, nh, static_cast<int>(n));
        const std::uint32_t def = default_.load(std::memory_order_acquire);
        for (unsigned i = 0; i < n; ++i) {
            values[i] = nh[i] != kMiss ? static_cast<std::uint32_t>(nh[i]) : def;
            found[i] = values[i] != kNoSlot;
        }
    }

private:
    static constexpr std::uint64_t kMiss = 0x7fffffffu;  // largest 4-byte DIR-24-8 next hop
    rte_fib* fib_ = nullptr;
    rte_rcu_qsbr* qsbr_ = nullptr;
    std::uint64_t tbl8_grace_token_ = 0;
    bool tbl8_grace_pending_ = false;
    std::atomic<std::uint32_t> default_{kNoSlot};
    // DIR-24-8's tbl24 (64 MiB, 4-byte entries) for prefetching a whole burst ahead:
    // rte_fib_lookup_bulk prefetches only 8 entries ahead. Located through
    // rte_fib_get_dp() and DPDK 22.11's private struct dir24_8_tbl (tbl24 at the first
    // cache line after the header); used only if the header and the freshly filled table
    // read as expected. Only ever prefetched, never read: a wrong guess costs nothing.
    const std::uint32_t* tbl24_ = nullptr;
    std::string error_;
};

// The data plane's FTN. With hugepage EAL memory it is allocated there. Without (--no-huge)
// it goes on a heap of its own marked MADV_HUGEPAGE (table_heap.hpp), and back to EAL memory
// with a warning if that heap cannot be made or is too small. `heap` receives that heap
// (destroy it after the FTN); `memory` says where the table went, for the start-up log.
// Returns the table even when !ok(): the caller reports its error().
std::unique_ptr<FtnFib> create_ftn(std::uint32_t max_rules, std::uint32_t tbl8s, rte_rcu_qsbr* qsbr,
                                   std::unique_ptr<TableHeap>& heap, std::string& memory);

}  // namespace ldpsync::dp
