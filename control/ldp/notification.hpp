#pragma once
// Notification (0x0001), RFC 5036 3.5.1: Status TLV, then optional Extended Status, Returned
// PDU/Message (kept opaque) and, for End-of-LIB (RFC 5919), a FEC TLV.

#include "message_header.hpp"

namespace ldpsync::ldp {

struct Notification {
    static constexpr std::uint16_t type = msg_type::notification;

    bool u = false;
    std::uint32_t id = 0;
    StatusTlv status;
    std::vector<Tlv> optional;  // wire order, unknown U=1 TLVs included

    bool operator==(const Notification&) const = default;

    // `bytes` is exactly one Notification message, header included.
    static Result<Notification> decode(ByteView bytes);
    Bytes encode() const;
};

}  // namespace ldpsync::ldp
