#pragma once
// Label Withdraw (0x0402), RFC 5036 3.5.10: FEC TLV, then an optional Label TLV.

#include "message_header.hpp"

namespace ldpsync::ldp {

struct LabelWithdraw {
    static constexpr std::uint16_t type = msg_type::label_withdraw;

    bool u = false;
    std::uint32_t id = 0;
    FecTlv fec;
    std::vector<Tlv> optional;  // wire order, unknown U=1 TLVs included

    bool operator==(const LabelWithdraw&) const = default;

    // `bytes` is exactly one LabelWithdraw message, header included.
    static Result<LabelWithdraw> decode(ByteView bytes);
    Bytes encode() const;
};

}  // namespace ldpsync::ldp
