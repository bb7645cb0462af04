#include "interrupt.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace ldpsync::ctl {

namespace {

int g_pipe[2] = {-1, -1};
volatile std::sig_atomic_t g_signal = 0;

void on_signal(int sig) {
    const int saved = errno;
    g_signal = sig;
    const char byte = 1;
    // A full pipe already says "pending"; the result is irrelevant.
    [[maybe_unused]] const auto n = write(g_pipe[1], &byte, 1);
    errno = saved;
}

}  // namespace

void Interrupt::install() {
    if (g_pipe[0] >= 0) return;
    if (pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

int Interrupt::fd() { return g_pipe[0]; }

int Interrupt::pending() { return g_signal; }

void Interrupt::clear() {
    char buf[64];
    while (g_pipe[0] >= 0 && read(g_pipe[0], buf, sizeof(buf)) > 0) {
    }
    g_signal = 0;
}

}  // namespace ldpsync::ctl
