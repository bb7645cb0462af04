#pragma once
// Builds test and benchmark frames byte by byte: Ethernet, MPLS label stacks, IPv4 with a
// correct header checksum, UDP/TCP ports, LLC (IS-IS), ARP. Pure; no DPDK, no libpcap.

#include <array>
#include <cstdint>
#include <vector>

namespace ldpsync::pktgen {

using Mac = std::array<std::uint8_t, 6>;
using Bytes = std::vector<std::uint8_t>;

struct Label {
    std::uint32_t label = 0;
    std::uint8_t tc = 0;
    std::uint8_t ttl = 64;
};

struct Ipv4Spec {
    std::uint32_t src = 0x0a000001;  // host order
    std::uint32_t dst = 0x0a000002;
    std::uint8_t proto = 17;
    std::uint8_t ttl = 64;
    std::uint8_t tos = 0;
    std::uint16_t sport = 1024;
    std::uint16_t dport = 2048;
    std::uint16_t payload = 18;  // bytes after the L4 header
};

Bytes ethernet(const Mac& dst, const Mac& src, std::uint16_t ethertype);
Bytes ipv4_packet(const Ipv4Spec& spec);  // IPv4 header + UDP/TCP/other + payload
// Ethernet + labels (S bit set on the last) + payload; no labels: IPv4 ethertype.
Bytes frame(const Mac& dst, const Mac& src, const std::vector<Label>& labels, const Bytes& payload);
Bytes isis_llc_frame(const Mac& src);
Bytes arp_request(const Mac& src, std::uint32_t sender_ip, std::uint32_t target_ip);
std::uint16_t ipv4_header_checksum(const std::uint8_t* header, std::size_t len);

}  // namespace ldpsync::pktgen
