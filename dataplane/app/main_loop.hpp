#pragma once
#include <atomic>
#include <csignal>

#include "fib_writer.hpp"
#include "state.hpp"

namespace ldpsync::dp {

class Reclaimer;

// The main lcore: drains the update channel into the FIB, reclaims after grace periods,
// mirrors the link table's link -> port mapping, heartbeats, reports port link changes,
// and runs the exception path. Returns when stop is set (signal or idle exit).
void run_main_loop(Dataplane& dp, FibWriter<FtnFib>& writer, Reclaimer& reclaimer,
                   const volatile std::sig_atomic_t& signalled);

// Totals over all workers, for the exit summary and telemetry.
struct Totals {
    std::uint64_t rx = 0, tx = 0, punted = 0, loops = 0;
    std::array<std::uint64_t, kReasonCount> drops{};
};
Totals totals(const Dataplane& dp);

}  // namespace ldpsync::dp
