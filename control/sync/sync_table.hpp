#pragma once
// The LDP-IGP synchronization transition table and the pure transition function.
//
// transition(state, event, facts) -> (disposition, next state, actions) does nothing else: no
// clock, no timers, no I/O. A cell is the list of rows for one (state, event); when a cell has
// more than one row the rows are guarded by facts (sync_types.hpp: Facts) and exactly one matches
// any combination of facts (checked by tests/sync). Cells marked `unexpected` are typed errors.

#include <array>
#include <cstddef>
#include <initializer_list>
#include <span>

#include "sync_types.hpp"

namespace ldpsync::sync {

// Fixed-capacity list so that rows can live in a constexpr array. Overflowing it in the table is
// a compile error (out-of-bounds write in a constant expression).
class ActionList {
public:
    static constexpr std::size_t k_capacity = 6;

    constexpr ActionList() = default;
    constexpr ActionList(std::initializer_list<Action> actions)
    {
        for (Action a : actions) {
            items_[size_++] = a;
        }
    }

    constexpr std::span<const Action> view() const noexcept { return {items_.data(), size_}; }
    constexpr std::size_t size() const noexcept { return size_; }
    constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr const Action* begin() const noexcept { return items_.data(); }
    constexpr const Action* end() const noexcept { return items_.data() + size_; }
    constexpr bool contains(Action a) const noexcept
    {
        for (Action x : *this) {
            if (x == a) {
                return true;
            }
        }
        return false;
    }
    friend constexpr bool operator==(const ActionList& a, const ActionList& b) noexcept
    {
        if (a.size_ != b.size_) {
            return false;
        }
        for (std::size_t i = 0; i < a.size_; ++i) {
            if (a.items_[i] != b.items_[i]) {
                return false;
            }
        }
        return true;
    }

private:
    std::array<Action, k_capacity> items_{};
    std::size_t size_ = 0;
};

struct Row {
    State state;
    Event event;
    Guard guard;
    Disposition disposition;
    State next;
    ActionList actions;
};

struct Outcome {
    Disposition disposition = Disposition::unexpected;
    State next = State::disabled;
    ActionList actions;
    Guard guard;  // the guard of the row that matched, for debug output
};

// The whole table, ordered by state then event (enum order), every cell present.
std::span<const Row> table() noexcept;

// The rows of one cell, in guard order.
std::span<const Row> cell(State s, Event e) noexcept;

// The pure transition function. `facts` are sampled after the event's input was recorded.
Outcome transition(State s, Event e, const Facts& facts) noexcept;

// What each state means for the IGP and the data plane, and which timers run in it. The table's
// actions must be consistent with these (tests/sync checks every row), so the runner can derive
// its outputs from the state alone.
struct StateTraits {
    bool required = false;        // sync required on the link
    bool max_metric = false;      // the IGP advertises max metric (guide, How ¶6; RFC 5443 §2)
    bool hold_adjacency = false;  // the IGP must not bring the adjacency up (guide, How ¶5)
    bool forwarding_ok = false;   // data plane may use the link when the adjacency is up
    std::array<bool, kTimerCount> timers{};  // timers that run while in this state
};

constexpr StateTraits traits(State s) noexcept
{
    constexpr auto t = [](bool h, bool d, bool rc, bool rv, bool c) {
        return std::array<bool, kTimerCount>{h, d, rc, rv, c};
    };
    switch (s) {
    case State::disabled:
        // Not required: "usable follows the IGP alone" (design.md, shm contract).
        return {false, false, false, true, t(false, false, false, false, false)};
    case State::nsf_suspended:
        // Sync is not applied during NSF startup (guide, NSF ¶), so it behaves as not enabled.
        return {true, false, false, true, t(false, false, false, false, false)};
    case State::holding_down:
        return {true, true, true, false, t(true, false, false, false, true)};
    case State::max_metric:
        return {true, true, false, false, t(false, false, false, false, true)};
    case State::delay_running:
        // LDP is synchronized (labels exchanged), only the metric restoration waits: forwarding
        // over the link is fine, the IGP still steers around it.
        return {true, true, false, true, t(false, true, false, false, true)};
    case State::achieved:
        return {true, false, false, true, t(false, false, false, false, false)};
    case State::gr_reconnect:
        // "still achieved on the interface while it is protected by Graceful Restart" (GR ¶).
        return {true, false, false, true, t(false, false, true, false, false)};
    case State::gr_recovery:
        return {true, false, false, true, t(false, false, false, true, false)};
    }
    return {};
}

}  // namespace ldpsync::sync
