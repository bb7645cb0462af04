#pragma once
// What point-to-point and LAN Hellos share, on the way out and on the way in: padding to the
// largest PDU (ISO 10589 8.2.3, 8.4.1), the area check for level 1 (8.2.5.2, 8.4.2.2) and the
// sender's address on the link (RFC 1195 5.1, the next hop).

#include <algorithm>
#include <cstdint>
#include <vector>

#include "pdu.hpp"

namespace ldpsync::isis {

// The Hello encoded with Padding TLVs up to kMaxPduSize, so that a neighbour whose MTU is
// smaller never forms an adjacency it could not flood over.
template <class Hello>
Bytes encode_padded(Hello h) {
    Bytes pdu = h.encode();
    while (pdu.size() + 2 <= kMaxPduSize) {
        const std::size_t n = std::min(kMaxTlvValue, kMaxPduSize - pdu.size() - 2);
        h.tlvs.add(Padding{Bytes(n, std::byte{0})});
        pdu = h.encode();
    }
    return pdu;
}

bool share_an_area(const std::vector<Bytes>& a, const std::vector<Bytes>& b);

// A LAN Hello's IS Neighbors TLVs list this SNPA: the sender hears us (8.4.2.3, two-way).
bool lists_mac(const Tlvs& tlvs, const MacAddress& mac);

// The sender's address on our subnet from its TLV 132 (the first address when none is).
std::uint32_t address_on_link(const Tlvs& tlvs, std::uint32_t ours, std::uint8_t length);

}  // namespace ldpsync::isis
