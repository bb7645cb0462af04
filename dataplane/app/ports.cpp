#include "ports.hpp"

#include <rte_lcore.h>
#include <rte_mbuf.h>

#include <map>
#include <set>

namespace ldpsync::dp {

namespace {

std::string port_error(std::uint16_t port, const char* what, int rc) {
    return "port " + std::to_string(port) + ": " + what + ": " + rte_strerror(-rc);
}

std::string choose_queues(Dataplane& dp) {
    auto& opt = dp.opt;
    if (opt.queues.empty()) {
        const unsigned lcore = rte_get_next_lcore(-1, 1, 0);
        if (lcore >= RTE_MAX_LCORE) {
            return "no worker lcore: give EAL at least two lcores (e.g. -l 0-1); the main lcore does not forward";
        }
        for (const std::uint16_t p : dp.port_list) {
            opt.queues.push_back({p, 0, lcore});
        }
    }
    std::map<std::uint32_t, std::size_t> worker_of_lcore;
    std::map<std::uint16_t, std::set<std::uint16_t>> queues_of_port;
    for (const auto& q : opt.queues) {
        if (!dp.ports[q.port].used) {
            return "bad lcore map: port " + std::to_string(q.port) + " is not an available port (" +
                   std::to_string(dp.port_list.size()) + " in use)";
        }
        if (q.lcore >= RTE_MAX_LCORE || !rte_lcore_is_enabled(q.lcore)) {
            return "bad lcore map: lcore " + std::to_string(q.lcore) + " is not enabled in the EAL core list";
        }
        if (q.lcore == rte_get_main_lcore()) {
            return "bad lcore map: lcore " + std::to_string(q.lcore) +
                   " is the main lcore (it applies updates and runs the exception path)";
        }
        if (worker_of_lcore.count(q.lcore) == 0) {
            if (worker_of_lcore.size() >= shm::kMaxWorkers) {
                return "bad lcore map: more than " + std::to_string(shm::kMaxWorkers) + " workers";
            }
            const std::size_t index = worker_of_lcore.size();
            worker_of_lcore[q.lcore] = index;
            auto w = std::make_unique<WorkerContext>();
            w->index = static_cast<std::uint32_t>(index);
            w->lcore = q.lcore;
            w->txq = static_cast<std::uint16_t>(index);
            dp.workers.push_back(std::move(w));
        }
        auto& w = *dp.workers[worker_of_lcore[q.lcore]];
        if (w.n_rx >= kMaxRxPerWorker) {
            return "bad lcore map: lcore " + std::to_string(q.lcore) + " polls more than 16 queues";
        }
        w.rx[w.n_rx++] = {q.port, q.queue};
        queues_of_port[q.port].insert(q.queue);
    }
    for (const std::uint16_t p : dp.port_list) {
        const auto& qs = queues_of_port[p];
        if (qs.empty()) {
            return "bad lcore map: port " + std::to_string(p) + " has no rx queue mapped to a worker";
        }
        if (*qs.rbegin() + 1u != qs.size()) {
            return "bad lcore map: port " + std::to_string(p) + " rx queues must be 0.." + std::to_string(qs.size() - 1);
        }
        dp.ports[p].n_rxq = static_cast<std::uint16_t>(qs.size());
        dp.ports[p].n_txq = static_cast<std::uint16_t>(dp.workers.size());
    }
    return {};
}

std::string start_port(Dataplane& dp, PortState& ps) {
    const std::uint16_t port = ps.port_id;
    rte_eth_dev_info info{};
    int rc = rte_eth_dev_info_get(port, &info);
    if (rc != 0) {
        return port_error(port, "dev_info_get", rc);
    }
    if (ps.n_rxq > info.max_rx_queues || ps.n_txq > info.max_tx_queues) {
        return "port " + std::to_string(port) + " (" + info.driver_name + "): needs " + std::to_string(ps.n_rxq) +
               " rx / " + std::to_string(ps.n_txq) + " tx queues, has " + std::to_string(info.max_rx_queues) +
               " / " + std::to_string(info.max_tx_queues);
    }
    rte_eth_conf conf{};
    if (ps.n_rxq > 1) {
        conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
        conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_IP & info.flow_type_rss_offloads;
    }
    rc = rte_eth_dev_configure(port, ps.n_rxq, ps.n_txq, &conf);
    if (rc != 0) {
        return port_error(port, "configure", rc);
    }
    std::uint16_t nb_rxd = 1024;
    std::uint16_t nb_txd = 1024;
    rte_eth_dev_adjust_nb_rx_tx_desc(port, &nb_rxd, &nb_txd);
    const int socket = rte_eth_dev_socket_id(port);
    for (std::uint16_t q = 0; q < ps.n_rxq; ++q) {
        rc = rte_eth_rx_queue_setup(port, q, nb_rxd, socket < 0 ? SOCKET_ID_ANY : socket, nullptr, dp.pool);
        if (rc != 0) {
            return port_error(port, "rx_queue_setup", rc);
        }
    }
    for (std::uint16_t q = 0; q < ps.n_txq; ++q) {
        rc = rte_eth_tx_queue_setup(port, q, nb_txd, socket < 0 ? SOCKET_ID_ANY : socket, nullptr);
        if (rc != 0) {
            return port_error(port, "tx_queue_setup", rc);
        }
    }
    rc = rte_eth_dev_start(port);
    if (rc != 0) {
        return port_error(port, "start", rc);
    }
    ps.started = true;
    rte_eth_promiscuous_enable(port);  // best effort: some vdevs have no such notion
    rte_ether_addr mac{};
    rte_eth_macaddr_get(port, &mac);
    std::copy(std::begin(mac.addr_bytes), std::end(mac.addr_bytes), ps.mac.begin());
    dp.port_mac[port] = ps.mac;
    return {};
}

}  // namespace

std::string setup_ports(Dataplane& dp) {
    std::uint16_t port = 0;
    RTE_ETH_FOREACH_DEV(port) {
        if (port < 64 && ((dp.opt.portmask >> port) & 1u) == 0) {
            continue;
        }
        dp.ports[port].port_id = port;
        dp.ports[port].used = true;
        dp.port_list.push_back(port);
        dp.n_ports = static_cast<std::uint16_t>(port + 1);
    }
    if (dp.port_list.empty()) {
        return "no ports: bind a NIC to vfio-pci or give a --vdev (e.g. --vdev net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap)";
    }
    if (auto err = choose_queues(dp); !err.empty()) {
        return err;
    }
    dp.pool = rte_pktmbuf_pool_create("ldpsync-mbufs", dp.opt.mbufs, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
                                      static_cast<int>(rte_socket_id()));
    if (dp.pool == nullptr) {
        return "cannot create a pool of " + std::to_string(dp.opt.mbufs) + " mbufs: " + rte_strerror(rte_errno) +
               " (more memory with EAL -m, or fewer --mbufs)";
    }
    for (const std::uint16_t p : dp.port_list) {
        if (auto err = start_port(dp, dp.ports[p]); !err.empty()) {
            return err;
        }
    }
    return {};
}

void stop_ports(Dataplane& dp) {
    for (const std::uint16_t p : dp.port_list) {
        if (dp.ports[p].started) {
            rte_eth_dev_stop(p);
        }
        rte_eth_dev_close(p);  // net_pcap flushes its tx file here
        dp.ports[p].started = false;
    }
}

}  // namespace ldpsync::dp
