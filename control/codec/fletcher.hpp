#pragma once
// The ISO 8473 / RFC 905 Annex B Fletcher checksum that OSPF LSAs (RFC 2328 12.1.7) and IS-IS
// LSPs (ISO 10589 7.3.11) carry inside the data they protect. Each protocol passes the region
// it covers (OSPF: the LSA from byte 2; IS-IS: the LSP from the LSP ID) and where in that
// region the two checksum octets sit.

#include <cstddef>
#include <cstdint>
#include <span>

namespace ldpsync::codec {

namespace detail {
// The two Fletcher sums mod 255 over `region`, the checksum octets at `skip` taken as zero
// unless skip is past the end.
inline void fletcher_sums(std::span<const std::byte> region, std::size_t skip, std::int64_t& c0, std::int64_t& c1) {
    c0 = 0;
    c1 = 0;
    for (std::size_t i = 0; i < region.size(); ++i) {
        const std::int64_t b = (i == skip || i == skip + 1) ? 0 : static_cast<std::int64_t>(region[i]);
        c0 = (c0 + b) % 255;
        c1 = (c1 + c0) % 255;
    }
}
}  // namespace detail

// The checksum to store at `pos` (0-based) of `region`; 0 when the region cannot hold it.
inline std::uint16_t fletcher_checksum(std::span<const std::byte> region, std::size_t pos) {
    if (region.size() < pos + 2) return 0;
    std::int64_t c0 = 0;
    std::int64_t c1 = 0;
    detail::fletcher_sums(region, pos, c0, c1);
    // Annex B.4: with n the region's length and k the 1-based position of the first checksum
    // octet, X = (n - k) * C0 - C1 and Y = C1 - (n - k + 1) * C0, both mod 255, 0 written as
    // 255.
    const auto n = static_cast<std::int64_t>(region.size());
    const auto k = static_cast<std::int64_t>(pos) + 1;
    std::int64_t x = ((n - k) * c0 - c1) % 255;
    if (x <= 0) x += 255;
    std::int64_t y = 510 - c0 - x;
    if (y > 255) y -= 255;
    return static_cast<std::uint16_t>((x << 8) | y);
}

// True when the checksum stored in `region` verifies (both sums over the region are zero).
inline bool fletcher_ok(std::span<const std::byte> region) {
    std::int64_t c0 = 0;
    std::int64_t c1 = 0;
    detail::fletcher_sums(region, region.size(), c0, c1);
    return c0 == 0 && c1 == 0;
}

}  // namespace ldpsync::codec
