#pragma once
// The worker's burst pipeline as named passes over plain frames (no DPDK here), so that the
// worker and the tests run the very same code. Each pass turns what the previous one
// prefetched into the next address (ILM word or FTN result -> group slot -> group entry ->
// next-hop slot -> next-hop entry): the dependent cache misses of a burst overlap instead of
// adding up. Then each frame is decided: a fast path where it applies, forward() otherwise.
//
//   classify()       peek at each frame; prefetch its ILM word or FTN entry
//   resolve_groups() FTN in bulk; the group slot of every frame; prefetch the slots
//   load_groups()    the group entries; for groups that do not embed their one next hop,
//                    prefetch the first member's next-hop slot, then its entry
//   decide()         fast_swap / fast_push, else forward()

#include <cstdint>

#include "burst_hints.hpp"
#include "fast_path.hpp"
#include "fib.hpp"
#include "forward.hpp"

namespace ldpsync::dp {

// The most frames a burst holds (DPDK's customary 32, as l3fwd).
inline constexpr std::uint32_t kBurst = 32;

// What the passes learn about a burst of up to kBurst frames.
struct BurstLookups {
    std::uint16_t n = 0;
    Peek peek[kBurst];
    std::uint32_t ips[kBurst];   // the IPv4 frames' destinations, for the bulk FTN lookup
    std::uint8_t ip_of[kBurst];  // frame -> its index in ips
    unsigned n_ips = 0;
    std::uint32_t ftn_value[kBurst];
    bool ftn_found[kBurst];
    std::uint32_t group_slot[kBurst];
    const GroupEntry* groups[kBurst];
};

// Pass 1. frame(i) gives frame i's first byte and contiguous length (the worker reads them
// from the mbuf there, keeps the start for decide(), and prefetches headers a few frames ahead
// of the peek, since a NIC's DMA left them cold).
template <BulkFtnLookup Lpm, class FrameAt>
LDPSYNC_DP_INLINE void classify(BurstLookups& b, const FibTables& fib, const Lpm& lpm, std::uint16_t n,
                                FrameAt&& frame) {
    b.n = n;
    b.n_ips = 0;
    for (std::uint16_t i = 0; i < n; ++i) {
        const auto [start, len] = frame(i);
        b.peek[i] = peek(start, len);
        if (b.peek[i].kind == Peek::Kind::mpls) {
            fib.prefetch_ilm(b.peek[i].key);
        } else if (b.peek[i].kind == Peek::Kind::ipv4) {
            lpm.prefetch(b.peek[i].key);
            b.ip_of[i] = static_cast<std::uint8_t>(b.n_ips);
            b.ips[b.n_ips++] = b.peek[i].key;
        }
    }
}

// Pass 2: FTN in bulk (DIR-24-8 overlaps its own misses); group slots of both kinds.
template <BulkFtnLookup Lpm>
LDPSYNC_DP_INLINE void resolve_groups(BurstLookups& b, const FibTables& fib, const Lpm& lpm) {
    if (b.n_ips > 0) {
        lpm.lookup_bulk(b.ips, b.ftn_value, b.ftn_found, b.n_ips);
    }
    for (std::uint16_t i = 0; i < b.n; ++i) {
        b.group_slot[i] = kNoSlot;
        if (b.peek[i].kind == Peek::Kind::mpls) {
            const std::uint32_t word = fib.ilm(b.peek[i].key);
            if (word != 0 && ilm_op(word) == IlmOp::forward) {
                b.group_slot[i] = ilm_group_slot(word);
            }
        } else if (b.peek[i].kind == Peek::Kind::ipv4 && b.ftn_found[b.ip_of[i]]) {
            b.group_slot[i] = b.ftn_value[b.ip_of[i]];
        }
        prefetch_group(fib, b.group_slot[i]);
    }
}

// Pass 3: group entries. A one-member group embeds its next hop: done. For the others (known
// from the slot word, without reading the entry) the first member's next-hop slot is
// prefetched, then its entry.
LDPSYNC_DP_INLINE void load_groups(BurstLookups& b, const FibTables& fib) {
    std::uint32_t n_indirect = 0;
    std::uint16_t indirect[kBurst];
    for (std::uint16_t i = 0; i < b.n; ++i) {
        bool is_indirect = false;
        b.groups[i] = b.group_slot[i] < fib.group_capacity() ? fib.group(b.group_slot[i], is_indirect) : nullptr;
        __builtin_prefetch(b.groups[i]);
        if (is_indirect) {
            indirect[n_indirect++] = i;
        }
    }
    for (std::uint32_t k = 0; k < n_indirect; ++k) {
        const GroupEntry* g = b.groups[indirect[k]];
        if (g->n_members > 0) {
            fib.prefetch_nexthop_slot(g->nh_slots[0]);
        }
    }
    for (std::uint32_t k = 0; k < n_indirect; ++k) {
        const GroupEntry* g = b.groups[indirect[k]];
        if (g->n_members > 0) {
            __builtin_prefetch(fib.nexthop(g->nh_slots[0]));
        }
    }
}

// Pass 4, one frame: the swap fast path in place (no Frame, no lengths read: make_frame is
// not called and f is left alone), else the push fast path or forward() on make_frame()'s
// Frame. Returns the decision; when a Frame was used, f holds it as rewritten.
template <FtnLookup Lpm, class MakeFrame>
LDPSYNC_DP_INLINE Result decide(const BurstLookups& b, std::uint16_t i, std::uint8_t* start, const ForwardEnv& env,
                                FtnHint<Lpm>& hint, MakeFrame&& make_frame, Frame& f) {
    Result r;
    const GroupEntry* g = b.groups[i];
    const Peek::Kind kind = b.peek[i].kind;
    if (g != nullptr && kind == Peek::Kind::mpls && fast_swap(start, env, *g, r)) {
        return r;
    }
    f = make_frame();
    if (g != nullptr && kind == Peek::Kind::ipv4 && fast_push(f, env, *g, r)) {
        return r;
    }
    hint.valid = kind == Peek::Kind::ipv4;
    if (hint.valid) {
        hint.ip = b.peek[i].key;
        hint.value = b.ftn_value[b.ip_of[i]];
        hint.found = b.ftn_found[b.ip_of[i]];
    }
    return forward(f, env, hint);
}

}  // namespace ldpsync::dp
