#pragma once
// The point-to-point adjacency's three-way handshake (RFC 5303 3.1) as an explicit table: the
// state we hold for the neighbour, crossed with the state its Hello reports (its Point-to-Point
// Three-Way Adjacency TLV), gives the next state. A Hello without the TLV comes from a router
// that predates RFC 5303 and is treated as reporting Initializing (two-way: ISO 10589 8.2.5.2
// brings such an adjacency up on the first Hello).
//
//                      received: Down         Initializing   Up
//   state Down                   Initializing Up             Down
//   state Initializing           Initializing Up             Up
//   state Up                     Initializing Up (accept)    Up (accept)
//
// Up received while Down stays Down: the neighbour says it has seen us, but we have not seen
// it before; its next Hello (now reporting what our Initializing Hello told it) moves us on.
// The hold timer's expiry and a rejected Hello (areas, levels) take any state to Down; the
// runner does that, there is no table cell for it.

#include <array>
#include <cstdint>
#include <string_view>

#include "tlv.hpp"

namespace ldpsync::isis {

enum class AdjState : std::uint8_t { down, initializing, up };
inline constexpr std::size_t kAdjStateCount = 3;

struct AdjTableRow {
    AdjState state;
    ThreeWayState received;
    AdjState next;
};

// Every (state, received) cell once, in the table's order.
const std::array<AdjTableRow, 9>& adjacency_table();
AdjState three_way_next(AdjState state, ThreeWayState received);

// What our Hellos report for an adjacency in `state` (RFC 5303 3.2).
ThreeWayState reported_state(AdjState state);

std::string_view to_string(AdjState s);
std::string_view to_string(ThreeWayState s);

}  // namespace ldpsync::isis
