#include "port_driver.hpp"

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ldpsync::pktgen {

namespace {

constexpr std::uint16_t kBurst = 32;
constexpr std::uint16_t kDescriptors = 1024;

std::string port_error(std::uint16_t port, const char* what, int rc) {
    return "port " + std::to_string(port) + ": " + what + ": " + rte_strerror(rc < 0 ? -rc : rc);
}

std::string start_port(std::uint16_t port, rte_mempool* pool) {
    if (!rte_eth_dev_is_valid_port(port)) {
        return "port " + std::to_string(port) + " does not exist (" + std::to_string(rte_eth_dev_count_avail()) +
               " available; give one with -a PCI or --vdev)";
    }
    rte_eth_conf conf{};
    int rc = rte_eth_dev_configure(port, 1, 1, &conf);
    if (rc != 0) return port_error(port, "configure", rc);
    std::uint16_t rxd = kDescriptors;
    std::uint16_t txd = kDescriptors;
    rc = rte_eth_dev_adjust_nb_rx_tx_desc(port, &rxd, &txd);
    if (rc != 0) return port_error(port, "adjust descriptors", rc);
    const int socket = rte_eth_dev_socket_id(port);
    const unsigned s = socket < 0 ? SOCKET_ID_ANY : static_cast<unsigned>(socket);
    rc = rte_eth_rx_queue_setup(port, 0, rxd, s, nullptr, pool);
    if (rc != 0) return port_error(port, "rx queue setup", rc);
    rc = rte_eth_tx_queue_setup(port, 0, txd, s, nullptr);
    if (rc != 0) return port_error(port, "tx queue setup", rc);
    rc = rte_eth_dev_start(port);
    if (rc != 0) return port_error(port, "start", rc);
    rte_eth_promiscuous_enable(port);  // best effort: vdevs may not have the notion
    return {};
}

void close_port(std::uint16_t port) {
    rte_eth_dev_stop(port);
    rte_eth_dev_close(port);
}

std::string wait_links_up(const std::vector<std::uint16_t>& ports, double seconds, const std::atomic<bool>& stop) {
    const std::uint64_t deadline = rte_get_timer_cycles() + static_cast<std::uint64_t>(seconds * rte_get_timer_hz());
    for (const std::uint16_t p : ports) {
        for (;;) {
            rte_eth_link link{};
            if (rte_eth_link_get_nowait(p, &link) == 0 && link.link_status == RTE_ETH_LINK_UP) break;
            if (stop.load(std::memory_order_relaxed)) return "stopped while waiting for port " + std::to_string(p);
            if (rte_get_timer_cycles() > deadline) {
                return "port " + std::to_string(p) + ": link still down after " + std::to_string(seconds) + " s";
            }
            rte_delay_ms(10);
        }
    }
    return {};
}

// Counts and frees what the rx port has (timing the stamped frames when asked: only stamps
// from this run, since `since`); returns how many.
std::uint16_t count_rx(std::uint16_t port, bool latency, std::uint64_t since, PortDriveResult& r) {
    rte_mbuf* pkts[kBurst];
    const std::uint16_t n = rte_eth_rx_burst(port, 0, pkts, kBurst);
    const std::uint64_t now = latency && n > 0 ? rte_rdtsc() : 0;
    const double ns_per_tsc = 1e9 / static_cast<double>(rte_get_tsc_hz());
    for (std::uint16_t i = 0; i < n; ++i) {
        r.rx_bytes += rte_pktmbuf_pkt_len(pkts[i]);
        std::uint64_t sent = 0;
        if (latency && read_stamp(rte_pktmbuf_mtod(pkts[i], const std::uint8_t*), rte_pktmbuf_data_len(pkts[i]), sent) &&
            sent >= since && sent <= now) {
            r.latency.add(static_cast<std::uint64_t>(static_cast<double>(now - sent) * ns_per_tsc));
        }
    }
    r.rx += n;
    if (n > 0) rte_pktmbuf_free_bulk(pkts, n);
    return n;
}

}  // namespace

std::string drive_ports(const std::vector<Bytes>& frames, const PortDriveOptions& opt, const std::atomic<bool>& stop,
                        PortDriveResult& result) {
    result = {};
    if (frames.empty()) return "no frames to send";
    for (const auto& f : frames) {
        if (opt.latency && f.size() < kMinStampedFrame) {
            return "--latency needs frames of at least " + std::to_string(kMinStampedFrame) + " bytes (a " +
                   std::to_string(f.size()) + "-byte frame has no payload for the stamp)";
        }
        if (f.size() > RTE_MBUF_DEFAULT_DATAROOM) {
            return "a " + std::to_string(f.size()) + "-byte frame does not fit an mbuf (" +
                   std::to_string(RTE_MBUF_DEFAULT_DATAROOM) + " bytes)";
        }
    }
    // DPDK wants a per-lcore cache of at most two thirds of the pool.
    const unsigned cache = std::min<unsigned>(256, opt.pool_mbufs / 2);
    rte_mempool* pool = rte_pktmbuf_pool_create("pktgen_pool", opt.pool_mbufs, cache, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
                                                static_cast<int>(rte_socket_id()));
    if (pool == nullptr) {
        return std::string("mbuf pool of ") + std::to_string(opt.pool_mbufs) + ": " + rte_strerror(rte_errno) +
               (rte_errno == ENOMEM ? " (give EAL more memory with -m)" : "");
    }
    std::vector<std::uint16_t> ports{opt.tx_port};
    if (opt.rx_port && *opt.rx_port != opt.tx_port) ports.push_back(*opt.rx_port);
    std::vector<std::uint16_t> started;
    for (const std::uint16_t p : ports) {
        if (std::string why = start_port(p, pool); !why.empty()) {
            // The failing port too: it may hold rx queues on the pool freed below.
            if (rte_eth_dev_is_valid_port(p)) close_port(p);
            for (const std::uint16_t q : started) close_port(q);
            rte_mempool_free(pool);
            return why;
        }
        started.push_back(p);
    }

    // A tester sends only once the link is up (a NIC negotiating, a memif peer connecting):
    // frames sent before that would count as refused or lost.
    if (std::string why = wait_links_up(started, opt.link_wait_seconds, stop); !why.empty()) {
        for (const std::uint16_t q : started) close_port(q);
        rte_mempool_free(pool);
        return why;
    }
    const std::uint64_t hz = rte_get_tsc_hz();
    const std::uint64_t start = rte_rdtsc();
    const std::uint64_t end = opt.seconds > 0 ? start + static_cast<std::uint64_t>(opt.seconds * hz) : UINT64_MAX;
    const double per_tsc = opt.rate_mpps > 0 ? opt.rate_mpps * 1e6 / static_cast<double>(hz) : 0;
    std::size_t next = 0;
    std::uint64_t last_send = start;
    rte_mbuf* pkts[kBurst];
    while (!stop.load(std::memory_order_relaxed)) {
        const std::uint64_t now = rte_rdtsc();
        if (now >= end || (opt.count != 0 && result.tx >= opt.count)) break;
        std::uint64_t want = kBurst;
        if (opt.count != 0) want = std::min(want, opt.count - result.tx);
        if (per_tsc > 0) {
            // Paced: as many as the rate allows since the start, never more than a burst.
            const auto allowed = static_cast<std::uint64_t>(static_cast<double>(now - start) * per_tsc);
            const std::uint64_t done = result.tx + result.refused;
            want = std::min(want, allowed > done ? allowed - done : 0);
        }
        if (want > 0 && rte_pktmbuf_alloc_bulk(pool, pkts, static_cast<unsigned>(want)) == 0) {
            const std::uint64_t stamp = opt.latency ? rte_rdtsc() : 0;
            for (std::uint64_t i = 0; i < want; ++i) {
                const Bytes& f = frames[next];
                next = next + 1 == frames.size() ? 0 : next + 1;
                auto* data = rte_pktmbuf_mtod(pkts[i], std::uint8_t*);
                std::memcpy(data, f.data(), f.size());
                if (opt.latency) write_stamp(data, f.size(), stamp);
                pkts[i]->data_len = static_cast<std::uint16_t>(f.size());
                pkts[i]->pkt_len = static_cast<std::uint32_t>(f.size());
            }
            const std::uint16_t sent = rte_eth_tx_burst(opt.tx_port, 0, pkts, static_cast<std::uint16_t>(want));
            if (sent < want) {
                rte_pktmbuf_free_bulk(pkts + sent, static_cast<unsigned>(want - sent));
            }
            result.tx += sent;
            result.refused += want - sent;
            last_send = rte_rdtsc();
        }
        if (opt.rx_port) count_rx(*opt.rx_port, opt.latency, start, result);
    }
    result.send_seconds = static_cast<double>(last_send - start) / static_cast<double>(hz);
    if (opt.rx_port) {
        // Frames still in the router or the port's ring arrive a little later.
        const std::uint64_t drain_end = rte_rdtsc() + static_cast<std::uint64_t>(opt.drain_seconds * hz);
        while (rte_rdtsc() < drain_end && !stop.load(std::memory_order_relaxed)) {
            count_rx(*opt.rx_port, opt.latency, start, result);
        }
    }
    for (const std::uint16_t p : started) close_port(p);
    rte_mempool_free(pool);
    return {};
}

}  // namespace ldpsync::pktgen
