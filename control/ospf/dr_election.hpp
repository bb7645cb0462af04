#pragma once
// Designated Router election (RFC 2328 9.4) as a pure function.
//
// Routers are identified on the network by their interface address (the DR and BDR fields of
// Hellos carry addresses on broadcast networks); ties on priority break on the router id.
// Only routers with priority > 0 are candidates, and a neighbour takes part only once
// bidirectional communication is established (state >= 2-Way). The election does not
// preempt: a newcomer with a higher priority becomes DR only if nobody already declares itself
// DR, which is what steps 2-3 give by preferring routers that declare themselves.

#include <cstdint>
#include <string>
#include <vector>

#include "interface_fsm.hpp"

namespace ldpsync::ospf {

struct ElectionRouter {
    std::uint32_t router_id = 0;
    std::uint32_t address = 0;       // interface address on the network
    std::uint8_t priority = 1;
    std::uint32_t declared_dr = 0;   // address, 0 = none (Hello's Designated Router field)
    std::uint32_t declared_bdr = 0;  // address, 0 = none
    bool two_way = true;             // neighbours only: state >= 2-Way
};

struct ElectionInput {
    ElectionRouter self;  // declared_dr/bdr = the interface's current DR/BDR (step 1)
    std::vector<ElectionRouter> neighbors;
};

struct ElectionResult {
    std::uint32_t dr = 0;   // address, 0 = none
    std::uint32_t bdr = 0;  // address, 0 = none
    DrRole role = DrRole::other;
    bool changed = false;   // DR or BDR differs from self.declared_*: AdjOK? to neighbours >= 2-Way (9.4 (7))
    bool operator==(const ElectionResult&) const = default;
};

ElectionResult elect_dr(const ElectionInput& input);
std::string to_string(const ElectionResult& r);

}  // namespace ldpsync::ospf
