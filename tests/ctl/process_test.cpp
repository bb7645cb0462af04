// The real ldpsyncctl binary against a fake daemon (fake_server.hpp): exit codes, output
// streams, exact request bytes, event streaming with SIGINT, and the interactive mode on a
// pseudo-terminal. The binary's path is the first argument (meson passes it).

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "child.hpp"
#include "fake_server.hpp"

namespace ldpsync::ctl::test {
namespace {

using namespace std::chrono_literals;

std::string g_binary;

class CtlProcess : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/ldpsyncctl-test-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        server_ = std::make_unique<FakeServer>(dir_ + "/ctl.sock");
        ASSERT_TRUE(server_->listening());
    }
    void TearDown() override {
        server_.reset();
        std::filesystem::remove_all(dir_);
    }

    std::vector<std::string> env() const {
        return {"HOME=" + dir_, "TERM=dumb", "PATH=/usr/bin:/bin", "LANG=C"};
    }

    std::unique_ptr<Child> run(std::vector<std::string> args, bool pty = false) {
        std::vector<std::string> argv{g_binary};
        argv.insert(argv.end(), args.begin(), args.end());
        auto child = std::make_unique<Child>(Child::Spec{argv, env(), pty});
        EXPECT_TRUE(child->started());
        return child;
    }

    std::string sock() const { return server_->path(); }

    std::string dir_;
    std::unique_ptr<FakeServer> server_;
};

TEST_F(CtlProcess, OneShotOkPrintsBodyAndExitsZero) {
    auto c = run({"-s", sock(), "show", "x"});
    c->close_stdin();
    EXPECT_EQ(c->exit_code(), 0);
    EXPECT_EQ(c->out(), "x is fine\n");
    EXPECT_EQ(c->err(), "");
    EXPECT_EQ(server_->requests(), std::vector<std::string>{"show x"});
}

TEST_F(CtlProcess, SocketFromEnvironment) {
    std::vector<std::string> e = env();
    e.push_back("LDPSYNC_SOCKET=" + sock());
    Child c({{g_binary, "show", "x"}, e, false});
    c.close_stdin();
    EXPECT_EQ(c.exit_code(), 0);
    EXPECT_EQ(c.out(), "x is fine\n");
}

TEST_F(CtlProcess, FrameArrivingByteByByteIsReassembled) {
    auto c = run({"--socket", sock(), "show", "split"});
    c->close_stdin();
    EXPECT_EQ(c->exit_code(), 0);
    EXPECT_EQ(c->out(), "split body line 1\nline 2\n");
}

TEST_F(CtlProcess, ErrorGoesToStderrWithExitOne) {
    auto c = run({"-s", sock(), "show", "error"});
    c->close_stdin();
    EXPECT_EQ(c->exit_code(), 1);
    EXPECT_EQ(c->out(), "");
    EXPECT_EQ(c->err(), "% Invalid input detected at 'error'\n");
}

TEST_F(CtlProcess, NoDaemonExitsTwoNamingTheSocket) {
    const std::string missing = dir_ + "/missing.sock";
    auto c = run({"-s", missing, "show", "x"});
    c->close_stdin();
    EXPECT_EQ(c->exit_code(), 2);
    EXPECT_EQ(c->err(), "ldpsyncctl: cannot connect to " + missing +
                            ": No such file or directory (is ldpsyncd running?)\n");
}

TEST_F(CtlProcess, MalformedAnswerExitsThree) {
    auto c = run({"-s", sock(), "garbage"});
    c->close_stdin();
    EXPECT_EQ(c->exit_code(), 3);
    EXPECT_NE(c->err().find("unknown frame status 'bogus'"), std::string::npos) << c->err();
}

TEST_F(CtlProcess, TimeoutExitsThree) {
    const auto start = std::chrono::steady_clock::now();
    auto c = run({"-s", sock(), "--timeout", "0.3", "slow"});
    c->close_stdin();
    EXPECT_EQ(c->exit_code(), 3);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    EXPECT_NE(c->err().find("no answer from " + sock() + " within 300 ms"), std::string::npos) << c->err();
}

TEST_F(CtlProcess, RepeatedCommandsShareOneConnectionAndExitWithTheWorst) {
    auto c = run({"-s", sock(), "-c", "show x", "-c", "show error", "-c", "show y"});
    c->close_stdin();
    EXPECT_EQ(c->exit_code(), 1);
    EXPECT_EQ(c->out(), "x is fine\necho: show y\n");
    EXPECT_EQ(c->err(), "% Invalid input detected at 'error'\n");
    EXPECT_EQ(server_->requests(), (std::vector<std::string>{"show x", "show error", "show y"}));
    EXPECT_EQ(server_->connections(), 1);
}

