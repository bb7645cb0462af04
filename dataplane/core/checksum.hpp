#pragma once
// IPv4 header checksum (RFC 791) and its incremental update (RFC 1624, eqn. 3), used when
// a TTL changes: one 16-bit word changes, so the sum is patched rather than recomputed.

#include <cstddef>
#include <cstdint>

#include "bytes.hpp"

namespace ldpsync::dp {

inline std::uint16_t ipv4_checksum(const std::uint8_t* header, std::size_t len) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < len; i += 2) {
        sum += load_be16(header + i);
    }
    while (sum >> 16) {
        sum = (sum & 0xffffu) + (sum >> 16);
    }
    return static_cast<std::uint16_t>(~sum);
}

// HC' = ~(~HC + ~m + m')  (RFC 1624 eqn. 3), with m/m' the old/new 16-bit word.
inline std::uint16_t checksum_update16(std::uint16_t old_csum, std::uint16_t old_word, std::uint16_t new_word) {
    std::uint32_t sum = static_cast<std::uint16_t>(~old_csum);
    sum += static_cast<std::uint16_t>(~old_word);
    sum += new_word;
    sum = (sum & 0xffffu) + (sum >> 16);
    sum = (sum & 0xffffu) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

// Sets the TTL of the IPv4 header at ip and patches its checksum.
inline void ipv4_set_ttl(std::uint8_t* ip, std::uint8_t ttl) {
    const std::uint16_t old_word = load_be16(ip + 8);  // TTL | protocol
    const std::uint16_t new_word = static_cast<std::uint16_t>((ttl << 8) | ip[9]);
    ip[8] = ttl;
    store_be16(ip + 10, checksum_update16(load_be16(ip + 10), old_word, new_word));
}

}  // namespace ldpsync::dp
