#pragma once
// Reads the OSPF packets (IPv4 protocol 89) out of a pcap file (tools/pktgen's reader). Link types:
// Ethernet (with 802.1Q/802.1ad tags), Linux cooked v1 and v2. Returns the IP payload of each
// OSPF packet, cut to the IP total length (so Ethernet padding is not taken for a trailer).

#include <pcap/pcap.h>  // DLT_* link types

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "pcap_read.hpp"  // tools/pktgen: the one pcap reader

namespace ldpsync::ospf::test {

struct CapturedPacket {
    std::size_t frame = 0;  // 1-based frame number in the file, as tcpdump/wireshark count
    std::vector<std::byte> ospf;
};

struct CaptureFile {
    int link_type = 0;
    std::size_t frames = 0;
    std::vector<CapturedPacket> packets;
};

inline unsigned be16(const std::uint8_t* p) { return (unsigned{p[0]} << 8) | p[1]; }

inline CaptureFile read_ospf_capture(const std::string& path) {
    std::string error;
    const auto pcap = pktgen::read_pcap(path, &error);
    if (!pcap) {
        throw std::runtime_error(error);
    }
    CaptureFile file;
    file.link_type = pcap->link_type;
    if (file.link_type != DLT_EN10MB && file.link_type != DLT_LINUX_SLL && file.link_type != DLT_LINUX_SLL2 &&
        file.link_type != DLT_RAW) {
        throw std::runtime_error(path + ": unsupported link type " + std::to_string(file.link_type));
    }
    for (const auto& frame : pcap->frames) {
        ++file.frames;
        const auto off = pktgen::ipv4_offset(file.link_type, frame.bytes.data(), frame.bytes.size());
        if (!off) {
            continue;
        }
        const std::uint8_t* ip = frame.bytes.data() + *off;
        const std::size_t ihl = std::size_t{ip[0] & 0x0Fu} * 4;
        const std::size_t total = be16(ip + 2);
        const unsigned frag = be16(ip + 6) & 0x3FFFu;  // MF + fragment offset
        if (ip[9] != 89 || ihl < 20 || total < ihl || frame.bytes.size() < *off + total) {
            continue;
        }
        if (frag != 0) {
            throw std::runtime_error(path + ": fragmented OSPF packet in frame " + std::to_string(file.frames));
        }
        CapturedPacket p;
        p.frame = file.frames;
        const auto* begin = reinterpret_cast<const std::byte*>(ip + ihl);
        p.ospf.assign(begin, begin + (total - ihl));
        file.packets.push_back(std::move(p));
    }
    return file;
}

}  // namespace ldpsync::ospf::test
