#pragma once
// LDP's bounded big-endian cursors: codec::ByteCursor / ByteAppender (control/codec) with
// what the LDP codecs add: nested readers for TLV values and message bodies, and a writer
// that owns its buffer and fills 16-bit length fields once the body is written.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "byte_cursor.hpp"

namespace ldpsync::ldp {

using Bytes = codec::Bytes;
using ByteView = codec::ByteView;

// Reads return std::nullopt on short input and leave the position unchanged.
class Reader : public codec::ByteCursor {
public:
    Reader() = default;
    explicit Reader(ByteView data) : ByteCursor(data) {}

    // Carves the next n bytes into a nested reader (a TLV value, a message body).
    std::optional<Reader> sub(std::size_t n) {
        auto v = bytes(n);
        if (!v) {
            return std::nullopt;
        }
        return Reader(*v);
    }
};

namespace detail {
struct OwnedBytes {
    Bytes buf;
};
}  // namespace detail

class Writer : private detail::OwnedBytes, public codec::ByteAppender {
public:
    Writer() : ByteAppender(buf) {}
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Writes a zero 16-bit length and returns where it is; end_length16() fills it with the
    // number of bytes written after the field.
    std::size_t begin_length16() {
        const std::size_t at = size();
        u16(0);
        return at;
    }
    // A length that does not fit in 16 bits means the caller built an impossible message;
    // that is a programming error, not a wire condition, hence the exception.
    void end_length16(std::size_t at) {
        const std::size_t len = size() - (at + 2);
        if (len > 0xFFFF) {
            throw std::length_error("ldp: encoded length " + std::to_string(len) + " exceeds 65535");
        }
        patch_u16(at, static_cast<std::uint16_t>(len));
    }

    ByteView view() const { return buf; }
    Bytes take() { return std::move(buf); }
};

}  // namespace ldpsync::ldp
