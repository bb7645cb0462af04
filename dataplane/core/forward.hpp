#pragma once
// The per-packet forwarding decision and rewrite, on plain bytes so it is tested without
// DPDK. The worker hands it one frame at a time and acts on the verdict.
//
// TTL follows the uniform model (RFC 3443 section 3.1): the ingress LER copies IP TTL - 1
// into every pushed label; an LSR decrements the top label (RFC 3032 2.4.1) and writes the
// result into every label it pushes; on pop the decremented TTL goes into the exposed label
// or, at the bottom, into the IP header (checksum patched, RFC 1624).

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>

#include "bytes.hpp"
#include "checksum.hpp"
#include "fib.hpp"
#include "flow_hash.hpp"
#include "mpls.hpp"
#include "reason.hpp"

// The per-packet path is forced inline into the worker's loop: as out-of-line calls the
// 6-byte Result was assembled on the stack with partial stores and read back whole
// (store-forwarding stalls, ~15 % of the worker's cycles in perf).
#define LDPSYNC_DP_INLINE inline __attribute__((always_inline))

namespace ldpsync::dp {

// A contiguous frame with room in front of it for pushed labels.
struct Frame {
    std::uint8_t* data = nullptr;
    std::uint32_t len = 0;       // contiguous bytes at data (first segment)
    std::uint32_t total = 0;     // whole packet, all segments
    std::uint32_t headroom = 0;  // writable bytes before data

