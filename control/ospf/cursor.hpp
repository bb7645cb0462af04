#pragma once
// Bounded big-endian reader and growable big-endian writer for the OSPFv2 codecs.
//
// Reader: every read checks the bytes it needs against what is left and returns a typed
// DecodeError (Reason::truncated, the field, and the absolute offset) instead of moving past
// the end. A sub-reader for a length-delimited container (an LSA inside an LS Update) keeps the
// absolute offset of its parent, so errors always point into the buffer the caller passed.
//
// Writer: appends to a byte vector; a length field is written as a placeholder and patched
// once the container is complete (patch_u16).

#include <cstddef>
#include <cstdint>

#include "byte_cursor.hpp"
#include "errors.hpp"

namespace ldpsync::ospf {

using Bytes = codec::Bytes;
using ByteView = codec::ByteView;

class Reader {
public:
    explicit Reader(ByteView data, std::size_t base_offset = 0) : in_(data), base_(base_offset) {}

    std::size_t remaining() const { return in_.remaining(); }
    bool empty() const { return in_.empty(); }
    // Absolute offset (in the entry point's buffer) of the next byte to read.
    std::size_t offset() const { return base_ + in_.position(); }

    DecodeResult<std::uint8_t> u8(Field f) { return checked(in_.u8(), f); }
    DecodeResult<std::uint16_t> u16(Field f) { return checked(in_.u16(), f); }
    DecodeResult<std::uint32_t> u32(Field f) { return checked(in_.u32(), f); }
    // The next n bytes as a view (no copy).
    DecodeResult<ByteView> bytes(std::size_t n, Field f) { return checked(in_.bytes(n), f); }

    // A reader over the next n bytes; this reader moves past them. `reason` lets the caller
    // say whether a short container is plain truncation or a length field that lies.
    DecodeResult<Reader> sub(std::size_t n, Field f, Reason reason = Reason::truncated) {
        const std::size_t at = offset();
        auto v = in_.bytes(n);
        if (!v) {
            return decode_error(reason, f, at, static_cast<std::uint32_t>(n));
        }
        return Reader(*v, at);
    }

    // The unread rest, consumed.
    ByteView rest() {
        const ByteView v = in_.rest();
        in_.skip_rest();
        return v;
    }

    // Peeks without consuming (used for checksum verification over a container).
    ByteView peek_rest() const { return in_.rest(); }

private:
    template <class T>
    DecodeResult<T> checked(std::optional<T> v, Field f) const {
        if (!v) {
            return decode_error(Reason::truncated, f, offset());
        }
        return *v;
    }

    codec::ByteCursor in_;
    std::size_t base_ = 0;
};

// Appends to the caller's vector; a length field is written as a placeholder and patched
// once the container is complete (patch_u16).
class Writer : public codec::ByteAppender {
public:
    explicit Writer(Bytes& out) : ByteAppender(out) {}

    Bytes& buffer() { return out(); }
    const Bytes& buffer() const { return out(); }
};

}  // namespace ldpsync::ospf
