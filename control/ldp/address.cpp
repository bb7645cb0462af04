#include "address.hpp"

namespace ldpsync::ldp {

namespace {

template <class M>
Result<M> decode_address_message(ByteView bytes) {
    auto m = parse_message(bytes, M::type);
    if (!m) {
        return std::move(m).error();
    }
    const auto* list = parameter_at<AddressListTlv>(*m, 0);
    if (list == nullptr) {
        return missing_parameter(m->header, "Address List TLV");
    }
    M msg;
    msg.u = m->header.u;
    msg.id = m->header.id;
    msg.addresses = *list;
    msg.optional = parameters_from(*m, 1);
    return msg;
}

template <class M>
Bytes encode_address_message(const M& msg) {
    return MessageWriter(msg.u, M::type, msg.id).tlv(msg.addresses).tlvs(msg.optional).finish();
}

}  // namespace

Result<Address> Address::decode(ByteView bytes) { return decode_address_message<Address>(bytes); }
Bytes Address::encode() const { return encode_address_message(*this); }

Result<AddressWithdraw> AddressWithdraw::decode(ByteView bytes) {
    return decode_address_message<AddressWithdraw>(bytes);
}
Bytes AddressWithdraw::encode() const { return encode_address_message(*this); }

}  // namespace ldpsync::ldp
