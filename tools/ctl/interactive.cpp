#include "interactive.hpp"

#include <poll.h>
#include <unistd.h>
// readline's headers need stdio first.
#include <cstdio>
#include <readline/history.h>
#include <readline/readline.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "completion.hpp"
#include "interrupt.hpp"
#include "options.hpp"
#include "session.hpp"

namespace ldpsync::ctl {

namespace {

// readline's callbacks are plain functions, so the state they need lives here; there is one
// interactive session per process.
struct ReadlineState {
    Completer completer;
    const Session* session = nullptr;
    std::vector<std::string> matches;
    bool have_line = false;
    std::optional<std::string> line;  // nullopt: end of input (Ctrl-D)
};
ReadlineState* g_state = nullptr;

char* match_generator(const char* /*text*/, int index) {
    const auto i = static_cast<std::size_t>(index);
    if (g_state == nullptr || i >= g_state->matches.size()) return nullptr;
    return strdup(g_state->matches[i].c_str());
}

char** attempt_completion(const char* text, int /*start*/, int end) {
    // Never fall back to file names: nothing here takes a path.
    rl_attempted_completion_over = 1;
    if (g_state == nullptr) return nullptr;
    const std::string before(rl_line_buffer, static_cast<std::size_t>(end));
    auto c = g_state->completer.complete(g_state->session->completion_mode(), before);
    if (c.keywords.empty()) {
        if (!c.hints.empty()) {
            // Parameters cannot be completed; say what is expected instead.
            std::string line = "\n ";
            for (const auto& h : c.hints) line += " " + h;
            std::fprintf(rl_outstream, "%s\n", line.c_str());
            rl_on_new_line();
            rl_redisplay();
        }
        return nullptr;
    }
    g_state->matches = std::move(c.keywords);
    return rl_completion_matches(text, match_generator);
}

void on_line(char* line) {
    g_state->have_line = true;
    if (line == nullptr) {
        g_state->line.reset();
    } else {
        g_state->line = line;
        std::free(line);
    }
    // Requests run with readline out of the way: normal terminal modes while output is
    // printed and while Ctrl-C stops a debug stream.
    rl_callback_handler_remove();
}

std::optional<std::string> history_path() {
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0' || access(home, W_OK) != 0) return std::nullopt;
    return std::string(home) + "/.ldpsyncctl_history";
}

void remember(const std::string& line) {
    if (line.find_first_not_of(" \t") == std::string::npos) return;
    const HIST_ENTRY* last = history_length > 0 ? history_get(history_base + history_length - 1) : nullptr;
    if (last == nullptr || line != last->line) add_history(line.c_str());
}

// Everything the daemon accepts plus what the session itself handles.
void add_local_commands(Completer& c) {
    c.add("", "configure [terminal]");
    c.add("", "exit");
    c.add("", "quit");
    c.add("config", "end");
    c.add("config", "exit");
}

}  // namespace

int run_interactive(Client& client) {
    Interrupt::install();
    if (const int rc = client.connect(); rc != kExitOk) return rc;

    ReadlineState state;
    Session session;
    state.session = &session;
    if (auto help = client.fetch_help()) {
        state.completer = Completer::from_help(*help);
    }
    add_local_commands(state.completer);
    g_state = &state;

    // Signals are ours (the self-pipe); readline must not install or re-raise them.
    rl_catch_signals = 0;
    rl_readline_name = "ldpsyncctl";
    rl_attempted_completion_function = attempt_completion;
    rl_basic_word_break_characters = const_cast<char*>(" \t\n");
    using_history();
    stifle_history(1000);
    const auto hist = history_path();
    if (hist) read_history(hist->c_str());

    bool quit = false;
    while (!quit) {
        state.have_line = false;
        rl_callback_handler_install(session.prompt().c_str(), on_line);
        while (!state.have_line && !quit) {
            pollfd p[2] = {{STDIN_FILENO, POLLIN, 0}, {Interrupt::fd(), POLLIN, 0}};
            if (poll(p, 2, -1) < 0) {
                if (errno == EINTR) continue;
                quit = true;
                break;
            }
            if (p[1].revents & POLLIN) {
                const int sig = Interrupt::pending();
                Interrupt::clear();
                if (sig == SIGTERM) {
                    quit = true;
                    break;
                }
                // Ctrl-C abandons the line being typed, as in a shell.
                rl_free_line_state();
                rl_callback_sigcleanup();
                rl_replace_line("", 0);
                std::fputs("\n", rl_outstream);
                rl_on_new_line();
                rl_redisplay();
                continue;
            }
            if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) rl_callback_read_char();
        }
        if (!state.have_line) {
            rl_callback_handler_remove();
            break;
        }
        Session::Action action;
        if (!state.line) {
            std::fputs("\n", stdout);  // Ctrl-D leaves the cursor after the prompt
            action = session.end_of_input();
        } else {
            remember(*state.line);
            action = session.handle(*state.line);
        }
        if (action.kind == Session::Action::Kind::quit) break;
        if (action.kind == Session::Action::Kind::send) {
            client.run(action.request);
            if (client.interrupted()) std::fputs("\n", stdout);
            // Ctrl-C only ends the request (or debug stream); SIGTERM ends the session.
            if (Interrupt::pending() == SIGTERM) quit = true;
            Interrupt::clear();
        }
        std::fflush(stdout);
    }

    if (hist) {
        write_history(hist->c_str());
        history_truncate_file(hist->c_str(), 1000);
    }
    g_state = nullptr;
    return kExitOk;
}

int run_batch(Client& client, std::istream& in) {
    Interrupt::install();
    Session session;
    int worst = kExitOk;
    std::string line;
    for (;;) {
        Session::Action action;
        if (std::getline(in, line)) {
            action = session.handle(line);
        } else {
            action = session.end_of_input();
        }
        if (action.kind == Session::Action::Kind::quit) break;
        if (action.kind != Session::Action::Kind::send) continue;
        const int rc = client.run(action.request);
        worst = std::max(worst, rc);
        if (rc == kExitConnect || client.interrupted()) break;
    }
    return worst;
}

}  // namespace ldpsync::ctl
