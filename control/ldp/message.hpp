#pragma once
// All LDP messages as one variant, dispatch by message type, PDU decoding with one result per
// message, and the single mapping from a decode error to the Notification to send.

#include <optional>
#include <variant>
#include <vector>

#include "address.hpp"
#include "capability.hpp"
#include "errors.hpp"
#include "hello.hpp"
#include "initialization.hpp"
#include "keepalive.hpp"
#include "label_abort.hpp"
#include "label_mapping.hpp"
#include "label_release.hpp"
#include "label_request.hpp"
#include "label_withdraw.hpp"
#include "message_header.hpp"
#include "notification.hpp"
#include "pdu.hpp"
#include "tlv.hpp"

namespace ldpsync::ldp {

// A message of a type this codec does not know, whose U bit is set (RFC 5036 3.5.1.2.1: dropped
// silently by the protocol, kept here so it can be logged and re-encoded).
struct UnknownMessage {
    bool u = true;
    std::uint16_t type = 0;
    std::uint32_t id = 0;
    Bytes body;  // everything after the message id

    bool operator==(const UnknownMessage&) const = default;
    Bytes encode() const;
};

using Message = std::variant<Notification, Hello, Initialization, KeepAlive, Capability, Address,
                             AddressWithdraw, LabelMapping, LabelRequest, LabelWithdraw,
                             LabelRelease, LabelAbortRequest, UnknownMessage>;

// `bytes` is exactly one message. Unknown type: U = 1 gives UnknownMessage, U = 0 is an
// Unknown Message Type error.
Result<Message> decode_message(ByteView bytes);
Bytes encode_message(const Message& message);

std::uint16_t message_type_of(const Message& message);
std::uint32_t message_id_of(const Message& message);

// One message of a PDU: its bytes (a view into the decoded buffer) and its own result, so one
// bad message does not lose the others.
struct PduEntry {
    ByteView raw;
    Result<Message> message;
};

struct DecodedPdu {
    PduHeader header;
    std::vector<PduEntry> messages;
};

// Header errors (version, PDU length) fail the whole PDU; message errors are per entry. When a
// message length breaks framing, the last entry holds the unframed rest and the error.
Result<DecodedPdu> decode_pdu(ByteView pdu, std::uint16_t max_pdu_length = kDefaultMaxPduLength);
Bytes encode_pdu(const PduHeader& header, const std::vector<Message>& messages);

// The one place a decode error becomes a Notification (RFC 5036 3.5.1): Status TLV with the
// error's status code, E = fatal (3.5.1.2), F = 0, and the id/type of the offending message.
// nullopt when the RFC says to drop silently (DecodeError::ignore). The caller sets the
// Notification's own message id, and closes the session after sending when E is set.
std::optional<Notification> notification_for(const DecodeError& error);

}  // namespace ldpsync::ldp
