#pragma once
#include <string>

#include "state.hpp"

namespace ldpsync::dp {

// Chooses ports and workers from the options, creates the mbuf pool, configures and
// starts every port (one tx queue per worker, rx queues as mapped, RSS when > 1).
// Returns an empty string, or one clear message for a bad start.
std::string setup_ports(Dataplane& dp);
void stop_ports(Dataplane& dp);

}  // namespace ldpsync::dp
