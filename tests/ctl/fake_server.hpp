#pragma once
// A stand-in for ldpsyncd's control socket: speaks the wire protocol with canned answers and
// records every request, so the real ldpsyncctl binary can be tested end to end without the
// daemon. One thread accepts, one thread per connection answers.

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ldpsync::ctl::test {

class FakeServer {
public:
    // The patterns "help" answers with, in the daemon's notation.
    static constexpr const char* kHelp =
        "show mpls ldp igp sync [json]\n"
        "show mpls ldp igp sync interface <word> [json]\n"
        "show running-config\n"
        "debug mpls ldp igp sync\n"
        "config: interface <word>\n"
        "config: mpls ldp igp sync holddown <1-2147483647>\n"
        "config: router ospf <1-65535>\n"
        "config-if: mpls ldp igp sync\n"
        "config-router: mpls ldp sync\n";

    explicit FakeServer(std::string path) : path_(std::move(path)) {
        listen_fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path_.c_str(), sizeof(addr.sun_path) - 1);
        unlink(path_.c_str());
        if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(listen_fd_, 16) != 0) {
            ::close(listen_fd_);
            listen_fd_ = -1;
            return;
        }
        acceptor_ = std::thread([this] { accept_loop(); });
    }

    ~FakeServer() {
        stop_ = true;
        if (acceptor_.joinable()) acceptor_.join();
        drop_clients();
        for (auto& t : workers_) t.join();
        if (listen_fd_ >= 0) ::close(listen_fd_);
        unlink(path_.c_str());
    }

    FakeServer(const FakeServer&) = delete;
    FakeServer& operator=(const FakeServer&) = delete;

    bool listening() const { return listen_fd_ >= 0; }
    const std::string& path() const { return path_; }

    std::vector<std::string> requests() const {
        std::lock_guard lock(mu_);
        return requests_;
    }
    int connections() const { return connections_; }
    int open_connections() const { return open_connections_; }

    // Requests other than the "help" the interactive client sends at start.
    std::vector<std::string> requests_except_help() const {
        std::vector<std::string> out;
        for (auto& r : requests()) {
            if (r != "help") out.push_back(r);
        }
        return out;
    }

    bool wait_requests(std::size_t n, std::chrono::milliseconds timeout) const {
        std::unique_lock lock(mu_);
        return cv_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
    }

    bool wait_no_open_connections(std::chrono::milliseconds timeout) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (open_connections_ > 0) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return true;
    }

    // What a daemon restart does to its clients: every connection is closed.
    void drop_clients() {
        std::lock_guard lock(mu_);
        for (int fd : client_fds_) shutdown(fd, SHUT_RDWR);
    }

private:
    void accept_loop() {
        while (!stop_) {
            pollfd p{listen_fd_, POLLIN, 0};
            if (poll(&p, 1, 20) <= 0) continue;
            const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            ++connections_;
            ++open_connections_;
            {
                std::lock_guard lock(mu_);
                client_fds_.push_back(fd);
            }
            workers_.emplace_back([this, fd] {
                serve(fd);
                {
                    std::lock_guard lock(mu_);
                    std::erase(client_fds_, fd);
                }
                ::close(fd);
                --open_connections_;
            });
        }
    }

    bool send_all(int fd, const std::string& bytes) {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (n <= 0) return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }

    bool send_frame(int fd, const std::string& status, const std::string& body) {
        return send_all(fd, status + "\n" + body + std::string(1, '\0'));
    }

    // True while the client keeps the connection open; waits up to ms.
    bool client_alive(int fd, int ms) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, ms) <= 0) return !stop_;
        char c;
        return recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) > 0 && !stop_;
    }

    void serve(int fd) {
        std::string buffer;
        char chunk[4096];
        while (!stop_) {
            pollfd p{fd, POLLIN, 0};
            if (poll(&p, 1, 20) <= 0) continue;
            const ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
            if (n <= 0) return;
            buffer.append(chunk, static_cast<std::size_t>(n));
            std::size_t nul;
            while ((nul = buffer.find('\0')) != std::string::npos) {
                std::string request = buffer.substr(0, nul);
                buffer.erase(0, nul + 1);
                {
                    std::lock_guard lock(mu_);
                    requests_.push_back(request);
                }
                cv_.notify_all();
                if (!answer(fd, request)) return;
            }
        }
    }

    // Canned answers; false ends the connection.
    bool answer(int fd, const std::string& request) {
        if (request == "help") return send_frame(fd, "ok", kHelp);
        if (request.starts_with("show error")) {
            return send_frame(fd, "error", "% Invalid input detected at 'error'");
        }
        if (request == "show split") {
            // One byte per write: the client must reassemble frames from partial reads.
            const std::string frame = std::string("ok\nsplit body line 1\nline 2") + '\0';
            for (char c : frame) {
                if (!send_all(fd, std::string(1, c))) return false;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            return true;
        }
        if (request == "garbage") return send_all(fd, std::string("bogus\nwhat") + '\0');
        if (request == "slow") {
            while (client_alive(fd, 50)) {
            }
            return false;
        }
        if (request.starts_with("configure\n")) {
            if (request.find("bad") != std::string::npos) {
                return send_frame(fd, "error", "% line 2: unknown command 'bad'");
            }
            return send_frame(fd, "ok", "");
        }
        if (request == "debug short") {
            // A stream the server ends: two events, then close.
            return send_frame(fd, "ok", "") && send_frame(fd, "event", "short event 1") &&
                   send_frame(fd, "event", "short event 2") && false;
        }
        if (request.starts_with("debug")) {
            if (!send_frame(fd, "ok", "")) return false;
            for (int i = 1; client_alive(fd, 20); ++i) {
                if (!send_frame(fd, "event", "sync: event " + std::to_string(i))) return false;
            }
            return false;
        }
        if (request == "show x") return send_frame(fd, "ok", "x is fine");
        return send_frame(fd, "ok", "echo: " + request);
    }

    std::string path_;
    int listen_fd_ = -1;
    std::atomic<bool> stop_{false};
    std::atomic<int> connections_{0};
    std::atomic<int> open_connections_{0};
    std::thread acceptor_;
    std::vector<std::thread> workers_;  // touched by the acceptor thread, joined after it
    mutable std::mutex mu_;
    mutable std::condition_variable cv_;
    std::vector<std::string> requests_;
    std::vector<int> client_fds_;
};

}  // namespace ldpsync::ctl::test
