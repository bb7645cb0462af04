#include "header.hpp"

namespace ldpsync::isis {

std::uint8_t header_length_of(std::uint8_t type) {
    switch (type) {
    case pdu_type::p2p_iih: return header_length::p2p_iih;
    case pdu_type::lan_iih_l1:
    case pdu_type::lan_iih_l2: return header_length::lan_iih;
    case pdu_type::lsp_l1:
    case pdu_type::lsp_l2: return header_length::lsp;
    case pdu_type::csnp_l1:
    case pdu_type::csnp_l2: return header_length::csnp;
    case pdu_type::psnp_l1:
    case pdu_type::psnp_l2: return header_length::psnp;
    default: return 0;
    }
}

DecodeResult<Header> Header::decode(Reader& in) {
    const std::size_t at = in.offset();
    auto raw = in.bytes(kCommonHeaderSize, "common header");
    if (!raw) return codec::Unexpected{raw.error()};
    auto b = [&](std::size_t i) { return std::to_integer<std::uint8_t>((*raw)[i]); };
    if (b(0) != kIrpd) return decode_error(Reason::bad_irpd, "irpd", at);
    if (b(2) != 1) return decode_error(Reason::bad_version, "version/protocol id extension", at + 2);
    if (b(3) != 0 && b(3) != kSystemIdLength) return decode_error(Reason::bad_id_length, "id length", at + 3);
    Header h;
    h.pdu_type = b(4) & 0x1f;  // the top three bits are reserved (9.5)
    h.id_length = b(3);
    h.max_areas = b(7);
    const std::uint8_t expected = header_length_of(h.pdu_type);
    if (expected == 0) return decode_error(Reason::bad_pdu_type, "pdu type", at + 4);
    if (b(5) != 1) return decode_error(Reason::bad_version, "version", at + 5);
    if (h.max_areas != 0 && h.max_areas != 3)
        return decode_error(Reason::bad_max_areas, "maximum area addresses", at + 7);
    if (b(1) != expected) return decode_error(Reason::bad_header_length, "length indicator", at + 1);
    return h;
}

void Header::encode(Writer& out) const {
    out.u8(kIrpd);
    out.u8(header_length_of(pdu_type));
    out.u8(1);
    out.u8(id_length);
    out.u8(pdu_type);
    out.u8(1);
    out.u8(0);
    out.u8(max_areas);
}

DecodeResult<Reader> tlv_area(ByteView pdu, std::uint16_t pdu_length, std::uint8_t header_length,
                              std::size_t length_offset) {
    if (pdu_length < header_length || pdu_length > pdu.size()) {
        return decode_error(Reason::bad_pdu_length, "pdu length", length_offset);
    }
    return Reader(pdu.subspan(header_length, pdu_length - header_length), header_length);
}

}  // namespace ldpsync::isis
