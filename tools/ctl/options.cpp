#include "options.hpp"

#include <cmath>
#include <string_view>

#include "protocol.hpp"

namespace ldpsync::ctl {

namespace {

// --timeout takes seconds (fractions allowed); 0 disables it.
std::optional<std::optional<std::chrono::milliseconds>> parse_timeout(const std::string& text) {
    std::size_t used = 0;
    double seconds = 0;
    try {
        seconds = std::stod(text, &used);
    } catch (...) {
        return std::nullopt;
    }
    if (used != text.size() || !std::isfinite(seconds) || seconds < 0 || seconds > 86400.0 * 365) {
        return std::nullopt;
    }
    if (seconds == 0) return std::optional<std::chrono::milliseconds>{};
    const auto ms = static_cast<long long>(std::ceil(seconds * 1000.0));
    return std::optional<std::chrono::milliseconds>{std::chrono::milliseconds(ms)};
}

ParsedOptions failure(std::string message) { return ParsedOptions{std::nullopt, std::move(message)}; }

}  // namespace

std::string Options::joined_words() const {
    std::string line;
    for (const auto& w : words) {
        if (!line.empty()) line.push_back(' ');
        line += w;
    }
    return line;
}

ParsedOptions parse_options(std::span<const std::string> args, const char* env_socket, bool stdin_is_tty) {
    Options o;
    o.socket = env_socket != nullptr && *env_socket != '\0' ? env_socket : kDefaultSocket;

    std::size_t i = 0;
    // Matches "-x", "-xVALUE", "--long", "--long=VALUE"; a missing value is the next argument.
    // Returns false when arg is not this option; sets missing when it is but has no value.
    auto option = [&](const std::string& arg, std::string_view short_name, std::string_view long_name,
                      std::optional<std::string>& out, bool& missing) -> bool {
        const std::string_view a = arg;
        std::optional<std::string> attached;
        if (a == short_name || a == long_name) {
        } else if (!short_name.empty() && a.starts_with(short_name) && !a.starts_with("--")) {
            attached = std::string(a.substr(short_name.size()));
        } else if (a.starts_with(std::string(long_name) + "=")) {
            attached = std::string(a.substr(long_name.size() + 1));
        } else {
            return false;
        }
        if (attached) {
            out = std::move(attached);
        } else if (i + 1 < args.size()) {
            out = args[++i];
        } else {
            missing = true;
        }
        return true;
    };

    for (; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            ++i;
            break;
        }
        // The first word that is not an option starts the command: everything after it is
        // the command's, even if it starts with '-'.
        if (arg.empty() || arg[0] != '-' || arg == "-") break;

        std::optional<std::string> v;
        bool missing = false;
        if (arg == "-h" || arg == "--help") {
            o.help = true;
        } else if (arg == "-i" || arg == "--interactive") {
            o.interactive = true;
        } else if (option(arg, "-s", "--socket", v, missing)) {
            if (missing || v->empty()) {
                return failure("option " + arg + " needs a socket path");
            }
            o.socket = *v;
        } else if (option(arg, "-c", "--command", v, missing)) {
            if (missing) {
                return failure("option " + arg + " needs a command line");
            }
            o.commands.push_back(*v);
        } else if (option(arg, "-f", "--file", v, missing)) {
            if (missing || v->empty()) {
                return failure("option " + arg + " needs a file name");
            }
            o.file = *v;
        } else if (option(arg, "", "--timeout", v, missing)) {
            if (missing) return failure("option --timeout needs a number of seconds");
            auto t = parse_timeout(*v);
            if (!t) return failure("invalid --timeout '" + *v + "' (seconds, 0 for none)");
            o.timeout = *t;
        } else {
            return failure("unknown option '" + arg + "'");
        }
    }
    for (; i < args.size(); ++i) o.words.push_back(args[i]);

    if (o.help) {
        o.mode = RunMode::help;
        return ParsedOptions{std::move(o), {}};
    }
    const int sources = (o.interactive ? 1 : 0) + (o.commands.empty() ? 0 : 1) + (o.file ? 1 : 0) +
                        (o.words.empty() ? 0 : 1);
    if (sources > 1) {
        return failure("use only one of -i, -c, -f and a command");
    }
    if (o.interactive) {
        o.mode = RunMode::interactive;
    } else if (o.file) {
        o.mode = RunMode::file;
    } else if (!o.commands.empty()) {
        o.mode = RunMode::commands;
    } else if (!o.words.empty()) {
        o.mode = is_configure_command(o.joined_words()) ? RunMode::configure : RunMode::one_shot;
    } else {
        o.mode = stdin_is_tty ? RunMode::interactive : RunMode::batch;
    }
    return ParsedOptions{std::move(o), {}};
}

std::string usage() {
    return "usage: ldpsyncctl [-s|--socket PATH] [--timeout SECONDS] [COMMAND...]\n"
           "       ldpsyncctl [-s PATH] -c LINE [-c LINE]...\n"
           "       ldpsyncctl [-s PATH] -f FILE          (one atomic configure request)\n"
           "       ldpsyncctl [-s PATH] configure < FILE\n"
           "       ldpsyncctl [-s PATH] [-i]             (interactive; TAB completes)\n"
           "\n"
           "The socket defaults to $LDPSYNC_SOCKET, else /run/ldpsync/default.sock.\n"
           "--timeout bounds each answer (default 30 s, 0 for none; debug streams never time out).\n"
           "Exit status: 0 ok, 1 the daemon answered an error, 2 cannot connect,\n"
           "3 protocol error or timeout, 64 bad usage.\n";
}

}  // namespace ldpsync::ctl
