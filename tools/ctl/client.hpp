#pragma once
// Requests with the client's policy: lazy connect, one transparent reconnect when the daemon
// was restarted, deadlines, event streaming for debug commands, and how answers and failures
// are printed (bodies to stdout, daemon errors to stderr verbatim, local failures as one
// "ldpsyncctl: ..." line naming the socket).

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "connection.hpp"

namespace ldpsync::ctl {

// Exit code of a request cut short by Ctrl-C (the shell convention 128 + SIGINT).
inline constexpr int kExitInterrupted = 130;

class Client {
public:
    Client(std::string socket, Timeout timeout, std::FILE* out = stdout, std::FILE* err = stderr)
        : socket_(std::move(socket)), timeout_(timeout), out_(out), err_(err) {}

    // Connects now (instead of on the first request) so a missing daemon is reported
    // before anything else happens. Returns an exit code.
    int connect();

    // Sends text, prints the answer; streams events after "debug ..." until the daemon
    // closes or SIGINT/SIGTERM. Returns an exit code (see options.hpp).
    int run(std::string_view text);

    // The body of a successful "help", silently nullopt otherwise (completion is optional).
    std::optional<std::string> fetch_help();

    // True when the last run() ended because of SIGINT/SIGTERM.
    bool interrupted() const { return interrupted_; }

    const std::string& socket() const { return socket_; }

private:
    int exchange(std::string_view text, Frame& reply, bool quiet);
    int stream();
    int open_connection(bool quiet);
    void print_body(std::FILE* to, const std::string& body);
    void fail(bool quiet, const std::string& message);
    std::string timeout_text() const;

    std::string socket_;
    Timeout timeout_;
    std::FILE* out_;
    std::FILE* err_;
    Connection conn_;
    bool interrupted_ = false;
};

}  // namespace ldpsync::ctl
