#pragma once
// The catalogue of LDP's log events: every line the LDP instance and speaker log is one of
// these, with a stable name an operator can grep for and a fixed format (fmt-style).

#include "log/event.hpp"

namespace ldpsync::ldp::log_event {

using Event = log::Event;
using Level = log::Level;

// Identity and interfaces.
inline constexpr Event kRouterId{"LDP-ROUTER-ID", "LDP identifier {}:0, transport address {}"};
inline constexpr Event kNoRouterId{"LDP-ROUTER-ID", "no router id (no interface address): LDP stays down"};
inline constexpr Event kInterfaceOn{"LDP-INTERFACE", "{} (ifindex {}) runs LDP"};
inline constexpr Event kInterfaceOff{"LDP-INTERFACE", "{} no longer runs LDP"};

// Discovery.
inline constexpr Event kAdjacencyUp{"LDP-ADJACENCY", "{} up on {} (source {}, transport {}, hold {} s{})"};
inline constexpr Event kAdjacencyDown{"LDP-ADJACENCY", "{} down on {} ({})"};
inline constexpr Event kHelloDropped{"LDP-HELLO-DROPPED", "{}: {}"};

// Sessions.
inline constexpr Event kSessionUp{"LDP-SESSION", "{} is OPERATIONAL (keepalive {} s{})"};
inline constexpr Event kSessionClosed{"LDP-SESSION", "{} closed ({}){}"};
inline constexpr Event kConnecting{"LDP-SESSION", "connecting to {} (active role)"};
inline constexpr Event kConnectFailed{"LDP-SESSION", "connect to {} failed: {}"};
inline constexpr Event kCannotConnect{"LDP-SESSION", "cannot connect to {}: {}"};
inline constexpr Event kRefused{"LDP-SESSION", "refused a connection from {} ({})"};
inline constexpr Event kNotReading{"LDP-SESSION", "{}: {} bytes unsent, the peer is not reading: closing"};
inline constexpr Event kProtocolError{"LDP-PROTOCOL-ERROR", "peer {}: {}"};
inline constexpr Event kNotification{"LDP-NOTIFICATION", "peer {}: {}"};
inline constexpr Event kFsmError{"LDP-FSM", "peer {}: unexpected event"};

// Sockets.
inline constexpr Event kSocketError{"LDP-SOCKET", "{}"};
inline constexpr Event kSocketErrorOn{"LDP-SOCKET", "{}: {}"};
inline constexpr Event kHelloSendError{"LDP-SOCKET", "hello on {}: {}"};
inline constexpr Event kAcceptError{"LDP-SOCKET", "accept on 646: {}"};
inline constexpr Event kCannotRun{"LDP-SOCKET", "LDP cannot run: {}"};
inline constexpr Event kMd5Error{"LDP-MD5", "neighbor {}: {}"};

// LDP-IGP sync as LDP sees it (interface_sync.hpp).
inline constexpr Event kExchangeComplete{"LDP-SYNC", "initial label exchange with {} complete ({} bindings, trigger {})"};
inline constexpr Event kSyncRevoked{"LDP-SYNC",
                                    "{} is new on {}: sync taken back until its initial label exchange is complete"};
inline constexpr Event kLanHandOver{"LDP-SYNC",
                                    "{} left {} (no IGP neighbour there any more): in sync with the remaining peers"};

// Labels.
inline constexpr Event kLabelRange{"LDP-LABEL-RANGE", "no free local label for {}/{}"};
inline constexpr Event kLabelConflict{"LDP-LABEL-CONFLICT",
                                      "static binding label {} is LDP's local label for a FEC: reserved once LDP releases it"};
inline constexpr Event kLabelsHeld{"LDP-LABEL", "holding {} of {} local labels of the previous ldpsyncd for their FECs for {} s"};
inline constexpr Event kLabelsFreed{"LDP-LABEL",
                                    "{} labels held for a predecessor's FECs that did not come back are free again"};

// Graceful restart (RFC 3478), helper side.
inline constexpr Event kGrLost{"LDP-GR", "{} lost: {} bindings kept stale for up to {} ms"};
inline constexpr Event kGrReconnected{"LDP-GR", "{} reconnected: {} stale bindings, recovery for {} ms"};
inline constexpr Event kGrAllRemoved{"LDP-GR", "{}: {}: its bindings are removed"};
inline constexpr Event kGrSwept{"LDP-GR", "{}: {} stale bindings swept ({})"};
inline constexpr Event kGrNotBack{"LDP-GR", "{} did not come back on {}"};

}  // namespace ldpsync::ldp::log_event
