#pragma once
// Deterministic label and prefix sets and the traffic mixes drawn from them. The benchmark
// loads FEC i (label_of(i), prefix_of(i)) through shm and replays frames from the same
// functions, so every generated packet hits an installed entry.

#include <cstdint>
#include <string>
#include <vector>

#include "packet_builder.hpp"

namespace ldpsync::pktgen {

// Unique per i < 2^20 - 16: a bijection on the unreserved label space.
std::uint32_t label_of(std::uint32_t i, std::uint32_t seed);
// Unique /24 per i < 223 * 65536, first octet 1..223 (no multicast or class E).
std::uint32_t prefix_of(std::uint32_t i, std::uint32_t seed);
// Out label the next hop of FEC i pushes / swaps to.
std::uint32_t out_label_of(std::uint32_t i, std::uint32_t seed);

enum class Mix { swap, push, mixed, push_heavy };
bool parse_mix(const std::string& s, Mix& out);

struct TrafficSpec {
    Mix mix = Mix::swap;
    std::uint32_t entries = 1000;  // FECs to draw from
    std::uint32_t packets = 4096;
    std::uint32_t flows = 1024;    // distinct 5-tuples
    std::uint32_t size = 64;       // frame size without FCS; 0: IMIX 7:4:1 of 64/594/1518
    std::uint32_t seed = 1;
    Mac dst{0x02, 0, 0, 0, 0, 0x01};
    Mac src{0x02, 0, 0, 0, 0, 0x02};
};

std::vector<Bytes> make_traffic(const TrafficSpec& spec);

}  // namespace ldpsync::pktgen
