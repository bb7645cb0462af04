#pragma once
// The two OSPFv2 checksums.
//
// Packet checksum (RFC 2328 A.3.1, D.4.1, D.4.2): the 16-bit one's complement of the one's
// complement sum of the whole packet, header included, but leaving out the 64-bit
// Authentication field (bytes 16..23). Not computed for cryptographic authentication (D.4.3).
//
// LSA checksum (RFC 2328 12.1.7, computed as in RFC 905 Annex B / ISO 8473): a Fletcher
// checksum over the whole LSA except LS age (the first two bytes), stored at LSA offset 16.

#include <cstddef>
#include <cstdint>
#include <span>

namespace ldpsync::ospf {

inline constexpr std::size_t kPacketChecksumOffset = 12;
inline constexpr std::size_t kPacketAuthOffset = 16;
inline constexpr std::size_t kPacketAuthSize = 8;
inline constexpr std::size_t kLsaChecksumOffset = 16;

// One's complement sum folded to 16 bits and complemented (RFC 1071). An odd trailing byte is
// padded with zero.
std::uint16_t internet_checksum(std::span<const std::byte> data);

// The checksum to store in a packet: computed over `packet` with bytes 16..23 left out and
// with the checksum field (bytes 12..13) taken as zero whatever it holds.
std::uint16_t packet_checksum(std::span<const std::byte> packet);
// True when the packet's stored checksum verifies (sum over the packet minus the auth field,
// checksum included, is 0xFFFF).
bool packet_checksum_ok(std::span<const std::byte> packet);

// The Fletcher checksum to store at offset 16 of `lsa` (a whole LSA, header included), with
// the age field left out and the checksum field taken as zero. `lsa` must be >= 18 bytes.
std::uint16_t lsa_checksum(std::span<const std::byte> lsa);
// True when the LSA's stored checksum verifies (both Fletcher sums over bytes 2.. are zero).
bool lsa_checksum_ok(std::span<const std::byte> lsa);

}  // namespace ldpsync::ospf
