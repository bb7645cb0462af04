#pragma once
// Label Abort Request (0x0404), RFC 5036 3.5.9: FEC TLV and Label Request Message ID TLV.

#include "message_header.hpp"

namespace ldpsync::ldp {

struct LabelAbortRequest {
    static constexpr std::uint16_t type = msg_type::label_abort_request;

    bool u = false;
    std::uint32_t id = 0;
    FecTlv fec;
    LabelRequestIdTlv request_id;
    std::vector<Tlv> optional;  // wire order, unknown U=1 TLVs included

    bool operator==(const LabelAbortRequest&) const = default;

    // `bytes` is exactly one LabelAbortRequest message, header included.
    static Result<LabelAbortRequest> decode(ByteView bytes);
    Bytes encode() const;
};

}  // namespace ldpsync::ldp