TEST_F(CtlProcess, ConfigureReadsStdinAndSendsOneRequest) {
    auto c = run({"-s", sock(), "configure"});
    c->write("interface eth0\n mpls ldp igp sync\n\nmpls ldp igp sync holddown 5000\n");
    c->close_stdin();
    EXPECT_EQ(c->exit_code(), 0);
    EXPECT_EQ(server_->requests(),
              std::vector<std::string>{"configure\ninterface eth0\n mpls ldp igp sync\n\nmpls ldp igp sync holddown 5000"});
}

TEST_F(CtlProcess, ConfigureErrorExitsOne) {
    auto c = run({"-s", sock(), "configure", "terminal"});
    c->write("interface eth0\nbad\n");
    c->close_stdin();
    EXPECT_EQ(c->exit_code(), 1);
    EXPECT_EQ(c->err(), "% line 2: unknown command 'bad'\n");
}

TEST_F(CtlProcess, ConfigureFromFile) {
    const std::string file = dir_ + "/lab.conf";
    std::ofstream(file) << "router ospf 1\n mpls ldp sync\n";
    auto c = run({"-s", sock(), "-f", file});
    c->close_stdin();
    EXPECT_EQ(c->exit_code(), 0);
    EXPECT_EQ(server_->requests(), std::vector<std::string>{"configure\nrouter ospf 1\n mpls ldp sync"});
}

TEST_F(CtlProcess, DebugStreamsEventsUntilSigint) {
    auto c = run({"-s", sock(), "debug", "mpls", "ldp", "igp", "sync"});
    ASSERT_TRUE(c->wait_output("sync: event 3\n", 10s)) << c->out();
    c->signal(SIGINT);
    EXPECT_EQ(c->exit_code(), 0);
    EXPECT_TRUE(c->out().starts_with("sync: event 1\nsync: event 2\n")) << c->out();
    // Closing the connection is how the stream is stopped.
    EXPECT_TRUE(server_->wait_no_open_connections(5s));
}

TEST_F(CtlProcess, DebugStreamEndsWhenServerCloses) {
    auto c = run({"-s", sock(), "debug", "short"});
    EXPECT_EQ(c->exit_code(), 0);
    EXPECT_EQ(c->out(), "short event 1\nshort event 2\n");
}

TEST_F(CtlProcess, BatchSessionReconnectsAfterDaemonRestart) {
    auto c = run({"-s", sock()});  // stdin is a pipe: batch mode
    c->write("show x\n");
    ASSERT_TRUE(c->wait_output("x is fine\n", 10s));
    server_->drop_clients();
    ASSERT_TRUE(server_->wait_no_open_connections(5s));
    c->write("show y\nconfigure\ninterface eth0\nend\n");
    c->close_stdin();
    EXPECT_EQ(c->exit_code(), 0) << c->err();
    EXPECT_EQ(c->out(), "x is fine\necho: show y\n");
    EXPECT_EQ(server_->requests(), (std::vector<std::string>{"show x", "show y", "configure\ninterface eth0"}));
    EXPECT_EQ(server_->connections(), 2);
}

TEST_F(CtlProcess, UsageErrorExits64) {
    auto c = run({"-s", sock(), "-c", "show x", "show", "y"});
    c->close_stdin();
    EXPECT_EQ(c->exit_code(), 64);
    EXPECT_TRUE(server_->requests().empty());
}

// ---- interactive mode on a pseudo-terminal ----

class CtlInteractive : public CtlProcess {
protected:
    // Waits for the count-th appearance of prompt (the session is ready for a line).
    void expect_prompt(Child& c, const std::string& prompt, int count) {
        ASSERT_TRUE(c.wait_output(prompt, 10s, count)) << "waiting for prompt #" << count << " '" << prompt
                                                      << "'; terminal so far:\n" << c.out();
    }
};

TEST_F(CtlInteractive, ShowCommandPrintsAnswer) {
    auto c = run({"-s", sock()}, true);  // no words, stdin is a terminal
    expect_prompt(*c, "ldpsync# ", 1);
    c->write("show x\r");
    ASSERT_TRUE(c->wait_output("x is fine", 10s)) << c->out();
    expect_prompt(*c, "ldpsync# ", 2);
    c->write("exit\r");
    EXPECT_EQ(c->exit_code(), 0);
    EXPECT_EQ(server_->requests_except_help(), std::vector<std::string>{"show x"});
    EXPECT_EQ(server_->connections(), 1);  // help and the command on one connection
    // History is kept in $HOME.
    std::ifstream hist(dir_ + "/.ldpsyncctl_history");
    std::string all((std::istreambuf_iterator<char>(hist)), std::istreambuf_iterator<char>());
    EXPECT_NE(all.find("show x"), std::string::npos);
}

