#pragma once
// The exception path: one kernel TAP per port, carrying the port's MAC. Workers hand
// punted packets to the main lcore over a ring (policed per port before that); the main
// lcore writes them to the port's TAP, and reads what the kernel sends on the TAP into a
// ring that worker 0 transmits on the port. All syscalls stay on the main lcore.

#include <string>

#include "state.hpp"

namespace ldpsync::dp {

std::string setup_exception_path(Dataplane& dp);
// One pass: returns how many packets moved (0: idle).
unsigned service_exception_path(Dataplane& dp);
void close_exception_path(Dataplane& dp);

}  // namespace ldpsync::dp
