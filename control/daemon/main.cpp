// ldpsyncd: the control process. Reads an IOS-style configuration, runs the LDP-IGP sync
// state machines, publishes link state and forwarding entries to the data plane through
// shared memory, and serves the control socket.
//
//   ldpsyncd -f CONFIG -s SOCKET [-n INSTANCE] [--log console|syslog|file:PATH] [--debug] [--check]

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "control_server.hpp"
#include "daemon.hpp"
#include "log/emit.hpp"
#include "log_events.hpp"

namespace {

struct Options {
    std::string config_path;
    std::string socket_path;
    std::string instance = "default";
    std::string log = "console";
    bool debug = false;
    bool check_only = false;
    bool follow_kernel = true;
    bool run_ldp = true;
};

void usage(FILE* out) {
    std::fprintf(out,
                 "usage: ldpsyncd -f|--config FILE [-s|--socket PATH] [-n|--instance NAME]\n"
                 "                [--log console|syslog|file:PATH] [--debug] [--check] [--no-kernel] [--no-ldp]\n"
                 "  --check      parse the configuration, print errors, exit (0 when valid)\n"
                 "  --no-kernel  do not touch or follow kernel interfaces (control-only tests)\n"
                 "  --no-ldp     do not run the LDP speaker (the test ldp hooks still work)\n");
}

std::optional<Options> parse_args(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "ldpsyncd: %s needs a value\n", a.c_str());
                return std::nullopt;
            }
            return std::string(argv[++i]);
        };
        std::optional<std::string> v;
        if (a == "-f" || a == "--config") {
            if (!(v = value())) return std::nullopt;
            o.config_path = *v;
        } else if (a == "-s" || a == "--socket") {
            if (!(v = value())) return std::nullopt;
            o.socket_path = *v;
        } else if (a == "-n" || a == "--instance") {
            if (!(v = value())) return std::nullopt;
            o.instance = *v;
        } else if (a == "--log") {
            if (!(v = value())) return std::nullopt;
            o.log = *v;
        } else if (a == "--debug") {
            o.debug = true;
        } else if (a == "--no-kernel") {
            o.follow_kernel = false;
        } else if (a == "--no-ldp") {
            o.run_ldp = false;
        } else if (a == "--check") {
            o.check_only = true;
        } else if (a == "-h" || a == "--help") {
            usage(stdout);
            std::exit(0);
        } else {
            std::fprintf(stderr, "ldpsyncd: unknown option '%s'\n", a.c_str());
            usage(stderr);
            return std::nullopt;
        }
    }
    if (o.config_path.empty()) {
        std::fprintf(stderr, "ldpsyncd: a configuration file is required (-f FILE)\n");
        usage(stderr);
        return std::nullopt;
    }
    if (o.socket_path.empty()) o.socket_path = "/run/ldpsync/" + o.instance + ".sock";
    return o;
}

bool setup_logging(const Options& o) {
    try {
        std::shared_ptr<spdlog::logger> logger;
        if (o.log == "console") {
            logger = spdlog::stderr_color_mt("ldpsyncd");
        } else if (o.log == "syslog") {
            logger = spdlog::syslog_logger_mt("ldpsyncd", "ldpsyncd", LOG_PID, LOG_DAEMON);
        } else if (o.log.starts_with("file:")) {
            logger = spdlog::basic_logger_mt("ldpsyncd", o.log.substr(5));
        } else {
            std::fprintf(stderr, "ldpsyncd: --log takes console, syslog or file:PATH, not '%s'\n", o.log.c_str());
            return false;
        }
        logger->set_level(o.debug ? spdlog::level::debug : spdlog::level::info);
        logger->flush_on(spdlog::level::info);
        spdlog::set_default_logger(logger);
    } catch (const spdlog::spdlog_ex& e) {
        std::fprintf(stderr, "ldpsyncd: logging: %s\n", e.what());
        return false;
    }
    return true;
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
    using namespace ldpsync::daemon;
    const auto options = parse_args(argc, argv);
    if (!options) return 64;
    const auto text = read_file(options->config_path);
    if (!text) {
        std::fprintf(stderr, "ldpsyncd: cannot read configuration %s\n", options->config_path.c_str());
        return 66;
    }
    if (options->check_only) {
        const auto r = ldpsync::config::parse_config(*text);
        for (const auto& w : r.warnings) std::fprintf(stderr, "%s: warning: %s\n", options->config_path.c_str(), w.format().c_str());
        for (const auto& e : r.errors) std::fprintf(stderr, "%s: %s\n", options->config_path.c_str(), e.format().c_str());
        return r.ok() ? 0 : 65;
    }
    if (!setup_logging(*options)) return 64;

    boost::asio::io_context io;
    // LDP needs the kernel's interfaces (ifindexes for the Hello socket).
    Daemon daemon(io, DaemonOptions{.instance = options->instance,
                                    .publish_to_shm = true,
                                    .follow_kernel = options->follow_kernel,
                                    .speak_ospf = true,
                                    .speak_isis = true,
                                    .run_ldp = options->follow_kernel && options->run_ldp});
    const auto loaded = daemon.load(*text);
    for (const auto& w : loaded.warnings)
        ldpsync::log::emit(ldpsync::log::Level::warn, log_event::kConfigWarning, w.line, w.message);
    if (!loaded.ok()) {
        for (const auto& e : loaded.errors) {
            ldpsync::log::emit(ldpsync::log::Level::error, log_event::kConfigRejected,
                               options->config_path + ": " + e.format());
        }
        return 65;
    }
    if (auto err = daemon.start()) {
        ldpsync::log::emit(ldpsync::log::Level::error, log_event::kShmError, *err);
        return 69;
    }
    const auto dir = options->socket_path.substr(0, options->socket_path.find_last_of('/'));
    if (!dir.empty() && dir != options->socket_path) ::mkdir(dir.c_str(), 0750);
    ControlServer server(io, daemon, options->socket_path);
    if (auto err = server.start()) {
        ldpsync::log::emit(ldpsync::log::Level::error, log_event::kSocketError, options->socket_path, *err);
        return 69;
    }
    ldpsync::log::emit(ldpsync::log::Level::info, log_event::kStarted, options->instance, options->config_path,
                       options->socket_path);

    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int sig) {
        ldpsync::log::emit(ldpsync::log::Level::info, log_event::kStopping, "signal " + std::to_string(sig));
        io.stop();
    });
    // SIGHUP re-reads the configuration file: applied whole, or refused whole with the
    // running configuration kept.
    boost::asio::signal_set reload(io, SIGHUP);
    std::function<void()> wait_reload = [&] {
        reload.async_wait([&](const boost::system::error_code& ec, int) {
            if (ec) return;
            const auto again = read_file(options->config_path);
            if (!again) {
                ldpsync::log::emit(ldpsync::log::Level::error, log_event::kConfigRejected,
                                   "cannot read " + options->config_path);
            } else {
                const auto r = daemon.load(*again);
                for (const auto& e : r.errors) {
                    ldpsync::log::emit(ldpsync::log::Level::error, log_event::kConfigRejected,
                                       options->config_path + ": " + e.format());
                }
            }
            wait_reload();
        });
    };
    wait_reload();
    io.run();
    return 0;
}
