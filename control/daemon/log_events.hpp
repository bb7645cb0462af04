#pragma once
// The catalogue of log events: every message ldpsyncd logs is one of these, with a stable
// name an operator can grep for and a fixed format.

#include "log/event.hpp"

namespace ldpsync::daemon::log_event {

using Event = log::Event;

inline constexpr Event kStarted{"DAEMON-STARTED", "ldpsyncd started: instance {}, config {}, socket {}"};
inline constexpr Event kStopping{"DAEMON-STOPPING", "ldpsyncd stopping ({})"};
inline constexpr Event kConfigApplied{"CONFIG-APPLIED", "configuration applied ({} interfaces, {} sync instances)"};
inline constexpr Event kConfigRejected{"CONFIG-REJECTED", "configuration rejected: {}"};
inline constexpr Event kConfigWarning{"CONFIG-WARNING", "configuration line {}: {}"};
inline constexpr Event kShmCreated{"SHM-CREATED", "shared memory /ldpsync.{} ready (epoch {}, {})"};
inline constexpr Event kShmError{"SHM-ERROR", "shared memory: {}"};
inline constexpr Event kSyncStep{"SYNC-STEP", "{}"};
inline constexpr Event kSyncError{"SYNC-ERROR", "{} {}: {}"};
inline constexpr Event kCostoutAlert{"SYNC-COSTOUT", "{} {}: link at maximum metric for longer than {}s (RFC 5443 section 4)"};
inline constexpr Event kLinkPublished{"LINK-PUBLISHED", "link {} ({}): usable {}, ospf metric {}, isis metric {}"};
inline constexpr Event kSocketError{"SOCKET-ERROR", "control socket {}: {}"};
inline constexpr Event kCommandError{"COMMAND-ERROR", "command '{}' refused: {}"};
inline constexpr Event kKernelError{"KERNEL-ERROR", "kernel interface {}: {}"};
inline constexpr Event kKernelRouteError{"KERNEL-ROUTE-ERROR", "kernel route {}"};
inline constexpr Event kDataplaneEvent{"DATAPLANE-EVENT", "data plane port {} link {}"};

}  // namespace ldpsync::daemon::log_event
