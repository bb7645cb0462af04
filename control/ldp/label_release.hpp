#pragma once
// Label Release (0x0403), RFC 5036 3.5.11: FEC TLV, then an optional Label TLV.

#include "message_header.hpp"

namespace ldpsync::ldp {

struct LabelRelease {
    static constexpr std::uint16_t type = msg_type::label_release;

    bool u = false;
    std::uint32_t id = 0;
    FecTlv fec;
    std::vector<Tlv> optional;  // wire order, unknown U=1 TLVs included

    bool operator==(const LabelRelease&) const = default;

    // `bytes` is exactly one LabelRelease message, header included.
    static Result<LabelRelease> decode(ByteView bytes);
    Bytes encode() const;
};

}  // namespace ldpsync::ldp
