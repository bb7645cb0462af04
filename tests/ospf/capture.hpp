#pragma once
// Reads the OSPF packets (IPv4 protocol 89) out of a pcap file with libpcap. Link types:
// Ethernet (with 802.1Q/802.1ad tags), Linux cooked v1 and v2. Returns the IP payload of each
// OSPF packet, cut to the IP total length (so Ethernet padding is not taken for a trailer).

#include <pcap/pcap.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

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
    std::array<char, PCAP_ERRBUF_SIZE> err{};
    pcap_t* pc = pcap_open_offline(path.c_str(), err.data());
    if (pc == nullptr) {
        throw std::runtime_error("pcap_open_offline " + path + ": " + err.data());
    }
    CaptureFile file;
    file.link_type = pcap_datalink(pc);
    pcap_pkthdr* hdr = nullptr;
    const std::uint8_t* data = nullptr;
    int rc = 0;
    while ((rc = pcap_next_ex(pc, &hdr, &data)) == 1) {
        ++file.frames;
        const std::size_t caplen = hdr->caplen;
        std::size_t off = 0;
        unsigned ethertype = 0;
        switch (file.link_type) {
        case DLT_EN10MB:
            if (caplen < 14) {
                continue;
            }
            ethertype = be16(data + 12);
            off = 14;
            while ((ethertype == 0x8100 || ethertype == 0x88a8) && caplen >= off + 4) {
                ethertype = be16(data + off + 2);
                off += 4;
            }
            break;
        case DLT_LINUX_SLL:
            if (caplen < 16) {
                continue;
            }
            ethertype = be16(data + 14);
            off = 16;
            break;
#ifdef DLT_LINUX_SLL2
        case DLT_LINUX_SLL2:
            if (caplen < 20) {
                continue;
            }
            ethertype = be16(data);
            off = 20;
            break;
#endif
        default:
            pcap_close(pc);
            throw std::runtime_error(path + ": unsupported link type " + std::to_string(file.link_type));
        }
        if (ethertype != 0x0800 || caplen < off + 20) {
            continue;
        }
        const std::uint8_t* ip = data + off;
        const std::size_t ihl = std::size_t{ip[0] & 0x0Fu} * 4;
        const std::size_t total = be16(ip + 2);
        const unsigned frag = be16(ip + 6) & 0x3FFFu;  // MF + fragment offset
        if ((ip[0] >> 4) != 4 || ip[9] != 89 || ihl < 20 || total < ihl || caplen < off + total) {
            continue;
        }
        if (frag != 0) {
            pcap_close(pc);
            throw std::runtime_error(path + ": fragmented OSPF packet in frame " + std::to_string(file.frames));
        }
        CapturedPacket p;
        p.frame = file.frames;
        const auto* begin = reinterpret_cast<const std::byte*>(ip + ihl);
        p.ospf.assign(begin, begin + (total - ihl));
        file.packets.push_back(std::move(p));
    }
    pcap_close(pc);
    return file;
}

}  // namespace ldpsync::ospf::test
