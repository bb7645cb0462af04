#include "message_header.hpp"

#include <cstdio>

namespace ldpsync::ldp {

std::string message_name(std::uint16_t type) {
    switch (type) {
    case msg_type::notification: return "Notification";
    case msg_type::hello: return "Hello";
    case msg_type::initialization: return "Initialization";
    case msg_type::keepalive: return "KeepAlive";
    case msg_type::capability: return "Capability";
    case msg_type::address: return "Address";
    case msg_type::address_withdraw: return "Address Withdraw";
    case msg_type::label_mapping: return "Label Mapping";
    case msg_type::label_request: return "Label Request";
    case msg_type::label_withdraw: return "Label Withdraw";
    case msg_type::label_release: return "Label Release";
    case msg_type::label_abort_request: return "Label Abort Request";
    default: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "Message 0x%04x", type);
        return buf;
    }
    }
}

Result<MessageHeader> read_message_header(ByteView bytes) {
    Reader r(bytes);
    if (r.remaining() < 8) {
        return make_error(Status::bad_message_length, "Message header",
                          std::to_string(r.remaining()) + " octets, a message needs at least 8");
    }
    MessageHeader h;
    const std::uint16_t first = *r.u16();
    h.u = (first & 0x8000) != 0;
    h.type = first & 0x7FFF;
    h.length = *r.u16();
    h.id = *r.u32();
    if (std::size_t{h.length} + 4 != bytes.size()) {
        return in_message(h, make_error(Status::bad_message_length, "Message Length",
                                        "message length " + std::to_string(h.length) + " but " +
                                            std::to_string(bytes.size() - 4) +
                                            " octets follow the length field"));
    }
    return h;
}

DecodeError in_message(const MessageHeader& header, DecodeError error) {
    error.message_id = header.id;
    error.message_type = header.type;
    return error;
}

DecodeError missing_parameter(const MessageHeader& header, const std::string& what) {
    return in_message(header, make_error(Status::missing_message_parameters, message_name(header.type),
                                         "mandatory " + what + " missing or not in first position"));
}

Result<ParsedMessage> parse_message(ByteView bytes, std::uint16_t expected_type) {
    auto h = read_message_header(bytes);
    if (!h) {
        return std::move(h).error();
    }
    if (h->type != expected_type) {
        return in_message(*h, make_error(Status::internal_error, "Message Type",
                                         message_name(h->type) + " handed to the " +
                                             message_name(expected_type) + " decoder"));
    }
    ParsedMessage m{*h, {}};
    Reader r(bytes.subspan(8));
    while (!r.empty()) {
        auto t = decode_tlv(r);
        if (!t) {
            return in_message(*h, std::move(t).error());
        }
        m.params.push_back(std::move(t).value());
    }
    return m;
}

std::vector<Tlv> parameters_from(const ParsedMessage& m, std::size_t from) {
    if (from >= m.params.size()) {
        return {};
    }
    return std::vector<Tlv>(m.params.begin() + static_cast<std::ptrdiff_t>(from), m.params.end());
}

bool is_label_tlv(const Tlv& tlv) {
    if (std::holds_alternative<GenericLabelTlv>(tlv)) {
        return true;
    }
    const auto* o = std::get_if<OpaqueTlv>(&tlv);
    return o != nullptr && (o->type == tlv_type::atm_label || o->type == tlv_type::frame_relay_label);
}

MessageWriter::MessageWriter(bool u, std::uint16_t type, std::uint32_t id) {
    w_.u16(static_cast<std::uint16_t>((u ? 0x8000 : 0) | (type & 0x7FFF)));
    length_at_ = w_.begin_length16();
    w_.u32(id);
}

MessageWriter& MessageWriter::tlv(const Tlv& t) {
    encode_tlv(w_, t);
    return *this;
}

MessageWriter& MessageWriter::tlvs(const std::vector<Tlv>& ts) {
    for (const auto& t : ts) {
        encode_tlv(w_, t);
    }
    return *this;
}

Bytes MessageWriter::finish() {
    w_.end_length16(length_at_);
    return w_.take();
}

}  // namespace ldpsync::ldp
