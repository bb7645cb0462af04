#pragma once
// From the IOS configuration to one IS-IS process's instance configuration: the system id and
// area from the NET, the level from is-type, and the interfaces `ip router isis` (or
// `passive-interface` under the process) puts in it, with network type, metric, timers and
// circuit type. Pure, so the mapping is tested without sockets.

#include <optional>
#include <string>

#include "isis/instance.hpp"
#include "model.hpp"

namespace ldpsync::daemon {

// Nothing when the process does not exist or has no valid NET (the parser refuses both).
std::optional<isis::InstanceConfig> isis_instance_config(const config::Config& cfg, const std::string& tag);

}  // namespace ldpsync::daemon
