#pragma once
// Bounded big-endian cursors over bytes.
//
// Reader never reads past its span: every read checks the remaining length first and returns
// std::nullopt on short input, leaving the position unchanged. Lengths are compared against
// remaining() (never added to the position first), so there is no overflow to check.
// Writer appends to a vector and supports "placeholder length, fill in later" (style lesson 5).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace ldpsync::ldp {

using Bytes = std::vector<std::byte>;
using ByteView = std::span<const std::byte>;

class Reader {
public:
    Reader() = default;
    explicit Reader(ByteView data) : _data(data) {}

    std::size_t remaining() const { return _data.size() - _pos; }
    bool empty() const { return remaining() == 0; }
    std::size_t position() const { return _pos; }
    // The unread bytes.
    ByteView rest() const { return _data.subspan(_pos); }

    std::optional<std::uint8_t> u8() {
        if (remaining() < 1) {
            return std::nullopt;
        }
        return static_cast<std::uint8_t>(_data[_pos++]);
    }

    std::optional<std::uint16_t> u16() {
        if (remaining() < 2) {
            return std::nullopt;
        }
        auto v = static_cast<std::uint16_t>((std::to_integer<unsigned>(_data[_pos]) << 8) |
                                            std::to_integer<unsigned>(_data[_pos + 1]));
        _pos += 2;
        return v;
    }

    std::optional<std::uint32_t> u32() {
        if (remaining() < 4) {
            return std::nullopt;
        }
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            v = (v << 8) | std::to_integer<std::uint32_t>(_data[_pos + i]);
        }
        _pos += 4;
        return v;
    }

    // The next n bytes as a view, or nullopt if fewer remain.
    std::optional<ByteView> bytes(std::size_t n) {
        if (n > remaining()) {
            return std::nullopt;
        }
        ByteView v = _data.subspan(_pos, n);
        _pos += n;
        return v;
    }

    // Carves the next n bytes into a nested reader (a TLV value, a message body).
    std::optional<Reader> sub(std::size_t n) {
        auto v = bytes(n);
        if (!v) {
            return std::nullopt;
        }
        return Reader(*v);
    }

private:
    ByteView _data;
    std::size_t _pos = 0;
};

class Writer {
public:
    void u8(std::uint8_t v) { _buf.push_back(std::byte{v}); }
    void u16(std::uint16_t v) {
        u8(static_cast<std::uint8_t>(v >> 8));
        u8(static_cast<std::uint8_t>(v));
    }
    void u32(std::uint32_t v) {
        u16(static_cast<std::uint16_t>(v >> 16));
        u16(static_cast<std::uint16_t>(v));
    }
    void bytes(ByteView v) { _buf.insert(_buf.end(), v.begin(), v.end()); }

    // Writes a zero 16-bit length and returns where it is; end_length16() fills it with the
    // number of bytes written after the field.
    std::size_t begin_length16() {
        std::size_t at = _buf.size();
        u16(0);
        return at;
    }
    // A length that does not fit in 16 bits means the caller built an impossible message;
    // that is a programming error, not a wire condition, hence the exception.
    void end_length16(std::size_t at) {
        std::size_t len = _buf.size() - (at + 2);
        if (len > 0xFFFF) {
            throw std::length_error("ldp: encoded length " + std::to_string(len) + " exceeds 65535");
        }
        _buf[at] = std::byte{static_cast<std::uint8_t>(len >> 8)};
        _buf[at + 1] = std::byte{static_cast<std::uint8_t>(len)};
    }

    std::size_t size() const { return _buf.size(); }
    ByteView view() const { return _buf; }
    Bytes take() { return std::move(_buf); }

private:
    Bytes _buf;
};

}  // namespace ldpsync::ldp
