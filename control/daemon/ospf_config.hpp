#pragma once
// From the IOS configuration to one OSPF process's instance configuration: which interfaces
// the `network` statements put in which area, with what network type, cost, timers and
// priority, and the router id. Pure, so the mapping is tested without sockets.

#include <cstdint>
#include <optional>

#include "ospf/instance.hpp"
#include "model.hpp"

namespace ldpsync::daemon {

// The router id: `router-id` under the process, else `mpls ldp router-id`, else the highest
// loopback address, else the highest interface address (the IOS order). Nothing when the
// router has no address at all.
std::optional<std::uint32_t> ospf_router_id(const config::Config& cfg, const config::OspfProcess& process);

std::optional<ospf::InstanceConfig> ospf_instance_config(const config::Config& cfg, std::uint32_t process_id);

bool is_loopback_name(const std::string& name);

}  // namespace ldpsync::daemon
