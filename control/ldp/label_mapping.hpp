#pragma once
// Label Mapping (0x0400), RFC 5036 3.5.7: FEC TLV, Label TLV, then optional Label Request
// Message ID, Hop Count and Path Vector TLVs.

#include "message_header.hpp"

namespace ldpsync::ldp {

struct LabelMapping {
    static constexpr std::uint16_t type = msg_type::label_mapping;

    bool u = false;
    std::uint32_t id = 0;
    FecTlv fec;
    // GenericLabelTlv, or an OpaqueTlv holding an ATM or Frame Relay Label TLV.
    Tlv label = GenericLabelTlv{};
    std::vector<Tlv> optional;  // wire order, unknown U=1 TLVs included

    bool operator==(const LabelMapping&) const = default;

    // `bytes` is exactly one Label Mapping message, header included.
    static Result<LabelMapping> decode(ByteView bytes);
    Bytes encode() const;
};

}  // namespace ldpsync::ldp
