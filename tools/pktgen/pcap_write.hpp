#pragma once
#include <string>
#include <vector>

#include "packet_builder.hpp"

namespace ldpsync::pktgen {
// Writes frames to a pcap (Ethernet link type); false on error.
bool write_pcap_file(const std::string& path, const std::vector<Bytes>& frames);
}  // namespace ldpsync::pktgen
