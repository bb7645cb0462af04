// TAB completion candidates from the daemon's help patterns.

#include <gtest/gtest.h>

#include "ctl/completion.hpp"

namespace ldpsync::ctl {
namespace {

using Strings = std::vector<std::string>;

const char* kHelp =
    "show mpls ldp igp sync [json]\n"
    "show mpls ldp igp sync interface <word> [json]\n"
    "show mpls ldp neighbor\n"
    "show running-config\n"
    "debug mpls ldp igp sync\n"
    "clear counters\n"
    "\n"
    "config: interface <word>\n"
    "config: mpls ldp igp sync holddown <1-2147483647>\n"
    "config: no mpls ldp igp sync holddown\n"
    "config: router {ospf|isis} <1-65535>\n"
    "config-if: mpls ldp igp sync [delay <1-60>]\n"
    "config-if: no mpls ldp igp sync\n"
    "config-router: mpls ldp sync\n";

class Completion : public ::testing::Test {
protected:
    Completer c = Completer::from_help(kHelp);
};

TEST_F(Completion, ParsesEveryNonEmptyLine) { EXPECT_EQ(c.size(), 13u); }

TEST_F(Completion, FirstWord) {
    EXPECT_EQ(c.complete("", "").keywords, (Strings{"clear", "debug", "show"}));
    EXPECT_EQ(c.complete("", "s").keywords, (Strings{"show"}));
    EXPECT_EQ(c.complete("", "x").keywords, Strings{});
}

TEST_F(Completion, NextKeywordAfterMatchingWords) {
    EXPECT_EQ(c.complete("", "show ").keywords, (Strings{"mpls", "running-config"}));
    EXPECT_EQ(c.complete("", "show mpls ldp ").keywords, (Strings{"igp", "neighbor"}));
    EXPECT_EQ(c.complete("", "show mpls ldp igp sy").keywords, (Strings{"sync"}));
}

TEST_F(Completion, AbbreviatedWordsMatchAndCaseIsIgnored) {
    EXPECT_EQ(c.complete("", "sh mp l i s ").keywords, (Strings{"interface", "json"}));
    EXPECT_EQ(c.complete("", "SH MPLS L").keywords, (Strings{"ldp"}));
}

TEST_F(Completion, OptionalTrailingWord) {
    EXPECT_EQ(c.complete("", "show mpls ldp igp sync j").keywords, (Strings{"json"}));
    EXPECT_EQ(c.complete("", "show mpls ldp igp sync json ").keywords, Strings{});
}

TEST_F(Completion, ParametersMatchAnyWordAndAreHintsNotCompletions) {
    auto at_param = c.complete("", "show mpls ldp igp sync interface ");
    EXPECT_EQ(at_param.keywords, Strings{});
    EXPECT_EQ(at_param.hints, Strings{"<word>"});
    EXPECT_EQ(c.complete("", "show mpls ldp igp sync interface eth0 ").keywords, (Strings{"json"}));
}

TEST_F(Completion, NoMatchAfterAWrongWord) {
    EXPECT_EQ(c.complete("", "show bogus ").keywords, Strings{});
    EXPECT_EQ(c.complete("", "show bogus ").hints, Strings{});
}

TEST_F(Completion, ModesSelectPatterns) {
    EXPECT_EQ(c.complete("config", "").keywords, (Strings{"interface", "mpls", "no", "router"}));
    EXPECT_EQ(c.complete("config", "router ").keywords, (Strings{"isis", "ospf"}));
    EXPECT_EQ(c.complete("config", "router ospf ").hints, Strings{"<1-65535>"});
    // Exec commands are not offered in configuration mode, nor the reverse.
    EXPECT_EQ(c.complete("config", "sh").keywords, Strings{});
    EXPECT_EQ(c.complete("", "int").keywords, Strings{});
}

TEST_F(Completion, SubModesAlsoOfferGlobalConfigLines) {
    EXPECT_EQ(c.complete("config-if", "").keywords, (Strings{"interface", "mpls", "no", "router"}));
    EXPECT_EQ(c.complete("config-if", "mpls ldp igp sync ").keywords, (Strings{"delay", "holddown"}));
    EXPECT_EQ(c.complete("config-router", "mpls ldp ").keywords, (Strings{"igp", "sync"}));
}

TEST_F(Completion, OptionalGroupWithParameter) {
    EXPECT_EQ(c.complete("config-if", "mpls ldp igp sync delay ").hints, Strings{"<1-60>"});
}

TEST(CompletionLenient, UpperCaseParametersAndAddedPatterns) {
    Completer c = Completer::from_help("ip route A.B.C.D MASK A.B.C.D\n  show version  \n");
    c.add("", "exit");
    EXPECT_EQ(c.complete("", "ip route ").hints, Strings{"A.B.C.D"});
    EXPECT_EQ(c.complete("", "ip route 10.0.0.0 255.0.0.0 ").hints, Strings{"A.B.C.D"});
    EXPECT_EQ(c.complete("", "").keywords, (Strings{"exit", "ip", "show"}));
    EXPECT_EQ(c.complete("", "show ").keywords, Strings{"version"});
}

TEST(CompletionLenient, QuestionMarkSuffixIsOptional) {
    Completer c = Completer::from_help("test ldp session-down WORD graceful-restart?\n");
    EXPECT_EQ(c.complete("", "test ldp session-down eth0 ").keywords, Strings{"graceful-restart"});
    EXPECT_EQ(c.complete("", "test ldp session-down eth0 graceful-restart ").keywords, Strings{});
}

TEST(CompletionLenient, EmptyHelp) {
    Completer c = Completer::from_help("");
    EXPECT_EQ(c.size(), 0u);
    EXPECT_EQ(c.complete("", "sh"), Completer::Candidates{});
}

}  // namespace
}  // namespace ldpsync::ctl
