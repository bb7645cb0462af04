#pragma once
// The 24-byte OSPFv2 packet header (RFC 2328 A.3.1) and authentication (RFC 2328 D):
//
//   0     Version (2)       1     Type (1..5)       2-3   Packet length (header included)
//   4-7   Router ID         8-11  Area ID
//   12-13 Checksum          14-15 AuType (0 null, 1 simple password, 2 cryptographic)
//   16-23 Authentication
//
// AuType 2 (D.3): bytes 16-17 zero, 18 Key ID, 19 Auth Data Len, 20-23 cryptographic sequence
// number; the packet checksum is not computed (D.4.3) and the message digest follows the packet,
// outside the packet length. Bytes after the packet length (the digest, an LLS block) are the
// packet's trailer: kept as received and written back after the packet.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "cursor.hpp"
#include "types.hpp"

namespace ldpsync::ospf {

inline constexpr std::uint8_t kOspfVersion = 2;
inline constexpr std::size_t kHeaderSize = 24;

enum class PacketType : std::uint8_t {
    hello = 1,
    db_description = 2,
    ls_request = 3,
    ls_update = 4,
    ls_ack = 5,
};
std::string_view to_string(PacketType t);

enum class AuType : std::uint16_t {
    null = 0,
    simple = 1,
    cryptographic = 2,
};
std::string_view to_string(AuType a);

// The cryptographic authentication fields (RFC 2328 D.3, AuType 2) laid over bytes 16..23.
struct CryptoAuth {
    std::uint8_t key_id = 0;
    std::uint8_t auth_data_len = 16;  // 16 for MD5
    std::uint32_t sequence = 0;
    bool operator==(const CryptoAuth&) const = default;
};

struct Header {
    PacketType type = PacketType::hello;
    std::uint16_t length = 0;  // on encode, computed; kept here as decoded
    std::uint32_t router_id = 0;
    std::uint32_t area_id = 0;
    std::uint16_t checksum = 0;  // as decoded; on encode computed unless ChecksumMode::keep
    AuType autype = AuType::null;
    std::array<std::byte, 8> auth{};  // bytes 16..23 exactly as on the wire

    // AuType 2 view of `auth`.
    CryptoAuth crypto() const;
    void set_crypto(const CryptoAuth& c);
    // AuType 1: the password, up to 8 bytes, zero padded (RFC 2328 D.3).
    std::string simple_password() const;
    void set_simple_password(std::string_view password);

    bool operator==(const Header&) const = default;
};

// The result of checking a header against the bytes received.
struct HeaderView {
    // Checks, in the order of RFC 2328 8.2: 24 header bytes present (truncated), version 2
    // (bad_version), type 1..5 (bad_type), length >= 24 (bad_length) and <= buffer
    // (length_exceeds_buffer), AuType 0..2 (bad_autype), checksum for AuType 0/1 when
    // options.verify_packet_checksum (bad_checksum), AuType 2: trailer holds the digest
    // (missing_digest).
    static DecodeResult<HeaderView> decode(ByteView data, const DecodeOptions& options = {});

    Header header;
    ByteView packet;   // bytes 0 .. length (header included)
    ByteView body;     // bytes 24 .. length
    ByteView trailer;  // bytes after length (the AuType 2 digest, LLS data, ...)

    // AuType 2: the first auth_data_len bytes of the trailer (checked present by HeaderView::decode).
    ByteView digest() const;
};

// Appends the 24 header bytes with a zero length and checksum (placeholders for finish_packet).
void encode_header(Writer& w, const Header& h);
// Fills in the length (bytes from `start` to the end of the buffer) and the checksum of the
// packet that starts at `start`, then appends `trailer`. AuType 2 gets a zero checksum in
// compute mode (RFC 2328 D.4.3).
EncodeResult<Ok> finish_packet(Writer& w, std::size_t start, const Header& h, ByteView trailer, ChecksumMode mode);

std::string to_string(const Header& h);

}  // namespace ldpsync::ospf
