#pragma once
// Log events of the OSPF speaker (same catalogue style as log_events.hpp, kept apart so the
// OSPF and LDP work can grow their catalogues independently).

#include "log_events.hpp"

namespace ldpsync::daemon::log_event {

inline constexpr Event kOspfAdjChange{"OSPF-ADJCHG", "Process {}, Nbr {} on {} from {} to {}"};
inline constexpr Event kOspfSocketError{"OSPF-SOCKET", "Process {} interface {}: {}"};
inline constexpr Event kOspfRxDrop{"OSPF-RX-DROP", "Process {} interface {}: {} ({})"};
inline constexpr Event kOspfProcess{"OSPF-PROCESS", "Process {}: {}"};
inline constexpr Event kOspfSync{"OSPF-LDP-SYNC", "Process {} interface {}: {} {}"};

}  // namespace ldpsync::daemon::log_event
