#pragma once
// Burst pipeline support: before the per-packet forward(), the worker walks the burst a few
// times, each pass turning the previous pass's prefetched address into the next one
// (ILM word -> group slot -> group entry -> next-hop slot -> next-hop entry), so the
// dependent cache misses of 32 packets overlap instead of adding up. FTN lookups of the
// burst are done in bulk and handed to forward() through FtnHint.

#include <cstdint>

#include "bytes.hpp"
#include "fib.hpp"
#include "mpls.hpp"

namespace ldpsync::dp {

// What a first look at a frame finds: the top label (MPLS) or the destination (IPv4).
struct Peek {
    enum class Kind : std::uint8_t { other, mpls, ipv4 } kind = Kind::other;
    std::uint32_t key = 0;  // label or IPv4 destination (host order)
};

inline Peek peek(const std::uint8_t* frame, std::uint32_t len) {
    if (len < kEthHeaderLen + 20) {
        return {};
    }
    const std::uint16_t et = load_be16(frame + 12);
    if (et == kEtherTypeMpls) {
        return {Peek::Kind::mpls, load_be32(frame + kEthHeaderLen) >> 12};
    }
    if (et == kEtherTypeIpv4) {
        return {Peek::Kind::ipv4, load_be32(frame + kEthHeaderLen + 16)};
    }
    return {};
}

// One packet's FTN result looked up in bulk; falls back to the table for any other address
// (e.g. after an explicit-null pop).
template <FtnLookup Lpm>
struct FtnHint {
    const Lpm* table = nullptr;
    std::uint32_t ip = 0;
    std::uint32_t value = 0;
    bool valid = false;  // ip was looked up
    bool found = false;

    bool lookup(std::uint32_t addr, std::uint32_t& out) const {
        if (valid && addr == ip) {
            out = value;
            return found;
        }
        return table->lookup(addr, out);
    }
};

// Follows one level: given a group slot, prefetch what the next pass will read.
inline void prefetch_group(const FibTables& fib, std::uint32_t slot) {
    if (slot < fib.group_capacity()) {
        fib.prefetch_group_slot(slot);
    }
}

}  // namespace ldpsync::dp
