#pragma once
// The 20-byte LSA header (RFC 2328 A.4.1), shared by every LSA and carried alone in Database
// Description and Link State Acknowledgment packets.
//
//   0-1   LS age            2     Options           3     LS type
//   4-7   Link State ID     8-11  Advertising Router
//   12-15 LS sequence number
//   16-17 LS checksum       18-19 length (header included)

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cursor.hpp"

namespace ldpsync::ospf {

inline constexpr std::size_t lsa_header_size = 20;

// LS types (RFC 2328 A.4.1; 7 RFC 3101; 9-11 RFC 5250).
namespace lsa_type {
inline constexpr std::uint8_t router = 1;
inline constexpr std::uint8_t network = 2;
inline constexpr std::uint8_t summary_network = 3;
inline constexpr std::uint8_t summary_asbr = 4;
inline constexpr std::uint8_t as_external = 5;
inline constexpr std::uint8_t nssa = 7;
inline constexpr std::uint8_t opaque_link = 9;
inline constexpr std::uint8_t opaque_area = 10;
inline constexpr std::uint8_t opaque_as = 11;
}  // namespace lsa_type

// "router", "network", ..., "type-N" for unknown types.
std::string lsa_type_name(std::uint8_t type);

inline constexpr std::uint16_t max_age = 3600;                     // MaxAge, RFC 2328 B
inline constexpr std::uint32_t initial_sequence_number = 0x80000001;  // RFC 2328 12.1.6

struct LsaHeader {
    // Reads one header (20 bytes); checks only that the bytes are there and that length >= 20.
    static DecodeResult<LsaHeader> decode(Reader& r);
    // Entry point over a buffer that must hold exactly one header.
    static DecodeResult<LsaHeader> decode(ByteView data);

    std::uint16_t age = 0;
    std::uint8_t options = 0;
    std::uint8_t type = 0;
    std::uint32_t ls_id = 0;
    std::uint32_t adv_router = 0;
    std::uint32_t seq = 0;       // signed in the RFC's comparisons; kept as the wire bits
    std::uint16_t checksum = 0;
    std::uint16_t length = 0;    // whole LSA, header included

    bool operator==(const LsaHeader&) const = default;
};

void encode_lsa_header(Writer& w, const LsaHeader& h);

// "router 1.1.1.1 adv 1.1.1.1 seq 0x80000002 age 1 cksum 0x1234 len 28 opts E".
std::string to_string(const LsaHeader& h);

}  // namespace ldpsync::ospf
