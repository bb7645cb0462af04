#pragma once
// Command-line options, parsed without getopt's global state so the rules are unit-testable.

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ldpsync::ctl {

inline constexpr const char* kDefaultSocket = "/run/ldpsync/default.sock";
inline constexpr std::chrono::milliseconds kDefaultTimeout{30'000};

// Exit codes, part of the tool's interface for scripts.
enum ExitCode : int {
    kExitOk = 0,
    kExitError = 1,      // the daemon answered "error"
    kExitConnect = 2,    // cannot connect to the socket
    kExitProtocol = 3,   // malformed answer, timeout, or the daemon went away mid-answer
    kExitUsage = 64,     // bad command line (sysexits' EX_USAGE)
};

// What the invocation asks for, decided from the options and whether stdin is a terminal.
enum class RunMode {
    help,         // -h/--help
    one_shot,     // WORDS: one request
    configure,    // WORDS = "configure": the block comes from stdin
    commands,     // -c LINE...: several requests on one connection
    file,         // -f FILE: one configure request from a file
    interactive,  // -i, or nothing on a terminal
    batch,        // nothing, stdin not a terminal: stdin is read as an interactive session
};

struct Options {
    std::string socket;
    std::vector<std::string> commands;
    std::optional<std::string> file;
    bool interactive = false;
    bool help = false;
    std::optional<std::chrono::milliseconds> timeout = kDefaultTimeout;  // nullopt: none
    std::vector<std::string> words;
    RunMode mode = RunMode::one_shot;

    std::string joined_words() const;
};

struct ParsedOptions {
    std::optional<Options> options;
    std::string error;  // set when options is empty
};

// args excludes argv[0]. env_socket is $LDPSYNC_SOCKET (nullptr when unset).
ParsedOptions parse_options(std::span<const std::string> args, const char* env_socket, bool stdin_is_tty);

std::string usage();

}  // namespace ldpsync::ctl
