#pragma once
// One connection to the daemon's control socket: blocking-with-deadline writes and framed
// reads. No protocol policy here (retries, printing) - that is the client's job.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "protocol.hpp"

namespace ldpsync::ctl {

using Timeout = std::optional<std::chrono::milliseconds>;  // nullopt: wait forever

class Connection {
public:
    Connection() = default;
    ~Connection() { close(); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // 0 on success, else the errno of socket()/connect().
    int open(const std::string& path);
    void close();
    bool is_open() const { return fd_ >= 0; }
    int fd() const { return fd_; }

    // False when the connection cannot carry a new request: the daemon closed it (it was
    // restarted) or left unread data on it. Never blocks.
    bool reusable() const;

    enum class Result { ok, closed, timeout, interrupted, protocol_error, io_error };

    // Writes all of bytes. err receives errno for io_error (EPIPE when the daemon is gone).
    Result send(std::string_view bytes, Timeout timeout, int& err);

    // Reads until a frame is complete. interrupt_fd, when readable, aborts the wait.
    // On protocol_error/io_error, error() says why.
    Result read_frame(Frame& out, Timeout timeout, int interrupt_fd = -1);

    // Bytes received since the last send(): tells "daemon died before answering" (safe to
    // retry) from "died while answering".
    std::size_t received_since_send() const { return received_since_send_; }

    const std::string& error() const { return error_; }

private:
    int fd_ = -1;
    FrameDecoder decoder_;
    std::size_t received_since_send_ = 0;
    std::string error_;
};

}  // namespace ldpsync::ctl
