#pragma once
// Address (0x0300) and Address Withdraw (0x0301), RFC 5036 3.5.5 and 3.5.6: an Address List
// TLV, then optional parameters. Same layout, two message types.

#include "message_header.hpp"

namespace ldpsync::ldp {

struct Address {
    static constexpr std::uint16_t type = msg_type::address;

    bool u = false;
    std::uint32_t id = 0;
    AddressListTlv addresses;
    std::vector<Tlv> optional;  // wire order, unknown U=1 TLVs included

    bool operator==(const Address&) const = default;

    static Result<Address> decode(ByteView bytes);
    Bytes encode() const;
};

struct AddressWithdraw {
    static constexpr std::uint16_t type = msg_type::address_withdraw;

    bool u = false;
    std::uint32_t id = 0;
    AddressListTlv addresses;
    std::vector<Tlv> optional;

    bool operator==(const AddressWithdraw&) const = default;

    static Result<AddressWithdraw> decode(ByteView bytes);
    Bytes encode() const;
};

}  // namespace ldpsync::ldp
