#pragma once
// SIGINT/SIGTERM as a readable file descriptor (the self-pipe trick), so that a blocking
// wait on the daemon's socket or on the terminal can be woken by Ctrl-C without races: a
// flag checked before poll() could be set just after the check and be missed.

#include <csignal>

namespace ldpsync::ctl {

class Interrupt {
public:
    // Installs the handlers (idempotent). Without SA_RESTART so that blocking calls return.
    static void install();

    // Readable while a signal is pending; -1 before install().
    static int fd();

    // The pending signal (0 if none).
    static int pending();

    // Forgets pending signals, e.g. after Ctrl-C ended a debug stream.
    static void clear();
};

}  // namespace ldpsync::ctl
