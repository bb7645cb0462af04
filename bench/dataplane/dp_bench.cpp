// ldpsync-dp-bench: data-plane throughput on one worker core, side by side with
// dpdk-testpmd --forward-mode=mac on the same vdevs in the same run, and the sync-gate
// reaction time.
//
//   ldpsync-dp-bench --dp PATH [--testpmd PATH] [--quick] [--json] [--seconds S]
//                    [--scenario NAME]...   (1k-labels, 1m-ilm-1m-ftn, push-heavy, gate)
//
// Setup per scenario: this process is the control side (ControlEnd + ForwardingPublisher)
// and installs N FECs (next hop, group, ILM label_of(i), FTN prefix_of(i)/24); traffic
// from ldpsync-pktgen's generator is replayed by net_pcap (infinite_rx) on port 0 and
// forwarded to net_null port 1 (no-rx). lcore 0 is the main lcore, lcore 1 the worker;
// testpmd gets the same lcores, vdevs and capture. Mpps are sampled from the shm tx counter
// (ldpsync-dp) and from testpmd's per-second port statistics.

#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "../../tests/common/process.hpp"
#include "ldpsync/shm/control_end.hpp"
#include "ldpsync/shm/publisher.hpp"
#include "pcap_write.hpp"
#include "traffic.hpp"

using namespace ldpsync;
using namespace std::chrono_literals;
namespace pg = ldpsync::pktgen;

