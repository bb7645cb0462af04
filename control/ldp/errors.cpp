#include "errors.hpp"

#include <cstdio>

namespace ldpsync::ldp {

std::string status_name(std::uint32_t code) {
    switch (static_cast<Status>(code)) {
    case Status::success: return "Success";
    case Status::bad_ldp_identifier: return "Bad LDP Identifier";
    case Status::bad_protocol_version: return "Bad Protocol Version";
    case Status::bad_pdu_length: return "Bad PDU Length";
    case Status::unknown_message_type: return "Unknown Message Type";
    case Status::bad_message_length: return "Bad Message Length";
    case Status::unknown_tlv: return "Unknown TLV";
    case Status::bad_tlv_length: return "Bad TLV Length";
    case Status::malformed_tlv_value: return "Malformed TLV Value";
    case Status::hold_timer_expired: return "Hold Timer Expired";
    case Status::shutdown: return "Shutdown";
    case Status::loop_detected: return "Loop Detected";
    case Status::unknown_fec: return "Unknown FEC";
    case Status::no_route: return "No Route";
    case Status::no_label_resources: return "No Label Resources";
    case Status::label_resources_available: return "Label Resources Available";
    case Status::session_rejected_no_hello: return "Session Rejected/No Hello";
    case Status::session_rejected_advertisement_mode:
        return "Session Rejected/Parameters Advertisement Mode";
    case Status::session_rejected_max_pdu_length: return "Session Rejected/Parameters Max PDU Length";
    case Status::session_rejected_label_range: return "Session Rejected/Parameters Label Range";
    case Status::keepalive_timer_expired: return "KeepAlive Timer Expired";
    case Status::label_request_aborted: return "Label Request Aborted";
    case Status::missing_message_parameters: return "Missing Message Parameters";
    case Status::unsupported_address_family: return "Unsupported Address Family";
    case Status::session_rejected_bad_keepalive_time: return "Session Rejected/Bad KeepAlive Time";
    case Status::internal_error: return "Internal Error";
    case Status::unsupported_capability: return "Unsupported Capability";
    case Status::end_of_lib: return "End-of-LIB";
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "Status 0x%08x", code);
    return buf;
}

std::string status_name(Status status) { return status_name(static_cast<std::uint32_t>(status)); }

bool is_fatal(Status status) {
    switch (status) {
    case Status::bad_ldp_identifier:
    case Status::bad_protocol_version:
    case Status::bad_pdu_length:
    case Status::bad_message_length:
    case Status::bad_tlv_length:
    case Status::malformed_tlv_value:
    case Status::hold_timer_expired:
    case Status::shutdown:
    case Status::session_rejected_no_hello:
    case Status::session_rejected_advertisement_mode:
    case Status::session_rejected_max_pdu_length:
    case Status::session_rejected_label_range:
    case Status::keepalive_timer_expired:
    case Status::session_rejected_bad_keepalive_time:
    case Status::internal_error:
        return true;
    default:
        return false;
    }
}

std::string DecodeError::to_string() const {
    std::string s = status_name(status);
    s += fatal() ? " (fatal)" : " (advisory)";
    if (ignore) {
        s += " (silently ignored)";
    }
    if (!field.empty()) {
        s += " in " + field;
    }
    if (message_type != 0) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " [msg type 0x%04x id %u]", message_type, message_id);
        s += buf;
    }
    if (!detail.empty()) {
        s += ": " + detail;
    }
    return s;
}

}  // namespace ldpsync::ldp
