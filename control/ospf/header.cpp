#include "header.hpp"

#include <algorithm>
#include <limits>

#include "checksum.hpp"

namespace ldpsync::ospf {

std::string_view to_string(PacketType t) {
    switch (t) {
    case PacketType::hello: return "hello";
    case PacketType::db_description: return "db-description";
    case PacketType::ls_request: return "ls-request";
    case PacketType::ls_update: return "ls-update";
    case PacketType::ls_ack: return "ls-ack";
    }
    return "unknown";
}

std::string_view to_string(AuType a) {
    switch (a) {
    case AuType::null: return "null";
    case AuType::simple: return "simple";
    case AuType::cryptographic: return "cryptographic";
    }
    return "unknown";
}

CryptoAuth Header::crypto() const {
    CryptoAuth c;
    c.key_id = static_cast<std::uint8_t>(auth[2]);
    c.auth_data_len = static_cast<std::uint8_t>(auth[3]);
    c.sequence = (std::uint32_t{static_cast<std::uint8_t>(auth[4])} << 24) |
                 (std::uint32_t{static_cast<std::uint8_t>(auth[5])} << 16) |
                 (std::uint32_t{static_cast<std::uint8_t>(auth[6])} << 8) |
                 std::uint32_t{static_cast<std::uint8_t>(auth[7])};
    return c;
}

void Header::set_crypto(const CryptoAuth& c) {
    autype = AuType::cryptographic;
    auth = {std::byte{0},
            std::byte{0},
            std::byte{c.key_id},
            std::byte{c.auth_data_len},
            std::byte{static_cast<std::uint8_t>(c.sequence >> 24)},
            std::byte{static_cast<std::uint8_t>(c.sequence >> 16)},
            std::byte{static_cast<std::uint8_t>(c.sequence >> 8)},
            std::byte{static_cast<std::uint8_t>(c.sequence)}};
}

std::string Header::simple_password() const {
    std::string out;
    for (std::byte b : auth) {
        if (b == std::byte{0}) {
            break;
        }
        out += static_cast<char>(b);
    }
    return out;
}

void Header::set_simple_password(std::string_view password) {
    autype = AuType::simple;
    auth = {};
    for (std::size_t i = 0; i < auth.size() && i < password.size(); ++i) {
        auth[i] = static_cast<std::byte>(password[i]);
    }
}

ByteView HeaderView::digest() const {
    const std::size_t n = header.crypto().auth_data_len;
    return trailer.first(std::min(n, trailer.size()));
}

DecodeResult<HeaderView> HeaderView::decode(ByteView data, const DecodeOptions& options) {
    Reader r(data);
    LDPSYNC_OSPF_TRY(version, r.u8(Field::version));
    if (version != kOspfVersion) {
        return decode_error(Reason::bad_version, Field::version, 0, version);
    }
    LDPSYNC_OSPF_TRY(type, r.u8(Field::packet_type));
    if (type < 1 || type > 5) {
        return decode_error(Reason::bad_type, Field::packet_type, 1, type);
    }
    LDPSYNC_OSPF_TRY(length, r.u16(Field::packet_length));
    LDPSYNC_OSPF_TRY(router_id, r.u32(Field::router_id));
    LDPSYNC_OSPF_TRY(area_id, r.u32(Field::area_id));
    LDPSYNC_OSPF_TRY(checksum, r.u16(Field::checksum));
    LDPSYNC_OSPF_TRY(autype, r.u16(Field::autype));
    LDPSYNC_OSPF_TRY(auth, r.bytes(kPacketAuthSize, Field::authentication));
    if (length < kHeaderSize) {
        return decode_error(Reason::bad_length, Field::packet_length, 2, length);
    }
    if (length > data.size()) {
        return decode_error(Reason::length_exceeds_buffer, Field::packet_length, 2, length);
    }
    if (autype > 2) {
        return decode_error(Reason::bad_autype, Field::autype, 14, autype);
    }

    HeaderView v;
    v.header.type = static_cast<PacketType>(type);
    v.header.length = length;
    v.header.router_id = router_id;
    v.header.area_id = area_id;
    v.header.checksum = checksum;
    v.header.autype = static_cast<AuType>(autype);
    std::copy(auth.begin(), auth.end(), v.header.auth.begin());
    v.packet = data.first(length);
    v.body = data.subspan(kHeaderSize, length - kHeaderSize);
    v.trailer = data.subspan(length);

    if (v.header.autype == AuType::cryptographic) {
        // D.4.3: no checksum; the digest must have arrived after the packet.
        const std::size_t need = v.header.crypto().auth_data_len;
        if (v.trailer.size() < need) {
            return decode_error(Reason::missing_digest, Field::crypto_digest, length, static_cast<std::uint32_t>(need));
        }
    } else if (options.verify_packet_checksum && !packet_checksum_ok(v.packet)) {
        return decode_error(Reason::bad_checksum, Field::checksum, kPacketChecksumOffset, checksum);
    }
    return v;
}

void encode_header(Writer& w, const Header& h) {
    w.u8(kOspfVersion);
    w.u8(static_cast<std::uint8_t>(h.type));
    w.u16(0);  // length placeholder
    w.u32(h.router_id);
    w.u32(h.area_id);
    w.u16(0);  // checksum placeholder
    w.u16(static_cast<std::uint16_t>(h.autype));
    w.bytes(h.auth);
}

EncodeResult<Ok> finish_packet(Writer& w, std::size_t start, const Header& h, ByteView trailer, ChecksumMode mode) {
    const std::size_t length = w.size() - start;
    if (length > std::numeric_limits<std::uint16_t>::max()) {
        return Unexpected{EncodeError::packet_too_long};
    }
    w.patch_u16(start + 2, static_cast<std::uint16_t>(length));
    std::uint16_t checksum = h.checksum;
    if (mode == ChecksumMode::compute) {
        checksum = h.autype == AuType::cryptographic
                       ? std::uint16_t{0}
                       : packet_checksum(ByteView(w.buffer()).subspan(start, length));
    }
    w.patch_u16(start + kPacketChecksumOffset, checksum);
    w.bytes(trailer);
    return Ok{};
}

std::string to_string(const Header& h) {
    std::string out = std::string(to_string(h.type)) + " len " + std::to_string(h.length) + " rid " +
                      format_ipv4(h.router_id) + " area " + format_ipv4(h.area_id) + " cksum " +
                      format_hex(h.checksum, 4) + " auth " + std::string(to_string(h.autype));
    if (h.autype == AuType::cryptographic) {
        const CryptoAuth c = h.crypto();
        out += " key " + std::to_string(c.key_id) + " seq " + std::to_string(c.sequence);
    }
    return out;
}

}  // namespace ldpsync::ospf
