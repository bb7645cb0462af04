#include "main_loop.hpp"

#include <rte_cycles.h>

#include <cstdio>

#include "exception_path.hpp"
#include "grace.hpp"
#include "ldpsync/shm/dataplane_end.hpp"

namespace ldpsync::dp {

namespace {

// ldpsyncd knows interfaces only by name: a link whose record carries no port is tied to
// the port whose TAP has that name (--tap P=NAME, or the TAP this process created).
std::uint16_t port_named(const Dataplane& dp, std::string_view ifname) {
    if (ifname.empty()) {
        return kNoPort;
    }
    for (const std::uint16_t p : dp.port_list) {
        const auto configured = dp.opt.taps.find(p);
        const std::string& name = configured != dp.opt.taps.end() ? configured->second : dp.ports[p].tap_name;
        if (name == ifname) {
            return p;
        }
    }
    return kNoPort;
}

// link -> port for the workers' egress, port -> lowest link for rx attribution.
void refresh_links(Dataplane& dp) {
    std::array<std::uint16_t, RTE_MAX_ETHPORTS> first_link;
    first_link.fill(kNoLink);
    for (std::uint32_t id = 0; id < shm::kLinkCapacity; ++id) {
        const auto rec = dp.shm->link(id);
        std::uint16_t port = kNoPort;
        if (rec && rec->in_use) {
            if (rec->port_id < RTE_MAX_ETHPORTS && dp.ports[rec->port_id].used) {
                port = rec->port_id;
            } else {
                port = port_named(dp, rec->ifname_view());
            }
            if (port != kNoPort && first_link[port] == kNoLink) {
                first_link[port] = static_cast<std::uint16_t>(id);
            }
        }
        if (dp.link_port[id].load(std::memory_order_relaxed) != port) {
            dp.link_port[id].store(port, std::memory_order_relaxed);
        }
    }
    for (const std::uint16_t p : dp.port_list) {
        dp.port_link[p].store(first_link[p], std::memory_order_relaxed);
    }
}

void report_links(Dataplane& dp, bool force) {
    for (const std::uint16_t p : dp.port_list) {
        rte_eth_link link{};
        if (rte_eth_link_get_nowait(p, &link) != 0) {
            continue;
        }
        const bool up = link.link_status == RTE_ETH_LINK_UP;
        if (force || up != dp.ports[p].link_up) {
            dp.ports[p].link_up = up;
            dp.shm->report_port_link(p, up, link.link_speed);
        }
    }
}

void publish_figures(Dataplane& dp, const FibWriter<FtnFib>& writer, const Reclaimer& reclaimer) {
    auto& f = dp.fib_figures;
    const auto& s = writer.stats();
    f.generation.store(s.generation, std::memory_order_relaxed);
    f.applied.store(s.applied, std::memory_order_relaxed);
    f.rejected.store(s.rejected, std::memory_order_relaxed);
    f.table_full.store(s.table_full, std::memory_order_relaxed);
    f.swept.store(s.swept, std::memory_order_relaxed);
    f.replays.store(s.replays, std::memory_order_relaxed);
    f.ilm.store(writer.ilm_count(), std::memory_order_relaxed);
    f.ftn.store(writer.ftn_count(), std::memory_order_relaxed);
    f.nexthops.store(writer.defined_nexthops(), std::memory_order_relaxed);
    f.groups.store(writer.defined_groups(), std::memory_order_relaxed);
    f.pending_reclaim.store(reclaimer.pending(), std::memory_order_relaxed);
}

}  // namespace

Totals totals(const Dataplane& dp) {
    Totals t;
    for (const auto& w : dp.workers) {
        t.rx += w->stats.rx.load(std::memory_order_relaxed);
        t.tx += w->stats.tx.load(std::memory_order_relaxed);
        t.punted += w->stats.punted.load(std::memory_order_relaxed);
        t.loops += w->stats.loops.load(std::memory_order_relaxed);
        for (std::size_t i = 0; i < kReasonCount; ++i) {
            t.drops[i] += w->stats.drops[i].load(std::memory_order_relaxed);
        }
    }
    return t;
}

void run_main_loop(Dataplane& dp, FibWriter<FtnFib>& writer, Reclaimer& reclaimer,
                   const volatile std::sig_atomic_t& signalled) {
    const std::uint64_t hz = rte_get_tsc_hz();
    std::uint64_t next_links = 0;
    std::uint64_t next_heartbeat = 0;
    std::uint64_t next_port_check = 0;
    bool announced = false;
    report_links(dp, true);
    while (!signalled) {
        const std::uint64_t now = rte_rdtsc();
        std::size_t work = dp.shm->poll_updates(writer, 8192);
        work += reclaimer.reclaim();
        if (!dp.rx_enabled.load(std::memory_order_relaxed) &&
            (!dp.opt.hold_rx || dp.shm->reader().state() == shm::ReaderState::synced)) {
            refresh_links(dp);  // workers must see the port mapping before the first packet
            dp.rx_enabled.store(true, std::memory_order_release);
        }
        if (!announced && dp.rx_enabled.load(std::memory_order_relaxed)) {
            std::printf("ldpsync-dp: forwarding ilm=%zu ftn=%zu generation=%llu\n", writer.ilm_count(),
                        writer.ftn_count(), static_cast<unsigned long long>(writer.stats().generation));
            std::fflush(stdout);
            announced = true;
        }
        if (now >= next_links) {
            refresh_links(dp);
            next_links = now + hz / 100;
        }
        if (now >= next_heartbeat) {
            dp.shm->heartbeat();
            publish_figures(dp, writer, reclaimer);
            next_heartbeat = now + hz / 10;
        }
        if (now >= next_port_check) {
            report_links(dp, false);
            next_port_check = now + hz / 2;
        }
        work += service_exception_path(dp);
        if (dp.opt.exit_idle_ms != 0 && dp.rx_enabled.load(std::memory_order_relaxed)) {
            std::uint64_t last = 0;
            for (const auto& w : dp.workers) {
                last = std::max(last, w->last_rx_tsc.load(std::memory_order_relaxed));
            }
            if (last != 0 && now > last && now - last > hz / 1000 * dp.opt.exit_idle_ms) {
                break;
            }
        }
        if (work == 0) {
            rte_delay_us_sleep(100);  // the main lcore may sleep; workers never do
        }
    }
    dp.stop.store(true, std::memory_order_release);
}

}  // namespace ldpsync::dp
