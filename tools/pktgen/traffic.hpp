#pragma once
// Deterministic label and prefix sets and the traffic mixes drawn from them. The benchmark
// loads FEC i (label_of(i), prefix_of(i)) through shm and replays frames from the same
// functions, so every generated packet hits an installed entry.

#include <cstdint>
#include <string>
#include <vector>

#include "packet_builder.hpp"

namespace ldpsync::pktgen {

// Where FEC i's incoming label sits in the 20-bit space. The ILM is indexed by our own local
// labels, and ldpsyncd's allocator hands them out in order from the start of its range
// (16 by default), so `allocator` is what a router with N FECs really has. `spread` scatters
// them over the whole space: every label in its own cache line and its own 4 KiB page of the
// ILM, the worst case for the ILM's caches (and what a 1M-entry table is anyway).
enum class LabelLayout { allocator, spread };
bool parse_label_layout(const std::string& s, LabelLayout& out);

// FECs a traffic set can draw from: one unreserved label each.
inline constexpr std::uint32_t kMaxEntries = (1u << 20) - 16;

// Unique per i < kMaxEntries: 16 + i, or a bijection on the unreserved label space.
std::uint32_t label_of(std::uint32_t i, std::uint32_t seed, LabelLayout layout);
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
    LabelLayout labels = LabelLayout::allocator;
    Mac dst{0x02, 0, 0, 0, 0, 0x01};
    Mac src{0x02, 0, 0, 0, 0, 0x02};
};

std::vector<Bytes> make_traffic(const TrafficSpec& spec);

}  // namespace ldpsync::pktgen
