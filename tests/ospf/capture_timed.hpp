#pragma once
// The OSPF packets of a pcap with their capture time and IP source/destination, for replaying
// a capture into an OspfInstance (tests only). Ethernet and Linux cooked v1 link types;
// capture.hpp has the byte-exact reader the codec tests use.

#include <pcap/pcap.h>

#include <array>
#include <optional>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ldpsync::ospf::test {

struct TimedPacket {
    std::chrono::microseconds time{};  // since the first frame of the file
    std::uint32_t source = 0;
    std::uint32_t destination = 0;
    std::vector<std::byte> ospf;  // the IP payload, cut to the IP total length
};

inline std::vector<TimedPacket> read_timed_ospf(const std::string& path) {
    std::array<char, PCAP_ERRBUF_SIZE> err{};
    pcap_t* pc = pcap_open_offline(path.c_str(), err.data());
    if (pc == nullptr) {
        throw std::runtime_error("pcap_open_offline " + path + ": " + err.data());
    }
    const int link = pcap_datalink(pc);
    std::vector<TimedPacket> out;
    pcap_pkthdr* hdr = nullptr;
    const std::uint8_t* data = nullptr;
    std::optional<long long> first;
    auto be = [](const std::uint8_t* p, int n) {
        std::uint32_t v = 0;
        for (int k = 0; k < n; ++k) {
            v = (v << 8) | p[k];
        }
        return v;
    };
    while (pcap_next_ex(pc, &hdr, &data) == 1) {
        const long long us = static_cast<long long>(hdr->ts.tv_sec) * 1000000 + hdr->ts.tv_usec;
        if (!first) {
            first = us;
        }
        std::size_t off = 0;
        std::uint32_t ethertype = 0;
        if (link == DLT_EN10MB && hdr->caplen >= 14) {
            ethertype = be(data + 12, 2);
            off = 14;
            while ((ethertype == 0x8100 || ethertype == 0x88a8) && hdr->caplen >= off + 4) {
                ethertype = be(data + off + 2, 2);
                off += 4;
            }
        } else if (link == DLT_LINUX_SLL && hdr->caplen >= 16) {
            ethertype = be(data + 14, 2);
            off = 16;
        }
        if (ethertype != 0x0800 || hdr->caplen < off + 20) {
            continue;
        }
        const std::uint8_t* ipv4 = data + off;
        const std::size_t ihl = std::size_t{ipv4[0] & 0x0Fu} * 4;
        const std::size_t total = be(ipv4 + 2, 2);
        if ((ipv4[0] >> 4) != 4 || ipv4[9] != 89 || ihl < 20 || total < ihl || hdr->caplen < off + total) {
            continue;
        }
        TimedPacket p;
        p.time = std::chrono::microseconds{us - *first};
        p.source = be(ipv4 + 12, 4);
        p.destination = be(ipv4 + 16, 4);
        const auto* begin = reinterpret_cast<const std::byte*>(ipv4 + ihl);
        p.ospf.assign(begin, begin + (total - ihl));
        out.push_back(std::move(p));
    }
    pcap_close(pc);
    return out;
}

}  // namespace ldpsync::ospf::test
