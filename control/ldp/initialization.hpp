#pragma once
// Initialization (0x0200), RFC 5036 3.5.3: Common Session Parameters TLV, then optional
// ATM/Frame Relay Session Parameters, FT Session (RFC 3479) and Capability TLVs (RFC 5561).

#include "message_header.hpp"

namespace ldpsync::ldp {

struct Initialization {
    static constexpr std::uint16_t type = msg_type::initialization;

    bool u = false;
    std::uint32_t id = 0;
    CommonSessionParamsTlv params;
    std::vector<Tlv> optional;  // wire order, unknown U=1 TLVs included

    bool operator==(const Initialization&) const = default;

    // `bytes` is exactly one Initialization message, header included.
    static Result<Initialization> decode(ByteView bytes);
    Bytes encode() const;
};

}  // namespace ldpsync::ldp
