#pragma once
// Typed errors for creating and attaching a segment; never a crash, never silent misuse.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ldpsync::shm {

enum class ErrorCode : std::uint8_t {
    bad_instance_name,       // empty, too long, or characters other than [A-Za-z0-9._-]
    no_segment,              // nothing to attach to: the control process never created it
    too_small,               // shorter than a header: not ours, or truncated
    bad_magic,               // not an ldpsync segment
    version_mismatch,        // built from another layout version
    layout_mismatch,         // same version, different sizes or section table
    writer_gone,             // the control process that owned it is not running
    reader_already_attached, // the channel has one consumer; a second would corrupt it
    writer_already_running,  // another control process owns this instance
    system_error,            // shm_open, ftruncate, mmap, fcntl failed: errno in detail
};

std::string_view to_string(ErrorCode code);

struct Error {
    ErrorCode code;
    std::string detail;
    std::string message() const;
};

// The result of an operation that either yields T or an Error.
template <class T>
class Outcome {
public:
    Outcome(T value) : v_(std::move(value)) {}
    Outcome(Error error) : v_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(v_); }
    T&& take() { return std::get<T>(std::move(v_)); }
    const Error& error() const { return std::get<Error>(v_); }

private:
    std::variant<T, Error> v_;
};

}  // namespace ldpsync::shm
