#pragma once
// GracePeriod on rte_rcu_qsbr: workers are the QSBR threads (id = worker index) and report
// quiescence once per loop, between bursts, when they hold no table pointer.

#include <rte_rcu_qsbr.h>

#include <cstdint>
#include <string>

#include "grace.hpp"

namespace ldpsync::dp {

class QsbrGrace : public GracePeriod {
public:
    explicit QsbrGrace(std::uint32_t max_threads);
    ~QsbrGrace() override;
    QsbrGrace(const QsbrGrace&) = delete;
    QsbrGrace& operator=(const QsbrGrace&) = delete;

    bool ok() const { return v_ != nullptr; }
    rte_rcu_qsbr* get() const { return v_; }

    std::uint64_t start() override { return rte_rcu_qsbr_start(v_); }
    bool done(std::uint64_t token) override { return rte_rcu_qsbr_check(v_, token, false) == 1; }

private:
    rte_rcu_qsbr* v_ = nullptr;
};

}  // namespace ldpsync::dp
