// Command-line parsing and the choice of run mode.

#include <gtest/gtest.h>

#include "ctl/options.hpp"

namespace ldpsync::ctl {
namespace {

using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

ParsedOptions parse(Strings args, const char* env = nullptr, bool tty = false) {
    return parse_options(args, env, tty);
}

TEST(Options, DefaultsAndWords) {
    auto p = parse({"show", "mpls", "ldp", "igp", "sync"});
    ASSERT_TRUE(p.options) << p.error;
    EXPECT_EQ(p.options->socket, "/run/ldpsync/default.sock");
    EXPECT_EQ(p.options->timeout, 30000ms);
    EXPECT_EQ(p.options->mode, RunMode::one_shot);
    EXPECT_EQ(p.options->joined_words(), "show mpls ldp igp sync");
}

TEST(Options, SocketFromEnvironmentThenFlag) {
    EXPECT_EQ(parse({"show"}, "/tmp/env.sock").options->socket, "/tmp/env.sock");
    EXPECT_EQ(parse({"show"}, "").options->socket, "/run/ldpsync/default.sock");
    EXPECT_EQ(parse({"-s", "/a", "show"}, "/tmp/env.sock").options->socket, "/a");
    EXPECT_EQ(parse({"-s/b", "show"}).options->socket, "/b");
    EXPECT_EQ(parse({"--socket", "/c", "show"}).options->socket, "/c");
    EXPECT_EQ(parse({"--socket=/d", "show"}).options->socket, "/d");
}

TEST(Options, WordsAfterTheFirstAreNotOptions) {
    auto p = parse({"-s", "/a", "show", "-s", "x"});
    ASSERT_TRUE(p.options);
    EXPECT_EQ(p.options->socket, "/a");
    EXPECT_EQ(p.options->words, (Strings{"show", "-s", "x"}));
    EXPECT_EQ(parse({"--", "-weird"}).options->words, Strings{"-weird"});
}

TEST(Options, RepeatedCommands) {
    auto p = parse({"-c", "show a", "--command", "show b", "--command=show c"});
    ASSERT_TRUE(p.options);
    EXPECT_EQ(p.options->mode, RunMode::commands);
    EXPECT_EQ(p.options->commands, (Strings{"show a", "show b", "show c"}));
}

TEST(Options, Modes) {
    EXPECT_EQ(parse({"configure"}).options->mode, RunMode::configure);
    EXPECT_EQ(parse({"conf", "t"}).options->mode, RunMode::configure);
    EXPECT_EQ(parse({"-f", "x.conf"}).options->mode, RunMode::file);
    EXPECT_EQ(*parse({"--file", "x.conf"}).options->file, "x.conf");
    EXPECT_EQ(parse({"-i"}).options->mode, RunMode::interactive);
    EXPECT_EQ(parse({}, nullptr, true).options->mode, RunMode::interactive);
    EXPECT_EQ(parse({}, nullptr, false).options->mode, RunMode::batch);
    EXPECT_EQ(parse({"show"}, nullptr, true).options->mode, RunMode::one_shot);
    EXPECT_EQ(parse({"-h", "show"}).options->mode, RunMode::help);
}

TEST(Options, Timeout) {
    EXPECT_EQ(parse({"--timeout", "5", "x"}).options->timeout, 5000ms);
    EXPECT_EQ(parse({"--timeout=0.25", "x"}).options->timeout, 250ms);
    EXPECT_EQ(parse({"--timeout", "0", "x"}).options->timeout, std::nullopt);
    EXPECT_FALSE(parse({"--timeout", "-1", "x"}).options);
    EXPECT_FALSE(parse({"--timeout", "5s", "x"}).options);
    EXPECT_FALSE(parse({"--timeout", "nan", "x"}).options);
    EXPECT_FALSE(parse({"--timeout"}).options);
}

TEST(Options, Errors) {
    auto unknown = parse({"--frobnicate"});
    EXPECT_FALSE(unknown.options);
    EXPECT_EQ(unknown.error, "unknown option '--frobnicate'");
    EXPECT_FALSE(parse({"-s"}).options);
    EXPECT_FALSE(parse({"-c"}).options);
    EXPECT_FALSE(parse({"-f", ""}).options);
    EXPECT_EQ(parse({"-c", "x", "show"}).error, "use only one of -i, -c, -f and a command");
    EXPECT_FALSE(parse({"-i", "-f", "x"}).options);
    EXPECT_FALSE(parse({"-f", "x", "-c", "y"}).options);
}

}  // namespace
}  // namespace ldpsync::ctl
