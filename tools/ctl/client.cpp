#include "client.hpp"

#include <cerrno>
#include <cstring>

#include "interrupt.hpp"
#include "options.hpp"

namespace ldpsync::ctl {

void Client::fail(bool quiet, const std::string& message) {
    if (!quiet) std::fprintf(err_, "ldpsyncctl: %s\n", message.c_str());
}

std::string Client::timeout_text() const {
    if (!timeout_) return "ever";
    const auto ms = timeout_->count();
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
    return std::to_string(ms) + " ms";
}

void Client::print_body(std::FILE* to, const std::string& body) {
    if (body.empty()) return;
    std::fwrite(body.data(), 1, body.size(), to);
    if (body.back() != '\n') std::fputc('\n', to);
    std::fflush(to);
}

int Client::open_connection(bool quiet) {
    const int err = conn_.open(socket_);
    if (err == 0) return kExitOk;
    fail(quiet, "cannot connect to " + socket_ + ": " + std::strerror(err) + " (is ldpsyncd running?)");
    return kExitConnect;
}

int Client::connect() {
    if (conn_.reusable()) return kExitOk;
    return open_connection(false);
}

int Client::exchange(std::string_view text, Frame& reply, bool quiet) {
    std::string bytes;
    try {
        bytes = encode_request(text);
    } catch (const ProtocolError& e) {
        fail(quiet, e.what());
        return kExitUsage;
    }
    // Two attempts: the second only when the first proved the daemon had gone away before
    // it could have acted on the request (restart between two requests of a session).
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool may_retry = attempt == 0;
        if (!conn_.reusable()) {
            conn_.close();
            if (const int rc = open_connection(quiet); rc != kExitOk) return rc;
        }
        int err = 0;
        auto r = conn_.send(bytes, timeout_, err);
        if (r == Connection::Result::io_error) {
            conn_.close();
            if (may_retry && (err == EPIPE || err == ECONNRESET)) continue;
            fail(quiet, "cannot send to " + socket_ + ": " + std::strerror(err));
            return kExitProtocol;
        }
        if (r == Connection::Result::timeout) {
            conn_.close();
            fail(quiet, socket_ + " did not accept the request within " + timeout_text());
            return kExitProtocol;
        }
        r = conn_.read_frame(reply, timeout_, Interrupt::fd());
        switch (r) {
            case Connection::Result::ok:
                if (reply.status == Status::event) {
                    conn_.close();
                    fail(quiet, "protocol error from " + socket_ + ": event frame where an answer was expected");
                    return kExitProtocol;
                }
                return kExitOk;
            case Connection::Result::closed: {
                const bool nothing_received = conn_.received_since_send() == 0;
                conn_.close();
                if (may_retry && nothing_received) continue;
                fail(quiet, socket_ + " closed the connection without answering");
                return kExitProtocol;
            }
            case Connection::Result::timeout:
                // The answer may still come; it would be taken for the next request's.
                conn_.close();
                fail(quiet, "no answer from " + socket_ + " within " + timeout_text());
                return kExitProtocol;
            case Connection::Result::interrupted:
                conn_.close();
                interrupted_ = true;
                return kExitInterrupted;
            case Connection::Result::protocol_error:
            case Connection::Result::io_error:
                fail(quiet, "protocol error from " + socket_ + ": " + conn_.error());
                conn_.close();
                return kExitProtocol;
        }
    }
    fail(quiet, socket_ + " closed the connection without answering");
    return kExitProtocol;
}

int Client::stream() {
    for (;;) {
        Frame frame;
        // No deadline: a quiet link legitimately produces no events for hours.
        const auto r = conn_.read_frame(frame, std::nullopt, Interrupt::fd());
        switch (r) {
            case Connection::Result::ok:
                if (frame.status != Status::event) {
                    conn_.close();
                    fail(false, "protocol error from " + socket_ + ": " + std::string(to_string(frame.status)) +
                                    " frame in an event stream");
                    return kExitProtocol;
                }
                print_body(out_, frame.body);
                break;
            case Connection::Result::interrupted:
                interrupted_ = true;
                [[fallthrough]];
            case Connection::Result::closed:
            case Connection::Result::timeout:
                // Closing is how the protocol ends a stream.
                conn_.close();
                return kExitOk;
            case Connection::Result::protocol_error:
            case Connection::Result::io_error:
                fail(false, "protocol error from " + socket_ + ": " + conn_.error());
                conn_.close();
                return kExitProtocol;
        }
    }
}

int Client::run(std::string_view text) {
    interrupted_ = false;
    Frame reply;
    if (const int rc = exchange(text, reply, false); rc != kExitOk) return rc;
    if (reply.status == Status::error) {
        print_body(err_, reply.body);
        return kExitError;
    }
    print_body(out_, reply.body);
    if (is_streaming_command(text)) return stream();
    return kExitOk;
}

std::optional<std::string> Client::fetch_help() {
    Frame reply;
    if (exchange("help", reply, true) != kExitOk || reply.status != Status::ok) return std::nullopt;
    return reply.body;
}

}  // namespace ldpsync::ctl
