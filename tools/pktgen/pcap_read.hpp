#pragma once
// The one pcap reader of the tree (libpcap): the generator's replay and every test that reads
// a capture (the data plane's outputs, the FRR lab captures) go through it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "packet_builder.hpp"

namespace ldpsync::pktgen {

struct CapturedFrame {
    double ts = 0;  // seconds since the epoch
    Bytes bytes;
};

struct PcapFile {
    int link_type = 0;  // DLT_*
    std::vector<CapturedFrame> frames;
};

// Every frame of a pcap file, in order, with the file's link type; nothing (and the reason in
// `error`) when it cannot be opened.
std::optional<PcapFile> read_pcap(const std::string& path, std::string* error = nullptr);

// Every frame of a pcap file, in order; empty when it cannot be opened.
std::vector<CapturedFrame> read_pcap_file(const std::string& path);

// Where a frame's IPv4 header starts for the link types captures here use: Ethernet (with
// 802.1Q/802.1ad tags), Linux cooked v1 and v2, raw IP. Nothing when the frame is not IPv4 or
// too short for 20 bytes of header.
std::optional<std::size_t> ipv4_offset(int link_type, const std::uint8_t* frame, std::size_t len);

}  // namespace ldpsync::pktgen
