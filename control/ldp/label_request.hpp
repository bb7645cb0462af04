#pragma once
// Label Request (0x0401), RFC 5036 3.5.8: FEC TLV, then optional Hop Count and Path Vector.

#include "message_header.hpp"

namespace ldpsync::ldp {

struct LabelRequest {
    static constexpr std::uint16_t type = msg_type::label_request;

    bool u = false;
    std::uint32_t id = 0;
    FecTlv fec;
    std::vector<Tlv> optional;  // wire order, unknown U=1 TLVs included

    bool operator==(const LabelRequest&) const = default;

    // `bytes` is exactly one LabelRequest message, header included.
    static Result<LabelRequest> decode(ByteView bytes);
    Bytes encode() const;
};

}  // namespace ldpsync::ldp
