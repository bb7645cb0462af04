#pragma once
// The operator's sessions: a readline front end on a terminal, and batch mode, which reads
// the same kind of session (commands, "configure" ... "end" blocks) from a script on stdin.

#include <istream>

#include "client.hpp"

namespace ldpsync::ctl {

// Prompt, history (~/.ldpsyncctl_history when HOME is writable), TAB completion from the
// daemon's "help". Returns 0, or kExitConnect when the daemon cannot be reached at start.
int run_interactive(Client& client);

// Returns the worst exit code of the requests; stops at the first connection failure.
int run_batch(Client& client, std::istream& in);

}  // namespace ldpsync::ctl
