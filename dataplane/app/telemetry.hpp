#pragma once
#include "state.hpp"

namespace ldpsync::dp {

// rte_telemetry endpoints (dpdk-telemetry.py):
//   /ldpsync/ports    per port: MAC, link, TAP name, exception-path counters
//   /ldpsync/workers  per worker: lcore, rx, tx, punted, loops
//   /ldpsync/drops    drops by reason, summed over workers
//   /ldpsync/gates    the sync gate of every link in use, and its port
//   /ldpsync/fib      table sizes and writer statistics
void register_telemetry(Dataplane& dp);

}  // namespace ldpsync::dp
