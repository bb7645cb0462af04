#pragma once
// Log events of the IS-IS speaker (same catalogue style as log_events.hpp).

#include "log_events.hpp"

namespace ldpsync::daemon::log_event {

// IOS: %CLNS-5-ADJCHANGE: ISIS: Adjacency to r2 (Ethernet0/0) Up, new adjacency
inline constexpr Event kIsisAdjChange{"ISIS-ADJCHANGE", "ISIS {}: Adjacency to {} ({}) {}, was {}"};
inline constexpr Event kIsisSocketError{"ISIS-SOCKET", "ISIS {} interface {}: {}"};
inline constexpr Event kIsisProcess{"ISIS-PROCESS", "ISIS {}: {}"};
inline constexpr Event kIsisRestart{"ISIS-RESTART", "ISIS {}: graceful restart (RFC 5306) {}"};
inline constexpr Event kIsisSync{"ISIS-LDP-SYNC", "ISIS {} interface {}: max metric {}"};

}  // namespace ldpsync::daemon::log_event
