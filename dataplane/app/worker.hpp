#pragma once
#include "state.hpp"

namespace ldpsync::dp {

// The lcore entry point: arg is the WorkerContext; the Dataplane is bound at start.
void bind_workers(Dataplane& dp);
int worker_main(void* arg);

}  // namespace ldpsync::dp
