#pragma once
// Hello (0x0100), RFC 5036 3.5.2: Common Hello Parameters TLV, then optional IPv4/IPv6
// Transport Address and Configuration Sequence Number TLVs. Hello is a discovery message: a
// malformed one is dropped silently (RFC 5036 3.5.1.2.1), so every decode error has ignore set.

#include "message_header.hpp"

namespace ldpsync::ldp {

struct Hello {
    static constexpr std::uint16_t type = msg_type::hello;

    bool u = false;
    std::uint32_t id = 0;
    CommonHelloParamsTlv params;
    std::vector<Tlv> optional;  // wire order, unknown U=1 TLVs included

    bool operator==(const Hello&) const = default;

    // `bytes` is exactly one Hello message, header included.
    static Result<Hello> decode(ByteView bytes);
    Bytes encode() const;
};

}  // namespace ldpsync::ldp
