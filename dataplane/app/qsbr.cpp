#include "qsbr.hpp"

#include <rte_malloc.h>

namespace ldpsync::dp {

QsbrGrace::QsbrGrace(std::uint32_t max_threads) {
    const std::size_t size = rte_rcu_qsbr_get_memsize(max_threads);
    auto* v = static_cast<rte_rcu_qsbr*>(rte_zmalloc("ldpsync-qsbr", size, RTE_CACHE_LINE_SIZE));
    if (v != nullptr && rte_rcu_qsbr_init(v, max_threads) == 0) {
        v_ = v;
    } else {
        rte_free(v);
    }
}

QsbrGrace::~QsbrGrace() { rte_free(v_); }

}  // namespace ldpsync::dp
