#include "exception_path.hpp"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_mbuf.h>

#include <cerrno>
#include <cstring>

#include "ldpsync/shm/dataplane_end.hpp"

namespace ldpsync::dp {

namespace {

// Creates (or attaches to) a TAP named name with the given MAC, up, non-blocking.
int open_tap(const std::string& name, const MacBytes& mac, std::string& err) {
    const int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        err = std::string("open /dev/net/tun: ") + std::strerror(errno) + " (or run with --no-tap)";
        return -1;
    }
    ifreq ifr{};
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
        err = "TAP " + name + ": TUNSETIFF: " + std::strerror(errno);
        close(fd);
        return -1;
    }
    const int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        err = std::string("socket: ") + std::strerror(errno);
        close(fd);
        return -1;
    }
    ifreq hw{};
    std::strncpy(hw.ifr_name, name.c_str(), IFNAMSIZ - 1);
    hw.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    std::memcpy(hw.ifr_hwaddr.sa_data, mac.data(), 6);
    bool ok = ioctl(sock, SIOCSIFHWADDR, &hw) == 0;
    ifreq flags{};
    std::strncpy(flags.ifr_name, name.c_str(), IFNAMSIZ - 1);
    ok = ok && ioctl(sock, SIOCGIFFLAGS, &flags) == 0;
    flags.ifr_flags = static_cast<short>(flags.ifr_flags | IFF_UP);
    ok = ok && ioctl(sock, SIOCSIFFLAGS, &flags) == 0;
    if (!ok) {
        err = "TAP " + name + ": set MAC/up: " + std::strerror(errno);
        close(sock);
        close(fd);
        return -1;
    }
    close(sock);
    return fd;
}

std::string tap_name_for(Dataplane& dp, std::uint16_t port) {
    if (auto it = dp.opt.taps.find(port); it != dp.opt.taps.end()) {
        return it->second;
    }
    // The control side names the port's kernel interface in the link table.
    for (std::uint32_t id = 0; id < shm::kLinkCapacity; ++id) {
        const auto rec = dp.shm->link(id);
        if (rec && rec->in_use && rec->port_id == port && !rec->ifname_view().empty()) {
            return std::string(rec->ifname_view());
        }
    }
    return "ldps" + std::to_string(port);
}

}  // namespace

std::string setup_exception_path(Dataplane& dp) {
    if (dp.opt.no_tap) {
        return {};
    }
    const std::uint64_t hz = rte_get_tsc_hz();
    const std::uint64_t n_workers = dp.workers.size();
    for (auto& w : dp.workers) {
        const std::string name = "ldps-punt" + std::to_string(w->index);
        w->punt_ring = rte_ring_create(name.c_str(), 1024, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
        if (w->punt_ring == nullptr) {
            return "cannot create ring " + name + ": " + rte_strerror(rte_errno);
        }
        // Each worker polices its share of the port's punt rate.
        for (const std::uint16_t p : dp.port_list) {
            w->policer[p] = TokenBucket((dp.opt.punt_rate + n_workers - 1) / n_workers,
                                        (dp.opt.punt_burst + n_workers - 1) / n_workers, hz);
        }
    }
    for (const std::uint16_t p : dp.port_list) {
        auto& ps = dp.ports[p];
        ps.tap_name = tap_name_for(dp, p);
        std::string err;
        ps.tap_fd = open_tap(ps.tap_name, ps.mac, err);
        if (ps.tap_fd < 0) {
            return err;
        }
        const std::string ring = "ldps-tap" + std::to_string(p);
        ps.tap_to_port = rte_ring_create(ring.c_str(), 1024, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
        if (ps.tap_to_port == nullptr) {
            return "cannot create ring " + ring + ": " + rte_strerror(rte_errno);
        }
    }
    return {};
}

unsigned service_exception_path(Dataplane& dp) {
    if (dp.opt.no_tap) {
        return 0;
    }
    unsigned moved = 0;
    rte_mbuf* pkts[kBurst];
    // Punted packets: to the TAP of the port they came in on.
    for (auto& w : dp.workers) {
        const unsigned n = rte_ring_sc_dequeue_burst(w->punt_ring, reinterpret_cast<void**>(pkts), kBurst, nullptr);
        for (unsigned i = 0; i < n; ++i) {
            rte_mbuf* m = pkts[i];
            auto& ps = dp.ports[m->port < RTE_MAX_ETHPORTS ? m->port : 0];
            if (ps.tap_fd >= 0) {
                std::uint8_t linear[RTE_MBUF_DEFAULT_BUF_SIZE];
                const void* data = rte_pktmbuf_read(m, 0, std::min<std::uint32_t>(m->pkt_len, sizeof(linear)), linear);
                if (data != nullptr && write(ps.tap_fd, data, std::min<std::uint32_t>(m->pkt_len, sizeof(linear))) > 0) {
                    ps.to_tap.fetch_add(1, std::memory_order_relaxed);
                } else {
                    ps.tap_errors.fetch_add(1, std::memory_order_relaxed);
                }
            }
            rte_pktmbuf_free(m);
        }
        moved += n;
    }
    // What the kernel sends: out of the port, through worker 0's tx queue.
    for (const std::uint16_t p : dp.port_list) {
        auto& ps = dp.ports[p];
        if (ps.tap_fd < 0) {
            continue;
        }
        for (unsigned i = 0; i < kBurst; ++i) {
            rte_mbuf* m = rte_pktmbuf_alloc(dp.pool);
            if (m == nullptr) {
                break;
            }
            char* buf = rte_pktmbuf_append(m, static_cast<std::uint16_t>(rte_pktmbuf_tailroom(m)));
            const ssize_t len = buf == nullptr ? -1 : read(ps.tap_fd, buf, rte_pktmbuf_data_len(m));
            if (len <= 0) {
                rte_pktmbuf_free(m);
                break;
            }
            rte_pktmbuf_trim(m, static_cast<std::uint16_t>(rte_pktmbuf_data_len(m) - len));
            if (rte_ring_sp_enqueue(ps.tap_to_port, m) != 0) {
                ps.tap_errors.fetch_add(1, std::memory_order_relaxed);
                rte_pktmbuf_free(m);
                break;
            }
            ps.from_tap.fetch_add(1, std::memory_order_relaxed);
            ++moved;
        }
    }
    return moved;
}

void close_exception_path(Dataplane& dp) {
    rte_mbuf* m = nullptr;
    for (auto& w : dp.workers) {
        while (w->punt_ring != nullptr && rte_ring_dequeue(w->punt_ring, reinterpret_cast<void**>(&m)) == 0) {
            rte_pktmbuf_free(m);
        }
        rte_ring_free(w->punt_ring);
        w->punt_ring = nullptr;
    }
    for (const std::uint16_t p : dp.port_list) {
        auto& ps = dp.ports[p];
        while (ps.tap_to_port != nullptr && rte_ring_dequeue(ps.tap_to_port, reinterpret_cast<void**>(&m)) == 0) {
            rte_pktmbuf_free(m);
        }
        rte_ring_free(ps.tap_to_port);
        ps.tap_to_port = nullptr;
        if (ps.tap_fd >= 0) {
            close(ps.tap_fd);  // a non-persistent TAP disappears with its last fd
            ps.tap_fd = -1;
        }
    }
}

}  // namespace ldpsync::dp