    // Moves the start of the frame by delta bytes (negative: grow in front).
    void shift(std::int32_t delta) {
        data += delta;
        len = static_cast<std::uint32_t>(static_cast<std::int64_t>(len) - delta);
        total = static_cast<std::uint32_t>(static_cast<std::int64_t>(total) - delta);
        headroom = static_cast<std::uint32_t>(static_cast<std::int64_t>(headroom) + delta);
    }
};

enum class Verdict : std::uint8_t { forward, drop, punt };

struct Result {
    Verdict verdict = Verdict::drop;
    Reason reason = Reason::none;
    std::uint16_t out_port = kNoPort;
    std::uint16_t link = kNoLink;  // the link the decision concerned, when known
};

using MacBytes = std::array<std::uint8_t, 6>;

// Everything a decision reads besides the packet. Pointers into shm (gates) and into
// tables the main lcore refreshes (link_port); nothing here is written by workers.
struct ForwardEnv {
    const FibTables* fib = nullptr;
    const std::atomic<std::uint8_t>* gates = nullptr;      // shm gate per link id
    const std::atomic<std::uint16_t>* link_port = nullptr; // link id -> port, kNoPort if none
    const MacBytes* port_mac = nullptr;
    std::uint16_t n_ports = 0;
    const std::uint32_t* local_addrs = nullptr;  // host order
    std::uint32_t n_local = 0;
    bool punt_ttl_expired = false;
};

namespace detail {

LDPSYNC_DP_INLINE Result drop(Reason r, std::uint16_t link = kNoLink) { return {Verdict::drop, r, kNoPort, link}; }
LDPSYNC_DP_INLINE Result punt() { return {Verdict::punt, Reason::none, kNoPort, kNoLink}; }

// The link's gate (the sync contract): open when the link may carry traffic.
LDPSYNC_DP_INLINE bool gate_open(const ForwardEnv& env, std::uint16_t link) {
    return env.gates[link].load(std::memory_order_acquire) != 0;
}

// The port a link sends on; kNoPort (or any value >= n_ports) when it has none.
LDPSYNC_DP_INLINE std::uint16_t link_port(const ForwardEnv& env, std::uint16_t link) {
    return env.link_port[link].load(std::memory_order_relaxed);
}

struct Member {
    const NhData* nh = nullptr;
    Reason reason = Reason::none;
    std::uint16_t link = kNoLink;
};

// ECMP member selection with the sync gate. The hashed member is kept when its link is
// usable; otherwise the flow is spread over the usable members only, so closing one link
// moves only the flows that were on it.
template <class HashFn>
LDPSYNC_DP_INLINE Member select_member(const ForwardEnv& env, std::uint32_t group_slot, HashFn&& hash_fn) {
    const GroupEntry* g = env.fib->group(group_slot);
    if (g == nullptr) {
        return {nullptr, Reason::no_group, kNoLink};
    }
    if (g->embedded != 0) [[likely]] {
        // One member, its next hop copied into the group: no slot or next-hop read.
        const std::uint16_t link = g->one.link_id;
        if (gate_open(env, link)) [[likely]] {
            return {&g->one, Reason::none, link};
        }
        return {nullptr, Reason::unsynced, link};
    }
    const std::uint32_t n = g->n_members;
    if (n == 0) {
        return {nullptr, Reason::no_nexthop, kNoLink};
    }
    const std::uint64_t hash = n > 1 ? hash_fn() : 0;
    const NhEntry* first = env.fib->nexthop(g->nh_slots[hash % n]);
    if (first != nullptr && gate_open(env, first->link_id)) {
        return {first, Reason::none, first->link_id};
    }
    const NhData* usable[shm::kMaxEcmpMembers];
    std::uint32_t n_usable = 0;
    std::uint16_t closed_link = kNoLink;
    for (std::uint32_t i = 0; i < n; ++i) {
        const NhEntry* nh = env.fib->nexthop(g->nh_slots[i]);
        if (nh == nullptr) {
            continue;
        }
        if (gate_open(env, nh->link_id)) {
            usable[n_usable++] = nh;
        } else if (closed_link == kNoLink) {
            closed_link = nh->link_id;
        }
    }
    if (n_usable == 0) {
        return {nullptr, closed_link == kNoLink ? Reason::no_nexthop : Reason::unsynced, closed_link};
    }
    const NhData* nh = usable[(hash >> 32) % n_usable];
    return {nh, Reason::none, nh->link_id};
}

// Destination and source MAC at the frame's first byte (the ethertype is the caller's).
LDPSYNC_DP_INLINE void write_macs(std::uint8_t* frame, const NhData& nh, const MacBytes& src) {
    std::memcpy(frame, nh.dst_mac.data(), 6);
    std::memcpy(frame + 6, src.data(), 6);
}

// Writes the Ethernet header ending at data + at (exclusive) and makes it the frame start.
LDPSYNC_DP_INLINE void write_ethernet(Frame& f, std::uint32_t at, const NhData& nh, const MacBytes& src,
                                      std::uint16_t ethertype) {
    const std::int32_t delta = static_cast<std::int32_t>(at) - static_cast<std::int32_t>(kEthHeaderLen);
    f.shift(delta);
    write_macs(f.data, nh, src);
    store_be16(f.data + 12, ethertype);
}

// One label stack entry: the control side's precomputed label bits with TC, S and TTL.
LDPSYNC_DP_INLINE std::uint32_t label_entry(std::uint32_t label_bits, std::uint32_t tc, bool bos, std::uint32_t ttl) {
    return label_bits | ((tc & 7u) << 9) | (bos ? 0x100u : 0u) | ttl;
}

// Writes nh's labels so they end right before payload offset `at`; the last label gets the
// given S bit. Returns the offset where they start.
LDPSYNC_DP_INLINE std::uint32_t write_labels(Frame& f, std::uint32_t at, const NhData& nh, std::uint8_t tc, bool bos,
                                             std::uint8_t ttl) {
    const std::uint32_t start = at - 4u * nh.n_labels;
    for (std::uint32_t i = 0; i < nh.n_labels; ++i) {
        const bool last = i + 1 == nh.n_labels;
        store_be32(f.data + start + 4 * i, label_entry(nh.label_bits[i], tc, last && bos, ttl));
    }
    return start;
}

inline bool is_local(const ForwardEnv& env, std::uint32_t dst) {
    for (std::uint32_t i = 0; i < env.n_local; ++i) {
        if (env.local_addrs[i] == dst) {
            return true;
        }
    }
    return false;
}

LDPSYNC_DP_INLINE Result out_port(const ForwardEnv& env, const NhData& nh) {
    const std::uint16_t port = link_port(env, nh.link_id);
    if (port >= env.n_ports) {
        return drop(Reason::no_port, nh.link_id);
    }
    return {Verdict::forward, Reason::none, port, nh.link_id};
}

// For the router itself: OSPF (IP protocol 89), LDP discovery and sessions (UDP/TCP 646,
// RFC 5036 2.4), link-local multicast, and anything addressed to a local address.
// ip: a valid IPv4 header of ihl bytes, avail bytes of it and what follows in the frame.
LDPSYNC_DP_INLINE bool for_router(const ForwardEnv& env, const std::uint8_t* ip, std::uint32_t ihl,
                                  std::uint32_t avail) {
    const std::uint8_t proto = ip[9];
    const std::uint32_t dst = load_be32(ip + 16);
    if (proto == 89 || (dst & 0xffffff00u) == 0xe0000000u || is_local(env, dst)) {
        return true;
    }
    if ((proto == 6 || proto == 17) && (load_be16(ip + 6) & 0x1fffu) == 0 && avail >= ihl + 4) {
        return load_be16(ip + ihl) == 646 || load_be16(ip + ihl + 2) == 646;
    }
    return false;
}

inline Result ttl_expired(const ForwardEnv& env) {
    return env.punt_ttl_expired ? punt() : drop(Reason::ttl_expired);
}

// IPv4 at offset ip_off. ttl_in: the TTL this router received the packet with (the IP TTL
// for unlabeled packets, the popped label's TTL after an MPLS pop, RFC 3443 uniform).
template <FtnLookup Lpm>
LDPSYNC_DP_INLINE Result ipv4(Frame& f, const ForwardEnv& env, const Lpm& lpm, std::uint32_t ip_off, bool labeled,
                   std::uint8_t ttl_in) {
    if (f.len < ip_off + 20) {
        return drop(Reason::short_frame);
    }
    std::uint8_t* ip = f.data + ip_off;
    const std::uint32_t ihl = std::uint32_t{ip[0] & 0x0fu} * 4;
    const std::uint16_t total_length = load_be16(ip + 2);
    if ((ip[0] >> 4) != 4 || ihl < 20 || f.len < ip_off + ihl || total_length < ihl ||
        ip_off + total_length > f.total) {
        return drop(Reason::bad_ipv4);
    }
    const std::uint8_t ttl = labeled ? ttl_in : ip[8];
    const std::uint32_t dst = load_be32(ip + 16);
    if (for_router(env, ip, ihl, f.len - ip_off)) {
        return punt();
    }
    if (ttl <= 1) {
        return ttl_expired(env);
    }
    std::uint32_t group_slot = 0;
    if (!lpm.lookup(dst, group_slot)) {
        return drop(Reason::no_ftn);
    }
    const Member m = select_member(env, group_slot, [&] { return hash_ipv4(ip, f.len - ip_off, 0); });
    if (m.nh == nullptr) {
        return drop(m.reason, m.link);
    }
    const Result r = out_port(env, *m.nh);
    if (r.verdict != Verdict::forward) {
        return r;
    }
    const std::uint8_t out_ttl = static_cast<std::uint8_t>(ttl - 1);
    if (m.nh->n_labels == 0) {
        // Implicit-null binding: forward unlabeled, as an IP router would.
        ipv4_set_ttl(ip, out_ttl);
        if (ip_off < kEthHeaderLen && f.headroom < kEthHeaderLen - ip_off) {
            return drop(Reason::no_headroom, m.link);
        }
        write_ethernet(f, ip_off, *m.nh, env.port_mac[r.out_port], kEtherTypeIpv4);
        return r;
    }
    const std::uint32_t need = kEthHeaderLen + 4u * m.nh->n_labels;
    if (ip_off < need && f.headroom < need - ip_off) {
        return drop(Reason::no_headroom, m.link);
    }
    if (ip_off < need) {
        f.shift(-static_cast<std::int32_t>(need - ip_off));
        ip_off = need;
    }
    // The IP precedence becomes the TC (the common default E-LSP mapping).
    const std::uint32_t start = write_labels(f, ip_off, *m.nh, static_cast<std::uint8_t>(ip[1] >> 5), true, out_ttl);
    write_ethernet(f, start, *m.nh, env.port_mac[r.out_port], kEtherTypeMpls);
    return r;
}

// Payload exposed at the bottom of the stack after a pop at this router.
template <FtnLookup Lpm>
inline Result after_bottom_pop(Frame& f, const ForwardEnv& env, const Lpm& lpm, std::uint32_t off,
                               std::uint8_t ttl, bool ipv6_allowed) {
    if (f.len <= off) {
        return drop(Reason::short_frame);
    }
    const std::uint8_t version = f.data[off] >> 4;
    if (version == 4) {
        return ipv4(f, env, lpm, off, true, ttl);
    }
    (void)ipv6_allowed;
    return drop(Reason::unsupported);  // no IPv6 FIB in this data plane
}

}  // namespace detail

template <FtnLookup Lpm>
LDPSYNC_DP_INLINE Result forward(Frame& f, const ForwardEnv& env, const Lpm& lpm) {
    using namespace detail;
    if (f.len < kEthHeaderLen) {
        return drop(Reason::short_frame);
    }
    const std::uint16_t ethertype = load_be16(f.data + 12);
    if (ethertype == kEtherTypeIpv4) {
        return ipv4(f, env, lpm, kEthHeaderLen, false, 0);
    }
    if (ethertype == kEtherTypeArp) {
        return punt();
    }
    if (ethertype < 0x0600) {
        // 802.3 length field: LLC. IS-IS rides on DSAP = SSAP = 0xFE (ISO 10589 / RFC 1195).
        if (f.len >= kEthHeaderLen + 3 && f.data[14] == 0xfe && f.data[15] == 0xfe) {
            return punt();
        }
        return drop(Reason::unsupported);
    }
    if (ethertype != kEtherTypeMpls) {
        return drop(Reason::unsupported);
    }

    std::uint32_t off = kEthHeaderLen;
    std::uint8_t ttl = 0;
    bool have_ttl = false;
    // Each iteration looks at one label; pops (explicit-null, pop_lookup) continue the loop.
    for (int depth = 0; depth < 4; ++depth) {
        if (f.len < off + kLseLen) {
            return drop(Reason::short_frame);
        }
        // Plain 32-bit locals rather than an Lse struct: g++ spilled the struct byte-wise and
        // reloaded it as a word (a store-forwarding stall per packet).
        const std::uint32_t lse_word = load_be32(f.data + off);
        const struct {
            std::uint32_t label, tc, ttl;
            bool bos;
        } lse{lse_word >> 12, (lse_word >> 9) & 7u, lse_word & 0xffu, ((lse_word >> 8) & 1u) != 0};
        // Uniform model: after a pop the outer TTL stands for the packet; inner TTLs are stale.
        if (!have_ttl) {
            ttl = static_cast<std::uint8_t>(lse.ttl);
            have_ttl = true;
        }
        if (lse.label < kFirstUnreservedLabel) {
            if (lse.label == kLabelIpv4ExplicitNull || lse.label == kLabelIpv6ExplicitNull) {
                // RFC 3032 2.1 / RFC 4182: pop and process what is below.
                if (lse.bos) {
                    return after_bottom_pop(f, env, lpm, off + kLseLen, ttl, lse.label == kLabelIpv6ExplicitNull);
                }
                off += kLseLen;
                continue;
            }
            if (lse.label == kLabelRouterAlert) {
                return punt();
            }
            return drop(Reason::reserved_label);
        }
        if (ttl <= 1) {
            return ttl_expired(env);
        }
        const std::uint32_t word = env.fib->ilm(lse.label);
        if (word == 0) {
            return drop(Reason::no_ilm);
        }
        const IlmOp op = ilm_op(word);
        if (op == IlmOp::punt) {
            return punt();
        }
        if (op == IlmOp::pop_lookup) {
            if (lse.bos) {
                return after_bottom_pop(f, env, lpm, off + kLseLen, ttl, false);
            }
            off += kLseLen;
            continue;
        }
        const std::uint32_t stack_off = kEthHeaderLen;
        const Member m = select_member(env, ilm_group_slot(word), [&] {
            return hash_mpls(f.data + stack_off, f.len - stack_off);
        });
        if (m.nh == nullptr) {
            return drop(m.reason, m.link);
        }
        const Result r = out_port(env, *m.nh);
        if (r.verdict != Verdict::forward) {
            return r;
        }
        const std::uint8_t out_ttl = static_cast<std::uint8_t>(ttl - 1);
        const std::uint32_t payload = off + kLseLen;  // first byte below the top label
        if (m.nh->n_labels == 0) {
            // PHP (implicit-null, RFC 3031 3.16): pop and expose what is below.
            if (!lse.bos) {
                if (f.len < payload + kLseLen) {
                    return drop(Reason::short_frame);
                }
                f.data[payload + 3] = out_ttl;
                write_ethernet(f, payload, *m.nh, env.port_mac[r.out_port], kEtherTypeMpls);
                return r;
            }
            if (f.len <= payload) {
                return drop(Reason::short_frame);
            }
            const std::uint8_t version = f.data[payload] >> 4;
            if (version == 4) {
                if (f.len < payload + 20) {
                    return drop(Reason::short_frame);
                }
                ipv4_set_ttl(f.data + payload, out_ttl);
                write_ethernet(f, payload, *m.nh, env.port_mac[r.out_port], kEtherTypeIpv4);
                return r;
            }
            if (version == 6 && f.len >= payload + 40) {
                f.data[payload + 7] = out_ttl;  // hop limit; IPv6 has no header checksum
                write_ethernet(f, payload, *m.nh, env.port_mac[r.out_port], kEtherTypeIpv6);
                return r;
            }
            return drop(Reason::unsupported, m.link);
        }
        // Swap: the top label is replaced by the next hop's stack (a swap plus pushes).
        const std::uint32_t need = kEthHeaderLen + 4u * m.nh->n_labels;
        std::uint32_t at = payload;
        if (at < need) {
            if (f.headroom < need - at) {
                return drop(Reason::no_headroom, m.link);
            }
            f.shift(-static_cast<std::int32_t>(need - at));
            at = need;
        }
        const std::uint32_t start = write_labels(f, at, *m.nh, static_cast<std::uint8_t>(lse.tc), lse.bos, out_ttl);
        write_ethernet(f, start, *m.nh, env.port_mac[r.out_port], kEtherTypeMpls);
        return r;
    }
    return drop(Reason::stack_too_deep);
}

}  // namespace ldpsync::dp
