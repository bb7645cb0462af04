#pragma once
// The ldpsyncctl binary as a child process, with stdin/stdout/stderr on pipes or all three
// on a pseudo-terminal (for the interactive mode). Signalled, killed and reaped by its own
// pid only; the destructor kills a child the test forgot.
//
// tests/common/process.hpp's ChildProcess captures stdout only; these tests also need to
// feed stdin, read stderr and drive a terminal.

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace ldpsync::ctl::test {

class Child {
public:
    struct Spec {
        std::vector<std::string> argv;
        std::vector<std::string> env;  // the whole environment of the child
        bool pty = false;
    };

    explicit Child(const Spec& spec) {
        // Everything the child needs is built before fork(): between fork and exec only
        // async-signal-safe calls are allowed (the test process has server threads).
        std::vector<std::string> argv = spec.argv;
        std::vector<std::string> env = spec.env;
        std::vector<char*> args;
        for (auto& a : argv) args.push_back(a.data());
        args.push_back(nullptr);
        std::vector<char*> envp;
        for (auto& e : env) envp.push_back(e.data());
        envp.push_back(nullptr);

        if (spec.pty) {
            winsize ws{};
            ws.ws_row = 24;
            ws.ws_col = 200;  // wide: readline must not wrap or scroll the echoed line
            int master = -1;
            pid_ = forkpty(&master, nullptr, nullptr, &ws);
            if (pid_ == 0) {
                execve(args[0], args.data(), envp.data());
                _exit(127);
            }
            in_fd_ = master;
            out_fd_ = fcntl(master, F_DUPFD_CLOEXEC, 0);
            fcntl(master, F_SETFD, FD_CLOEXEC);
            return;
        }

        int in[2], out[2], err[2];
        if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) return;
        pid_ = fork();
        if (pid_ == 0) {
            dup2(in[0], STDIN_FILENO);
            dup2(out[1], STDOUT_FILENO);
            dup2(err[1], STDERR_FILENO);
            execve(args[0], args.data(), envp.data());
            _exit(127);
        }
        close(in[0]);
        close(out[1]);
        close(err[1]);
        in_fd_ = in[1];
        out_fd_ = out[0];
        err_fd_ = err[0];
    }

    ~Child() {
        if (running()) {
            kill(pid_, SIGKILL);
            wait_exit(std::chrono::seconds(10));
        }
        close_stdin();
        for (int fd : {out_fd_, err_fd_}) {
            if (fd >= 0) close(fd);
        }
    }

    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    bool started() const { return pid_ > 0; }
    bool running() const { return pid_ > 0 && !status_; }
    pid_t pid() const { return pid_; }

    void write(const std::string& bytes) {
        std::size_t done = 0;
        while (done < bytes.size() && in_fd_ >= 0) {
            const ssize_t n = ::write(in_fd_, bytes.data() + done, bytes.size() - done);
            if (n <= 0) return;
            done += static_cast<std::size_t>(n);
        }
    }

    void close_stdin() {
        if (in_fd_ >= 0 && in_fd_ != out_fd_) close(in_fd_);
        in_fd_ = -1;
    }

    void signal(int sig) const {
        if (running()) kill(pid_, sig);
    }

    // Reaps the child; nullopt on timeout. Drains output meanwhile so the child never blocks.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!status_) {
            pump(10);
            int status = 0;
            const pid_t r = waitpid(pid_, &status, WNOHANG);
            if (r == pid_) {
                status_ = status;
                break;
            }
            if (r < 0 || std::chrono::steady_clock::now() > deadline) return std::nullopt;
        }
        while (pump(0)) {
        }
        return status_;
    }

    // Exit code, or -1 on a signal or timeout.
    int exit_code(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        const auto s = wait_exit(timeout);
        if (!s || !WIFEXITED(*s)) return -1;
        return WEXITSTATUS(*s);
    }

    // Waits until the output (stdout, or the terminal) holds needle at least count times.
    bool wait_output(const std::string& needle, std::chrono::milliseconds timeout, int count = 1) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (occurrences(out_, needle) < count) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            if (!pump(20) && occurrences(out_, needle) < count) {
                // Output closed: nothing more will come.
                return false;
            }
        }
        return true;
    }

    const std::string& out() const { return out_; }
    const std::string& err() const { return err_; }

    static int occurrences(const std::string& hay, const std::string& needle) {
        int n = 0;
        for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + needle.size())) ++n;
        return n;
    }

private:
    // Reads what is available; false when every output has reached its end.
    bool pump(int timeout_ms) {
        pollfd p[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
        if (out_fd_ < 0 && err_fd_ < 0) return false;
        if (poll(p, 2, timeout_ms) <= 0) return true;
        bool open = false;
        char buf[4096];
        for (int i = 0; i < 2; ++i) {
            int& fd = i == 0 ? out_fd_ : err_fd_;
            std::string& sink = i == 0 ? out_ : err_;
            if (fd < 0) continue;
            if (p[i].revents & (POLLIN | POLLHUP | POLLERR)) {
                const ssize_t n = read(fd, buf, sizeof(buf));
                if (n > 0) {
                    sink.append(buf, static_cast<std::size_t>(n));
                } else {
                    // EOF on a pipe, EIO on a pty whose slave side is gone.
                    close(fd);
                    if (in_fd_ == fd) in_fd_ = -1;
                    fd = -1;
                    continue;
                }
            }
            open = true;
        }
        return open;
    }

    pid_t pid_ = -1;
    int in_fd_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    std::optional<int> status_;
    std::string out_;
    std::string err_;
};

}  // namespace ldpsync::ctl::test
