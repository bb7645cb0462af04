#pragma once
// Rig for the data-plane process tests: a control side (ControlEnd + ForwardingPublisher)
// in the test process, ldpsync-dp as a child on net_pcap vdevs with --no-huge, and pcap
// files written and read with libpcap. Everything it starts it stops by pid; its files
// and DPDK runtime directory are removed at the end.

#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../common/process.hpp"
#include "ldpsync/shm/control_end.hpp"
#include "ldpsync/shm/publisher.hpp"
#include "packet_builder.hpp"
#include "shm_records.hpp"
#include "pcap_read.hpp"
#include "pcap_write.hpp"

namespace ldpsync::dptest {

namespace pg = ldpsync::pktgen;
using namespace std::chrono_literals;

inline std::string g_dp_binary;  // set by main() from argv[1]
inline bool g_dp_hugepages = false;  // main() --huge: EAL on 2 MiB hugepages instead of --no-huge
inline std::string g_pktgen_binary;  // main() --pktgen PATH: tests that drive ldpsync-dp with ldpsync-pktgen

using Captured = pg::CapturedFrame;

inline void write_pcap(const std::string& path, const std::vector<pg::Bytes>& frames) {
    pg::write_pcap_file(path, frames);
}

inline std::vector<Captured> read_pcap(const std::string& path) { return pg::read_pcap_file(path); }

inline double now_epoch() {
    timeval tv{};
    gettimeofday(&tv, nullptr);
    return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6;
}

// One rte_telemetry request over the v2 socket of a running DPDK process.
inline std::string telemetry(const std::string& file_prefix, const std::string& command) {
    const int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof(addr.sun_path), "/var/run/dpdk/%s/dpdk_telemetry.v2", file_prefix.c_str());
    std::string reply;
    if (fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
        std::vector<char> buf(1 << 16);
        if (read(fd, buf.data(), buf.size()) > 0 && write(fd, command.data(), command.size()) > 0) {
            const ssize_t n = read(fd, buf.data(), buf.size());
            if (n > 0) reply.assign(buf.data(), static_cast<std::size_t>(n));
        }
    }
    if (fd >= 0) close(fd);
    return reply;
}

