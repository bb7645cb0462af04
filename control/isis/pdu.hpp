#pragma once
// Any IS-IS PDU, decoded by its type; and the 802.3/LLC framing IS-IS runs over on Ethernet
// (ISO 10589 8.4.8: DSAP and SSAP 0xFE, UI frames, to AllL1ISs / AllL2ISs, or AllISs on a
// point-to-point circuit, as FRR and IOS send them).

#include <optional>
#include <variant>

#include "hello.hpp"
#include "lsp.hpp"
#include "snp.hpp"

namespace ldpsync::isis {

using Pdu = std::variant<P2pHello, LanHello, Lsp, Csnp, Psnp>;

// The PDU type decides the message; every field is checked (errors.hpp).
DecodeResult<Pdu> decode_pdu(ByteView pdu);
Bytes encode_pdu(const Pdu& pdu);

inline constexpr MacAddress kAllL1Iss{0x01, 0x80, 0xc2, 0x00, 0x00, 0x14};
inline constexpr MacAddress kAllL2Iss{0x01, 0x80, 0xc2, 0x00, 0x00, 0x15};
inline constexpr MacAddress kAllIss{0x09, 0x00, 0x2b, 0x00, 0x00, 0x05};
inline constexpr std::size_t kLlcHeaderSize = 3;
inline constexpr std::size_t kEthernetHeaderSize = 14;
// The largest PDU an Ethernet frame of 1514 bytes carries: 1500 - the LLC header (what FRR
// pads its Hellos to, ISO 10589 8.4.2.3's dataLinkBlocksize).
inline constexpr std::size_t kMaxPduSize = 1497;

struct Frame {
    MacAddress destination{};
    MacAddress source{};
    ByteView pdu;  // into the frame; the 802.3 length decides where it ends (not the padding)
};

// An 802.3 frame with LLC FE FE 03: the PDU inside; nothing for any other frame.
std::optional<Frame> parse_frame(ByteView frame);
Bytes build_frame(const MacAddress& destination, const MacAddress& source, ByteView pdu);

}  // namespace ldpsync::isis
