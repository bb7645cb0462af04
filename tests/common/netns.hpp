#pragma once
// Network namespaces for multi-router tests: a namespace that deletes itself, veth pairs
// between namespaces, a bridge for a broadcast segment, and a shell helper. Processes that a
// test starts inside a namespace are its own to stop (by pid); deleting a namespace kills
// nothing.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ldpsync::test {

struct ShellResult {
    int status = -1;  // exit status, -1 when the shell did not run or was signalled
    std::string output;  // stdout and stderr together
    bool ok() const { return status == 0; }
};

inline ShellResult shell(const std::string& cmd) {
    ShellResult r;
    FILE* p = popen((cmd + " 2>&1").c_str(), "r");
    if (p == nullptr) return r;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, p) != nullptr) r.output += buf;
    const int st = pclose(p);
    r.status = (st != -1 && WIFEXITED(st)) ? WEXITSTATUS(st) : -1;
    return r;
}

// Single-quotes `s` for /bin/sh.
inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q += c;
    }
    return q + "'";
}

// Polls `cond` until it holds or `limit` passes; the last evaluation decides.
inline bool eventually(const std::function<bool()>& cond, std::chrono::milliseconds limit,
                       std::chrono::milliseconds step = std::chrono::milliseconds(50)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (cond()) return true;
        std::this_thread::sleep_for(step);
    }
    return cond();
}

inline bool running_as_root() { return geteuid() == 0; }

class NetNs {
public:
    // Creates namespace `name` (which must not exist) with its loopback up. Throws on failure,
    // with the command's output, so a test's SetUp reports why.
    explicit NetNs(std::string name) : name_(std::move(name)) {
        run_or_throw("ip netns add " + name_);
        created_ = true;
        run_or_throw("ip -n " + name_ + " link set lo up");
    }
    // Whatever still runs inside (a process its owner failed to stop) is killed by pid first:
    // once the name is gone, `ip netns pids` cannot find it any more.
    ~NetNs() {
        if (!created_) return;
        for (pid_t p : pids()) kill(p, SIGKILL);
        eventually([&] { return pids().empty(); }, std::chrono::seconds(2), std::chrono::milliseconds(20));
        shell("ip netns del " + name_);
    }
    NetNs(const NetNs&) = delete;
    NetNs& operator=(const NetNs&) = delete;

    const std::string& name() const { return name_; }

    // Runs a shell command inside the namespace.
    ShellResult exec(const std::string& cmd) const {
        return shell("ip netns exec " + name_ + " sh -c " + shell_quote(cmd));
    }
    void exec_or_throw(const std::string& cmd) const {
        const auto r = exec(cmd);
        if (!r.ok()) throw std::runtime_error("in " + name_ + ": " + cmd + ": " + r.output);
    }
    // argv prefix that runs a program inside the namespace (for ChildProcess).
    std::vector<std::string> argv(std::vector<std::string> program) const {
        std::vector<std::string> a{"/usr/bin/env", "ip", "netns", "exec", name_};
        a.insert(a.end(), program.begin(), program.end());
        return a;
    }

    void add_address(const std::string& interface, const std::string& cidr) const {
        run_or_throw("ip -n " + name_ + " addr add " + cidr + " dev " + interface);
    }
    void link_up(const std::string& interface) const { run_or_throw("ip -n " + name_ + " link set " + interface + " up"); }
    void link_down(const std::string& interface) const {
        run_or_throw("ip -n " + name_ + " link set " + interface + " down");
    }
    // A veth leaves the checksums of what the kernel sends on it to be finished by a NIC that
    // does not exist (CHECKSUM_PARTIAL). Frames that a DPDK port reads off the other end with
    // af_packet and hands on keep the unfinished checksum, and the receiver drops them. Off:
    // the kernel completes every checksum itself, as it must for a real wire.
    void disable_tx_checksum_offload(const std::string& interface) const {
        exec_or_throw("ethtool -K " + interface + " tx off >/dev/null");
    }
    void enable_forwarding() const { exec_or_throw("sysctl -qw net.ipv4.ip_forward=1"); }

    // A bridge (an Ethernet segment for broadcast tests) inside this namespace.
    void add_bridge(const std::string& bridge) const {
        run_or_throw("ip -n " + name_ + " link add " + bridge + " type bridge");
        link_up(bridge);
    }

    // Pids of processes living in this namespace (`ip netns pids`).
    std::vector<pid_t> pids() const {
        std::vector<pid_t> out;
        const auto r = shell("ip netns pids " + name_);
        std::size_t pos = 0;
        while (pos < r.output.size()) {
            const auto end = r.output.find('\n', pos);
            const auto line = r.output.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
            if (!line.empty()) out.push_back(static_cast<pid_t>(std::stol(line)));
            if (end == std::string::npos) break;
            pos = end + 1;
        }
        return out;
    }

private:
    static void run_or_throw(const std::string& cmd) {
        const auto r = shell(cmd);
        if (!r.ok()) throw std::runtime_error(cmd + ": " + r.output);
    }

    std::string name_;
    bool created_ = false;
};

// A veth pair with one end in each namespace, both ends up, optionally addressed.
inline void connect_veth(const NetNs& a, const std::string& a_if, const NetNs& b, const std::string& b_if) {
    const auto r = shell("ip link add " + a_if + " netns " + a.name() + " type veth peer name " + b_if + " netns " +
                         b.name());
    if (!r.ok()) throw std::runtime_error("veth " + a_if + "/" + b_if + ": " + r.output);
    a.link_up(a_if);
    b.link_up(b_if);
}

// A veth whose `member` end sits in `bridge_ns` enslaved to `bridge`, and whose `router_if`
// end is in `router`: one router's port on a broadcast segment.
inline void attach_to_bridge(const NetNs& bridge_ns, const std::string& bridge, const std::string& member,
                             const NetNs& router, const std::string& router_if) {
    connect_veth(bridge_ns, member, router, router_if);
    const auto r = shell("ip -n " + bridge_ns.name() + " link set " + member + " master " + bridge);
    if (!r.ok()) throw std::runtime_error("bridge " + bridge + " <- " + member + ": " + r.output);
}

// A namespace name unique to this test process (namespace names are global).
inline std::string unique_ns_name(const std::string& tag) {
    return "ldps-" + tag + std::to_string(getpid());
}

}  // namespace ldpsync::test
