#pragma once
// KeepAlive (0x0201), RFC 5036 3.5.4: no mandatory parameters.

#include "message_header.hpp"

namespace ldpsync::ldp {

struct KeepAlive {
    static constexpr std::uint16_t type = msg_type::keepalive;

    bool u = false;
    std::uint32_t id = 0;
    std::vector<Tlv> optional;  // wire order, unknown U=1 TLVs included

    bool operator==(const KeepAlive&) const = default;

    // `bytes` is exactly one KeepAlive message, header included.
    static Result<KeepAlive> decode(ByteView bytes);
    Bytes encode() const;
};

}  // namespace ldpsync::ldp
