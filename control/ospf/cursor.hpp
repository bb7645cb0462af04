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
#include <span>
#include <vector>

#include "errors.hpp"

namespace ldpsync::ospf {

using Bytes = std::vector<std::byte>;
using ByteView = std::span<const std::byte>;

class Reader {
public:
    explicit Reader(ByteView data, std::size_t base_offset = 0) : _data(data), _base(base_offset) {}

    std::size_t remaining() const { return _data.size() - _pos; }
    bool empty() const { return remaining() == 0; }
    // Absolute offset (in the entry point's buffer) of the next byte to read.
    std::size_t offset() const { return _base + _pos; }

    DecodeResult<std::uint8_t> u8(Field f) {
        if (remaining() < 1) {
            return short_read(f);
        }
        return static_cast<std::uint8_t>(_data[_pos++]);
    }

    DecodeResult<std::uint16_t> u16(Field f) {
        if (remaining() < 2) {
            return short_read(f);
        }
        auto v = static_cast<std::uint16_t>((byte_at(0) << 8) | byte_at(1));
        _pos += 2;
        return v;
    }

    DecodeResult<std::uint32_t> u32(Field f) {
        if (remaining() < 4) {
            return short_read(f);
        }
        std::uint32_t v = (std::uint32_t{byte_at(0)} << 24) | (std::uint32_t{byte_at(1)} << 16) |
                          (std::uint32_t{byte_at(2)} << 8) | std::uint32_t{byte_at(3)};
        _pos += 4;
        return v;
    }

    // The next n bytes as a view (no copy).
    DecodeResult<ByteView> bytes(std::size_t n, Field f) {
        if (remaining() < n) {
            return short_read(f);
        }
        ByteView v = _data.subspan(_pos, n);
        _pos += n;
        return v;
    }

    // A reader over the next n bytes; this reader moves past them. `reason` lets the caller
    // say whether a short container is plain truncation or a length field that lies.
    DecodeResult<Reader> sub(std::size_t n, Field f, Reason reason = Reason::truncated) {
        if (remaining() < n) {
            return decode_error(reason, f, offset(), static_cast<std::uint32_t>(n));
        }
        Reader r(_data.subspan(_pos, n), offset());
        _pos += n;
        return r;
    }

    // The unread rest, consumed.
    ByteView rest() {
        ByteView v = _data.subspan(_pos);
        _pos = _data.size();
        return v;
    }

    // Peeks without consuming (used for checksum verification over a container).
    ByteView peek_rest() const { return _data.subspan(_pos); }

private:
    unsigned byte_at(std::size_t i) const { return static_cast<unsigned>(_data[_pos + i]); }
    Unexpected<DecodeError> short_read(Field f) const { return decode_error(Reason::truncated, f, offset()); }

    ByteView _data;
    std::size_t _base = 0;
    std::size_t _pos = 0;
};

class Writer {
public:
    explicit Writer(Bytes& out) : _out(out) {}

    std::size_t size() const { return _out.size(); }

    void u8(std::uint8_t v) { _out.push_back(std::byte{v}); }
    void u16(std::uint16_t v) {
        u8(static_cast<std::uint8_t>(v >> 8));
        u8(static_cast<std::uint8_t>(v));
    }
    void u32(std::uint32_t v) {
        u16(static_cast<std::uint16_t>(v >> 16));
        u16(static_cast<std::uint16_t>(v));
    }
    void bytes(ByteView v) { _out.insert(_out.end(), v.begin(), v.end()); }

    // Overwrites two bytes already written at `pos` (a placeholder length or checksum).
    void patch_u16(std::size_t pos, std::uint16_t v) {
        _out.at(pos) = std::byte{static_cast<std::uint8_t>(v >> 8)};
        _out.at(pos + 1) = std::byte{static_cast<std::uint8_t>(v)};
    }

    Bytes& buffer() { return _out; }
    const Bytes& buffer() const { return _out; }

private:
    Bytes& _out;
};

}  // namespace ldpsync::ospf
