// The session state machine behind interactive and batch mode.

#include <gtest/gtest.h>

#include "ctl/session.hpp"

namespace ldpsync::ctl {
namespace {

using Kind = Session::Action::Kind;
using Action = Session::Action;

TEST(Session, ExecLinesAreSentTrimmed) {
    Session s;
    EXPECT_EQ(s.prompt(), "ldpsync# ");
    EXPECT_EQ(s.handle("  show mpls ldp igp sync  "), (Action{Kind::send, "show mpls ldp igp sync"}));
    EXPECT_EQ(s.handle(""), Action{});
    EXPECT_EQ(s.handle("   \t"), Action{});
    EXPECT_EQ(s.handle("exit"), (Action{Kind::quit, ""}));
    EXPECT_EQ(s.handle("quit"), (Action{Kind::quit, ""}));
    EXPECT_EQ(s.end_of_input(), (Action{Kind::quit, ""}));
}

TEST(Session, ConfigBlockBecomesOneRequestOnEnd) {
    Session s;
    EXPECT_EQ(s.handle("conf t"), Action{});
    EXPECT_EQ(s.prompt(), "ldpsync(config)# ");
    EXPECT_EQ(s.completion_mode(), "config");
    EXPECT_EQ(s.handle("interface eth0"), Action{});
    EXPECT_EQ(s.prompt(), "ldpsync(config-if)# ");
    EXPECT_EQ(s.completion_mode(), "config-if");
    EXPECT_EQ(s.handle(" mpls ldp igp sync"), Action{});
    EXPECT_EQ(s.handle(""), Action{});
    EXPECT_EQ(s.handle("exit"), Action{});
    EXPECT_EQ(s.prompt(), "ldpsync(config)# ");
    EXPECT_EQ(s.handle("router ospf 1"), Action{});
    EXPECT_EQ(s.prompt(), "ldpsync(config-router)# ");
    EXPECT_EQ(s.handle("mpls ldp sync"), Action{});
    EXPECT_EQ(s.handle("end"),
              (Action{Kind::send, "configure\ninterface eth0\nmpls ldp igp sync\nexit\nrouter ospf 1\nmpls ldp sync"}));
    EXPECT_EQ(s.prompt(), "ldpsync# ");
    EXPECT_TRUE(s.pending_lines().empty());
}

TEST(Session, ExitAtConfigLevelIsEnd) {
    Session s;
    s.handle("configure");
    s.handle("mpls ldp igp sync holddown 100");
    EXPECT_EQ(s.handle("exit"), (Action{Kind::send, "configure\nmpls ldp igp sync holddown 100"}));
    EXPECT_FALSE(s.in_config());
}

TEST(Session, EndOfInputEndsTheBlockThenQuits) {
    Session s;
    s.handle("configure terminal");
    s.handle("int eth1");
    EXPECT_EQ(s.prompt(), "ldpsync(config-if)# ");
    EXPECT_EQ(s.end_of_input(), (Action{Kind::send, "configure\nint eth1"}));
    EXPECT_EQ(s.end_of_input(), (Action{Kind::quit, ""}));
}

TEST(Session, EmptyBlockSendsNothing) {
    Session s;
    s.handle("conf t");
    EXPECT_EQ(s.handle("end"), Action{});
    EXPECT_FALSE(s.in_config());
}

TEST(Session, QuitInsideConfigIsAConfigLine) {
    // Only "end"/"exit" are local in configuration mode; everything else is the daemon's.
    Session s;
    s.handle("conf t");
    EXPECT_EQ(s.handle("quit"), Action{});
    EXPECT_EQ(s.handle("end"), (Action{Kind::send, "configure\nquit"}));
}

TEST(Session, ConfigureWithOtherWordsGoesToTheDaemon) {
    Session s;
    EXPECT_EQ(s.handle("configure replace x"), (Action{Kind::send, "configure replace x"}));
    EXPECT_FALSE(s.in_config());
}

}  // namespace
}  // namespace ldpsync::ctl
