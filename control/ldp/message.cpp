#include "message.hpp"

#include <string>

namespace ldpsync::ldp {

namespace {

template <class T>
Result<Message> widen(Result<T> r) {
    if (!r) {
        return std::move(r).error();
    }
    return Message{std::move(r).value()};
}

}  // namespace

Bytes UnknownMessage::encode() const {
    Writer w;
    w.u16(static_cast<std::uint16_t>((u ? 0x8000 : 0) | (type & 0x7FFF)));
    auto at = w.begin_length16();
    w.u32(id);
    w.bytes(body);
    w.end_length16(at);
    return w.take();
}

Result<Message> decode_message(ByteView bytes) {
    auto h = read_message_header(bytes);
    if (!h) {
        return std::move(h).error();
    }
    switch (h->type) {
    case Notification::type: return widen(Notification::decode(bytes));
    case Hello::type: return widen(Hello::decode(bytes));
    case Initialization::type: return widen(Initialization::decode(bytes));
    case KeepAlive::type: return widen(KeepAlive::decode(bytes));
    case Capability::type: return widen(Capability::decode(bytes));
    case Address::type: return widen(Address::decode(bytes));
    case AddressWithdraw::type: return widen(AddressWithdraw::decode(bytes));
    case LabelMapping::type: return widen(LabelMapping::decode(bytes));
    case LabelRequest::type: return widen(LabelRequest::decode(bytes));
    case LabelWithdraw::type: return widen(LabelWithdraw::decode(bytes));
    case LabelRelease::type: return widen(LabelRelease::decode(bytes));
    case LabelAbortRequest::type: return widen(LabelAbortRequest::decode(bytes));
    default:
        break;
    }
    if (!h->u) {
        // RFC 5036 3.5.1.2.1: unknown type with U = 0 is signalled with Unknown Message Type.
        return in_message(*h, make_error(Status::unknown_message_type, "Message Type",
                                         message_name(h->type) + " is unknown and its U bit is clear"));
    }
    ByteView body = bytes.subspan(8);
    return Message{UnknownMessage{h->u, h->type, h->id, Bytes(body.begin(), body.end())}};
}

Bytes encode_message(const Message& message) {
    return std::visit([](const auto& m) { return m.encode(); }, message);
}

std::uint16_t message_type_of(const Message& message) {
    return std::visit(
        [](const auto& m) -> std::uint16_t {
            using M = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<M, UnknownMessage>) {
                return m.type;
            } else {
                return M::type;
            }
        },
        message);
}

std::uint32_t message_id_of(const Message& message) {
    return std::visit([](const auto& m) { return m.id; }, message);
}

Result<DecodedPdu> decode_pdu(ByteView pdu, std::uint16_t max_pdu_length) {
    auto raw = split_pdu(pdu, max_pdu_length);
    if (!raw) {
        return std::move(raw).error();
    }
    DecodedPdu out{raw->header, {}};
    out.messages.reserve(raw->messages.size() + 1);
    for (ByteView m : raw->messages) {
        out.messages.push_back(PduEntry{m, decode_message(m)});
    }
    if (raw->framing_error) {
        DecodeError e = *raw->framing_error;
        // A broken Hello is discovery traffic: dropped silently like any other bad Hello.
        if (e.message_type == msg_type::hello) {
            e.ignore = true;
        }
        out.messages.push_back(PduEntry{raw->unframed, std::move(e)});
    }
    return out;
}

Bytes encode_pdu(const PduHeader& header, const std::vector<Message>& messages) {
    std::vector<Bytes> encoded;
    encoded.reserve(messages.size());
    for (const auto& m : messages) {
        encoded.push_back(encode_message(m));
    }
    return encode_pdu(header, encoded);
}

std::optional<Notification> notification_for(const DecodeError& error) {
    if (error.ignore) {
        return std::nullopt;
    }
    Notification n;
    n.status.e = error.fatal();
    n.status.forward = false;
    n.status.code = static_cast<std::uint32_t>(error.status);
    n.status.message_id = error.message_id;
    n.status.message_type = error.message_type;
    return n;
}

}  // namespace ldpsync::ldp
