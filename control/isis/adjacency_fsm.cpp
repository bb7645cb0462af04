#include "adjacency_fsm.hpp"

namespace ldpsync::isis {

namespace {

using enum AdjState;
constexpr auto kRxDown = ThreeWayState::down;
constexpr auto kRxInit = ThreeWayState::initializing;
constexpr auto kRxUp = ThreeWayState::up;

constexpr std::array<AdjTableRow, 9> kTable{{
    {down, kRxDown, initializing},
    {down, kRxInit, up},
    {down, kRxUp, down},
    {initializing, kRxDown, initializing},
    {initializing, kRxInit, up},
    {initializing, kRxUp, up},
    {up, kRxDown, initializing},
    {up, kRxInit, up},
    {up, kRxUp, up},
}};

}  // namespace

const std::array<AdjTableRow, 9>& adjacency_table() { return kTable; }

AdjState three_way_next(AdjState state, ThreeWayState received) {
    for (const auto& row : kTable) {
        if (row.state == state && row.received == received) return row.next;
    }
    return down;  // unreachable: the table has every cell
}

ThreeWayState reported_state(AdjState state) {
    switch (state) {
    case down: return ThreeWayState::down;
    case initializing: return ThreeWayState::initializing;
    case up: return ThreeWayState::up;
    }
    return ThreeWayState::down;
}

std::string_view to_string(AdjState s) {
    switch (s) {
    case down: return "Down";
    case initializing: return "Init";
    case up: return "Up";
    }
    return "?";
}

std::string_view to_string(ThreeWayState s) {
    switch (s) {
    case ThreeWayState::down: return "Down";
    case ThreeWayState::initializing: return "Initializing";
    case ThreeWayState::up: return "Up";
    }
    return "?";
}

}  // namespace ldpsync::isis
