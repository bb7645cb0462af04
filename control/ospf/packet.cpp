#include "packet.hpp"

namespace ldpsync::ospf {

PacketType packet_type_of(const PacketBody& body) {
    // The variant's alternatives are in packet type order (RFC 2328 A.3.1: types 1..5).
    return static_cast<PacketType>(body.index() + 1);
}

PacketType Packet::type() const { return packet_type_of(body); }

namespace {

template <class T>
DecodeResult<PacketBody> as_body(DecodeResult<T> r) {
    if (!r) {
        return Unexpected{r.error()};
    }
    return PacketBody{std::move(r).value()};
}

DecodeResult<PacketBody> decode_body(PacketType type, Reader& r, const DecodeOptions& options) {
    switch (type) {
    case PacketType::hello: return as_body(Hello::decode(r));
    case PacketType::db_description: return as_body(DbDescription::decode(r));
    case PacketType::ls_request: return as_body(LsRequest::decode(r));
    case PacketType::ls_update: return as_body(LsUpdate::decode(r, options));
    case PacketType::ls_ack: return as_body(LsAck::decode(r));
    }
    return decode_error(Reason::bad_type, Field::packet_type, 1, static_cast<std::uint32_t>(type));
}

}  // namespace

DecodeResult<Packet> Packet::decode(ByteView data, const DecodeOptions& options) {
    LDPSYNC_OSPF_TRY(view, HeaderView::decode(data, options));
    Reader r(view.body, kHeaderSize);
    LDPSYNC_OSPF_TRY(body, decode_body(view.header.type, r, options));
    return Packet{view.header, std::move(body), Bytes(view.trailer.begin(), view.trailer.end())};
}

EncodeResult<Bytes> encode_packet(const Packet& p, ChecksumMode mode) {
    Bytes out;
    Writer w(out);
    Header h = p.header;
    h.type = p.type();
    encode_header(w, h);
    switch (h.type) {
    case PacketType::hello: encode_hello(w, std::get<Hello>(p.body)); break;
    case PacketType::db_description: encode_db_description(w, std::get<DbDescription>(p.body)); break;
    case PacketType::ls_request: encode_ls_request(w, std::get<LsRequest>(p.body)); break;
    case PacketType::ls_update: {
        LDPSYNC_OSPF_TRY(done, encode_ls_update(w, std::get<LsUpdate>(p.body), mode));
        (void)done;
        break;
    }
    case PacketType::ls_ack: encode_ls_ack(w, std::get<LsAck>(p.body)); break;
    }
    LDPSYNC_OSPF_TRY(done, finish_packet(w, 0, h, p.trailer, mode));
    (void)done;
    return out;
}

std::string to_string(const Packet& p) {
    std::string out = to_string(p.header);
    if (!p.trailer.empty()) {
        out += " trailer " + std::to_string(p.trailer.size()) + " bytes";
    }
    out += "\n  ";
    std::string body = std::visit([](const auto& b) { return to_string(b); }, p.body);
    for (char c : body) {
        out += c;
        if (c == '\n') {
            out += "  ";
        }
    }
    return out;
}

}  // namespace ldpsync::ospf
