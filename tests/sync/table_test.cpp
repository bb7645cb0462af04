// Walks every (state, event) cell of the sync transition table.
//
// 1. The golden table (golden/transition_table.txt) is the reviewed reference: one line per
//    guarded row, produced by calling transition() with facts that satisfy the row's guard.
// 2. Guards in a cell cover every combination of facts exactly once.
// 3. Every row is consistent with the state traits: timers running in the target state were
//    started, timers of the source state that do not run in the target were cancelled, the IGP
//    is told exactly when max metric / hold change, and actions come in the order
//    cancel -> notify -> start -> alert ("stops the timer and immediately notifies", Delay ¶2).

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

#include "golden_file.hpp"
#include "sync_table.hpp"
#include "sync_types.hpp"

namespace ldpsync::sync {
namespace {

std::array<Facts, 16> all_facts()
{
    std::array<Facts, 16> out{};
    for (unsigned i = 0; i < 16; ++i) {
        out[i] = Facts{.nsf = (i & 1u) != 0, .synced = (i & 2u) != 0, .delay = (i & 4u) != 0, .wait = (i & 8u) != 0};
    }
    return out;
}

// The facts that satisfy `g`, with "any" taken as false.
Facts facts_for(const Guard& g)
{
    return Facts{
        .nsf = g.nsf == Tri::yes,
        .synced = g.synced == Tri::yes,
        .delay = g.delay == Tri::yes,
        .wait = g.wait == Tri::yes,
    };
}

std::string pad(std::string_view s, std::size_t width)
{
    std::string out{s};
    if (out.size() < width) {
        out.append(width - out.size(), ' ');
    }
    return out;
}

// One line of the table, appended piece by piece into `out` (no temporaries concatenated).
void append_row(std::string& out, std::string_view lead, std::string_view state, std::string_view event,
                std::string_view guard, std::string_view next, std::string_view actions)
{
    out += lead;
    out += pad(state, 14);
    out += "| ";
    out += pad(event, 20);
    out += "| ";
    out += pad(guard, 19);
    out += "| ";
    out += pad(next, 14);
    out += "| ";
    out += actions;
    out += '\n';
}

std::string render_table()
{
    std::string out;
    out += "# LDP-IGP synchronization transition table (control/sync/sync_table.cpp).\n";
    out += "# One line per guarded row of every (state, event) cell. Reviewed against the Cisco\n";
    out += "# feature guide; see control/sync/README.md. Regenerate with LDPSYNC_REGEN_GOLDEN=1.\n";
    out += "# Guards are facts after the event's input was recorded: nsf = IGP NSF startup running,\n";
    out += "# synced = LDP session up and initial label exchange complete, delay = delay time\n";
    out += "# configured, wait = peer reachable and IGP adjacency not up; '-' = unconditional.\n";
    out += "# next is 'ignore' (expected, nothing to do) or 'UNEXPECTED' (typed, counted error).\n";
    out += "#\n";
    append_row(out, "# ", "state", "event", "guard", "next", "actions");
    for (State s : k_all_states) {
        for (Event e : k_all_events) {
            for (const Row& r : cell(s, e)) {
                Outcome o = transition(s, e, facts_for(r.guard));
                EXPECT_EQ(o.guard, r.guard) << to_string(s) << " " << to_string(e)
                                            << ": a row's own facts selected another row";
                std::string next = o.disposition == Disposition::apply ? std::string{to_string(o.next)}
                                                                       : std::string{to_string(o.disposition)};
                std::string actions;
                for (Action a : o.actions) {
                    if (!actions.empty()) {
                        actions += ' ';
                    }
                    actions += to_string(a);
                }
                append_row(out, "  ", to_string(s), to_string(e), to_string(o.guard), next,
                           actions.empty() ? std::string_view{"-"} : std::string_view{actions});
            }
        }
    }
    return out;
}

TEST(SyncTable, EveryCellMatchesGoldenTable)
{
    test::expect_golden("transition_table.txt", render_table());
}

TEST(SyncTable, GuardsCoverEveryFactCombinationExactlyOnce)
{
    for (State s : k_all_states) {
        for (Event e : k_all_events) {
            auto rows = cell(s, e);
            ASSERT_FALSE(rows.empty()) << to_string(s) << " " << to_string(e);
            for (const Facts& f : all_facts()) {
                int matches = 0;
                for (const Row& r : rows) {
                    matches += r.guard.matches(f) ? 1 : 0;
                }
                EXPECT_EQ(matches, 1) << to_string(s) << " " << to_string(e) << " nsf=" << f.nsf
                                      << " synced=" << f.synced << " delay=" << f.delay << " wait=" << f.wait;
            }
        }
    }
}

int phase(Action a)
{
    if (is_cancel(a)) {
        return 0;
    }
    if (is_igp_notification(a)) {
        return 1;
    }
    if (is_start(a)) {
        return 2;
    }
    return 3;
}

TEST(SyncTable, ActionsAreConsistentWithStateTraits)
{
    for (const Row& r : table()) {
        std::string where = std::string{to_string(r.state)} + " " + std::string{to_string(r.event)} + " [" +
                            to_string(r.guard) + "]";
        if (r.disposition != Disposition::apply) {
            EXPECT_EQ(r.next, r.state) << where;
            EXPECT_TRUE(r.actions.empty()) << where;
            continue;
        }
        StateTraits from = traits(r.state);
        StateTraits to = traits(r.next);

        // Order: cancel, notify, start, alert.
        int last = -1;
        for (Action a : r.actions) {
            EXPECT_GE(phase(a), last) << where << ": " << to_string(a) << " out of order";
            last = phase(a);
        }

        for (TimerId t : k_all_timers) {
            auto i = static_cast<std::size_t>(t);
            bool expired_here = r.event == expiry_event(t);
            bool before = from.timers[i] && !expired_here;
            bool after = to.timers[i];
            bool cancels = r.actions.contains(cancel_of(t));
            bool starts = r.actions.contains(start_of(t));
            std::string tw = where + " timer " + std::string{to_string(t)};
            if (expired_here && r.next == r.state) {
                // One-shot timer that fired and is not re-armed (the cost-out alert).
                EXPECT_FALSE(starts) << tw;
                EXPECT_FALSE(cancels) << tw;
                continue;
            }
            if (before && !after) {
                EXPECT_TRUE(cancels) << tw << " must be cancelled";
                EXPECT_FALSE(starts) << tw;
            } else if (!before && after) {
                EXPECT_TRUE(starts) << tw << " must be started";
                EXPECT_FALSE(cancels) << tw;
            } else if (before && after) {
                EXPECT_EQ(cancels, starts) << tw << ": only a restart may touch a running timer";
            } else {
                EXPECT_FALSE(cancels) << tw;
                EXPECT_FALSE(starts) << tw;
            }
        }

        EXPECT_EQ(r.actions.contains(Action::igp_max_metric), !from.max_metric && to.max_metric) << where;
        EXPECT_EQ(r.actions.contains(Action::igp_normal_metric), from.max_metric && !to.max_metric) << where;
        EXPECT_EQ(r.actions.contains(Action::igp_hold_adjacency), !from.hold_adjacency && to.hold_adjacency)
            << where;
        EXPECT_EQ(r.actions.contains(Action::igp_release_adjacency), from.hold_adjacency && !to.hold_adjacency)
            << where;
        EXPECT_EQ(r.actions.contains(Action::raise_costout_alert), r.event == Event::costout_expired) << where;
    }
}

TEST(SyncTable, TimerExpiryIsUnexpectedWhereTheTimerDoesNotRun)
{
    for (State s : k_all_states) {
        for (TimerId t : k_all_timers) {
            Event e = expiry_event(t);
            bool runs = traits(s).timers[static_cast<std::size_t>(t)];
            for (const Row& r : cell(s, e)) {
                EXPECT_EQ(r.disposition == Disposition::unexpected, !runs) << to_string(s) << " " << to_string(e);
            }
        }
    }
}

TEST(SyncTable, UnexpectedCellIsTypedNotUndefined)
{
    Outcome o = transition(State::achieved, Event::session_reconnected, Facts{});
    EXPECT_EQ(o.disposition, Disposition::unexpected);
    EXPECT_EQ(o.next, State::achieved);
    EXPECT_TRUE(o.actions.empty());
}

TEST(SyncTable, SyncDisabledFromAnyRequiredStateGoesToDisabledAtOnce)
{
    // Guide, Delay ¶2: disabled or removed from the IGP -> stop timers, notify immediately.
    for (State s : k_all_states) {
        if (s == State::disabled) {
            continue;
        }
        Outcome o = transition(s, Event::sync_disabled, Facts{});
        EXPECT_EQ(o.disposition, Disposition::apply) << to_string(s);
        EXPECT_EQ(o.next, State::disabled) << to_string(s);
    }
}

}  // namespace
}  // namespace ldpsync::sync