namespace {

struct Config {
    std::string dp;
    std::string testpmd = "/usr/bin/dpdk-testpmd";
    bool quick = false;
    bool json = false;
    double seconds = 3.0;
    std::vector<std::string> scenarios;
};

struct Scenario {
    std::string name;
    std::uint32_t entries;
    bool ilm;
    bool ftn;
    pg::Mix mix;
    std::uint8_t push_labels;  // labels each FTN next hop pushes
};

struct Row {
    std::string name;
    std::uint32_t entries = 0;
    double load_s = 0;
    double dp_mpps = 0;
    double testpmd_mpps = 0;
    std::uint64_t dp_drops = 0;
};

const pg::Mac kPeer = {0x02, 0xbe, 0x0c, 0, 0, 0x01};

std::uint64_t counter(shm::ControlEnd& end, std::uint32_t link, shm::Counter c) {
    return end.link_counters(link)[static_cast<std::size_t>(c)];
}

std::uint64_t drops(shm::ControlEnd& end) {
    std::uint64_t n = 0;
    for (std::uint32_t link : {1u, 2u}) {
        const auto v = end.link_counters(link);
        for (auto c : {shm::Counter::dropped_unsynced, shm::Counter::no_binding, shm::Counter::ttl_expired,
                       shm::Counter::malformed, shm::Counter::tx_full, shm::Counter::punt_policed}) {
            n += v[static_cast<std::size_t>(c)];
        }
    }
    return n;
}

class DpRun {
public:
    DpRun(const Config& cfg, const Scenario& s, const std::string& pcap, const std::string& tag)
        : instance_("dpbench-" + tag + "-" + std::to_string(getpid())) {
        shm::ControlOptions opts;
        opts.full_queue_wait = std::chrono::microseconds(5'000'000);  // a 4M-record replay on a busy box
        auto created = shm::ControlEnd::create(instance_, opts);
        if (!created) {
            std::fprintf(stderr, "dp-bench: %s\n", created.error().message().c_str());
            return;
        }
        end_ = std::make_unique<shm::ControlEnd>(created.take());
        pub_ = std::make_unique<shm::ForwardingPublisher>(*end_);
        install(s);
        const std::uint32_t cap = s.entries + 64;
        std::vector<std::string> argv = {cfg.dp, "-l", "0,1", "--no-huge", "-m", cfg.quick ? "512" : "1536", "--no-pci",
                                         "--file-prefix", instance_, "--log-level", "lib.eal:warning",
                                         "--vdev", "net_pcap0,rx_pcap=" + pcap + ",infinite_rx=1",
                                         "--vdev", "net_null1,no-rx=1", "--",
                                         "--instance", instance_, "--no-tap", "--mbufs", cfg.quick ? "16383" : "65535",
                                         "--max-nexthops", std::to_string(cap), "--max-groups", std::to_string(cap),
                                         "--ftn-rules", std::to_string(cap), "--ftn-tbl8s", "256"};
        const auto t0 = std::chrono::steady_clock::now();
        child_ = std::make_unique<test::ChildProcess>(argv);
        while (!child_->wait_output("ldpsync-dp: forwarding", 5ms)) {
            pub_->poll();
            end_->heartbeat();
            if (child_->wait_exit(0ms) || std::chrono::steady_clock::now() - t0 > 300s) break;
        }
        load_s_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ready_ = child_->running() && child_->output().find("ldpsync-dp: forwarding") != std::string::npos;
        if (!ready_) {
            std::fprintf(stderr, "dp-bench: ldpsync-dp did not start:\n%s\n", child_->output().c_str());
        }
    }
    ~DpRun() {
        if (child_ && child_->running()) {
            child_->signal(SIGTERM);
            for (int i = 0; i < 1000 && !child_->wait_exit(10ms); ++i) {
                if (pub_) pub_->poll();
            }
        }
        child_.reset();
        pub_.reset();
        end_.reset();
        shm::ControlEnd::remove(instance_);
        std::error_code ec;
        std::filesystem::remove_all("/var/run/dpdk/" + instance_, ec);
    }
    bool ready() const { return ready_; }
    double load_s() const { return load_s_; }
    shm::ControlEnd& end() { return *end_; }
    void serve(std::chrono::milliseconds d) {
        const auto until = std::chrono::steady_clock::now() + d;
        while (std::chrono::steady_clock::now() < until) {
            pub_->poll();
            end_->heartbeat();
            std::this_thread::sleep_for(2ms);
        }
    }
    // Mpps on link 1 over the given time.
    double measure(double seconds) {
        serve(300ms);  // warm-up
        const auto t0 = std::chrono::steady_clock::now();
        const std::uint64_t c0 = counter(*end_, 1, shm::Counter::tx);
        serve(std::chrono::milliseconds(static_cast<long>(seconds * 1000)));
        const std::uint64_t c1 = counter(*end_, 1, shm::Counter::tx);
        const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return static_cast<double>(c1 - c0) / dt / 1e6;
    }

private:
    void install(const Scenario& s) {
        shm::LinkRecord out{};
        out.link_id = 1;
        out.port_id = 1;
        out.in_use = 1;
        out.usable = 1;
        out.set_ifname("bench-out");
        end_->publish_link(out);
        shm::LinkRecord in = out;
        in.link_id = 2;
        in.port_id = 0;
        in.set_ifname("bench-in");
        end_->publish_link(in);
        for (std::uint32_t i = 0; i < s.entries; ++i) {
            shm::NextHop nh{};
            nh.nexthop_id = i + 1;
            nh.link_id = 1;
            nh.n_labels = s.push_labels;
            for (std::uint8_t k = 0; k < s.push_labels; ++k) {
                nh.labels[k] = pg::out_label_of(i + k * 7919u, 1);
            }
            nh.neighbor_mac = kPeer;
            pub_->set_nexthop(nh);
            shm::NextHopGroup g{};
            g.group_id = i + 1;
            g.n_members = 1;
            g.members[0] = i + 1;
            pub_->set_group(g);
            if (s.ilm) {
                pub_->set_ilm(shm::IlmEntry{.in_label = pg::label_of(i, 1), .group_id = i + 1});
            }
            if (s.ftn) {
                pub_->set_ftn(shm::FtnEntry{.prefix = pg::prefix_of(i, 1), .prefix_len = 24, .group_id = i + 1});
            }
        }
        pub_->commit();
        pub_->mark_ready();
    }