inline pg::Mac parse_mac(const std::string& s) {
    pg::Mac m{};
    unsigned v[6] = {};
    if (std::sscanf(s.c_str(), "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) == 6) {
        for (int i = 0; i < 6; ++i) m[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v[i]);
    }
    return m;
}

class Rig {
public:
    explicit Rig(const std::string& tag)
        : instance_("dpt-" + tag + "-" + std::to_string(getpid())),
          dir_(std::filesystem::temp_directory_path() / instance_) {
        std::filesystem::create_directories(dir_);
        auto created = shm::ControlEnd::create(instance_);
        if (created) {
            end_ = std::make_unique<shm::ControlEnd>(created.take());
            pub_ = std::make_unique<shm::ForwardingPublisher>(*end_);
        }
    }
    ~Rig() {
        stop_dp();
        pub_.reset();
        end_.reset();
        shm::ControlEnd::remove(instance_);
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
        std::filesystem::remove_all("/var/run/dpdk/" + instance_, ec);
    }

    bool ok() const { return end_ != nullptr; }
    shm::ControlEnd& end() { return *end_; }
    shm::ForwardingPublisher& pub() { return *pub_; }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    const std::string& instance() const { return instance_; }

    void link(std::uint32_t id, std::uint16_t port, bool usable, const std::string& ifname = "") {
        shm::LinkRecord r{};
        r.link_id = id;
        r.port_id = port;
        r.in_use = 1;
        r.usable = usable ? 1 : 0;
        r.sync = shm::SyncState::achieved;
        r.ospf_adjacency = shm::AdjacencyState::up;
        if (!ifname.empty()) r.set_ifname(ifname);
        end_->publish_link(r);
    }
    void nexthop(std::uint32_t id, std::uint16_t link, std::vector<std::uint32_t> labels, pg::Mac mac) {
        pub_->set_nexthop(dp::test::nexthop_record(id, link, labels, mac));
    }
    void group(std::uint32_t id, std::vector<std::uint32_t> members) { pub_->set_group(dp::test::group_record(id, members)); }
    void ilm(std::uint32_t label, std::uint32_t group_id, shm::IlmAction a = shm::IlmAction::forward) {
        pub_->set_ilm(shm::IlmEntry{.in_label = label, .group_id = group_id, .action = a});
    }
    void ftn(std::uint32_t prefix, std::uint8_t len, std::uint32_t group_id) {
        pub_->set_ftn(shm::FtnEntry{.prefix = prefix, .prefix_len = len, .group_id = group_id});
    }
    // A one-member group per next hop, same id: the common LDP case.
    void lsp(std::uint32_t id, std::uint16_t link, std::vector<std::uint32_t> labels, pg::Mac mac) {
        nexthop(id, link, std::move(labels), mac);
        group(id, {id});
    }

    // Starts ldpsync-dp on n_ports net_pcap ports: port i reads rx_pcap[i], writes out<i>.pcap.
    // rx "" means an empty input; infinite: the pcap PMD replays its file for ever.
    bool start_dp(const std::vector<std::string>& rx_pcaps, std::vector<std::string> extra = {}, bool infinite = false,
                  std::uint32_t exit_idle_ms = 400) {
        std::vector<std::string> vdevs;
        for (std::size_t i = 0; i < rx_pcaps.size(); ++i) {
            std::string rx = rx_pcaps[i];
            // infinite_rx only on ports with input: the pcap PMD leaks a burst of mbufs per
            // rx call when an infinite_rx file is empty (DPDK 22.11).
            const bool loop = infinite && !rx.empty();
            if (rx.empty()) {
                rx = path("empty" + std::to_string(i) + ".pcap");
                write_pcap(rx, {});
            }
            vdevs.push_back("net_pcap" + std::to_string(i) + ",rx_pcap=" + rx + ",tx_pcap=" + out_path(i) +
                            (loop ? ",infinite_rx=1" : ""));
        }
        return start_custom({"-l", "0,1"}, vdevs, std::move(extra), exit_idle_ms);
    }
    // Any lcore layout and vdevs; ports are numbered in vdev order.
    bool start_custom(const std::vector<std::string>& lcores, const std::vector<std::string>& vdevs,
                      std::vector<std::string> extra, std::uint32_t exit_idle_ms) {
        // --in-memory: hugepages from memfd, no hugetlbfs mount needed.
        std::vector<std::string> argv = {g_dp_binary, g_dp_hugepages ? "--in-memory" : "--no-huge", "-m", "256",
                                         "--no-pci"};
        argv.insert(argv.end(), lcores.begin(), lcores.end());
        for (const auto& a : {"--file-prefix", instance_.c_str(), "--log-level", "lib.eal:warning"}) argv.push_back(a);
        for (const auto& v : vdevs) {
            argv.push_back("--vdev");
            argv.push_back(v);
        }
        argv.push_back("--");
        argv.push_back("--instance");
        argv.push_back(instance_);
        if (exit_idle_ms != 0) {
            argv.push_back("--exit-idle-ms");
            argv.push_back(std::to_string(exit_idle_ms));
        }
        for (auto& e : extra) argv.push_back(e);
        dp_ = std::make_unique<test::ChildProcess>(argv);
        port_mac_.clear();
        if (!dp_->started() || !dp_->wait_output("ldpsync-dp: started", 20s)) {
            return false;
        }
        for (std::size_t i = 0; i < vdevs.size(); ++i) {
            const std::string key = "ldpsync-dp: port " + std::to_string(i) + " mac=";
            const auto pos = dp_->output().find(key);
            port_mac_.push_back(pos == std::string::npos ? pg::Mac{} : parse_mac(dp_->output().substr(pos + key.size(), 17)));
        }
        return true;
    }
    // The control process restarts: the old writer goes away and a new one takes the
    // segment over (its replay sweeps what it does not know).
    bool restart_control() {
        pub_.reset();
        end_.reset();
        auto created = shm::ControlEnd::create(instance_);
        if (!created) {
            return false;
        }
        end_ = std::make_unique<shm::ControlEnd>(created.take());
        pub_ = std::make_unique<shm::ForwardingPublisher>(*end_);
        return end_->took_over();
    }
    // Serves the control side (replays, events) until the data plane exits or timeout.
    std::optional<int> serve_until_exit(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            pub_->poll(on_event_);
            end_->heartbeat();
            if (auto st = dp_->wait_exit(10ms)) {
                return st;
            }
        }
        return std::nullopt;
    }
    // Serves the control side until the data plane prints needle.
    bool serve_until_output(const std::string& needle, std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            pub_->poll(on_event_);
            end_->heartbeat();
            if (dp_->wait_output(needle, 10ms)) {
                return true;
            }
            if (!dp_->running()) {
                return false;
            }
        }
        return false;
    }
    void serve_for(std::chrono::milliseconds d) {
        const auto deadline = std::chrono::steady_clock::now() + d;
        while (std::chrono::steady_clock::now() < deadline) {
            pub_->poll(on_event_);
            end_->heartbeat();
            std::this_thread::sleep_for(2ms);
        }
    }
    std::optional<int> stop_dp() {
        if (!dp_ || !dp_->running()) {
            return dp_ ? dp_->wait_exit(0ms) : std::nullopt;
        }
        dp_->signal(SIGTERM);
        std::optional<int> st;
        const auto deadline = std::chrono::steady_clock::now() + 15s;
        while (!st && std::chrono::steady_clock::now() < deadline) {
            pub_->poll(on_event_);
            st = dp_->wait_exit(10ms);
        }
        if (!st) {
            dp_->signal(SIGKILL);
            st = dp_->wait_exit(5s);
        }
        return st;
    }
    test::ChildProcess& dp() { return *dp_; }
    std::uint64_t summary(const std::string& key) const {
        const auto v = dp_->field(key);
        return v.empty() ? ~0ull : std::stoull(v);
    }
    std::string out_path(std::size_t port) const { return path("out" + std::to_string(port) + ".pcap"); }
    const pg::Mac& port_mac(std::size_t port) const { return port_mac_.at(port); }

private:
    std::string instance_;
    std::filesystem::path dir_;
    std::unique_ptr<shm::ControlEnd> end_;
    std::unique_ptr<shm::ForwardingPublisher> pub_;
    std::unique_ptr<test::ChildProcess> dp_;
    std::vector<pg::Mac> port_mac_;
    std::vector<shm::EventRecord> port_events_;
    shm::ForwardingPublisher::PortEvent on_event_ = [this](const shm::EventRecord& e) { port_events_.push_back(e); };

public:
    const std::vector<shm::EventRecord>& port_events() const { return port_events_; }
};

inline std::uint32_t lse(std::uint32_t label, std::uint8_t tc, bool bos, std::uint8_t ttl) {
    return (label << 12) | (std::uint32_t{tc} << 9) | (bos ? 0x100u : 0u) | ttl;
}
inline std::uint32_t be32_at(const pg::Bytes& b, std::size_t off) {
    return std::uint32_t{b[off]} << 24 | std::uint32_t{b[off + 1]} << 16 | std::uint32_t{b[off + 2]} << 8 | b[off + 3];
}

}  // namespace ldpsync::dptest
