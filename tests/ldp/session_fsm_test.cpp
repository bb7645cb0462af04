// Walks every (role, state, event) cell of the session FSM against golden/session_fsm.txt.
// Regenerate after an intended change: LDPSYNC_REGEN_GOLDEN=1 build-dir/tests/ldp/ldp-proto-unit
// (then review the diff: each line is one cell, "role state event -> next actions notify").

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "session_fsm.hpp"

#ifndef LDP_GOLDEN_DIR
#error "LDP_GOLDEN_DIR must name tests/ldp/golden"
#endif

namespace ldpsync::ldp {
namespace {

std::string render_table() {
    std::ostringstream out;
    out << "# LDP session FSM (RFC 5036 2.5.4): role state event -> next_state actions notification\n";
    out << "# ERROR = unexpected cell (transition() returns FsmError)\n";
    for (auto role : {SessionRole::active, SessionRole::passive}) {
        for (std::size_t s = 0; s < kSessionStateCount; ++s) {
            for (std::size_t e = 0; e < kSessionEventCount; ++e) {
                const auto state = static_cast<SessionState>(s);
                const auto event = static_cast<SessionEvent>(e);
                out << to_string(role) << " " << to_string(state) << " " << to_string(event) << " -> "
                    << to_string(transition(role, state, event)) << "\n";
            }
        }
    }
    return out.str();
}

TEST(SessionFsm, EveryCellMatchesGolden) {
    const std::string path = std::string(LDP_GOLDEN_DIR) + "/session_fsm.txt";
    const std::string actual = render_table();
    if (std::getenv("LDPSYNC_REGEN_GOLDEN") != nullptr) {
        std::ofstream(path) << actual;
        GTEST_SKIP() << "regenerated " << path;
    }
    std::ifstream in(path);
    ASSERT_TRUE(in) << "missing " << path << " (run with LDPSYNC_REGEN_GOLDEN=1)";
    std::stringstream expected;
    expected << in.rdbuf();
    // Line by line, so a failure names the cell.
    std::istringstream a(actual);
    std::istringstream x(expected.str());
    std::string la;
    std::string lx;
    std::size_t line = 0;
    while (true) {
        const bool ga = static_cast<bool>(std::getline(a, la));
        const bool gx = static_cast<bool>(std::getline(x, lx));
        ++line;
        if (!ga && !gx) {
            break;
        }
        ASSERT_EQ(ga, gx) << "golden and table differ in length at line " << line;
        EXPECT_EQ(la, lx) << "cell at line " << line;
    }
}

TEST(SessionFsm, UnexpectedCellIsTypedError) {
    auto r = transition(SessionRole::passive, SessionState::non_existent, SessionEvent::keepalive_received);
    ASSERT_TRUE(std::holds_alternative<FsmError>(r));
    EXPECT_EQ(std::get<FsmError>(r),
              (FsmError{SessionRole::passive, SessionState::non_existent, SessionEvent::keepalive_received}));
    EXPECT_NE(std::get<FsmError>(r).to_string().find("keepalive_received"), std::string::npos);
}

TEST(SessionFsm, RoleByTransportAddress) {
    // RFC 5036 2.5.2: the higher transport address is active.
    EXPECT_EQ(role_for(0x02020202, 0x01010101), SessionRole::active);
    EXPECT_EQ(role_for(0x01010101, 0x02020202), SessionRole::passive);
}

}  // namespace
}  // namespace ldpsync::ldp
