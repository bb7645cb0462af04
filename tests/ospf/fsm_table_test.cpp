// Walks every (state, event) cell of the interface (RFC 2328 9.3) and neighbour (10.3) tables:
//  1. each cell has rows whose guards cover every combination of facts exactly once;
//  2. transition() with a row's own facts selects that row, and an UNEXPECTED row is the typed error;
//  3. the rendered table equals the reviewed golden file (golden/interface_fsm.txt,
//     golden/neighbor_fsm.txt), one line per row.

#include <gtest/gtest.h>

#include <string>

#include "golden_file.hpp"
#include "interface_fsm.hpp"
#include "neighbor_fsm.hpp"

namespace ldpsync::ospf {
namespace {

std::string pad(std::string_view s, std::size_t w) {
    std::string out{s};
    if (out.size() < w) {
        out.append(w - out.size(), ' ');
    }
    return out + "| ";
}

std::vector<IfFacts> all_if_facts() {
    std::vector<IfFacts> out;
    for (NetworkType t : {NetworkType::point_to_point, NetworkType::broadcast}) {
        for (bool eligible : {false, true}) {
            for (DrRole r : {DrRole::dr, DrRole::backup, DrRole::other}) {
                out.push_back(IfFacts{t, eligible, r});
            }
        }
    }
    return out;
}

IfFacts if_facts_for(const IfGuard& g) {
    return IfFacts{g.type.value_or(NetworkType::broadcast), g.eligible.value_or(true), g.role.value_or(DrRole::other)};
}

std::string if_guard(const IfGuard& g) {
    std::string out;
    auto add = [&](std::string s) { out += (out.empty() ? "" : " ") + s; };
    if (g.type) {
        add("type=" + std::string(to_string(*g.type)));
    }
    if (g.eligible) {
        add(*g.eligible ? "eligible" : "!eligible");
    }
    if (g.role) {
        add("elected=" + std::string(to_string(*g.role)));
    }
    return out.empty() ? "-" : out;
}

TEST(OspfInterfaceFsm, EveryCellAgainstGolden) {
    std::string out;
    out += "# OSPF interface state machine, RFC 2328 9.3 (control/ospf/interface_fsm.cpp).\n";
    out += "# One line per row of every (state, event) cell. Regenerate with LDPSYNC_REGEN_GOLDEN=1.\n";
    out += "# elected = the role the 9.4 election gives this router, computed before the event is fed.\n";
    out += "# next: a state (apply), 'ignore' (expected, no effect) or 'UNEXPECTED' (typed error).\n";
    out += "# " + pad("state", 15) + pad("event", 16) + pad("guard", 30) + pad("next", 15) + "actions\n";
    for (IfState s : k_if_states) {
        for (IfEvent e : k_if_events) {
            const auto rows = interface_cell(s, e);
            ASSERT_FALSE(rows.empty()) << to_string(s) << " / " << to_string(e);
            for (const IfFacts& f : all_if_facts()) {
                int matching = 0;
                for (const IfRow* r : rows) {
                    matching += r->guard.matches(f) ? 1 : 0;
                }
                EXPECT_EQ(matching, 1) << to_string(s) << " / " << to_string(e) << ": guards must cover each fact once";
            }
            for (const IfRow* r : rows) {
                auto t = transition(s, e, if_facts_for(r->guard));
                std::string next;
                if (r->disposition == Disposition::unexpected) {
                    ASSERT_FALSE(t);
                    EXPECT_EQ(t.error(), (IfFsmError{s, e}));
                    next = "UNEXPECTED";
                } else {
                    ASSERT_TRUE(t);
                    EXPECT_EQ(t->guard, r->guard);
                    EXPECT_EQ(t->disposition, r->disposition);
                    next = r->disposition == Disposition::ignore ? "ignore" : std::string(to_string(t->next));
                    if (r->disposition == Disposition::ignore) {
                        EXPECT_EQ(t->next, s);
                        EXPECT_TRUE(t->actions.empty());
                    }
                }
                std::string actions;
                for (IfAction a : r->actions) {
                    if (!actions.empty()) actions += ' ';
                    actions += to_string(a);
                }
                std::string line = "  " + pad(to_string(s), 15) + pad(to_string(e), 16) + pad(if_guard(r->guard), 30) +
                                   pad(next, 15) + actions;
                while (!line.empty() && line.back() == ' ') {
                    line.pop_back();
                }
                out += line + "\n";
            }
        }
    }
    test::expect_golden("interface_fsm.txt", out);
}

std::vector<NbrFacts> all_nbr_facts() {
    std::vector<NbrFacts> out;
    for (bool adjacency : {false, true}) {
        for (bool empty : {false, true}) {
            out.push_back(NbrFacts{adjacency, empty});
        }
    }
    return out;
}

std::string nbr_guard(const NbrGuard& g) {
    std::string out;
    if (g.adjacency) {
        out += *g.adjacency ? "adjacency" : "!adjacency";
    }
    if (g.requests_empty) {
        out += std::string(out.empty() ? "" : " ") + (*g.requests_empty ? "requests_empty" : "!requests_empty");
    }
    return out.empty() ? "-" : out;
}

TEST(OspfNeighborFsm, EveryCellAgainstGolden) {
    std::string out;
    out += "# OSPF neighbour state machine, RFC 2328 10.3 (control/ospf/neighbor_fsm.cpp).\n";
    out += "# One line per row of every (state, event) cell. Regenerate with LDPSYNC_REGEN_GOLDEN=1.\n";
    out += "# adjacency = 10.4 says an adjacency should be formed; requests_empty = LS request list empty.\n";
    out += "# next: a state (apply), 'ignore' (expected, no effect) or 'UNEXPECTED' (typed error).\n";
    out += "# " + pad("state", 9) + pad("event", 18) + pad("guard", 16) + pad("next", 11) + "actions\n";
    for (NbrState s : k_nbr_states) {
        for (NbrEvent e : k_nbr_events) {
            const auto rows = neighbor_cell(s, e);
            ASSERT_FALSE(rows.empty()) << to_string(s) << " / " << to_string(e);
            for (const NbrFacts& f : all_nbr_facts()) {
                int matching = 0;
                for (const NbrRow* r : rows) {
                    matching += r->guard.matches(f) ? 1 : 0;
                }
                EXPECT_EQ(matching, 1) << to_string(s) << " / " << to_string(e);
            }
            for (const NbrRow* r : rows) {
                const NbrFacts f{r->guard.adjacency.value_or(false), r->guard.requests_empty.value_or(true)};
                auto t = transition(s, e, f);
                std::string next;
                if (r->disposition == Disposition::unexpected) {
                    ASSERT_FALSE(t);
                    EXPECT_EQ(t.error(), (NbrFsmError{s, e}));
                    next = "UNEXPECTED";
                } else {
                    ASSERT_TRUE(t);
                    EXPECT_EQ(t->guard, r->guard);
                    next = r->disposition == Disposition::ignore ? "ignore" : std::string(to_string(t->next));
                    if (r->disposition == Disposition::ignore) {
                        EXPECT_EQ(t->next, s);
                        EXPECT_TRUE(t->actions.empty());
                    }
                }
                std::string actions;
                for (NbrAction a : r->actions) {
                    if (!actions.empty()) actions += ' ';
                    actions += to_string(a);
                }
                std::string line = "  " + pad(to_string(s), 9) + pad(to_string(e), 18) + pad(nbr_guard(r->guard), 16) +
                                   pad(next, 11) + actions;
                while (!line.empty() && line.back() == ' ') {
                    line.pop_back();
                }
                out += line + "\n";
            }
        }
    }
    test::expect_golden("neighbor_fsm.txt", out);
}

// Consistency with the RFC's structure, independent of the golden file.
TEST(OspfNeighborFsm, InvariantsFromRfc) {
    for (const NbrRow& r : neighbor_table()) {
        if (r.disposition != Disposition::apply) {
            continue;
        }
        const bool was_full = r.state == NbrState::full;
        const bool is_full = r.next == NbrState::full;
        auto has = [&](NbrAction a) { return std::find(r.actions.begin(), r.actions.end(), a) != r.actions.end(); };
        // 12.4 (5): entering or leaving Full re-originates the Router-LSA, nothing else does.
        EXPECT_EQ(has(NbrAction::originate_router_lsa), was_full != is_full)
            << to_string(r.state) << " / " << to_string(r.event);
        // Entering ExStart always starts the adjacency (10.3 "ExStart" actions).
        if (r.next == NbrState::exstart && r.state != NbrState::exstart) {
            EXPECT_TRUE(has(NbrAction::start_adjacency)) << to_string(r.state) << " / " << to_string(r.event);
        }
        // Falling below ExStart from ExStart or greater clears the adjacency's lists.
        if (r.state >= NbrState::exstart && r.next < NbrState::exstart) {
            EXPECT_TRUE(has(NbrAction::clear_lists)) << to_string(r.state) << " / " << to_string(r.event);
        }
        // Crossing the 2-Way boundary raises NeighborChange on the interface (9.2).
        EXPECT_EQ(has(NbrAction::neighbor_change), (r.state >= NbrState::two_way) != (r.next >= NbrState::two_way))
            << to_string(r.state) << " / " << to_string(r.event);
    }
}

TEST(OspfNeighborFsm, AdjacencyDecision) {
    const std::uint32_t self = 0x0A000001, nbr = 0x0A000002, other = 0x0A000003;
    EXPECT_TRUE(should_form_adjacency(NetworkType::point_to_point, self, nbr, 0, 0));
    EXPECT_FALSE(should_form_adjacency(NetworkType::broadcast, self, nbr, 0, 0));
    EXPECT_FALSE(should_form_adjacency(NetworkType::broadcast, self, nbr, other, 0));
    EXPECT_TRUE(should_form_adjacency(NetworkType::broadcast, self, nbr, self, 0));
    EXPECT_TRUE(should_form_adjacency(NetworkType::broadcast, self, nbr, other, self));
    EXPECT_TRUE(should_form_adjacency(NetworkType::broadcast, self, nbr, nbr, other));
    EXPECT_TRUE(should_form_adjacency(NetworkType::broadcast, self, nbr, other, nbr));
}

// A broadcast interface through Waiting and the election, with the 9.4 result as the fact.
TEST(OspfInterfaceFsm, BroadcastBringUpAndPriorityZero) {
    auto t = transition(IfState::down, IfEvent::interface_up, IfFacts{NetworkType::broadcast, true, DrRole::other});
    ASSERT_TRUE(t);
    EXPECT_EQ(t->next, IfState::waiting);
    t = transition(t->next, IfEvent::neighbor_change, IfFacts{NetworkType::broadcast, true, DrRole::dr});
    ASSERT_TRUE(t);
    EXPECT_EQ(t->next, IfState::waiting);  // ignored while waiting
    t = transition(IfState::waiting, IfEvent::wait_timer, IfFacts{NetworkType::broadcast, true, DrRole::dr});
    ASSERT_TRUE(t);
    EXPECT_EQ(t->next, IfState::dr);
    t = transition(IfState::dr, IfEvent::neighbor_change, IfFacts{NetworkType::broadcast, true, DrRole::backup});
    ASSERT_TRUE(t);
    EXPECT_EQ(t->next, IfState::backup);
    EXPECT_NE(std::find(t->actions.begin(), t->actions.end(), IfAction::flush_network_lsa), t->actions.end());
    // Priority 0: never waits, straight to DR Other.
    t = transition(IfState::down, IfEvent::interface_up, IfFacts{NetworkType::broadcast, false, DrRole::other});
    ASSERT_TRUE(t);
    EXPECT_EQ(t->next, IfState::dr_other);
    // p2p: no election at all.
    t = transition(IfState::down, IfEvent::interface_up, IfFacts{NetworkType::point_to_point, true, DrRole::other});
    ASSERT_TRUE(t);
    EXPECT_EQ(t->next, IfState::point_to_point);
    auto err = transition(IfState::point_to_point, IfEvent::wait_timer, IfFacts{});
    ASSERT_FALSE(err);
    EXPECT_EQ(err.error(), (IfFsmError{IfState::point_to_point, IfEvent::wait_timer}));
}

// A whole bring-up on a p2p link, step by step through transition().
TEST(OspfNeighborFsm, P2pBringUpSequence) {
    NbrState s = NbrState::down;
    const std::vector<std::pair<NbrEvent, NbrFacts>> steps{
        {NbrEvent::hello_received, {}},           {NbrEvent::two_way_received, {true, true}},
        {NbrEvent::negotiation_done, {}},         {NbrEvent::exchange_done, {true, false}},
        {NbrEvent::loading_done, {}},
    };
    const std::vector<NbrState> expect{NbrState::init, NbrState::exstart, NbrState::exchange, NbrState::loading,
                                       NbrState::full};
    for (std::size_t i = 0; i < steps.size(); ++i) {
        auto t = transition(s, steps[i].first, steps[i].second);
        ASSERT_TRUE(t);
        s = t->next;
        EXPECT_EQ(s, expect[i]);
    }
    auto err = transition(s, NbrEvent::negotiation_done, {});
    ASSERT_FALSE(err);
    EXPECT_EQ(err.error().state, NbrState::full);
}

}  // namespace
}  // namespace ldpsync::ospf
