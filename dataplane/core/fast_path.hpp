#pragma once
// The two common cases in a few instructions, once the worker's burst passes have resolved
// the frame's group (ILM word or bulk FTN lookup -> group entry):
//   - fast_swap: an LSR swapping the top label for exactly one other label;
//   - fast_push: an ingress LER pushing 1-3 labels onto a plain IPv4 packet (option-less
//     header, not for the router).
// Both need a group that embeds its one next hop, an open gate and a port for the link.
// For anything else they return false with the frame untouched and forward() decides.
// Wherever they return true the bytes and Result are forward()'s (tests/dataplane compares
// them frame by frame), so they are shortcuts, never a second policy.

#include <atomic>
#include <cstdint>
#include <cstring>

#include "bytes.hpp"
#include "fib.hpp"
#include "forward.hpp"
#include "mpls.hpp"

namespace ldpsync::dp {

namespace detail {

// True when g embeds its one next hop, that next hop pushes at least one label, and its
// link is open and has a port (which goes to `port`).
LDPSYNC_DP_INLINE bool fast_member(const ForwardEnv& env, const GroupEntry& g, std::uint16_t& port) {
    if (g.embedded == 0 || g.one.n_labels == 0) {
        return false;
    }
    if (!gate_open(env, g.one.link_id)) {
        return false;
    }
    port = link_port(env, g.one.link_id);
    return port < env.n_ports;
}

}  // namespace detail

// frame: an MPLS frame (ethertype 0x8847) of at least kEthHeaderLen + kLseLen bytes;
// g: the group its top label's ILM entry (op forward) points to.
LDPSYNC_DP_INLINE bool fast_swap(std::uint8_t* frame, const ForwardEnv& env, const GroupEntry& g, Result& out) {
    std::uint16_t port = 0;
    if (g.one.n_labels != 1 || !detail::fast_member(env, g, port)) {
        return false;
    }
    const std::uint32_t lse = load_be32(frame + kEthHeaderLen);
    const std::uint32_t ttl = lse & 0xffu;
    if ((lse >> 12) < kFirstUnreservedLabel || ttl <= 1) {
        return false;
    }
    // TC and S stay; the TTL is decremented (uniform model, as in forward()).
    store_be32(frame + kEthHeaderLen,
               detail::label_entry(g.one.label_bits[0], (lse >> 9) & 7u, (lse & 0x100u) != 0, ttl - 1));
    detail::write_macs(frame, g.one, env.port_mac[port]);
    out = {Verdict::forward, Reason::none, port, g.one.link_id};
    return true;
}

// f: an IPv4 frame (ethertype 0x0800) of at least kEthHeaderLen + 20 bytes; g: the group
// the FTN lookup of its destination returned.
LDPSYNC_DP_INLINE bool fast_push(Frame& f, const ForwardEnv& env, const GroupEntry& g, Result& out) {
    std::uint16_t port = 0;
    if (!detail::fast_member(env, g, port)) {
        return false;
    }
    const std::uint8_t* ip = f.data + kEthHeaderLen;
    const std::uint32_t total_length = load_be16(ip + 2);
    const std::uint32_t push = 4u * g.one.n_labels;
    if (ip[0] != 0x45 || total_length < 20 || kEthHeaderLen + total_length > f.total || ip[8] <= 1 ||
        f.headroom < push || detail::for_router(env, ip, 20, f.len - kEthHeaderLen)) {
        return false;
    }
    const std::uint8_t tc = static_cast<std::uint8_t>(ip[1] >> 5);
    const std::uint8_t out_ttl = static_cast<std::uint8_t>(ip[8] - 1);
    f.shift(-static_cast<std::int32_t>(push));
    detail::write_labels(f, kEthHeaderLen + push, g.one, tc, true, out_ttl);
    detail::write_macs(f.data, g.one, env.port_mac[port]);
    store_be16(f.data + 12, kEtherTypeMpls);
    out = {Verdict::forward, Reason::none, port, g.one.link_id};
    return true;
}

}  // namespace ldpsync::dp
