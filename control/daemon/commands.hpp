#pragma once
// The control socket's commands: show, configure, debug and the test hooks, matched with the
// same grammar as the configuration, answered as text (the guide's formats) or JSON.

#include <string>
#include <string_view>
#include <vector>

#include "daemon.hpp"

namespace ldpsync::daemon {

struct Reply {
    bool ok = true;
    std::string body;
};

class CommandHandler {
public:
    explicit CommandHandler(Daemon& daemon) : daemon_(daemon) {}

    // One request: a command line, or "configure\n" followed by configuration lines.
    Reply execute(std::string_view request);
    // `debug mpls ldp igp sync`: the caller streams the daemon's debug lines afterwards.
    static bool is_debug(std::string_view request);
    // Every pattern, as `help` lists them (configuration ones prefixed "config: ").
    static std::vector<std::string> help();

private:
    Daemon& daemon_;
};

}  // namespace ldpsync::daemon
