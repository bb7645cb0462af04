#include "connection.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ldpsync::ctl {

namespace {

using Clock = std::chrono::steady_clock;

// Milliseconds left before deadline for poll(): -1 is "no deadline".
int poll_ms(const std::optional<Clock::time_point>& deadline) {
    if (!deadline) return -1;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

std::optional<Clock::time_point> deadline_of(Timeout timeout) {
    if (!timeout) return std::nullopt;
    return Clock::now() + *timeout;
}

}  // namespace

int Connection::open(const std::string& path) {
    close();
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof(addr.sun_path)) return ENAMETOOLONG;
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return errno;
    // A unix-socket connect completes or fails at once, so it is done blocking; the socket
    // is non-blocking afterwards so every wait goes through poll() with a deadline.
    if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
        const int err = errno;
        ::close(fd);
        return err;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fd_ = fd;
    decoder_.reset();
    received_since_send_ = 0;
    error_.clear();
    return 0;
}

void Connection::close() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    decoder_.reset();
}

bool Connection::reusable() const {
    if (fd_ < 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 0) < 0) return false;
    // Between requests the daemon has nothing to say: anything readable is EOF, a reset or
    // a stray frame, and none of them leaves the connection usable.
    return p.revents == 0;
}

Connection::Result Connection::send(std::string_view bytes, Timeout timeout, int& err) {
    err = 0;
    received_since_send_ = 0;
    const auto deadline = deadline_of(timeout);
    while (!bytes.empty()) {
        // MSG_NOSIGNAL: a vanished daemon is an EPIPE to handle, not a SIGPIPE that kills us.
        const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n > 0) {
            bytes.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd p{fd_, POLLOUT, 0};
            const int r = poll(&p, 1, poll_ms(deadline));
            if (r == 0) return Result::timeout;
            if (r < 0 && errno != EINTR) {
                err = errno;
                return Result::io_error;
            }
            continue;
        }
        err = n < 0 ? errno : EPIPE;
        error_ = std::strerror(err);
        return Result::io_error;
    }
    return Result::ok;
}

Connection::Result Connection::read_frame(Frame& out, Timeout timeout, int interrupt_fd) {
    const auto deadline = deadline_of(timeout);
    for (;;) {
        if (auto f = decoder_.next()) {
            out = std::move(*f);
            return Result::ok;
        }
        if (decoder_.failed()) {
            error_ = decoder_.error();
            return Result::protocol_error;
        }
        pollfd p[2] = {{fd_, POLLIN, 0}, {interrupt_fd, POLLIN, 0}};
        const int r = poll(p, interrupt_fd >= 0 ? 2 : 1, poll_ms(deadline));
        if (r < 0) {
            if (errno == EINTR) continue;  // the self-pipe reports the signal itself
            error_ = std::strerror(errno);
            return Result::io_error;
        }
        if (interrupt_fd >= 0 && (p[1].revents & POLLIN)) return Result::interrupted;
        if (r == 0) return Result::timeout;
        char buf[65536];
        const ssize_t n = recv(fd_, buf, sizeof(buf), 0);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
            if (errno == ECONNRESET) {
                error_.clear();
                return Result::closed;
            }
            error_ = std::strerror(errno);
            return Result::io_error;
        }
        if (n == 0) {
            if (decoder_.partial_bytes() > 0) {
                error_ = "connection closed in the middle of a frame";
                return Result::protocol_error;
            }
            return Result::closed;
        }
        received_since_send_ += static_cast<std::size_t>(n);
        decoder_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
    }
}

}  // namespace ldpsync::ctl
