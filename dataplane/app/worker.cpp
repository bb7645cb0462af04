// The forwarding loop: rx burst 32 -> the burst passes and decide() (core/burst.hpp: classify,
// ILM/FTN, gate, rewrite) -> per-port tx buffers -> tx burst. No locks, syscalls, allocation
// or logging per packet.

#include "worker.hpp"

#include <rte_cycles.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>
#include <rte_rcu_qsbr.h>

#include <cstring>

#include "burst.hpp"
#include "ldpsync/shm/dataplane_end.hpp"

namespace ldpsync::dp {

namespace {

Dataplane* g_dp = nullptr;

// How far ahead of its peek a frame's first bytes are prefetched (DPDK's l3fwd uses 3-4:
// enough to cover a DMA'd header's miss with the peeks of the frames in between).
constexpr std::uint16_t kHeaderPrefetchAhead = 4;

struct TxBuffer {
    std::uint16_t n = 0;
    rte_mbuf* pkts[kBurst];
    std::uint16_t links[kBurst];
};

inline void count(WorkerContext& w, std::uint16_t link, shm::Counter c) {
    if (!(*w.is_dirty)[link]) {
        (*w.is_dirty)[link] = true;
        w.dirty[w.n_dirty++] = link;
    }
    ++(*w.acc)[link][static_cast<std::size_t>(c)];
}

inline void bump(std::atomic<std::uint64_t>& a, std::uint64_t n = 1) {
    a.store(a.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

// One add() per touched link: the control side sees each burst's counters as a whole.
void flush_counters(WorkerContext& w, shm::DataplaneEnd& shm) {
    for (std::uint32_t i = 0; i < w.n_dirty; ++i) {
        const std::uint16_t link = w.dirty[i];
        shm.counters(w.index, link).add((*w.acc)[link]);
        (*w.acc)[link] = {};
        (*w.is_dirty)[link] = false;
    }
    w.n_dirty = 0;
}

// Adds n to one counter of a link (runs of packets on the same link count in one step).
inline void count_n(WorkerContext& w, std::uint16_t link, shm::Counter c, std::uint32_t n) {
    if (!(*w.is_dirty)[link]) {
        (*w.is_dirty)[link] = true;
        w.dirty[w.n_dirty++] = link;
    }
    (*w.acc)[link][static_cast<std::size_t>(c)] += n;
}

inline void count_runs(WorkerContext& w, const std::uint16_t* links, std::uint16_t from, std::uint16_t to,
                       shm::Counter c) {
    std::uint16_t i = from;
    while (i < to) {
        const std::uint16_t link = links[i];
        std::uint16_t j = static_cast<std::uint16_t>(i + 1);
        while (j < to && links[j] == link) {
            ++j;
        }
        count_n(w, link, c, j - i);
        i = j;
    }
}

void send(WorkerContext& w, std::uint16_t port, TxBuffer& b) {
    const std::uint16_t sent = rte_eth_tx_burst(port, w.txq, b.pkts, b.n);
    count_runs(w, b.links, 0, sent, shm::Counter::tx);
    if (sent < b.n) [[unlikely]] {
        count_runs(w, b.links, sent, b.n, shm::Counter::tx_full);
    }
    if (sent < b.n) [[unlikely]] {
        bump(w.stats.drops[static_cast<std::size_t>(Reason::tx_full)], b.n - sent);
        rte_pktmbuf_free_bulk(b.pkts + sent, b.n - sent);
    }
    bump(w.stats.tx, sent);
    b.n = 0;
}

// A burst's forwarded frames, in order, until they go to their ports' tx buffers. Collected
// here rather than appended to a TxBuffer per frame: this count lives in a register, where a
// TxBuffer's would be reloaded after every frame's byte writes (which may alias anything).
struct Forwarded {
    std::uint32_t n = 0;
    bool mixed = false;  // not all to the same port
    rte_mbuf* pkts[kBurst];
    std::uint16_t ports[kBurst];
    std::uint16_t links[kBurst];

    void add(rte_mbuf* m, const Result& r) {
        mixed = mixed || (n != 0 && r.out_port != ports[0]);
        pkts[n] = m;
        ports[n] = r.out_port;
        links[n] = r.link;
        ++n;
    }
};

// Hands the burst's frames to the tx buffers (a buffer that fills is sent at once).
void to_tx_buffers(WorkerContext& w, TxBuffer* tx, std::uint64_t& tx_mask, const Forwarded& f) {
    if (f.n == 0) return;
    if (!f.mixed) {
        const std::uint16_t port = f.ports[0];
        TxBuffer& b = tx[port];
        if (b.n + f.n > kBurst) send(w, port, b);
        std::memcpy(b.pkts + b.n, f.pkts, f.n * sizeof(f.pkts[0]));
        std::memcpy(b.links + b.n, f.links, f.n * sizeof(f.links[0]));
        b.n = static_cast<std::uint16_t>(b.n + f.n);
        tx_mask |= std::uint64_t{1} << (port & 63);
        if (b.n == kBurst) send(w, port, b);
        return;
    }
    for (std::uint32_t i = 0; i < f.n; ++i) {
        TxBuffer& b = tx[f.ports[i]];
        b.pkts[b.n] = f.pkts[i];
        b.links[b.n] = f.links[i];
        ++b.n;
        tx_mask |= std::uint64_t{1} << (f.ports[i] & 63);
        if (b.n == kBurst) send(w, f.ports[i], b);
    }
}

void drop(WorkerContext& w, rte_mbuf* m, Reason r, std::uint16_t link, rte_mbuf** dropped, std::uint16_t& n_dropped) {
    bump(w.stats.drops[static_cast<std::size_t>(r)]);
    count(w, link, shm_counter(r));
    dropped[n_dropped++] = m;
}

// A punted frame goes to the exception path's ring, within the port's policer; what the
// ring does not take is dropped and counted.
void punt_frames(WorkerContext& w, std::uint16_t in_link, rte_mbuf** punt, std::uint16_t n_punt, rte_mbuf** dropped,
                 std::uint16_t& n_dropped) {
    const unsigned queued =
        rte_ring_sp_enqueue_burst(w.punt_ring, reinterpret_cast<void* const*>(punt), n_punt, nullptr);
    for (std::uint16_t i = 0; i < n_punt; ++i) {
        if (i < queued) {
            count(w, in_link, shm::Counter::punted);
        } else {
            drop(w, punt[i], Reason::punt_queue_full, in_link, dropped, n_dropped);
        }
    }
    bump(w.stats.punted, queued);
}

// One rx burst: the pipeline passes of core/burst.hpp, then each frame decided and sent on
// its way (tx list, punt ring, or dropped with its reason counted).
void handle_burst(WorkerContext& w, Dataplane& dp, std::uint16_t in_port, rte_mbuf** pkts, std::uint16_t n,
                  std::uint64_t now, TxBuffer* tx, std::uint64_t& tx_mask) {
    std::uint16_t in_link = dp.port_link[in_port].load(std::memory_order_relaxed);
    if (in_link >= shm::kLinkCapacity) {
        in_link = kUnattributedLink;
    }
    count(w, in_link, shm::Counter::rx);
    (*w.acc)[in_link][static_cast<std::size_t>(shm::Counter::rx)] += n - 1u;
    const FibTables& fib = *w.env.fib;
    // Headers are cold when a NIC DMA'd them: each is prefetched a few frames ahead of its peek.
    for (std::uint16_t i = 0; i < n && i < kHeaderPrefetchAhead; ++i) {
        rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void*));
    }
    BurstLookups b;
    std::uint8_t* starts[kBurst];  // each frame's first byte, read from its mbuf once
    classify(b, fib, *w.lpm, n, [&](std::uint16_t i) {
        if (i + kHeaderPrefetchAhead < n) {
            rte_prefetch0(rte_pktmbuf_mtod(pkts[i + kHeaderPrefetchAhead], void*));
        }
        starts[i] = rte_pktmbuf_mtod(pkts[i], std::uint8_t*);
        return std::pair{starts[i], std::uint32_t{rte_pktmbuf_data_len(pkts[i])}};
    });
    resolve_groups(b, fib, *w.lpm);
    load_groups(b, fib);

    rte_mbuf* dropped[kBurst];
    std::uint16_t n_dropped = 0;
    rte_mbuf* punt[kBurst];
    std::uint16_t n_punt = 0;
    FtnHint<FtnFib> hint;
    hint.table = w.lpm;
    Forwarded fwd;
    for (std::uint16_t i = 0; i < n; ++i) {
        rte_mbuf* m = pkts[i];
        std::uint8_t* const start = starts[i];
        const auto make_frame = [&] {
            return Frame{start, rte_pktmbuf_data_len(m), rte_pktmbuf_pkt_len(m), rte_pktmbuf_headroom(m)};
        };
        Frame f{start, 0, 0, 0};
        const Result r = decide(b, i, start, w.env, hint, make_frame, f);
        if (r.verdict == Verdict::forward) {
            if (f.data != start) {  // labels pushed, or popped: the frame starts elsewhere
                const std::int64_t delta = f.data - start;
                m->data_off = static_cast<std::uint16_t>(m->data_off + delta);
                m->data_len = static_cast<std::uint16_t>(f.len);
                m->pkt_len = f.total;
            }
            fwd.add(m, r);
        } else if (r.verdict == Verdict::punt) {
            if (w.punt_ring == nullptr) {
                drop(w, m, Reason::punt_queue_full, in_link, dropped, n_dropped);
            } else if (!w.policer[in_port].allow(now)) {
                drop(w, m, Reason::punt_policed, in_link, dropped, n_dropped);
            } else {
                punt[n_punt++] = m;
            }
        } else {
            drop(w, m, r.reason, r.link < shm::kLinkCapacity ? r.link : in_link, dropped, n_dropped);
        }
    }
    to_tx_buffers(w, tx, tx_mask, fwd);
    if (n_punt > 0) {
        punt_frames(w, in_link, punt, n_punt, dropped, n_dropped);
    }
    if (n_dropped > 0) {
        rte_pktmbuf_free_bulk(dropped, n_dropped);
    }
}

}  // namespace

void bind_workers(Dataplane& dp) { g_dp = &dp; }

int worker_main(void* arg) {
    auto& w = *static_cast<WorkerContext*>(arg);
    Dataplane& dp = *g_dp;
    shm::DataplaneEnd& shm = *dp.shm;
    rte_rcu_qsbr_thread_register(dp.qsbr, w.index);
    rte_rcu_qsbr_thread_online(dp.qsbr, w.index);
    std::array<TxBuffer, RTE_MAX_ETHPORTS>* tx_storage = new std::array<TxBuffer, RTE_MAX_ETHPORTS>();
    TxBuffer* tx = tx_storage->data();
    rte_mbuf* pkts[kBurst];
    while (!dp.stop.load(std::memory_order_relaxed)) {
        // Between bursts this worker holds no table pointer: tell the reclaimer.
        rte_rcu_qsbr_quiescent(dp.qsbr, w.index);
        bump(w.stats.loops);
        if (!dp.rx_enabled.load(std::memory_order_acquire)) {
            rte_pause();
            continue;
        }
        const std::uint64_t now = rte_rdtsc();
        std::uint64_t tx_mask = 0;
        for (std::uint16_t q = 0; q < w.n_rx; ++q) {
            const auto [port, queue] = w.rx[q];
            const std::uint16_t n = rte_eth_rx_burst(port, queue, pkts, kBurst);
            if (n == 0) {
                continue;
            }
            bump(w.stats.rx, n);
            w.last_rx_tsc.store(now, std::memory_order_relaxed);
            handle_burst(w, dp, port, pkts, n, now, tx, tx_mask);
        }
        // Drain every port that got packets this round (the gate was read for each of them
        // in this same round, so a closed gate stops traffic from the next burst on).
        while (tx_mask != 0) {
            const unsigned bit = static_cast<unsigned>(__builtin_ctzll(tx_mask));
            tx_mask &= tx_mask - 1;
            for (std::uint16_t p = static_cast<std::uint16_t>(bit); p < dp.n_ports; p = static_cast<std::uint16_t>(p + 64)) {
                if (tx[p].n > 0) {
                    send(w, p, tx[p]);
                }
            }
        }
        // Worker 0 also transmits what the kernel sent on the TAPs.
        if (w.index == 0) {
            for (const std::uint16_t port : dp.port_list) {
                rte_ring* ring = dp.ports[port].tap_to_port;
                if (ring == nullptr) {
                    continue;
                }
                const unsigned n = rte_ring_sc_dequeue_burst(ring, reinterpret_cast<void**>(pkts), kBurst, nullptr);
                if (n == 0) {
                    continue;
                }
                const std::uint16_t sent = rte_eth_tx_burst(port, w.txq, pkts, static_cast<std::uint16_t>(n));
                if (sent < n) {
                    rte_pktmbuf_free_bulk(pkts + sent, n - sent);
                }
            }
        }
        flush_counters(w, shm);
    }
    flush_counters(w, shm);
    rte_rcu_qsbr_thread_offline(dp.qsbr, w.index);
    rte_rcu_qsbr_thread_unregister(dp.qsbr, w.index);
    delete tx_storage;
    return 0;
}

}  // namespace ldpsync::dp
