#pragma once
// Typed decode errors and the RFC 5036 status codes they carry.
//
// A decoder never throws and never logs: it returns Result<T>, which holds either the decoded
// value or a DecodeError. The error names the RFC status code (RFC 5036 3.9, RFC 5561, RFC 5919),
// the field that was being read, a sentence for the log, the message it happened in (so the
// Status TLV can refer to it), and whether the RFC says to drop silently instead of notifying.
// notification_for() in message.hpp is the one place that turns an error into a Notification.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "codec/expected.hpp"

namespace ldpsync::ldp {

// Status codes (30-bit Status Data of the Status TLV; E and F bits are not part of the code).
enum class Status : std::uint32_t {
    success = 0x00,
    bad_ldp_identifier = 0x01,
    bad_protocol_version = 0x02,
    bad_pdu_length = 0x03,
    unknown_message_type = 0x04,
    bad_message_length = 0x05,
    unknown_tlv = 0x06,
    bad_tlv_length = 0x07,
    malformed_tlv_value = 0x08,
    hold_timer_expired = 0x09,
    shutdown = 0x0A,
    loop_detected = 0x0B,
    unknown_fec = 0x0C,
    no_route = 0x0D,
    no_label_resources = 0x0E,
    label_resources_available = 0x0F,
    session_rejected_no_hello = 0x10,
    session_rejected_advertisement_mode = 0x11,
    session_rejected_max_pdu_length = 0x12,
    session_rejected_label_range = 0x13,
    keepalive_timer_expired = 0x14,
    label_request_aborted = 0x15,
    missing_message_parameters = 0x16,
    unsupported_address_family = 0x17,
    session_rejected_bad_keepalive_time = 0x18,
    internal_error = 0x19,
    unsupported_capability = 0x2E,  // RFC 5561 section 9
    end_of_lib = 0x2F,              // RFC 5919 section 4
};

// RFC name of a status code ("Bad TLV Length"); "Status 0x...." for codes not listed above.
std::string status_name(Status status);
std::string status_name(std::uint32_t code);

// RFC 5036 3.5.1.2: malformed PDU/message/TLV errors close the session (E bit set); unknown
// message type, unknown TLV, missing parameters, unknown FEC and unsupported address family are
// advisory. Session-level codes (hold timer, shutdown, session rejected) are fatal as well.
bool is_fatal(Status status);

struct DecodeError {
    Status status = Status::internal_error;
    std::string field;   // what was being read: "PDU Length", "FEC TLV/Prefix Length", ...
    std::string detail;  // one sentence for the log
    // True when the RFC says to drop without a Notification: any error in a discovery (Hello)
    // message (RFC 5036 3.5.1.2.1). Unknown messages and TLVs whose U bit is set are not errors
    // at all (RFC 5036 3.3, 3.5.1.2.1): they decode as UnknownMessage / OpaqueTlv, keeping U and
    // F so the protocol can ignore or forward them; with U clear they are errors with ignore unset.
    bool ignore = false;
    // The message the error refers to, for the Status TLV (0 when the error is in the PDU header).
    std::uint32_t message_id = 0;
    std::uint16_t message_type = 0;

    bool fatal() const { return is_fatal(status); }
    std::string to_string() const;
};

inline DecodeError make_error(Status status, std::string field, std::string detail) {
    return DecodeError{status, std::move(field), std::move(detail), false, 0, 0};
}

// A decoded value or the DecodeError (control/codec/expected.hpp, shared with OSPF).
template <class T>
using Result = codec::Expected<T, DecodeError>;

}  // namespace ldpsync::ldp
