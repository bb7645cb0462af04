#pragma once
// An FRRouting router in a network namespace, as an independent peer for interop tests.
// Follows ../shared/lab/frr-lab.sh: zebra first, then the IGP, then ldpd; each daemon runs
// daemonized as user frr with the namespace's name as its pathspace (-N), our own config,
// pid and log files; vtysh talks to it with -N. Daemons are stopped only by the pids they
// wrote, after checking that the pid still runs that binary inside our namespace.

#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "netns.hpp"

namespace ldpsync::test {

// A direct connection to one daemon's vty socket, speaking vtysh's protocol: the command,
// NUL-terminated; the output, then three NUL bytes and the command's return code. About a
// millisecond per show command where spawning vtysh costs tens: for tight polling.
class VtyConnection {
public:
    explicit VtyConnection(const std::filesystem::path& socket_path) {
        fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const auto path = socket_path.string();
        if (fd_ < 0 || path.size() >= sizeof addr.sun_path) return;
        path.copy(addr.sun_path, path.size());
        // A stalled daemon fails the read after 10 s instead of hanging the test to its timeout.
        timeval timeout{10, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        connected_ = connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~VtyConnection() {
        if (fd_ >= 0) close(fd_);
    }
    VtyConnection(const VtyConnection&) = delete;
    VtyConnection& operator=(const VtyConnection&) = delete;
    bool connected() const { return connected_; }

    // The command's output; nothing when the connection failed.
    std::optional<std::string> command(const std::string& line) {
        if (!connected_) return std::nullopt;
        const std::string out = line + std::string(1, '\0');
        if (write(fd_, out.data(), out.size()) != static_cast<ssize_t>(out.size())) return fail();
        std::string reply;
        char buf[65536];
        while (reply.size() < 4 || reply.compare(reply.size() - 4, 3, std::string(3, '\0')) != 0) {
            const ssize_t n = read(fd_, buf, sizeof buf);
            if (n <= 0) return fail();
            reply.append(buf, static_cast<std::size_t>(n));
        }
        reply.resize(reply.size() - 4);
        return reply;
    }

private:
    std::optional<std::string> fail() {
        connected_ = false;
        return std::nullopt;
    }
    int fd_ = -1;
    bool connected_ = false;
};

class FrrRouter {
public:
    static constexpr const char* kBinDir = "/usr/lib/frr";
    static constexpr const char* kRunBase = "/var/run/frr";

    // Why FRR cannot run here, or nothing when it can (tests skip with this reason).
    static std::optional<std::string> unavailable() {
        if (!running_as_root()) return "needs root (network namespaces, FRR daemons)";
        for (const char* d : {"zebra", "ospfd", "ldpd", "staticd"}) {
            if (access((std::string(kBinDir) + "/" + d).c_str(), X_OK) != 0) {
                return std::string("FRR not installed: no ") + kBinDir + "/" + d;
            }
        }
        if (!shell("command -v vtysh").ok()) return "FRR not installed: no vtysh";
        if (getpwnam("frr") == nullptr) return "FRR not installed: no user frr";
        return std::nullopt;
    }

    // `dir` holds this router's configs, pids and logs (created; removed by the destructor).
    FrrRouter(const NetNs& ns, std::filesystem::path dir) : ns_(ns), dir_(std::move(dir)) {
        std::filesystem::create_directories(dir_ / "etc" / ns_.name());
        std::ofstream(dir_ / "etc" / ns_.name() / "vtysh.conf");
        std::filesystem::create_directories(kRunBase);
        gr_json_preexisted_ = std::filesystem::exists(std::string(kRunBase) + "/ospfd-gr.json");
        chown_to_frr(dir_);
    }
    ~FrrRouter() {
        for (auto it = started_.rbegin(); it != started_.rend(); ++it) stop(*it);
        std::error_code ec;
        std::filesystem::remove_all(std::filesystem::path(kRunBase) / ns_.name(), ec);
        if (!gr_json_preexisted_) std::filesystem::remove(std::string(kRunBase) + "/ospfd-gr.json", ec);
        std::filesystem::remove_all(dir_, ec);
    }
    FrrRouter(const FrrRouter&) = delete;
    FrrRouter& operator=(const FrrRouter&) = delete;

    const NetNs& ns() const { return ns_; }
    const std::filesystem::path& dir() const { return dir_; }

    // Writes <daemon>.conf (readable by user frr). Call before start().
    void write_config(const std::string& daemon, const std::string& text) {
        const auto path = dir_ / (daemon + ".conf");
        std::ofstream(path) << text;
        chown_to_frr(path);
    }

    // Starts one daemon and waits for its pid file (and, for zebra, its zserv socket). An
    // empty string on success, else why it failed with the daemon's output.
    std::string start(const std::string& daemon) {
        const auto pidfile = dir_ / (daemon + ".pid");
        std::filesystem::remove(pidfile);
        if (!std::filesystem::exists(dir_ / (daemon + ".conf"))) write_config(daemon, "");
        // meson runs tests with MALLOC_PERTURB_ set; FRR 8.4's ldpd does not survive it
        // (sessions stall, vtysh waits for ever), and FRR is the reference here, not the subject.
        const std::string cmd = "env -u MALLOC_PERTURB_ " + std::string(kBinDir) + "/" + daemon + " -d -N " + ns_.name() + " -P 0 -f " +
                                (dir_ / (daemon + ".conf")).string() + " -i " + pidfile.string() + " --log file:" +
                                (dir_ / (daemon + ".log")).string();
        const auto r = ns_.exec(cmd);
        if (!r.ok()) return daemon + " failed to start: " + r.output + log(daemon);
        // Recorded before its pid file exists: one written late (a busy machine) is still
        // found and stopped by the destructor.
        started_.push_back(daemon);
        if (!eventually([&] { return read_pid(pidfile).has_value(); }, std::chrono::seconds(5))) {
            return daemon + " wrote no pid file: " + r.output + log(daemon);
        }
        if (daemon == "zebra") {
            const auto zserv = std::filesystem::path(kRunBase) / ns_.name() / "zserv.api";
            if (!eventually([&] { return std::filesystem::exists(zserv); }, std::chrono::seconds(5))) {
                return "zebra opened no " + zserv.string() + log(daemon);
            }
        }
        if (daemon == "ldpd") record_ldpd_children();
        return {};
    }

    // SIGTERM by the recorded pid (SIGKILL after 5 s); ldpd's lde/ldpe children too.
    void stop(const std::string& daemon) {
        const auto binary = std::string(kBinDir) + "/" + daemon;
        if (auto pid = read_pid(dir_ / (daemon + ".pid"))) terminate(*pid, binary);
        std::filesystem::remove(dir_ / (daemon + ".pid"));
        if (daemon == "ldpd") {
            for (pid_t child : ldpd_children_) terminate(child, binary);
            ldpd_children_.clear();
        }
        std::erase(started_, daemon);
    }

    // Kills a daemon without letting it say goodbye (a crash, as its peers see it).
    void kill_hard(const std::string& daemon) {
        const auto binary = std::string(kBinDir) + "/" + daemon;
        if (auto pid = read_pid(dir_ / (daemon + ".pid")); pid && runs_here(*pid, binary)) kill(*pid, SIGKILL);
        if (daemon == "ldpd") {
            for (pid_t child : ldpd_children_) {
                if (runs_here(child, binary)) kill(child, SIGKILL);
            }
        }
        stop(daemon);
    }

    bool running(const std::string& daemon) const {
        const auto pid = read_pid(dir_ / (daemon + ".pid"));
        return pid && runs_here(*pid, std::string(kBinDir) + "/" + daemon);
    }

    // One vtysh command (show or a config sequence with several -c); output with stderr.
    std::string vtysh(const std::vector<std::string>& commands, const std::string& daemon = {}) const {
        std::string cmd = "env -u MALLOC_PERTURB_ vtysh -N " + ns_.name() + " --config_dir " + (dir_ / "etc").string();
        if (!daemon.empty()) cmd += " -d " + daemon;
        for (const auto& c : commands) cmd += " -c " + shell_quote(c);
        return shell("timeout 20 " + cmd).output;
    }
    std::string vtysh(const std::string& command, const std::string& daemon = {}) const {
        return vtysh(std::vector<std::string>{command}, daemon);
    }
    // A show command's `json` output, parsed; null when it is not JSON.
    nlohmann::json vtysh_json(const std::string& command, const std::string& daemon = {}) const {
        const auto out = vtysh(command, daemon);
        auto j = nlohmann::json::parse(out, nullptr, false);
        return j.is_discarded() ? nlohmann::json() : j;
    }
    // A persistent connection to a daemon's vty (see VtyConnection).
    std::unique_ptr<VtyConnection> vty(const std::string& daemon) const {
        return std::make_unique<VtyConnection>(std::filesystem::path(kRunBase) / ns_.name() / (daemon + ".vty"));
    }
    // Runs configuration commands: `configure terminal`, then each line.
    std::string configure(const std::vector<std::string>& lines, const std::string& daemon = {}) const {
        std::vector<std::string> cmds{"configure terminal"};
        cmds.insert(cmds.end(), lines.begin(), lines.end());
        return vtysh(cmds, daemon);
    }

    std::string log(const std::string& daemon) const {
        std::ifstream in(dir_ / (daemon + ".log"));
        std::stringstream s;
        s << in.rdbuf();
        return "\n--- " + daemon + ".log ---\n" + s.str();
    }

private:
    static void chown_to_frr(const std::filesystem::path& p) {
        if (const passwd* pw = getpwnam("frr")) {
            if (chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0) return;
        }
    }

    static std::optional<pid_t> read_pid(const std::filesystem::path& file) {
        std::ifstream in(file);
        long pid = 0;
        if (!(in >> pid) || pid <= 0) return std::nullopt;
        return static_cast<pid_t>(pid);
    }

    // The pid lives, runs `binary`, and is inside our namespace.
    bool runs_here(pid_t pid, const std::string& binary) const {
        std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
        std::string cmdline;
        std::getline(in, cmdline, '\0');
        if (cmdline != binary) return false;
        for (pid_t p : ns_.pids()) {
            if (p == pid) return true;
        }
        return false;
    }

    void terminate(pid_t pid, const std::string& binary) const {
        if (!runs_here(pid, binary)) return;
        kill(pid, SIGTERM);
        if (!eventually([&] { return !runs_here(pid, binary); }, std::chrono::seconds(5), std::chrono::milliseconds(20))) {
            kill(pid, SIGKILL);
            eventually([&] { return !runs_here(pid, binary); }, std::chrono::seconds(2), std::chrono::milliseconds(20));
        }
    }

    // ldpd forks "ldpd -L" and "ldpd -E" helpers that are orphaned when it daemonizes.
    void record_ldpd_children() {
        const std::string binary = std::string(kBinDir) + "/ldpd";
        eventually(
            [&] {
                ldpd_children_.clear();
                for (pid_t p : ns_.pids()) {
                    std::ifstream in("/proc/" + std::to_string(p) + "/cmdline");
                    std::string arg0, arg1;
                    std::getline(in, arg0, '\0');
                    std::getline(in, arg1, '\0');
                    if (arg0 == binary && (arg1 == "-L" || arg1 == "-E")) ldpd_children_.push_back(p);
                }
                return ldpd_children_.size() >= 2;
            },
            std::chrono::seconds(3));
    }

    const NetNs& ns_;
    std::filesystem::path dir_;
    std::vector<std::string> started_;
    std::vector<pid_t> ldpd_children_;
    bool gr_json_preexisted_ = false;
};

}  // namespace ldpsync::test
