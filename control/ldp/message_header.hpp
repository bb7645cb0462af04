#pragma once
// Common message layout (RFC 5036 3.5) shared by the per-message codecs.
//
//   |U|   Message Type (15 bits)    |      Message Length           |
//   |                     Message ID                                |
//   |                     Mandatory Parameters (TLVs) ...           |
//   |                     Optional Parameters (TLVs) ...            |
//
// Message Length counts everything after the length field. Mandatory parameters come first, in
// the order the RFC lists them; a missing or out-of-place mandatory TLV is Missing Message
// Parameters (advisory). Optional parameters are kept in wire order, unknown U=1 TLVs included,
// so that encode() reproduces the message byte for byte.

#include <cstdint>
#include <string>
#include <vector>

#include "cursor.hpp"
#include "errors.hpp"
#include "tlv.hpp"

namespace ldpsync::ldp {

namespace msg_type {
inline constexpr std::uint16_t notification = 0x0001;
inline constexpr std::uint16_t hello = 0x0100;
inline constexpr std::uint16_t initialization = 0x0200;
inline constexpr std::uint16_t keepalive = 0x0201;
inline constexpr std::uint16_t capability = 0x0202;  // RFC 5561
inline constexpr std::uint16_t address = 0x0300;
inline constexpr std::uint16_t address_withdraw = 0x0301;
inline constexpr std::uint16_t label_mapping = 0x0400;
inline constexpr std::uint16_t label_request = 0x0401;
inline constexpr std::uint16_t label_withdraw = 0x0402;
inline constexpr std::uint16_t label_release = 0x0403;
inline constexpr std::uint16_t label_abort_request = 0x0404;
}  // namespace msg_type

// "Label Mapping"; "Message 0x...." for unknown types.
std::string message_name(std::uint16_t type);

struct MessageHeader {
    bool u = false;
    std::uint16_t type = 0;  // 15 bits, U bit removed
    std::uint16_t length = 0;
    std::uint32_t id = 0;
};

// Reads the header of `bytes`, which must be exactly one message: at least 8 octets and a
// Message Length equal to the octets that follow the length field (Bad Message Length otherwise).
Result<MessageHeader> read_message_header(ByteView bytes);

struct ParsedMessage {
    MessageHeader header;
    std::vector<Tlv> params;  // wire order
};

// Reads the header and every TLV of a message of type `expected_type`. Errors carry the message
// id and type so the Status TLV can refer to the message.
Result<ParsedMessage> parse_message(ByteView bytes, std::uint16_t expected_type);

// Fills in the message id/type of an error raised while decoding a message.
DecodeError in_message(const MessageHeader& header, DecodeError error);
DecodeError missing_parameter(const MessageHeader& header, const std::string& what);

// The parameter at `index` if it holds a T.
template <class T>
const T* parameter_at(const ParsedMessage& m, std::size_t index) {
    return index < m.params.size() ? std::get_if<T>(&m.params[index]) : nullptr;
}

// The parameters from `from` on (the optional ones).
std::vector<Tlv> parameters_from(const ParsedMessage& m, std::size_t from);

// True for the Label TLVs a Label Mapping can carry (Generic; ATM and Frame Relay kept opaque).
bool is_label_tlv(const Tlv& tlv);

// Encoder: header with a placeholder length, TLVs, then finish() fills the length in.
class MessageWriter {
public:
    MessageWriter(bool u, std::uint16_t type, std::uint32_t id);
    MessageWriter& tlv(const Tlv& t);
    MessageWriter& tlvs(const std::vector<Tlv>& ts);
    Bytes finish();

private:
    Writer w_;
    std::size_t length_at_ = 0;
};

// Label Request, Withdraw and Release share one layout (RFC 5036 3.5.8, 3.5.10, 3.5.11): a FEC
// TLV, then optional parameters. M has fields u, id, fec, optional and a constant `type`.
template <class M>
Result<M> decode_fec_message(ByteView bytes) {
    auto m = parse_message(bytes, M::type);
    if (!m) {
        return std::move(m).error();
    }
    const auto* fec = parameter_at<FecTlv>(*m, 0);
    if (fec == nullptr) {
        return missing_parameter(m->header, "FEC TLV");
    }
    M msg;
    msg.u = m->header.u;
    msg.id = m->header.id;
    msg.fec = *fec;
    msg.optional = parameters_from(*m, 1);
    return msg;
}

template <class M>
Bytes encode_fec_message(const M& msg) {
    return MessageWriter(msg.u, M::type, msg.id).tlv(msg.fec).tlvs(msg.optional).finish();
}

}  // namespace ldpsync::ldp