    std::string instance_;
    std::unique_ptr<shm::ControlEnd> end_;
    std::unique_ptr<shm::ForwardingPublisher> pub_;
    std::unique_ptr<test::ChildProcess> child_;
    double load_s_ = 0;
    bool ready_ = false;
};

// testpmd --forward-mode=mac on the same vdevs: mean of port 1's per-second Tx-pps, first
// sample dropped (it includes start-up).
double run_testpmd(const Config& cfg, const std::string& pcap, const std::string& tag) {
    const std::string prefix = "dpbench-tpmd-" + tag + "-" + std::to_string(getpid());
    const int period = 1;
    test::ChildProcess p({cfg.testpmd, "-l", "0,1", "--no-huge", "-m", "1024", "--no-pci", "--file-prefix", prefix,
                          "--log-level", "lib.eal:warning", "--vdev", "net_pcap0,rx_pcap=" + pcap + ",infinite_rx=1",
                          "--vdev", "net_null1,no-rx=1", "--", "--forward-mode=mac", "--nb-cores=1",
                          "--total-num-mbufs=65536", "--stats-period=" + std::to_string(period)});
    const int samples = std::max(2, static_cast<int>(cfg.seconds / period) + 1);
    std::vector<double> pps;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(samples * period + 20);
    std::size_t scanned = 0;
    while (static_cast<int>(pps.size()) < samples && std::chrono::steady_clock::now() < deadline &&
           !p.wait_exit(std::chrono::milliseconds(0))) {
        p.wait_output("\x01never", 200ms);
        const std::string& out = p.output();
        for (;;) {
            const auto block = out.find("NIC statistics for port 1", scanned);
            if (block == std::string::npos) break;
            const auto tx = out.find("Tx-pps:", block);
            const auto end = tx == std::string::npos ? std::string::npos : out.find('\n', tx);
            if (end == std::string::npos) break;
            pps.push_back(std::stod(out.substr(tx + 7, end - tx - 7)));
            scanned = end;
        }
    }
    p.signal(SIGINT);
    if (!p.wait_exit(20s)) {
        p.signal(SIGKILL);
        p.wait_exit(5s);
    }
    std::error_code ec;
    std::filesystem::remove_all("/var/run/dpdk/" + prefix, ec);
    if (pps.size() < 2) {
        return 0;
    }
    double sum = 0;
    for (std::size_t i = 1; i < pps.size(); ++i) sum += pps[i];
    return sum / static_cast<double>(pps.size() - 1) / 1e6;
}

inline void cpu_relax_bench() { __builtin_ia32_pause(); }

struct GateResult {
    std::vector<double> us;  // shm write -> last packet counted on the link
    std::uint64_t max_after = 0;  // packets sent on the link after the write (one burst at most)
};

// Closes and reopens the link of a 2-member ECMP group under traffic, n times; each time
// measures how long after the gate write the closed link's tx counter still moved.
GateResult run_gate(const Config& cfg, const std::string& dir) {
    GateResult r;
    Scenario s{"gate", 1000, true, false, pg::Mix::swap, 1};
    pg::TrafficSpec spec;
    spec.mix = pg::Mix::swap;
    spec.entries = s.entries;
    spec.packets = 4096;
    const std::string pcap = dir + "/gate.pcap";
    pg::write_pcap_file(pcap, pg::make_traffic(spec));
    DpRun run(cfg, s, pcap, "gate");
    if (!run.ready()) return r;
    auto& end = run.end();
    // Every group has its one member on link 1: closing it turns all traffic into
    // dropped_unsynced, and the tx counter of link 1 shows when the last packet left.
    // Busy-poll from the main lcore's CPU (it mostly sleeps) so the worker keeps its own.
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    CPU_SET(0, &cpus);
    cpu_set_t saved;
    sched_getaffinity(0, sizeof(saved), &saved);
    sched_setaffinity(0, sizeof(cpus), &cpus);
    const int flips = cfg.quick ? 5 : 20;
    for (int i = 0; i < flips; ++i) {
        run.serve(100ms);
        shm::LinkRecord rec = *end.link(1);
        rec.usable = 0;
        const auto t_write = std::chrono::steady_clock::now();
        end.publish_link(rec);
        const std::uint64_t at_write = counter(end, 1, shm::Counter::tx);
        std::uint64_t last = at_write;
        auto t_last = t_write;
        for (;;) {
            cpu_relax_bench();
            const auto now = std::chrono::steady_clock::now();
            const std::uint64_t c = counter(end, 1, shm::Counter::tx);
            if (c != last) {
                last = c;
                t_last = now;
            }
            if (now - t_last > 20ms) break;
        }
        r.us.push_back(std::chrono::duration<double, std::micro>(t_last - t_write).count());
        r.max_after = std::max(r.max_after, last - at_write);
        rec.usable = 1;
        end.publish_link(rec);
    }
    sched_setaffinity(0, sizeof(saved), &saved);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    Config cfg;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--dp") cfg.dp = next();
        else if (a == "--testpmd") cfg.testpmd = next();
        else if (a == "--quick") cfg.quick = true;
        else if (a == "--json") cfg.json = true;
        else if (a == "--seconds") cfg.seconds = std::stod(next());
        else if (a == "--scenario") cfg.scenarios.push_back(next());
        else {
            std::fprintf(stderr, "usage: ldpsync-dp-bench --dp PATH [--testpmd PATH] [--quick] [--json] [--seconds S]\n"
                                 "       [--scenario 1k-labels|1m-ilm-1m-ftn|push-heavy|gate]...\n");
            return 2;
        }
    }
    if (cfg.dp.empty()) {
        std::fprintf(stderr, "ldpsync-dp-bench: --dp path/to/ldpsync-dp is required\n");
        return 2;
    }
    if (cfg.quick) cfg.seconds = std::min(cfg.seconds, 1.0);
    if (cfg.scenarios.empty()) cfg.scenarios = {"1k-labels", "1m-ilm-1m-ftn", "push-heavy", "gate"};
    const std::uint32_t big = cfg.quick ? 20000 : 1000000;
    const std::vector<Scenario> all = {
        {"1k-labels", 1000, true, false, pg::Mix::swap, 1},
        {"1m-ilm-1m-ftn", big, true, true, pg::Mix::mixed, 1},
        {"push-heavy", 1000, true, true, pg::Mix::push_heavy, 2},
    };
    const auto dir = std::filesystem::temp_directory_path() / ("dpbench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::vector<Row> rows;
    std::optional<GateResult> gate;
    for (const auto& name : cfg.scenarios) {
        if (name == "gate") {
            gate = run_gate(cfg, dir.string());
            continue;
        }
        auto it = std::find_if(all.begin(), all.end(), [&](const Scenario& s) { return s.name == name; });
        if (it == all.end()) {
            std::fprintf(stderr, "ldpsync-dp-bench: unknown scenario %s\n", name.c_str());
            return 2;
        }
        pg::TrafficSpec spec;
        spec.mix = it->mix;
        spec.entries = it->entries;
        spec.packets = cfg.quick ? 4096 : 16384;
        spec.flows = 4096;
        spec.size = 64;
        const std::string pcap = (dir / (it->name + ".pcap")).string();
        pg::write_pcap_file(pcap, pg::make_traffic(spec));
        Row row;
        row.name = it->name;
        row.entries = it->entries;
        {
            DpRun run(cfg, *it, pcap, it->name);
            if (run.ready()) {
                row.load_s = run.load_s();
                row.dp_mpps = run.measure(cfg.seconds);
                row.dp_drops = drops(run.end());
            }
        }
        row.testpmd_mpps = run_testpmd(cfg, pcap, it->name);
        rows.push_back(row);
        if (!cfg.json) {
            std::printf("%-16s entries=%-8u load=%.2fs ldpsync-dp=%.2f Mpps testpmd-mac=%.2f Mpps ratio=%.2f drops=%llu\n",
                        row.name.c_str(), row.entries, row.load_s, row.dp_mpps, row.testpmd_mpps,
                        row.testpmd_mpps > 0 ? row.dp_mpps / row.testpmd_mpps : 0.0,
                        static_cast<unsigned long long>(row.dp_drops));
            std::fflush(stdout);
        }
    }
    std::sort(gate ? gate->us.begin() : std::vector<double>::iterator{}, gate ? gate->us.end() : std::vector<double>::iterator{});
    if (cfg.json) {
        std::printf("{\"scenarios\":[");
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& r = rows[i];
            std::printf("%s{\"name\":\"%s\",\"entries\":%u,\"load_s\":%.3f,\"ldpsync_dp_mpps\":%.3f,"
                        "\"testpmd_mac_mpps\":%.3f,\"ratio\":%.3f,\"drops\":%llu}",
                        i ? "," : "", r.name.c_str(), r.entries, r.load_s, r.dp_mpps, r.testpmd_mpps,
                        r.testpmd_mpps > 0 ? r.dp_mpps / r.testpmd_mpps : 0.0, static_cast<unsigned long long>(r.dp_drops));
        }
        std::printf("]");
        if (gate && !gate->us.empty()) {
            std::printf(",\"gate\":{\"flips\":%zu,\"median_us\":%.1f,\"max_us\":%.1f,\"max_packets_after\":%llu}",
                        gate->us.size(), gate->us[gate->us.size() / 2], gate->us.back(),
                        static_cast<unsigned long long>(gate->max_after));
        }
        std::printf("}\n");
    } else if (gate && !gate->us.empty()) {
        std::printf("gate             flips=%zu shm write -> last packet on the link: median=%.1f us max=%.1f us"
                    " max packets after the write=%llu\n",
                    gate->us.size(), gate->us[gate->us.size() / 2], gate->us.back(),
                    static_cast<unsigned long long>(gate->max_after));
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return 0;
}
