#pragma once
// The bounds-checked byte handling that the LDP and OSPF codecs share; each wraps it in the
// error style of its own protocol (control/ldp/cursor.hpp: std::optional; control/ospf/
// cursor.hpp: a DecodeError naming the field and the absolute offset).
//
// ByteCursor reads big-endian fields and never past the end of its span: every read compares
// the bytes it needs with remaining() first (never adds to the position first, so nothing can
// overflow) and on short input returns nullopt without moving. ByteAppender appends big-endian
// fields to a vector it does not own and patches 16-bit placeholders (lengths, checksums).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace ldpsync::codec {

using Bytes = std::vector<std::byte>;
using ByteView = std::span<const std::byte>;

class ByteCursor {
public:
    ByteCursor() = default;
    explicit ByteCursor(ByteView data) : data_(data) {}

    std::size_t remaining() const { return data_.size() - pos_; }
    bool empty() const { return remaining() == 0; }
    std::size_t position() const { return pos_; }
    // The unread bytes (not consumed).
    ByteView rest() const { return data_.subspan(pos_); }
    void skip_rest() { pos_ = data_.size(); }

    std::optional<std::uint8_t> u8() {
        if (remaining() < 1) {
            return std::nullopt;
        }
        return static_cast<std::uint8_t>(data_[pos_++]);
    }

    std::optional<std::uint16_t> u16() {
        if (remaining() < 2) {
            return std::nullopt;
        }
        const auto v = static_cast<std::uint16_t>((at(0) << 8) | at(1));
        pos_ += 2;
        return v;
    }

    std::optional<std::uint32_t> u32() {
        if (remaining() < 4) {
            return std::nullopt;
        }
        const std::uint32_t v = (std::uint32_t{at(0)} << 24) | (std::uint32_t{at(1)} << 16) |
                                (std::uint32_t{at(2)} << 8) | std::uint32_t{at(3)};
        pos_ += 4;
        return v;
    }

    // The next n bytes as a view (no copy).
    std::optional<ByteView> bytes(std::size_t n) {
        if (n > remaining()) {
            return std::nullopt;
        }
        const ByteView v = data_.subspan(pos_, n);
        pos_ += n;
        return v;
    }

private:
    unsigned at(std::size_t i) const { return std::to_integer<unsigned>(data_[pos_ + i]); }

    ByteView data_;
    std::size_t pos_ = 0;
};

class ByteAppender {
public:
    explicit ByteAppender(Bytes& out) : out_(&out) {}

    std::size_t size() const { return out_->size(); }

    void u8(std::uint8_t v) { out_->push_back(std::byte{v}); }
    void u16(std::uint16_t v) {
        u8(static_cast<std::uint8_t>(v >> 8));
        u8(static_cast<std::uint8_t>(v));
    }
    void u32(std::uint32_t v) {
        u16(static_cast<std::uint16_t>(v >> 16));
        u16(static_cast<std::uint16_t>(v));
    }
    void bytes(ByteView v) { out_->insert(out_->end(), v.begin(), v.end()); }

    // Overwrites two bytes already written at `pos` (a placeholder length or checksum).
    void patch_u16(std::size_t pos, std::uint16_t v) {
        out_->at(pos) = std::byte{static_cast<std::uint8_t>(v >> 8)};
        out_->at(pos + 1) = std::byte{static_cast<std::uint8_t>(v)};
    }

protected:
    Bytes& out() { return *out_; }
    const Bytes& out() const { return *out_; }
    // For owners that keep the vector themselves and must re-point after a move.
    void rebind(Bytes& out) { out_ = &out; }

private:
    Bytes* out_;
};

}  // namespace ldpsync::codec
