#pragma once
// A child process for multi-process tests: spawned with its stdout captured, signalled and
// reaped by its own pid only (never by name), and killed if the test forgets it.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace ldpsync::test {

class ChildProcess {
public:
    explicit ChildProcess(std::vector<std::string> argv) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) {
            return;
        }
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        std::vector<char*> args;
        for (auto& a : argv) {
            args.push_back(a.data());
        }
        args.push_back(nullptr);
        if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0) {
            pid_ = -1;
        }
        posix_spawn_file_actions_destroy(&actions);
        close(fds[1]);
        out_fd_ = fds[0];
    }
    ~ChildProcess() {
        if (running()) {
            kill(pid_, SIGKILL);
            wait_exit(std::chrono::seconds(10));
        }
        if (out_fd_ >= 0) {
            close(out_fd_);
        }
    }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool started() const { return pid_ > 0; }
    bool running() const { return pid_ > 0 && !status_; }

    void signal(int sig) const {
        if (running()) {
            kill(pid_, sig);
        }
    }

    // Reaps the child; nullopt on timeout. Drains stdout meanwhile so it never blocks.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!status_) {
            drain(10);
            int status = 0;
            const pid_t r = waitpid(pid_, &status, WNOHANG);
            if (r == pid_) {
                status_ = status;
                break;
            }
            if (r < 0 || std::chrono::steady_clock::now() > deadline) {
                return std::nullopt;
            }
        }
        drain(0);
        return status_;
    }

    // Waits until stdout contains needle; false on timeout or exit.
    bool wait_output(const std::string& needle, std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (output_.find(needle) == std::string::npos) {
            if (std::chrono::steady_clock::now() > deadline || !drain(20)) {
                return output_.find(needle) != std::string::npos;
            }
        }
        return true;
    }

    const std::string& output() const { return output_; }

    // Value of "key=value" in the last line of output that has it.
    std::string field(const std::string& key) const {
        const std::string needle = key + "=";
        const auto pos = output_.rfind(needle);
        if (pos == std::string::npos) {
            return {};
        }
        const auto start = pos + needle.size();
        const auto end = output_.find_first_of(" \n", start);
        return output_.substr(start, end == std::string::npos ? std::string::npos : end - start);
    }

    static bool exited_cleanly(int status) { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }

private:
    // Reads what is available; false at end of file.
    bool drain(int timeout_ms) {
        if (out_fd_ < 0) {
            return false;
        }
        pollfd p{out_fd_, POLLIN, 0};
        if (poll(&p, 1, timeout_ms) <= 0) {
            return true;
        }
        char buf[4096];
        const ssize_t n = read(out_fd_, buf, sizeof(buf));
        if (n <= 0) {
            return false;
        }
        output_.append(buf, static_cast<std::size_t>(n));
        return true;
    }

    pid_t pid_ = -1;
    int out_fd_ = -1;
    std::optional<int> status_;
    std::string output_;
};

}  // namespace ldpsync::test
