#pragma once
// Small shared vocabulary of the OSPFv2 codecs: codec options, the Options field bits, and
// dotted-quad formatting for debug text.

#include <cstdint>
#include <string>

namespace ldpsync::ospf {

// How encoders fill checksum fields. `compute` is what a router sends; `keep` writes the
// checksum carried in the struct, so that re-encoding a decoded packet reproduces it byte for
// byte (even one whose checksum was wrong and was decoded without verification).
enum class ChecksumMode : std::uint8_t { compute, keep };

struct DecodeOptions {
    bool verify_packet_checksum = true;  // RFC 2328 D.4.1/D.4.2; never for AuType 2 (D.4.3)
    bool verify_lsa_checksums = true;    // RFC 2328 13 (1): per LSA in LS Updates
};

// The Options field (RFC 2328 A.2; DC RFC 1793, O RFC 5250, DN RFC 4576, L RFC 5613).
namespace options {
inline constexpr std::uint8_t mt = 0x01;  // was T (TOS) in RFC 1583; MT in RFC 4915
inline constexpr std::uint8_t e = 0x02;
inline constexpr std::uint8_t mc = 0x04;
inline constexpr std::uint8_t np = 0x08;
inline constexpr std::uint8_t l = 0x10;
inline constexpr std::uint8_t dc = 0x20;
inline constexpr std::uint8_t o = 0x40;
inline constexpr std::uint8_t dn = 0x80;
}  // namespace options

// "10.0.12.1" for 0x0A000C01 (addresses and router ids are host-order integers).
std::string format_ipv4(std::uint32_t address);
// "E|O" style list of the set Options bits, "-" when none.
std::string format_options(std::uint8_t opts);
// "0x80000001" style.
std::string format_hex(std::uint32_t value, int digits);

}  // namespace ldpsync::ospf
