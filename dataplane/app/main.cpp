// ldpsync-dp: [EAL options] -- [ldpsync-dp options]   (see core/options.hpp)

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_pdump.h>

#include <csignal>
#include <memory>
#include <cstdio>
#include <string>
#include <vector>

#include "exception_path.hpp"
#include "fib_writer.hpp"
#include "ldpsync/shm/dataplane_end.hpp"
#include "ftn_fib.hpp"
#include "main_loop.hpp"
#include "options.hpp"
#include "ports.hpp"
#include "qsbr.hpp"
#include "state.hpp"
#include "telemetry.hpp"
#include "worker.hpp"

using namespace ldpsync;
using namespace ldpsync::dp;

namespace {

volatile std::sig_atomic_t g_signalled = 0;
void on_signal(int) { g_signalled = 1; }

int fail(const std::string& message, bool eal_up) {
    std::fprintf(stderr, "ldpsync-dp: %s\n", message.c_str());
    if (eal_up) {
        rte_eal_cleanup();
    }
    return 1;
}

void print_summary(const Dataplane& dp, const FibWriter<FtnFib>& writer) {
    const Totals t = totals(dp);
    std::string line = "ldpsync-dp: exit rx=" + std::to_string(t.rx) + " tx=" + std::to_string(t.tx) +
                       " punted=" + std::to_string(t.punted);
    for (std::size_t i = 1; i < kReasonCount; ++i) {
        // Appended piecewise: "a" + std::string&& trips g++ 12's -Wrestrict false positive at -O3.
        line += ' ';
        line += to_string(static_cast<Reason>(i));
        line += '=';
        line += std::to_string(t.drops[i]);
    }
    line += " ilm=" + std::to_string(writer.ilm_count()) + " ftn=" + std::to_string(writer.ftn_count()) +
            " generation=" + std::to_string(writer.stats().generation) +
            " replays=" + std::to_string(writer.stats().replays) + " swept=" + std::to_string(writer.stats().swept);
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    const int eal_args = rte_eal_init(argc, argv);
    if (eal_args < 0) {
        return fail(std::string("EAL initialisation failed: ") + rte_strerror(rte_errno), false);
    }
    std::vector<std::string> args(argv + eal_args + 1, argv + argc);
    auto parsed = parse_options(args);
    if (auto* err = std::get_if<std::string>(&parsed)) {
        return fail(*err + "\n" + usage(), true);
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);

    Dataplane dp;
    dp.opt = std::get<Options>(parsed);
    auto attached = shm::DataplaneEnd::attach(dp.opt.instance);
    if (!attached) {
        return fail("shm instance '" + dp.opt.instance + "': " + attached.error().message(), true);
    }
    shm::DataplaneEnd shm_end = attached.take();
    dp.shm = &shm_end;
    for (auto& lp : dp.link_port) lp.store(kNoPort, std::memory_order_relaxed);
    for (auto& pl : dp.port_link) pl.store(kNoLink, std::memory_order_relaxed);

    // dpdk-dumpcap / dpdk-pdump attach as secondary processes and capture through this.
    if (rte_pdump_init() != 0) {
        std::fprintf(stderr, "ldpsync-dp: warning: rte_pdump_init failed (%s): no capture\n", rte_strerror(rte_errno));
    }
    if (auto err = setup_ports(dp); !err.empty()) {
        stop_ports(dp);
        return fail(err, true);
    }
    auto grace_ptr = std::make_unique<QsbrGrace>(static_cast<std::uint32_t>(dp.workers.size()));
    QsbrGrace& grace = *grace_ptr;
    if (!grace.ok()) {
        stop_ports(dp);
        return fail("cannot allocate the RCU QSBR variable", true);
    }
    dp.qsbr = grace.get();
    std::unique_ptr<TableHeap> ftn_heap;
    std::string ftn_memory;
    auto lpm = create_ftn(dp.opt.ftn_rules, dp.opt.ftn_tbl8s, grace.get(), ftn_heap, ftn_memory);
    if (!lpm->ok()) {
        stop_ports(dp);
        return fail(lpm->error(), true);
    }
    dp.lpm = lpm.get();
    auto tables = std::make_unique<FibTables>(FibCapacity{dp.opt.max_nexthops, dp.opt.max_groups});
    dp.fib = tables.get();
    auto reclaimer_ptr = std::make_unique<Reclaimer>(grace);
    Reclaimer& reclaimer = *reclaimer_ptr;
    auto writer = std::make_unique<FibWriter<FtnFib>>(*tables, *lpm, reclaimer);
    // Everything DPDK-allocated goes before rte_eal_cleanup (the FTN before its heap).
    auto release_tables = [&] {
        writer.reset();
        reclaimer_ptr.reset();
        tables.reset();
        lpm.reset();
        ftn_heap.reset();
        grace_ptr.reset();
    };

    for (auto& w : dp.workers) {
        w->env.fib = tables.get();
        w->env.gates = &shm_end.view().gate(0);
        w->env.link_port = dp.link_port.data();
        w->env.port_mac = dp.port_mac.data();
        w->env.n_ports = dp.n_ports;
        w->env.local_addrs = dp.opt.local_addrs.data();
        w->env.n_local = static_cast<std::uint32_t>(dp.opt.local_addrs.size());
        w->env.punt_ttl_expired = dp.opt.punt_ttl_expired;
        w->lpm = lpm.get();
        w->acc = std::make_unique<std::array<shm::CounterValues, shm::kLinkCapacity>>();
        w->is_dirty = std::make_unique<std::array<bool, shm::kLinkCapacity>>();
    }
    if (auto err = setup_exception_path(dp); !err.empty()) {
        close_exception_path(dp);
        stop_ports(dp);
        release_tables();
        return fail(err, true);
    }
    register_telemetry(dp);

    std::printf("ldpsync-dp: started instance=%s ports=%zu workers=%zu\n", dp.opt.instance.c_str(),
                dp.port_list.size(), dp.workers.size());
    std::printf("ldpsync-dp: ftn tbl24 burst prefetch %s\n", lpm->tbl24_prefetch() ? "on" : "off (unknown rte_fib layout)");
    std::printf("ldpsync-dp: ftn memory: %s\n", ftn_memory.c_str());
    for (const std::uint16_t p : dp.port_list) {
        const auto& m = dp.ports[p].mac;
        std::printf("ldpsync-dp: port %u mac=%02x:%02x:%02x:%02x:%02x:%02x rxq=%u txq=%u tap=%s\n", p, m[0], m[1], m[2],
                    m[3], m[4], m[5], dp.ports[p].n_rxq, dp.ports[p].n_txq,
                    dp.ports[p].tap_name.empty() ? "-" : dp.ports[p].tap_name.c_str());
    }
    std::fflush(stdout);
    bind_workers(dp);
    for (auto& w : dp.workers) {
        rte_eal_remote_launch(worker_main, w.get(), w->lcore);
    }
    run_main_loop(dp, *writer, reclaimer, g_signalled);
    rte_eal_mp_wait_lcore();

    print_summary(dp, *writer);
    close_exception_path(dp);
    stop_ports(dp);
    release_tables();
    rte_eal_cleanup();
    return 0;
}
