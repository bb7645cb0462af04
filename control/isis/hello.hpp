#pragma once
// The IS-IS Hellos: the point-to-point IIH (ISO 10589 9.7, with RFC 5303's three-way TLV) and
// the LAN IIH of level 1 or 2 (9.5, 9.6). p2p_hello.cpp and lan_hello.cpp.

#include <cstdint>

#include "header.hpp"
#include "tlv.hpp"

namespace ldpsync::isis {

struct P2pHello {
    Header header{pdu_type::p2p_iih};
    std::uint8_t circuit_type = circuit_type::l2;  // the levels the sender runs on the circuit
    SystemId source{};
    std::uint16_t holding_time = 0;  // seconds
    std::uint8_t local_circuit_id = 0;
    Tlvs tlvs;
    bool operator==(const P2pHello&) const = default;

    static DecodeResult<P2pHello> decode(ByteView pdu);
    Bytes encode() const;
};

struct LanHello {
    Header header{pdu_type::lan_iih_l2};
    std::uint8_t circuit_type = circuit_type::l2;
    SystemId source{};
    std::uint16_t holding_time = 0;
    std::uint8_t priority = 64;  // 7 bits
    NodeId lan_id;               // the DIS and its pseudonode
    Tlvs tlvs;
    bool operator==(const LanHello&) const = default;

    Level level() const { return header.pdu_type == pdu_type::lan_iih_l1 ? Level::l1 : Level::l2; }
    static DecodeResult<LanHello> decode(ByteView pdu);
    Bytes encode() const;
};

}  // namespace ldpsync::isis
