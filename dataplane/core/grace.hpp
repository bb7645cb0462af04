#pragma once
// Deferred reclamation. Memory a worker may still hold is freed only after every worker
// has passed a quiescent point since it was unpublished. The data plane implements
// GracePeriod with rte_rcu_qsbr; unit tests drive it by hand.

#include <cstdint>
#include <deque>
#include <functional>

namespace ldpsync::dp {

class GracePeriod {
public:
    virtual ~GracePeriod() = default;
    // Starts a grace period; returns its token (monotonic).
    virtual std::uint64_t start() = 0;
    // True once every reader has been quiescent since the token's start.
    virtual bool done(std::uint64_t token) = 0;
};

class Reclaimer {
public:
    explicit Reclaimer(GracePeriod& grace) : grace_(grace) {}
    Reclaimer(const Reclaimer&) = delete;
    Reclaimer& operator=(const Reclaimer&) = delete;
    ~Reclaimer() { drain_all(); }

    void retire(std::function<void()> free_fn) {
        pending_.push_back({grace_.start(), std::move(free_fn)});
    }

    // Frees what is safe now; tokens are monotonic so the oldest decides.
    std::size_t reclaim() {
        std::size_t n = 0;
        while (!pending_.empty() && grace_.done(pending_.front().token)) {
            pending_.front().free_fn();
            pending_.pop_front();
            ++n;
        }
        return n;
    }
    // At shutdown, once no worker runs.
    void drain_all() {
        for (auto& p : pending_) {
            p.free_fn();
        }
        pending_.clear();
    }
    std::size_t pending() const { return pending_.size(); }

private:
    struct Pending {
        std::uint64_t token;
        std::function<void()> free_fn;
    };
    GracePeriod& grace_;
    std::deque<Pending> pending_;
};

}  // namespace ldpsync::dp
