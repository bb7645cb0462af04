#include "pdu.hpp"

#include <string>

namespace ldpsync::ldp {

namespace {

// Reads and checks the 10-octet header. RFC 5036 3.5.1.2.1: a bad version or a PDU length out
// of range is fatal.
Result<PduHeader> read_header(Reader& r, std::uint16_t max_pdu_length) {
    if (r.remaining() < 4) {
        return make_error(Status::bad_pdu_length, "PDU header",
                          std::to_string(r.remaining()) + " octets, the PDU header needs 10");
    }
    PduHeader h;
    h.version = *r.u16();
    h.length = *r.u16();
    if (h.version != kLdpVersion) {
        return make_error(Status::bad_protocol_version, "Version",
                          "version " + std::to_string(h.version) + ", only 1 is supported");
    }
    if (h.length < kMinPduLength || h.length > max_pdu_length) {
        return make_error(Status::bad_pdu_length, "PDU Length",
                          "PDU length " + std::to_string(h.length) + " outside [" + std::to_string(kMinPduLength) +
                              ", " + std::to_string(max_pdu_length) + "]");
    }
    return h;
}

}  // namespace

Result<std::size_t> frame_pdu(ByteView stream, std::uint16_t max_pdu_length) {
    if (stream.size() < 4) {
        return std::size_t{0};
    }
    Reader r(stream);
    auto h = read_header(r, max_pdu_length);
    if (!h) {
        return std::move(h).error();
    }
    const std::size_t total = std::size_t{h->length} + 4;
    return stream.size() >= total ? total : std::size_t{0};
}

Result<RawPdu> split_pdu(ByteView pdu, std::uint16_t max_pdu_length) {
    Reader r(pdu);
    auto h = read_header(r, max_pdu_length);
    if (!h) {
        return std::move(h).error();
    }
    if (std::size_t{h->length} != r.remaining()) {
        return make_error(Status::bad_pdu_length, "PDU Length",
                          "PDU length " + std::to_string(h->length) + " but " +
                              std::to_string(r.remaining()) + " octets follow the length field");
    }
    RawPdu out;
    out.header = *h;
    out.header.lsr_id = *r.u32();  // length >= 14 guarantees these are present
    out.header.label_space = *r.u16();
    while (!r.empty()) {
        ByteView rest = r.rest();
        if (r.remaining() < 8) {
            out.framing_error = make_error(Status::bad_message_length, "Message header",
                                           std::to_string(r.remaining()) +
                                               " octets left in the PDU, a message needs at least 8");
            out.unframed = rest;
            break;
        }
        Reader peek(rest);
        const std::uint16_t type = *peek.u16();
        const std::uint16_t length = *peek.u16();
        const std::uint32_t id = *peek.u32();
        if (length < 4 || std::size_t{length} + 4 > rest.size()) {
            // RFC 5036 3.5.1.2.1: too large (past the PDU) or too small is Bad Message Length.
            DecodeError e = make_error(Status::bad_message_length, "Message Length",
                                       "message length " + std::to_string(length) + " with " +
                                           std::to_string(rest.size() - 4) + " octets left in the PDU");
            e.message_type = type & 0x7FFF;
            e.message_id = id;
            out.framing_error = std::move(e);
            out.unframed = rest;
            break;
        }
        out.messages.push_back(*r.bytes(std::size_t{length} + 4));
    }
    return out;
}

std::optional<DecodeError> check_ldp_identifier(const PduHeader& header, std::uint32_t peer_lsr_id,
                                                std::uint16_t peer_label_space) {
    if (header.lsr_id == peer_lsr_id && header.label_space == peer_label_space) {
        return std::nullopt;
    }
    return make_error(Status::bad_ldp_identifier, "LDP Identifier",
                      "PDU from LSR id " + std::to_string(header.lsr_id) + " label space " +
                          std::to_string(header.label_space) + " is not the session peer's");
}

Bytes encode_pdu(const PduHeader& header, const std::vector<Bytes>& messages) {
    Writer w;
    w.u16(header.version);
    auto at = w.begin_length16();
    w.u32(header.lsr_id);
    w.u16(header.label_space);
    for (const auto& m : messages) {
        w.bytes(m);
    }
    w.end_length16(at);
    return w.take();
}

}  // namespace ldpsync::ldp
