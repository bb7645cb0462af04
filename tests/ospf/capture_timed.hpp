#pragma once
// The OSPF packets of a pcap with their capture time and IP source/destination, for replaying
// a capture into an OspfInstance (tests only), through tools/pktgen's pcap reader;
// capture.hpp has the byte-exact reader the codec tests use.


#include <array>
#include <optional>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "pcap_read.hpp"  // tools/pktgen: the one pcap reader

namespace ldpsync::ospf::test {

struct TimedPacket {
    std::chrono::microseconds time{};  // since the first frame of the file
    std::uint32_t source = 0;
    std::uint32_t destination = 0;
    std::vector<std::byte> ospf;  // the IP payload, cut to the IP total length
};

inline std::vector<TimedPacket> read_timed_ospf(const std::string& path) {
    std::string error;
    const auto pcap = pktgen::read_pcap(path, &error);
    if (!pcap) {
        throw std::runtime_error(error);
    }
    auto be = [](const std::uint8_t* p, int n) {
        std::uint32_t v = 0;
        for (int k = 0; k < n; ++k) {
            v = (v << 8) | p[k];
        }
        return v;
    };
    std::vector<TimedPacket> out;
    std::optional<double> first;
    for (const auto& frame : pcap->frames) {
        if (!first) {
            first = frame.ts;
        }
        const auto off = pktgen::ipv4_offset(pcap->link_type, frame.bytes.data(), frame.bytes.size());
        if (!off) {
            continue;
        }
        const std::uint8_t* ipv4 = frame.bytes.data() + *off;
        const std::size_t ihl = std::size_t{ipv4[0] & 0x0Fu} * 4;
        const std::size_t total = be(ipv4 + 2, 2);
        if (ipv4[9] != 89 || ihl < 20 || total < ihl || frame.bytes.size() < *off + total) {
            continue;
        }
        TimedPacket p;
        p.time = std::chrono::microseconds{std::llround((frame.ts - *first) * 1e6)};
        p.source = be(ipv4 + 12, 4);
        p.destination = be(ipv4 + 16, 4);
        const auto* begin = reinterpret_cast<const std::byte*>(ipv4 + ihl);
        p.ospf.assign(begin, begin + (total - ihl));
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace ldpsync::ospf::test
