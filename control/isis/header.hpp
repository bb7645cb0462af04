#pragma once
// The eight bytes every IS-IS PDU starts with (ISO 10589 9.5-9.13): the discriminator, the
// header length, version and ID length, the PDU type, the maximum area addresses.

#include <cstdint>

#include "reader.hpp"

namespace ldpsync::isis {

inline constexpr std::uint8_t kIrpd = 0x83;  // intradomain routeing protocol discriminator
inline constexpr std::size_t kCommonHeaderSize = 8;

// The header length (length indicator) of each PDU type: the common header and the type's
// fixed fields.
namespace header_length {
inline constexpr std::uint8_t p2p_iih = 20;
inline constexpr std::uint8_t lan_iih = 27;
inline constexpr std::uint8_t lsp = 27;
inline constexpr std::uint8_t csnp = 33;
inline constexpr std::uint8_t psnp = 17;
}  // namespace header_length

struct Header {
    std::uint8_t pdu_type = 0;
    // As received, so that a PDU re-encodes byte for byte: 0 means 6 and 3 (9.5).
    std::uint8_t id_length = 0;
    std::uint8_t max_areas = 0;
    bool operator==(const Header&) const = default;

    // Checks the discriminator, versions, ID length and max areas, and that the length
    // indicator is the one of the PDU type (which must be known).
    static DecodeResult<Header> decode(Reader& in);
    void encode(Writer& out) const;
};

// The header length that goes with a PDU type; 0 for a type we do not know.
std::uint8_t header_length_of(std::uint8_t pdu_type);

// A reader over the TLVs: from the end of the fixed header to the PDU length (read at
// `length_offset`). The buffer may be longer (Ethernet padding) but not shorter.
DecodeResult<Reader> tlv_area(ByteView pdu, std::uint16_t pdu_length, std::uint8_t header_length,
                              std::size_t length_offset);

}  // namespace ldpsync::isis
