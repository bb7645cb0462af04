#pragma once
// LDP's traffic in tests/captures/frr-ospf-ldp-bringup.pcap, as the protocol sees it: the
// TCP 646 stream of one direction (in sequence order, FRR's own segmentation) and the UDP 646
// Hellos. For the session and instance tests.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "pcap_read.hpp"  // tools/pktgen: the one pcap reader
#include "pdu.hpp"

#ifndef LDP_CAPTURE_DIR
#error "LDP_CAPTURE_DIR must name the directory holding the .pcap files"
#endif

namespace ldpsync::ldp {

inline std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
inline std::uint32_t be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// Calls fn(ip header, IP payload, payload length) for each IPv4 packet of the capture.
template <class Fn>
void for_each_ipv4(Fn&& fn) {
    const std::string path = std::string(LDP_CAPTURE_DIR) + "/frr-ospf-ldp-bringup.pcap";
    std::string error;
    const auto pcap = pktgen::read_pcap(path, &error);
    ASSERT_TRUE(pcap.has_value()) << error;
    for (const auto& frame : pcap->frames) {
        const auto off = pktgen::ipv4_offset(pcap->link_type, frame.bytes.data(), frame.bytes.size());
        if (!off) continue;
        const std::uint8_t* ip = frame.bytes.data() + *off;
        const std::size_t ihl = std::size_t{ip[0] & 0x0Fu} * 4;
        const std::size_t total = be16(ip + 2);
        if (total > frame.bytes.size() - *off || total < ihl || ihl < 20) continue;
        fn(ip, ip + ihl, total - ihl);
    }
}

// TCP 646 payload from `src` to `dst`, in sequence order (one connection).
inline std::vector<Bytes> tcp_segments(std::uint32_t src, std::uint32_t dst) {
    std::map<std::uint32_t, Bytes> by_seq;
    for_each_ipv4([&](const std::uint8_t* ip, const std::uint8_t* tcp, std::size_t len) {
        if (ip[9] != 6 || be32(ip + 12) != src || be32(ip + 16) != dst || len < 20) return;
        const std::size_t doff = std::size_t{static_cast<unsigned>(tcp[12] >> 4)} * 4;
        if ((be16(tcp) != kLdpPort && be16(tcp + 2) != kLdpPort) || len <= doff) return;
        by_seq[be32(tcp + 4)] = Bytes(reinterpret_cast<const std::byte*>(tcp + doff),
                                      reinterpret_cast<const std::byte*>(tcp + len));
    });
    std::vector<Bytes> out;
    for (auto& [seq, payload] : by_seq) out.push_back(std::move(payload));
    return out;
}

struct CapturedHello {
    std::uint32_t source = 0;  // IP source, host order
    int ttl = 0;
    Bytes pdu;
};

// The link Hellos (UDP 646 to 224.0.0.2) of the LSR `lsr_id` (the PDU header's LDP identifier).
inline std::vector<CapturedHello> udp_hellos_from_lsr(std::uint32_t lsr_id) {
    std::vector<CapturedHello> out;
    for_each_ipv4([&](const std::uint8_t* ip, const std::uint8_t* udp, std::size_t len) {
        if (ip[9] != 17 || be32(ip + 16) != 0xE0000002 || len < 8 + 10 || be16(udp + 2) != kLdpPort) return;
        if (be32(udp + 8 + 4) != lsr_id) return;
        out.push_back({be32(ip + 12), ip[8], Bytes(reinterpret_cast<const std::byte*>(udp + 8),
                                                   reinterpret_cast<const std::byte*>(udp + len))});
    });
    return out;
}

}  // namespace ldpsync::ldp
