#include "ftn_fib.hpp"

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_rcu_qsbr.h>

#include <cstdio>
#include <cstring>

namespace ldpsync::dp {

FtnFib::FtnFib(const std::string& name, int socket, std::uint32_t max_rules, std::uint32_t tbl8s, rte_rcu_qsbr* qsbr)
    : qsbr_(qsbr) {
    rte_fib_conf conf{};
    conf.type = RTE_FIB_DIR24_8;
    conf.default_nh = kMiss;
    conf.max_routes = static_cast<int>(max_rules);
    conf.rib_ext_sz = 0;
    conf.dir24_8.nh_sz = RTE_FIB_DIR24_8_4B;
    conf.dir24_8.num_tbl8 = tbl8s;
    fib_ = rte_fib_create(name.c_str(), socket, &conf);
    if (fib_ != nullptr) {
        const auto* dp = static_cast<const std::uint8_t*>(rte_fib_get_dp(fib_));
        std::uint32_t n_tbl8 = 0;
        std::uint32_t nh_sz = 0;
        if (dp != nullptr) {
            std::memcpy(&n_tbl8, dp, 4);
            std::memcpy(&nh_sz, dp + 12, 4);
            const auto* t24 = reinterpret_cast<const std::uint32_t*>(dp + 64);
            const std::uint32_t empty = static_cast<std::uint32_t>(kMiss << 1);  // next hop << 1, no ext bit
            if (n_tbl8 == tbl8s && nh_sz == RTE_FIB_DIR24_8_4B && t24[0] == empty && t24[(1u << 24) - 1] == empty) {
                tbl24_ = t24;
            }
        }
    }
    if (fib_ == nullptr) {
        error_ = "rte_fib_create(" + std::to_string(max_rules) + " routes, " + std::to_string(tbl8s) +
                 " tbl8s): " + rte_strerror(rte_errno) + " (more memory with EAL -m?)";
    }
}

FtnFib::~FtnFib() {
    if (fib_ != nullptr) {
        rte_fib_free(fib_);
    }
}

bool FtnFib::add(std::uint32_t ip, std::uint8_t len, std::uint32_t value) {
    if (len == 0) {
        default_.store(value, std::memory_order_release);
        return true;
    }
    if (tbl8_grace_pending_) {
        // A tbl8 group freed by an earlier delete may be handed out by this add.
        if (qsbr_ != nullptr) {
            rte_rcu_qsbr_check(qsbr_, tbl8_grace_token_, true);
        }
        tbl8_grace_pending_ = false;
    }
    return rte_fib_add(fib_, ip, len, value) == 0;
}

bool FtnFib::del(std::uint32_t ip, std::uint8_t len) {
    if (len == 0) {
        default_.store(kNoSlot, std::memory_order_release);
        return true;
    }
    const bool ok = rte_fib_delete(fib_, ip, len) == 0;
    if (ok && len > 24 && qsbr_ != nullptr) {
        tbl8_grace_token_ = rte_rcu_qsbr_start(qsbr_);
        tbl8_grace_pending_ = true;
    }
    return ok;
}

std::unique_ptr<FtnFib> create_ftn(std::uint32_t max_rules, std::uint32_t tbl8s, rte_rcu_qsbr* qsbr,
                                   std::unique_ptr<TableHeap>& heap, std::string& memory) {
    const int eal_socket = static_cast<int>(rte_socket_id());
    if (rte_eal_has_hugepages() != 0) {
        memory = "EAL hugepages";
        return std::make_unique<FtnFib>("ldpsync-ftn", eal_socket, max_rules, tbl8s, qsbr);
    }
    heap = std::make_unique<TableHeap>("ldpsync-ftn-heap", FtnFib::bytes_needed(max_rules, tbl8s));
    if (heap->ok()) {
        auto fib = std::make_unique<FtnFib>("ldpsync-ftn", heap->socket(), max_rules, tbl8s, qsbr);
        if (fib->ok()) {
            memory = "own heap, MADV_HUGEPAGE";
            return fib;
        }
        std::fprintf(stderr, "ldpsync-dp: warning: FTN on its own heap: %s; using EAL memory\n", fib->error().c_str());
    } else {
        std::fprintf(stderr, "ldpsync-dp: warning: %s; the FTN uses EAL memory\n", heap->error().c_str());
    }
    heap.reset();
    memory = "EAL 4 KiB pages";
    return std::make_unique<FtnFib>("ldpsync-ftn", eal_socket, max_rules, tbl8s, qsbr);
}

}  // namespace ldpsync::dp
