#pragma once
// The operator's session as a pure state machine: which lines become requests, when
// configuration mode starts and ends, and the prompt. Shared by the readline front end and
// by batch mode (a script on stdin), and unit-tested without a terminal.
//
// Configuration mode is local: the lines are collected and sent as ONE "configure" request
// on "end" (or Ctrl-D), so the daemon applies them atomically and numbers its errors by
// line of the block. Sub-mode prompts only mirror what the daemon will do with the lines.

#include <string>
#include <string_view>
#include <vector>

namespace ldpsync::ctl {

class Session {
public:
    enum class Mode { exec, config, config_if, config_router };

    struct Action {
        enum class Kind { none, send, quit };
        Kind kind = Kind::none;
        std::string request;  // for send: the request text (without the NUL)

        bool operator==(const Action&) const = default;
    };

    Action handle(std::string_view line);

    // End of input (Ctrl-D): ends a configuration block (sending it), else quits.
    Action end_of_input();

    Mode mode() const { return mode_; }
    bool in_config() const { return mode_ != Mode::exec; }
    std::string prompt() const;
    // The mode name used by the daemon's help patterns ("" for exec).
    std::string completion_mode() const;
    const std::vector<std::string>& pending_lines() const { return lines_; }

private:
    Action finish_block();

    Mode mode_ = Mode::exec;
    std::vector<std::string> lines_;
};

}  // namespace ldpsync::ctl
