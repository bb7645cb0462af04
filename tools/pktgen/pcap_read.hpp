#pragma once
#include <string>
#include <vector>

#include "packet_builder.hpp"

namespace ldpsync::pktgen {

struct CapturedFrame {
    double ts = 0;  // seconds since the epoch
    Bytes bytes;
};

// Every frame of a pcap file, in order; empty when it cannot be opened.
std::vector<CapturedFrame> read_pcap_file(const std::string& path);

}  // namespace ldpsync::pktgen