TEST_F(CtlInteractive, ConfigBlockIsSentAsOneRequest) {
    auto c = run({"-s", sock(), "-i"}, true);
    expect_prompt(*c, "ldpsync# ", 1);
    c->write("conf t\r");
    expect_prompt(*c, "ldpsync(config)# ", 1);
    c->write("interface eth0\r");
    expect_prompt(*c, "ldpsync(config-if)# ", 1);
    c->write("mpls ldp igp sync\r");
    expect_prompt(*c, "ldpsync(config-if)# ", 2);
    c->write("exit\r");
    expect_prompt(*c, "ldpsync(config)# ", 2);
    c->write("\r");  // empty lines are ignored
    expect_prompt(*c, "ldpsync(config)# ", 3);
    c->write("mpls ldp igp sync holddown 5000\r");
    expect_prompt(*c, "ldpsync(config)# ", 4);
    // Nothing is sent before "end".
    EXPECT_TRUE(server_->requests_except_help().empty());
    c->write("end\r");
    expect_prompt(*c, "ldpsync# ", 2);
    c->write("quit\r");
    EXPECT_EQ(c->exit_code(), 0);
    EXPECT_EQ(server_->requests_except_help(),
              std::vector<std::string>{"configure\ninterface eth0\nmpls ldp igp sync\nexit\nmpls ldp igp sync holddown 5000"});
}

TEST_F(CtlInteractive, ConfigErrorIsShown) {
    auto c = run({"-s", sock()}, true);
    expect_prompt(*c, "ldpsync# ", 1);
    c->write("configure\r");
    expect_prompt(*c, "ldpsync(config)# ", 1);
    c->write("interface eth0\r");
    expect_prompt(*c, "ldpsync(config-if)# ", 1);
    c->write("bad\r");
    expect_prompt(*c, "ldpsync(config-if)# ", 2);
    c->write("\x04");  // Ctrl-D ends the block like "end"
    ASSERT_TRUE(c->wait_output("% line 2: unknown command 'bad'", 10s)) << c->out();
    expect_prompt(*c, "ldpsync# ", 2);
    c->write("\x04");  // and at top level leaves
    EXPECT_EQ(c->exit_code(), 0);
    EXPECT_EQ(server_->requests_except_help(), std::vector<std::string>{"configure\ninterface eth0\nbad"});
}

TEST_F(CtlInteractive, TabCompletesKeywords) {
    auto c = run({"-s", sock()}, true);
    expect_prompt(*c, "ldpsync# ", 1);
    ASSERT_TRUE(server_->wait_requests(1, 10s));  // completion patterns fetched
    c->write("sho\t");
    ASSERT_TRUE(c->wait_output("show ", 10s)) << c->out();
    c->write("mp\t");
    ASSERT_TRUE(c->wait_output("show mpls ", 10s)) << c->out();
    c->write("ldp igp sy\t");
    ASSERT_TRUE(c->wait_output("show mpls ldp igp sync ", 10s)) << c->out();
    c->write("\r");
    expect_prompt(*c, "ldpsync# ", 2);
    c->write("exit\r");
    EXPECT_EQ(c->exit_code(), 0);
    EXPECT_EQ(server_->requests_except_help(), std::vector<std::string>{"show mpls ldp igp sync"});
}

TEST_F(CtlInteractive, NoDaemonExitsTwo) {
    const std::string missing = dir_ + "/missing.sock";
    auto c = run({"-s", missing, "-i"}, true);
    EXPECT_EQ(c->exit_code(), 2);
    EXPECT_NE(c->out().find("cannot connect to " + missing), std::string::npos) << c->out();
}

TEST_F(CtlInteractive, CtrlCStopsDebugStreamAndSessionGoesOn) {
    auto c = run({"-s", sock()}, true);
    expect_prompt(*c, "ldpsync# ", 1);
    c->write("debug mpls ldp igp sync\r");
    ASSERT_TRUE(c->wait_output("sync: event 2", 10s)) << c->out();
    c->write("\x03");  // Ctrl-C: SIGINT from the terminal
    expect_prompt(*c, "ldpsync# ", 2);
    ASSERT_TRUE(server_->wait_no_open_connections(5s));
    c->write("show x\r");
    ASSERT_TRUE(c->wait_output("x is fine", 10s)) << c->out();
    expect_prompt(*c, "ldpsync# ", 3);
    c->write("exit\r");
    EXPECT_EQ(c->exit_code(), 0);
    EXPECT_EQ(server_->connections(), 2);  // the stream's connection is closed, a new one follows
}

}  // namespace
}  // namespace ldpsync::ctl::test

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s PATH-TO-ldpsyncctl [gtest options]\n", argv[0]);
        return 2;
    }
    ldpsync::ctl::test::g_binary = argv[1];
    // The client's terminal and signal handling must not touch ours.
    signal(SIGPIPE, SIG_IGN);
    return RUN_ALL_TESTS();
}
