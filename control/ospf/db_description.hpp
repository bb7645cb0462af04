#pragma once
// Database Description packet body (RFC 2328 A.3.3), after the 24-byte header:
//
//   0-1   Interface MTU     2     Options           3     0 0 0 0 0 I M MS
//   4-7   DD sequence number
//   8..   LSA headers (20 bytes each, to the end of the packet)

#include <cstdint>
#include <string>
#include <vector>

#include "cursor.hpp"
#include "lsa_header.hpp"

namespace ldpsync::ospf {

inline constexpr std::size_t kDdFixedSize = 8;

namespace dd_flags {
inline constexpr std::uint8_t ms = 0x01;  // master
inline constexpr std::uint8_t m = 0x02;   // more
inline constexpr std::uint8_t i = 0x04;   // init
}  // namespace dd_flags

struct DbDescription {
    static DecodeResult<DbDescription> decode(Reader& body);
    static DecodeResult<DbDescription> decode(ByteView body, std::size_t base_offset = 24);

    std::uint16_t mtu = 0;
    std::uint8_t options = 0;
    std::uint8_t flags = 0;  // the whole byte as received (upper bits: RFC 4811 R bit ...)
    std::uint32_t dd_sequence = 0;
    std::vector<LsaHeader> lsa_headers;

    bool init() const { return (flags & dd_flags::i) != 0; }
    bool more() const { return (flags & dd_flags::m) != 0; }
    bool master() const { return (flags & dd_flags::ms) != 0; }
    bool operator==(const DbDescription&) const = default;
};

void encode_db_description(Writer& w, const DbDescription& dd);
std::string to_string(const DbDescription& dd);

}  // namespace ldpsync::ospf
