#pragma once
// Vocabulary shared by the OSPF state machines (interface, RFC 2328 9.3; neighbour, 10.3) and
// the time base of the protocol core.
//
// Every machine is a pure `transition(state, event, facts)` over an explicit table of rows
// {state, event, guard, disposition, next, actions}: every (state, event) cell has at least one
// row, the guards of a cell cover every combination of facts exactly once, and a row is one of
//   apply      - the RFC's entry: go to `next` and run `actions` (in order);
//   ignore     - an event that can legitimately arrive in this state and changes nothing;
//   unexpected - the RFC has no entry and our runner never generates the event in this state:
//                transition() returns a typed error, the caller logs and counts it.
// A runner (not here: it needs timers and sockets) performs the actions.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ldpsync::ospf {

// The protocol core never reads a clock: every time-dependent operation takes `now`.
using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = Clock::duration;

enum class Disposition : std::uint8_t { apply, ignore, unexpected };
std::string_view to_string(Disposition d);

// A tri-state guard term: nullopt matches any value.
inline bool guard_matches(const std::optional<bool>& g, bool fact) { return !g || *g == fact; }

}  // namespace ldpsync::ospf
