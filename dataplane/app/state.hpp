#pragma once
// What the main lcore, the workers and the telemetry callbacks share. Workers only read
// it (plus their own WorkerContext); the main lcore is the single writer of everything else.

#include <rte_ethdev.h>
#include <rte_ring.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "burst.hpp"  // kBurst
#include "fib.hpp"
#include "forward.hpp"
#include "ldpsync/shm/constants.hpp"
#include "ldpsync/shm/counters.hpp"
#include "ftn_fib.hpp"
#include "options.hpp"
#include "policer.hpp"
#include "reason.hpp"

namespace ldpsync::shm {
class DataplaneEnd;
}

namespace ldpsync::dp {

inline constexpr std::uint32_t kMaxRxPerWorker = 16;
// Counters of traffic that no link can be blamed for (a port no link maps to) go here.
inline constexpr std::uint16_t kUnattributedLink = shm::kLinkCapacity - 1;

struct PortState {
    std::uint16_t port_id = 0;
    bool used = false;
    bool started = false;
    MacBytes mac{};
    std::uint16_t n_rxq = 0;
    std::uint16_t n_txq = 0;
    std::string tap_name;
    int tap_fd = -1;
    rte_ring* tap_to_port = nullptr;  // main (TAP reader) -> worker 0 (tx), single producer/consumer
    bool link_up = false;
    // Exception-path counters, main lcore only (telemetry reads them).
    std::atomic<std::uint64_t> to_tap{0};
    std::atomic<std::uint64_t> from_tap{0};
    std::atomic<std::uint64_t> tap_errors{0};
};

// A worker's own counters. Single writer; readers (telemetry, exit summary) load relaxed.
struct WorkerStats {
    std::atomic<std::uint64_t> rx{0};
    std::atomic<std::uint64_t> tx{0};
    std::atomic<std::uint64_t> punted{0};
    std::atomic<std::uint64_t> loops{0};
    std::array<std::atomic<std::uint64_t>, kReasonCount> drops{};
};

struct alignas(RTE_CACHE_LINE_SIZE) WorkerContext {
    std::uint32_t index = 0;
    std::uint32_t lcore = 0;
    std::uint16_t txq = 0;
    std::uint16_t n_rx = 0;
    std::array<std::pair<std::uint16_t, std::uint16_t>, kMaxRxPerWorker> rx{};  // (port, queue)
    ForwardEnv env;
    const FtnFib* lpm = nullptr;
    rte_ring* punt_ring = nullptr;  // worker -> main, single producer/consumer
    std::array<TokenBucket, RTE_MAX_ETHPORTS> policer{};
    WorkerStats stats;
    std::atomic<std::uint64_t> last_rx_tsc{0};
    // Per-link shm counter deltas of the current burst, flushed as one add() per link.
    std::unique_ptr<std::array<shm::CounterValues, shm::kLinkCapacity>> acc;
    std::array<std::uint16_t, shm::kLinkCapacity> dirty{};
    std::uint32_t n_dirty = 0;
    std::unique_ptr<std::array<bool, shm::kLinkCapacity>> is_dirty;
};

struct Dataplane {
    Options opt;
    shm::DataplaneEnd* shm = nullptr;
    FibTables* fib = nullptr;
    FtnFib* lpm = nullptr;
    rte_rcu_qsbr* qsbr = nullptr;
    std::vector<std::unique_ptr<WorkerContext>> workers;
    std::array<PortState, RTE_MAX_ETHPORTS> ports{};
    std::vector<std::uint16_t> port_list;
    std::uint16_t n_ports = 0;  // highest used port id + 1
    std::array<MacBytes, RTE_MAX_ETHPORTS> port_mac{};
    std::array<std::atomic<std::uint16_t>, shm::kLinkCapacity> link_port{};
    std::array<std::atomic<std::uint16_t>, RTE_MAX_ETHPORTS> port_link{};
    std::atomic<bool> stop{false};
    std::atomic<bool> rx_enabled{false};
    rte_mempool* pool = nullptr;
    // FIB writer figures, copied by the main lcore for the telemetry thread.
    struct FibFigures {
        std::atomic<std::uint64_t> generation{0}, applied{0}, rejected{0}, table_full{0}, swept{0}, replays{0};
        std::atomic<std::uint64_t> ilm{0}, ftn{0}, nexthops{0}, groups{0}, pending_reclaim{0};
    } fib_figures;
};

}  // namespace ldpsync::dp
