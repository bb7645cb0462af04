#pragma once
// The bounded reader and the writer of the IS-IS codecs: codec::ByteCursor with IS-IS's typed
// errors (the field and the absolute offset), and codec::ByteAppender.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "codec/byte_cursor.hpp"
#include "errors.hpp"
#include "types.hpp"

namespace ldpsync::isis {

class Reader {
public:
    explicit Reader(ByteView data, std::size_t base_offset = 0) : in_(data), base_(base_offset) {}

    std::size_t remaining() const { return in_.remaining(); }
    bool empty() const { return in_.empty(); }
    std::size_t offset() const { return base_ + in_.position(); }

    DecodeResult<std::uint8_t> u8(std::string_view f) { return checked(in_.u8(), f); }
    DecodeResult<std::uint16_t> u16(std::string_view f) { return checked(in_.u16(), f); }
    DecodeResult<std::uint32_t> u32(std::string_view f) { return checked(in_.u32(), f); }
    DecodeResult<std::uint32_t> u24(std::string_view f) {
        auto hi = in_.u8();
        auto lo = in_.u16();
        if (!hi || !lo) return decode_error(Reason::truncated, f, offset());
        return (std::uint32_t{*hi} << 16) | *lo;
    }
    DecodeResult<ByteView> bytes(std::size_t n, std::string_view f) { return checked(in_.bytes(n), f); }

    DecodeResult<SystemId> system_id(std::string_view f) {
        auto v = bytes(kSystemIdLength, f);
        if (!v) return codec::Unexpected{v.error()};
        return to_system_id(*v);
    }
    DecodeResult<NodeId> node_id(std::string_view f) {
        auto v = bytes(kSystemIdLength + 1, f);
        if (!v) return codec::Unexpected{v.error()};
        return NodeId{to_system_id(*v), std::to_integer<std::uint8_t>((*v)[kSystemIdLength])};
    }
    DecodeResult<LspId> lsp_id(std::string_view f) {
        auto v = bytes(kSystemIdLength + 2, f);
        if (!v) return codec::Unexpected{v.error()};
        return LspId{to_system_id(*v), std::to_integer<std::uint8_t>((*v)[kSystemIdLength]),
                     std::to_integer<std::uint8_t>((*v)[kSystemIdLength + 1])};
    }

    // A reader over the next n bytes (this one moves past them).
    DecodeResult<Reader> sub(std::size_t n, std::string_view f, Reason reason = Reason::truncated) {
        const std::size_t at = offset();
        auto v = in_.bytes(n);
        if (!v) return decode_error(reason, f, at);
        return Reader(*v, at);
    }
    ByteView rest() {
        const ByteView v = in_.rest();
        in_.skip_rest();
        return v;
    }

private:
    static SystemId to_system_id(ByteView v) {
        SystemId id{};
        for (std::size_t i = 0; i < id.size(); ++i) id[i] = std::to_integer<std::uint8_t>(v[i]);
        return id;
    }
    template <class T>
    DecodeResult<T> checked(std::optional<T> v, std::string_view f) const {
        if (!v) return decode_error(Reason::truncated, f, offset());
        return *v;
    }

    codec::ByteCursor in_;
    std::size_t base_ = 0;
};

// The first error among several reads (all are made; a failed read does not move the cursor,
// so the ones after it are discarded with it).
template <class... R>
std::optional<DecodeError> first_error(const R&... results) {
    std::optional<DecodeError> e;
    ((e || results.ok() ? void() : void(e = results.error())), ...);
    return e;
}

class Writer : public codec::ByteAppender {
public:
    explicit Writer(Bytes& out) : ByteAppender(out) {}
    void u24(std::uint32_t v) {
        u8(static_cast<std::uint8_t>(v >> 16));
        u16(static_cast<std::uint16_t>(v));
    }
    void system_id(const SystemId& id) {
        for (auto b : id) u8(b);
    }
    void node_id(const NodeId& id) {
        system_id(id.system);
        u8(id.pseudonode);
    }
    void lsp_id(const LspId& id) {
        node_id(id.node());
        u8(id.fragment);
    }
    void patch_u8(std::size_t pos, std::uint8_t v) { buffer().at(pos) = std::byte{v}; }
    Bytes& buffer() { return out(); }
};

}  // namespace ldpsync::isis
