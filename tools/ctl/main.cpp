// ldpsyncctl: the operator's client for the ldpsyncd control socket. This file only turns
// the command line into one of the run modes; the logic lives in the ldpsyncctl-core library.

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "ctl/client.hpp"
#include "ctl/interactive.hpp"
#include "ctl/interrupt.hpp"
#include "ctl/options.hpp"
#include "ctl/protocol.hpp"

namespace {

using namespace ldpsync::ctl;

// A configuration block as the operator wrote it; only the final newline goes, so the
// daemon's line numbers are the file's.
std::string as_block(std::string text) {
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (!text.empty() && text.back() == '\r') text.pop_back();
    return text;
}

int run_commands(Client& client, const std::vector<std::string>& commands) {
    int worst = kExitOk;
    for (const auto& c : commands) {
        const int rc = client.run(c);
        worst = std::max(worst, rc);
        // Past a lost connection or a timeout every further request would fail the same way.
        if (rc >= kExitConnect || client.interrupted()) break;
    }
    return worst;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const bool tty = isatty(STDIN_FILENO) != 0;
    auto parsed = parse_options(args, std::getenv("LDPSYNC_SOCKET"), tty);
    if (!parsed.options) {
        std::fprintf(stderr, "ldpsyncctl: %s\n%s", parsed.error.c_str(), usage().c_str());
        return kExitUsage;
    }
    const Options& o = *parsed.options;
    if (o.mode == RunMode::help) {
        std::fputs(usage().c_str(), stdout);
        return kExitOk;
    }

    Interrupt::install();
    Client client(o.socket, o.timeout);
    switch (o.mode) {
        case RunMode::help:
            return kExitOk;
        case RunMode::one_shot:
            return client.run(o.joined_words());
        case RunMode::commands:
            return run_commands(client, o.commands);
        case RunMode::configure: {
            // Fail before reading a whole file when nobody is listening.
            if (const int rc = client.connect(); rc != kExitOk) return rc;
            if (tty) std::fputs("Enter configuration lines, one per line. End with Ctrl-D.\n", stderr);
            std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
            return client.run(configure_text(as_block(std::move(text))));
        }
        case RunMode::file: {
            std::ifstream in(*o.file, std::ios::binary);
            if (!in) {
                std::fprintf(stderr, "ldpsyncctl: cannot read %s: %s\n", o.file->c_str(), std::strerror(errno));
                return kExitUsage;
            }
            std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            return client.run(configure_text(as_block(std::move(text))));
        }
        case RunMode::interactive:
            return run_interactive(client);
        case RunMode::batch:
            return run_batch(client, std::cin);
    }
    return kExitOk;
}
