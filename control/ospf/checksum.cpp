#include "checksum.hpp"

#include "codec/fletcher.hpp"

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

std::uint16_t lsa_checksum(std::span<const std::byte> lsa) {
    // The checksum covers the LSA from byte 2 (LS age is left out); its octets sit at 16.
    if (lsa.size() < kLsaChecksumOffset + 2) return 0;
    return codec::fletcher_checksum(lsa.subspan(2), kLsaChecksumOffset - 2);
}

bool lsa_checksum_ok(std::span<const std::byte> lsa) {
    if (lsa.size() < kLsaChecksumOffset + 2) return false;
    return codec::fletcher_ok(lsa.subspan(2));
}

}  // namespace ldpsync::ospf
