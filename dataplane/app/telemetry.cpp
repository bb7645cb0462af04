#include "telemetry.hpp"

#include <rte_telemetry.h>

#include <cstdio>

#include "ldpsync/shm/dataplane_end.hpp"
#include "main_loop.hpp"

namespace ldpsync::dp {

namespace {

const Dataplane* g_dp = nullptr;

int ports_cb(const char*, const char*, rte_tel_data* d) {
    rte_tel_data_start_dict(d);
    for (const std::uint16_t p : g_dp->port_list) {
        const auto& ps = g_dp->ports[p];
        rte_tel_data* c = rte_tel_data_alloc();
        rte_tel_data_start_dict(c);
        char mac[32];
        std::snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", ps.mac[0], ps.mac[1], ps.mac[2], ps.mac[3],
                      ps.mac[4], ps.mac[5]);
        rte_tel_data_add_dict_string(c, "mac", mac);
        rte_tel_data_add_dict_string(c, "tap", ps.tap_name.c_str());
        rte_tel_data_add_dict_u64(c, "link_up", ps.link_up ? 1 : 0);
        rte_tel_data_add_dict_u64(c, "rx_queues", ps.n_rxq);
        rte_tel_data_add_dict_u64(c, "to_tap", ps.to_tap.load(std::memory_order_relaxed));
        rte_tel_data_add_dict_u64(c, "from_tap", ps.from_tap.load(std::memory_order_relaxed));
        rte_tel_data_add_dict_u64(c, "tap_errors", ps.tap_errors.load(std::memory_order_relaxed));
        rte_tel_data_add_dict_u64(c, "link_id", g_dp->port_link[p].load(std::memory_order_relaxed));
        const std::string key = "port" + std::to_string(p);
        rte_tel_data_add_dict_container(d, key.c_str(), c, 0);
    }
    return 0;
}

int workers_cb(const char*, const char*, rte_tel_data* d) {
    rte_tel_data_start_dict(d);
    for (const auto& w : g_dp->workers) {
        rte_tel_data* c = rte_tel_data_alloc();
        rte_tel_data_start_dict(c);
        rte_tel_data_add_dict_u64(c, "lcore", w->lcore);
        rte_tel_data_add_dict_u64(c, "rx", w->stats.rx.load(std::memory_order_relaxed));
        rte_tel_data_add_dict_u64(c, "tx", w->stats.tx.load(std::memory_order_relaxed));
        rte_tel_data_add_dict_u64(c, "punted", w->stats.punted.load(std::memory_order_relaxed));
        rte_tel_data_add_dict_u64(c, "loops", w->stats.loops.load(std::memory_order_relaxed));
        const std::string key = "worker" + std::to_string(w->index);
        rte_tel_data_add_dict_container(d, key.c_str(), c, 0);
    }
    return 0;
}

int drops_cb(const char*, const char*, rte_tel_data* d) {
    rte_tel_data_start_dict(d);
    const Totals t = totals(*g_dp);
    for (std::size_t i = 1; i < kReasonCount; ++i) {
        rte_tel_data_add_dict_u64(d, std::string(to_string(static_cast<Reason>(i))).c_str(), t.drops[i]);
    }
    return 0;
}

int gates_cb(const char*, const char*, rte_tel_data* d) {
    rte_tel_data_start_dict(d);
    for (std::uint32_t id = 0; id < shm::kLinkCapacity; ++id) {
        const std::uint16_t port = g_dp->link_port[id].load(std::memory_order_relaxed);
        const bool open = g_dp->shm->gate(id);
        if (port == kNoPort && !open) {
            continue;
        }
        rte_tel_data* c = rte_tel_data_alloc();
        rte_tel_data_start_dict(c);
        rte_tel_data_add_dict_u64(c, "usable", open ? 1 : 0);
        rte_tel_data_add_dict_u64(c, "port", port);
        const std::string key = "link" + std::to_string(id);
        rte_tel_data_add_dict_container(d, key.c_str(), c, 0);
    }
    return 0;
}

int fib_cb(const char*, const char*, rte_tel_data* d) {
    // Copied by the main lcore every 100 ms: the writer itself is not thread safe.
    rte_tel_data_start_dict(d);
    const auto& f = g_dp->fib_figures;
    auto put = [&](const char* key, const std::atomic<std::uint64_t>& v) {
        rte_tel_data_add_dict_u64(d, key, v.load(std::memory_order_relaxed));
    };
    put("generation", f.generation);
    put("ilm", f.ilm);
    put("ftn", f.ftn);
    put("nexthops", f.nexthops);
    put("groups", f.groups);
    put("applied", f.applied);
    put("rejected", f.rejected);
    put("table_full", f.table_full);
    put("swept", f.swept);
    put("replays", f.replays);
    put("pending_reclaim", f.pending_reclaim);
    return 0;
}

}  // namespace

void register_telemetry(Dataplane& dp) {
    g_dp = &dp;
    rte_telemetry_register_cmd("/ldpsync/ports", ports_cb, "Ports: MAC, link, TAP, exception-path counters");
    rte_telemetry_register_cmd("/ldpsync/workers", workers_cb, "Workers: lcore, rx, tx, punted, loops");
    rte_telemetry_register_cmd("/ldpsync/drops", drops_cb, "Drops by reason, all workers");
    rte_telemetry_register_cmd("/ldpsync/gates", gates_cb, "Sync gate and port of each link");
    rte_telemetry_register_cmd("/ldpsync/fib", fib_cb, "FIB writer statistics");
}

}  // namespace ldpsync::dp
