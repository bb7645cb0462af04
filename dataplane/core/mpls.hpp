#pragma once
// MPLS label stack entries (RFC 3032 section 2.1):
//   | label (20) | TC (3) | S (1) | TTL (8) |

#include <cstdint>

namespace ldpsync::dp {

inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr std::uint16_t kEtherTypeArp = 0x0806;
inline constexpr std::uint16_t kEtherTypeIpv6 = 0x86dd;
inline constexpr std::uint16_t kEtherTypeMpls = 0x8847;
inline constexpr std::uint16_t kEtherTypeMplsMulticast = 0x8848;
inline constexpr std::uint16_t kEtherTypeVlan = 0x8100;
inline constexpr std::size_t kEthHeaderLen = 14;
inline constexpr std::size_t kLseLen = 4;

// Reserved label values, RFC 3032 section 2.1 (and RFC 7274 for the 0-15 range).
inline constexpr std::uint32_t kLabelIpv4ExplicitNull = 0;
inline constexpr std::uint32_t kLabelRouterAlert = 1;
inline constexpr std::uint32_t kLabelIpv6ExplicitNull = 2;
inline constexpr std::uint32_t kLabelImplicitNull = 3;
inline constexpr std::uint32_t kFirstUnreservedLabel = 16;
inline constexpr std::uint32_t kLabelCount = 1u << 20;

struct Lse {
    std::uint32_t label;
    std::uint8_t tc;
    bool bos;
    std::uint8_t ttl;
};

constexpr std::uint32_t lse_encode(std::uint32_t label, std::uint8_t tc, bool bos, std::uint8_t ttl) {
    return (label << 12) | (std::uint32_t{tc & 7u} << 9) | (std::uint32_t{bos} << 8) | ttl;
}
constexpr Lse lse_decode(std::uint32_t word) {
    return Lse{word >> 12, static_cast<std::uint8_t>((word >> 9) & 7u), ((word >> 8) & 1u) != 0,
               static_cast<std::uint8_t>(word & 0xffu)};
}

}  // namespace ldpsync::dp
