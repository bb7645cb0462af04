#pragma once
// Hello packet body (RFC 2328 A.3.2), after the 24-byte header:
//
//   0-3   Network Mask
//   4-5   HelloInterval     6     Options           7     Rtr Pri
//   8-11  RouterDeadInterval
//   12-15 Designated Router 16-19 Backup Designated Router
//   20..  Neighbor (4 bytes each, to the end of the packet)

#include <cstdint>
#include <string>
#include <vector>

#include "cursor.hpp"

namespace ldpsync::ospf {

inline constexpr std::size_t kHelloFixedSize = 20;

struct Hello {
    // `body` is the packet after its header, up to the packet length.
    static DecodeResult<Hello> decode(Reader& body);
    // Entry point: `body` alone, offsets in errors counted from `base_offset` (24 in a packet).
    static DecodeResult<Hello> decode(ByteView body, std::size_t base_offset = 24);

    std::uint32_t network_mask = 0;
    std::uint16_t hello_interval = 10;
    std::uint8_t options = 0;
    std::uint8_t priority = 1;
    std::uint32_t dead_interval = 40;
    std::uint32_t dr = 0;
    std::uint32_t bdr = 0;
    std::vector<std::uint32_t> neighbors;
    bool operator==(const Hello&) const = default;
};

void encode_hello(Writer& w, const Hello& hello);
std::string to_string(const Hello& hello);

}  // namespace ldpsync::ospf
