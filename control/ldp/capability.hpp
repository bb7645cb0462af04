#pragma once
// Capability (0x0202), RFC 5561 section 5: one or more Capability Parameter TLVs, used to
// announce or withdraw a capability after the session is up (needs the Dynamic Announcement
// capability in Initialization). Known capabilities decode as CapabilityTlv, others (U = 1)
// stay OpaqueTlv.

#include "message_header.hpp"

namespace ldpsync::ldp {

struct Capability {
    static constexpr std::uint16_t type = msg_type::capability;

    bool u = false;
    std::uint32_t id = 0;
    std::vector<Tlv> capabilities;  // at least one, wire order

    bool operator==(const Capability&) const = default;

    static Result<Capability> decode(ByteView bytes);
    Bytes encode() const;
};

}  // namespace ldpsync::ldp
