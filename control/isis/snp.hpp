#pragma once
// The sequence number PDUs of level 1 or 2: the complete one that describes a whole range of
// the database (CSNP, ISO 10589 9.10, 9.11) and the partial one that acknowledges or requests
// LSPs (PSNP, 9.12, 9.13). csnp.cpp and psnp.cpp.

#include <cstdint>

#include "header.hpp"
#include "tlv.hpp"

namespace ldpsync::isis {

inline constexpr LspId kFirstLspId{};
inline constexpr LspId kLastLspId{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 0xff, 0xff};

struct Csnp {
    Header header{pdu_type::csnp_l2};
    NodeId source;  // system id and circuit id 0 (9.10)
    LspId start = kFirstLspId;
    LspId end = kLastLspId;
    Tlvs tlvs;
    bool operator==(const Csnp&) const = default;

    Level level() const { return header.pdu_type == pdu_type::csnp_l1 ? Level::l1 : Level::l2; }
    static DecodeResult<Csnp> decode(ByteView pdu);
    Bytes encode() const;
};

struct Psnp {
    Header header{pdu_type::psnp_l2};
    NodeId source;
    Tlvs tlvs;
    bool operator==(const Psnp&) const = default;

    Level level() const { return header.pdu_type == pdu_type::psnp_l1 ? Level::l1 : Level::l2; }
    static DecodeResult<Psnp> decode(ByteView pdu);
    Bytes encode() const;
};

// Every LSP entry of the SNP's TLV 9s, in order.
std::vector<LspEntry> lsp_entries(const Tlvs& tlvs);

}  // namespace ldpsync::isis
