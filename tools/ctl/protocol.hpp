#pragma once
// The ldpsyncd control-socket wire protocol, as pure functions and a byte-stream decoder so
// that every framing rule can be unit-tested without a socket.
//
//   request  = text NUL                        text: a command line, or "configure\n" + lines
//   response = frame+                          frame: status ["\n" body] NUL
//   status   = "ok" | "error" | "event"
//
// A normal request gets exactly one ok/error frame; a debug command gets an ok frame and then
// event frames until the client closes the connection.

#include <cstddef>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ldpsync::ctl {

// Bodies larger than this are refused: a daemon bug (or a non-ldpsyncd peer) must not make
// the client buffer without bound.
inline constexpr std::size_t kMaxFrameBody = 16u * 1024u * 1024u;

enum class Status { ok, error, event };

std::string_view to_string(Status status);

struct Frame {
    Status status = Status::ok;
    std::string body;

    bool operator==(const Frame&) const = default;
};

class ProtocolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The bytes for one request. Throws ProtocolError when text holds a NUL byte, because the
// daemon would read the NUL as the end of the request and the rest as a second request.
std::string encode_request(std::string_view text);

// "configure\n" + block: the block is sent as given (not re-split or trimmed) so that the
// line numbers in the daemon's errors match the operator's file.
std::string configure_text(std::string_view block);

// True when text is the request that starts a configuration block ("configure",
// "configure terminal" and their IOS abbreviations such as "conf t").
bool is_configure_command(std::string_view text);

// True when the daemon answers text with a stream of event frames after its ok frame
// ("debug ..." and its abbreviations, but not "undebug"/"no debug").
bool is_streaming_command(std::string_view text);

// Incremental decoder: feed it whatever each read() returned, take complete frames out.
// A malformed stream makes it fail for good (the connection cannot be resynchronised);
// frames completed before the fault are still handed out first.
class FrameDecoder {
public:
    explicit FrameDecoder(std::size_t max_body = kMaxFrameBody) : max_body_(max_body) {}

    // False once the stream is malformed (see error()).
    bool feed(std::string_view bytes);

    // The next complete frame, in arrival order.
    std::optional<Frame> next();

    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }

    // Bytes of an unfinished frame; non-zero at end of stream means the peer died mid-frame.
    std::size_t partial_bytes() const { return partial_.size(); }

    void reset();

private:
    void complete(std::string&& raw);
    void fail(std::string message);

    std::size_t max_body_;
    std::string partial_;
    std::deque<Frame> frames_;
    std::string error_;
};

}  // namespace ldpsync::ctl
