#include "checksum.hpp"

#include <algorithm>

namespace ldpsync::ospf {

namespace {

std::uint32_t sum16(std::span<const std::byte> data, std::uint32_t acc) {
    std::size_t i = 0;
    for (; i + 1 < data.size(); i += 2) {
        acc += (static_cast<std::uint32_t>(data[i]) << 8) | static_cast<std::uint32_t>(data[i + 1]);
        acc = (acc & 0xFFFFu) + (acc >> 16);
    }
    if (i < data.size()) {
        acc += static_cast<std::uint32_t>(data[i]) << 8;
        acc = (acc & 0xFFFFu) + (acc >> 16);
    }
    return acc;
}

std::uint16_t fold(std::uint32_t acc) {
    while (acc >> 16) {
        acc = (acc & 0xFFFFu) + (acc >> 16);
    }
    return static_cast<std::uint16_t>(acc);
}

// Sum of the packet minus the auth field; the checksum field counted only if `with_checksum`.
std::uint32_t packet_sum(std::span<const std::byte> packet, bool with_checksum) {
    std::uint32_t acc = 0;
    const std::size_t n = packet.size();
    const std::size_t cks_end = kPacketChecksumOffset + 2;
    const std::size_t auth_end = kPacketAuthOffset + kPacketAuthSize;
    acc = sum16(packet.first(std::min(n, kPacketChecksumOffset)), acc);
    if (n > kPacketChecksumOffset && with_checksum) {
        acc = sum16(packet.subspan(kPacketChecksumOffset, std::min(n, cks_end) - kPacketChecksumOffset), acc);
    }
    if (n > cks_end) {
        acc = sum16(packet.subspan(cks_end, std::min(n, kPacketAuthOffset) - cks_end), acc);
    }
    if (n > auth_end) {
        acc = sum16(packet.subspan(auth_end), acc);
    }
    return acc;
}

}  // namespace

std::uint16_t internet_checksum(std::span<const std::byte> data) {
    return static_cast<std::uint16_t>(~fold(sum16(data, 0)));
}

std::uint16_t packet_checksum(std::span<const std::byte> packet) {
    return static_cast<std::uint16_t>(~fold(packet_sum(packet, false)));
}

bool packet_checksum_ok(std::span<const std::byte> packet) {
    return fold(packet_sum(packet, true)) == 0xFFFFu;
}

namespace {

// Fletcher sums (mod 255) over lsa[2..], with the checksum bytes replaced by zero unless
// `with_checksum`.
void fletcher(std::span<const std::byte> lsa, bool with_checksum, std::int64_t& c0, std::int64_t& c1) {
    c0 = 0;
    c1 = 0;
    for (std::size_t i = 2; i < lsa.size(); ++i) {
        std::int64_t b = static_cast<std::int64_t>(lsa[i]);
        if (!with_checksum && (i == kLsaChecksumOffset || i == kLsaChecksumOffset + 1)) {
            b = 0;
        }
        c0 = (c0 + b) % 255;
        c1 = (c1 + c0) % 255;
    }
}

}  // namespace

std::uint16_t lsa_checksum(std::span<const std::byte> lsa) {
    if (lsa.size() < kLsaChecksumOffset + 2) {
        return 0;
    }
    std::int64_t c0 = 0;
    std::int64_t c1 = 0;
    fletcher(lsa, false, c0, c1);
    // RFC 905 Annex B.4: with n the checksummed length and k the 1-based position of the first
    // checksum octet, X = (n - k) * C0 - C1 and Y = C1 - (n - k + 1) * C0, both mod 255, with 0
    // represented as 255. Here the checksummed data starts at LSA byte 2, so k = 15.
    const auto n = static_cast<std::int64_t>(lsa.size() - 2);
    const std::int64_t k = static_cast<std::int64_t>(kLsaChecksumOffset - 2) + 1;
    std::int64_t x = ((n - k) * c0 - c1) % 255;
    if (x <= 0) {
        x += 255;
    }
    std::int64_t y = 510 - c0 - x;
    if (y > 255) {
        y -= 255;
    }
    return static_cast<std::uint16_t>((x << 8) | y);
}

bool lsa_checksum_ok(std::span<const std::byte> lsa) {
    if (lsa.size() < kLsaChecksumOffset + 2) {
        return false;
    }
    std::int64_t c0 = 0;
    std::int64_t c1 = 0;
    fletcher(lsa, true, c0, c1);
    return c0 == 0 && c1 == 0;
}

}  // namespace ldpsync::ospf
