#pragma once
// ECMP flow hash. MPLS: every label of the stack down to the bottom (at most 8), plus the
// IPv4 addresses and ports under it when the payload looks like IPv4 (the usual LSR
// "label stack + inner header" hash); IPv4: the 5-tuple. Packets of one flow always take
// the same member, so they stay in order.

#include <cstddef>
#include <cstdint>

#include "bytes.hpp"

namespace ldpsync::dp {

constexpr std::uint64_t hash_mix(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

// IPv4 header at ip with len bytes readable from ip.
inline std::uint64_t hash_ipv4(const std::uint8_t* ip, std::size_t len, std::uint64_t seed) {
    if (len < 20) {
        return hash_mix(seed);
    }
    std::uint64_t h = seed ^ (std::uint64_t{load_be32(ip + 12)} << 32 | load_be32(ip + 16));
    const std::uint8_t proto = ip[9];
    const std::size_t ihl = std::size_t{ip[0] & 0x0fu} * 4;
    const bool first_fragment = (load_be16(ip + 6) & 0x1fffu) == 0;
    h = hash_mix(h ^ proto);
    if ((proto == 6 || proto == 17) && first_fragment && len >= ihl + 4) {
        h = hash_mix(h ^ load_be32(ip + ihl));
    }
    return h;
}

// Label stack at stack with len bytes readable.
inline std::uint64_t hash_mpls(const std::uint8_t* stack, std::size_t len) {
    std::uint64_t h = 0x9e3779b97f4a7c15ull;
    std::size_t off = 0;
    for (int i = 0; i < 8 && off + 4 <= len; ++i, off += 4) {
        const std::uint32_t lse = load_be32(stack + off);
        h = hash_mix(h ^ (lse >> 12));
        if (lse & 0x100u) {
            off += 4;
            if (off < len && (stack[off] >> 4) == 4) {
                return hash_ipv4(stack + off, len - off, h);
            }
            return h;
        }
    }
    return h;
}

}  // namespace ldpsync::dp
