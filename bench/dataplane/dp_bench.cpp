// ldpsync-dp-bench: data-plane throughput on one worker core, side by side with
// dpdk-testpmd --forward-mode=mac on the same vdevs in the same run, and the sync-gate
// reaction time.
//
//   ldpsync-dp-bench --dp PATH [--testpmd PATH] [--quick] [--json] [--seconds S] [--repeat N]
//                    [--huge] [--scenario NAME]...
//                    (1k-labels, 1k-labels-spread, 1m-ilm-1m-ftn, push-heavy, gate)
//
// Setup per scenario: this process is the control side (ControlEnd + ForwardingPublisher)
// and installs N FECs (next hop, group, ILM label_of(i), FTN prefix_of(i)/24); traffic
// from ldpsync-pktgen's generator is replayed by net_pcap (infinite_rx) on port 0 and
// forwarded to net_null port 1 (no-rx). lcore 0 is the main lcore, lcore 1 the worker;
// testpmd gets the same lcores, vdevs and capture. Mpps are sampled from the shm tx counter
// (ldpsync-dp) and from testpmd's per-second port statistics.
//
// Fairness: both get the same EAL memory mode (--no-huge, or 2 MiB hugepages with --huge,
// which as root reserves the pages for the run and gives them back at the end),
// the same -m, pool size, mempool cache and burst, the same pcap and lcores, and both are
// measured on tx after a warm-up. ldpsync-dp is loaded once per scenario and then
// alternates with testpmd --repeat times (SIGSTOP while testpmd runs, so they never share
// the worker core); the order flips every round and the reported ratio is the median of
// the per-round ratios, so slow drift of a shared machine hits both sides alike.

#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "../../tests/common/hugepages.hpp"
#include "../../tests/common/process.hpp"
#include "ldpsync/shm/control_end.hpp"
#include "ldpsync/shm/publisher.hpp"
#include "pcap_write.hpp"
#include "traffic.hpp"

using namespace ldpsync;
using namespace std::chrono_literals;
namespace pg = ldpsync::pktgen;

namespace {

// Ctrl-C or a TERM mid-run: the handler only sets the flag; the loops below notice it and throw,
// so the destructors stop ldpsync-dp and testpmd and remove the shm segment and the EAL
// runtime directories (/dev/shm/ldpsync.dpbench-*, /var/run/dpdk/dpbench-*).
std::atomic<bool> g_interrupted{false};
struct Interrupted {};
void check_interrupted() {
    if (g_interrupted.load(std::memory_order_relaxed)) throw Interrupted{};
}

struct Config {
    std::string dp;
    std::string testpmd = "/usr/bin/dpdk-testpmd";
    bool quick = false;
    bool json = false;
    double seconds = 3.0;
    int repeat = 1;
    bool huge = false;
    std::vector<std::string> scenarios;
};

// EAL memory and pool settings shared by ldpsync-dp and testpmd.
std::vector<std::string> eal_memory(const Config& cfg) {
    const std::string mem = cfg.quick ? "512" : "1536";
    if (cfg.huge) {
        return {"--in-memory", "-m", mem};  // memfd hugepages: no hugetlbfs mount needed
    }
    return {"--no-huge", "-m", mem};
}
const char* pool_mbufs(const Config& cfg) { return cfg.quick ? "16383" : "65535"; }
constexpr const char* kPoolCache = "256";

struct Scenario {
    std::string name;
    std::uint32_t entries;
    bool ilm;
    bool ftn;
    pg::Mix mix;
    std::uint8_t push_labels;  // labels each FTN next hop pushes
    pg::LabelLayout labels;    // where the incoming labels sit in the ILM
};

struct Row {
    std::string name;
    std::uint32_t entries = 0;
    double load_s = 0;
    double dp_mpps = 0;       // median over the rounds
    double testpmd_mpps = 0;  // median over the rounds
    double ratio = 0;         // median of the per-round ratios
    double ratio_min = 0;
    double ratio_max = 0;
    double dp_cpu_mpps = 0;       // per CPU-second of the worker, median over the rounds
    double testpmd_cpu_mpps = 0;
    double cpu_ratio = 0;         // median of the per-round ratios of those
    double cpu_ratio_min = 0;
    double cpu_ratio_max = 0;
    double dp_share = 0;          // median CPU share the worker got
    double testpmd_share = 0;
    int rounds = 0;
    std::uint64_t dp_drops = 0;
};

// The forwarding thread of an EAL process (lcore 1 is launched as "rte-worker-1") and the
// time it has spent on a CPU (/proc/.../schedstat, ns). On a shared box the worker is often
// runnable but not running; packets per CPU-second of the worker is the figure that does not
// depend on how much CPU the neighbours left it.
pid_t worker_thread(pid_t pid) {
    std::error_code ec;
    for (const auto& t : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        std::ifstream comm(t.path() / "comm");
        std::string name;
        std::getline(comm, name);
        if (name == "rte-worker-1" || name == "lcore-worker-1") {
            return static_cast<pid_t>(std::stol(t.path().filename().string()));
        }
    }
    return -1;
}
double thread_cpu_s(pid_t pid, pid_t tid) {
    if (tid < 0) return 0;
    std::ifstream f("/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid) + "/schedstat");
    unsigned long long run_ns = 0;
    f >> run_ns;
    return static_cast<double>(run_ns) / 1e9;
}

struct Sample {
    double mpps = 0;      // packets / wall second
    double cpu_mpps = 0;  // packets / CPU second of the forwarding thread
    double cpu_share = 0; // CPU seconds / wall seconds of that thread
};

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

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
        std::vector<std::string> argv = {cfg.dp, "-l", "0,1"};
        const std::vector<std::string> mem = eal_memory(cfg);
        argv.insert(argv.end(), mem.begin(), mem.end());
        const std::vector<std::string> rest = {
            "--no-pci", "--file-prefix", instance_, "--log-level", "lib.eal:warning",
            "--vdev", "net_pcap0,rx_pcap=" + pcap + ",infinite_rx=1", "--vdev", "net_null1,no-rx=1", "--",
            "--instance", instance_, "--no-tap", "--mbufs", pool_mbufs(cfg),
            "--max-nexthops", std::to_string(cap), "--max-groups", std::to_string(cap),
            "--ftn-rules", std::to_string(cap), "--ftn-tbl8s", "256"};
        argv.insert(argv.end(), rest.begin(), rest.end());
        const auto t0 = std::chrono::steady_clock::now();
        child_ = std::make_unique<test::ChildProcess>(argv);
        while (!child_->wait_output("ldpsync-dp: forwarding", 5ms)) {
            if (g_interrupted) break;  // not a throw: ~DpRun would not run for a half-built run
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
    // Stopped while testpmd has the lcores (the worker busy-polls and would steal its core).
    void pause() { child_->signal(SIGSTOP); }
    void resume() { child_->signal(SIGCONT); }
    void heartbeat() { end_->heartbeat(); }
    double load_s() const { return load_s_; }
    shm::ControlEnd& end() { return *end_; }
    void serve(std::chrono::milliseconds d) {
        const auto until = std::chrono::steady_clock::now() + d;
        while (std::chrono::steady_clock::now() < until) {
            check_interrupted();
            pub_->poll();
            end_->heartbeat();
            std::this_thread::sleep_for(2ms);
        }
    }
    // Mpps on link 1 (tx) over the given time, per wall second and per worker CPU second.
    Sample measure(double seconds) {
        serve(300ms);  // warm-up
        if (worker_ < 0) worker_ = worker_thread(child_->pid());
        const auto t0 = std::chrono::steady_clock::now();
        const std::uint64_t c0 = counter(*end_, 1, shm::Counter::tx);
        const double cpu0 = thread_cpu_s(child_->pid(), worker_);
        serve(std::chrono::milliseconds(static_cast<long>(seconds * 1000)));
        const std::uint64_t c1 = counter(*end_, 1, shm::Counter::tx);
        const double cpu1 = thread_cpu_s(child_->pid(), worker_);
        const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        Sample r;
        r.mpps = static_cast<double>(c1 - c0) / dt / 1e6;
        r.cpu_mpps = cpu1 > cpu0 ? static_cast<double>(c1 - c0) / (cpu1 - cpu0) / 1e6 : 0;
        r.cpu_share = (cpu1 - cpu0) / dt;
        return r;
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
                pub_->set_ilm(shm::IlmEntry{.in_label = pg::label_of(i, 1, s.labels), .group_id = i + 1});
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
    pid_t worker_ = -1;
};

// testpmd --forward-mode=mac on the same vdevs, memory mode, pool size and mempool cache:
// mean of port 1's per-second Tx-pps, first sample dropped (start-up and warm-up).
template <class Tick>
Sample run_testpmd(const Config& cfg, const std::string& pcap, const std::string& tag, Tick&& tick) {
    const std::string prefix = "dpbench-tpmd-" + tag + "-" + std::to_string(getpid());
    const int period = 1;
    std::vector<std::string> argv = {cfg.testpmd, "-l", "0,1"};
    const std::vector<std::string> mem = eal_memory(cfg);
    argv.insert(argv.end(), mem.begin(), mem.end());
    const std::vector<std::string> rest = {
        "--no-pci", "--file-prefix", prefix, "--log-level", "lib.eal:warning",
        "--vdev", "net_pcap0,rx_pcap=" + pcap + ",infinite_rx=1", "--vdev", "net_null1,no-rx=1", "--",
        "--forward-mode=mac", "--nb-cores=1", "--burst=32", std::string("--total-num-mbufs=") + pool_mbufs(cfg),
        std::string("--mbcache=") + kPoolCache, "--stats-period=" + std::to_string(period)};
    argv.insert(argv.end(), rest.begin(), rest.end());
    test::ChildProcess p(argv);
    const int samples = std::max(2, static_cast<int>(cfg.seconds / period + 0.5) + 1);
    std::vector<double> pps;
    std::vector<std::uint64_t> tx_packets;  // cumulative, per block
    std::vector<double> cpu_at;             // worker CPU seconds when the block was read
    std::vector<std::chrono::steady_clock::time_point> wall_at;
    pid_t worker = -1;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(samples * period + 20);
    std::size_t scanned = 0;
    while (static_cast<int>(pps.size()) < samples && std::chrono::steady_clock::now() < deadline &&
           !p.wait_exit(std::chrono::milliseconds(0))) {
        if (g_interrupted) break;  // testpmd is stopped and its files removed below, then we throw
        p.wait_output("\x01never", 10ms);  // short: the CPU time is read when a block is seen
        tick();
        const std::string& out = p.output();
        for (;;) {
            const auto block = out.find("NIC statistics for port 1", scanned);
            if (block == std::string::npos) break;
            const auto txp = out.find("TX-packets:", block);
            const auto tx = out.find("Tx-pps:", block);
            const auto end = tx == std::string::npos ? std::string::npos : out.find('\n', tx);
            if (end == std::string::npos || txp == std::string::npos || txp > tx) break;
            if (worker < 0) worker = worker_thread(p.pid());
            cpu_at.push_back(thread_cpu_s(p.pid(), worker));
            wall_at.push_back(std::chrono::steady_clock::now());
            tx_packets.push_back(std::stoull(out.substr(txp + 11)));
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
    check_interrupted();
    Sample r;
    if (pps.size() < 2) {
        return r;
    }
    double sum = 0;
    for (std::size_t i = 1; i < pps.size(); ++i) sum += pps[i];
    r.mpps = sum / static_cast<double>(pps.size() - 1) / 1e6;
    const double cpu = cpu_at.back() - cpu_at.front();
    const double wall = std::chrono::duration<double>(wall_at.back() - wall_at.front()).count();
    if (cpu > 0) {
        r.cpu_mpps = static_cast<double>(tx_packets.back() - tx_packets.front()) / cpu / 1e6;
        r.cpu_share = wall > 0 ? cpu / wall : 0;
    }
    return r;
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
    Scenario s{"gate", 1000, true, false, pg::Mix::swap, 1, pg::LabelLayout::allocator};
    pg::TrafficSpec spec;
    spec.mix = pg::Mix::swap;
    spec.entries = s.entries;
    spec.labels = s.labels;
    spec.packets = 4096;
    const std::string pcap = dir + "/gate.pcap";
    pg::write_pcap_file(pcap, pg::make_traffic(spec));
    DpRun run(cfg, s, pcap, "gate");
    check_interrupted();
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

// The temporary directory of one run (pcaps), removed however the run ends.
struct TempDir {
    std::filesystem::path path;
    explicit TempDir(std::filesystem::path p) : path(std::move(p)) { std::filesystem::create_directories(path); }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

int run(int argc, char** argv) {
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
        else if (a == "--repeat") cfg.repeat = std::max(1, std::stoi(next()));
        else if (a == "--huge") cfg.huge = true;
        else {
            std::fprintf(stderr, "usage: ldpsync-dp-bench --dp PATH [--testpmd PATH] [--quick] [--json] [--seconds S]\n"
                                 "       [--repeat N] [--huge] [--scenario 1k-labels|1k-labels-spread|1m-ilm-1m-ftn|push-heavy|gate]...\n");
            return 2;
        }
    }
    if (cfg.dp.empty()) {
        std::fprintf(stderr, "ldpsync-dp-bench: --dp path/to/ldpsync-dp is required\n");
        return 2;
    }
    if (cfg.quick) cfg.seconds = std::min(cfg.seconds, 1.0);
    // --huge: the 2 MiB pages both processes need (ldpsync-dp stays loaded while testpmd
    // runs), given back when the run ends or is interrupted.
    ldpsync::test::HugepageReservation pages;
    if (cfg.huge) {
        const long mib = cfg.quick ? 512 : 1536;
        if (auto why = pages.reserve(2 * (mib / 2) + 64)) {
            std::fprintf(stderr, "ldpsync-dp-bench: --huge: %s\n", why->c_str());
            return 1;
        }
    }
    if (cfg.scenarios.empty()) cfg.scenarios = {"1k-labels", "1k-labels-spread", "1m-ilm-1m-ftn", "push-heavy", "gate"};
    const std::uint32_t big = cfg.quick ? 20000 : 1000000;
    const std::vector<Scenario> all = {
        // 1k labels as ldpsyncd allocates them (16..1015), and the same 1k scattered over
        // the label space: the ILM's worst case, reported beside it.
        {"1k-labels", 1000, true, false, pg::Mix::swap, 1, pg::LabelLayout::allocator},
        {"1k-labels-spread", 1000, true, false, pg::Mix::swap, 1, pg::LabelLayout::spread},
        // 1M random labels and prefixes (the case; 1M labels fill the space anyway).
        {"1m-ilm-1m-ftn", big, true, true, pg::Mix::mixed, 1, pg::LabelLayout::spread},
        {"push-heavy", 1000, true, true, pg::Mix::push_heavy, 2, pg::LabelLayout::allocator},
    };
    const TempDir tmp(std::filesystem::temp_directory_path() / ("dpbench-" + std::to_string(getpid())));
    const auto& dir = tmp.path;
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
        spec.labels = it->labels;
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
            check_interrupted();
            std::vector<double> dp_v, tp_v, ratio_v, dpc_v, tpc_v, cratio_v, dps_v, tps_v;
            for (int round = 0; run.ready() && round < cfg.repeat; ++round) {
                Sample dp_mpps;
                Sample tp_mpps;
                auto dp_side = [&] {
                    run.resume();
                    dp_mpps = run.measure(cfg.seconds);
                    run.pause();
                };
                auto tp_side = [&] {
                    tp_mpps = run_testpmd(cfg, pcap, it->name + "-" + std::to_string(round), [&] { run.heartbeat(); });
                };
                if (round % 2 == 0) {
                    dp_side();
                    tp_side();
                } else {
                    tp_side();
                    dp_side();
                }
                dp_v.push_back(dp_mpps.mpps);
                tp_v.push_back(tp_mpps.mpps);
                ratio_v.push_back(tp_mpps.mpps > 0 ? dp_mpps.mpps / tp_mpps.mpps : 0.0);
                dpc_v.push_back(dp_mpps.cpu_mpps);
                tpc_v.push_back(tp_mpps.cpu_mpps);
                cratio_v.push_back(tp_mpps.cpu_mpps > 0 ? dp_mpps.cpu_mpps / tp_mpps.cpu_mpps : 0.0);
                dps_v.push_back(dp_mpps.cpu_share);
                tps_v.push_back(tp_mpps.cpu_share);
                if (!cfg.json) {
                    std::printf("  %-14s round %d: ldpsync-dp=%.2f Mpps (%.2f per CPU-s, cpu %.0f%%)"
                                " testpmd-mac=%.2f Mpps (%.2f per CPU-s, cpu %.0f%%) ratio=%.2f cpu-ratio=%.2f\n",
                                it->name.c_str(), round + 1, dp_mpps.mpps, dp_mpps.cpu_mpps, 100 * dp_mpps.cpu_share,
                                tp_mpps.mpps, tp_mpps.cpu_mpps, 100 * tp_mpps.cpu_share, ratio_v.back(),
                                cratio_v.back());
                    std::fflush(stdout);
                }
            }
            if (run.ready()) {
                run.resume();
                row.load_s = run.load_s();
                row.dp_drops = drops(run.end());
                row.dp_mpps = median(dp_v);
                row.testpmd_mpps = median(tp_v);
                row.ratio = median(ratio_v);
                row.ratio_min = *std::min_element(ratio_v.begin(), ratio_v.end());
                row.ratio_max = *std::max_element(ratio_v.begin(), ratio_v.end());
                row.rounds = static_cast<int>(ratio_v.size());
                row.dp_cpu_mpps = median(dpc_v);
                row.testpmd_cpu_mpps = median(tpc_v);
                row.cpu_ratio = median(cratio_v);
                row.cpu_ratio_min = *std::min_element(cratio_v.begin(), cratio_v.end());
                row.cpu_ratio_max = *std::max_element(cratio_v.begin(), cratio_v.end());
                row.dp_share = median(dps_v);
                row.testpmd_share = median(tps_v);
            }
        }
        rows.push_back(row);
        if (!cfg.json) {
            std::printf("%-16s entries=%-8u load=%.2fs ldpsync-dp=%.2f Mpps testpmd-mac=%.2f Mpps ratio=%.2f"
                        " (median of %d, %.2f-%.2f) per-CPU-s: %.2f / %.2f Mpps cpu-ratio=%.2f (%.2f-%.2f)"
                        " worker cpu %.0f%%/%.0f%% drops=%llu memory=%s\n",
                        row.name.c_str(), row.entries, row.load_s, row.dp_mpps, row.testpmd_mpps, row.ratio, row.rounds,
                        row.ratio_min, row.ratio_max, row.dp_cpu_mpps, row.testpmd_cpu_mpps, row.cpu_ratio,
                        row.cpu_ratio_min, row.cpu_ratio_max, 100 * row.dp_share, 100 * row.testpmd_share,
                        static_cast<unsigned long long>(row.dp_drops), cfg.huge ? "hugepages-2M" : "no-huge-4K");
            std::fflush(stdout);
        }
    }
    std::sort(gate ? gate->us.begin() : std::vector<double>::iterator{}, gate ? gate->us.end() : std::vector<double>::iterator{});
    if (cfg.json) {
        std::printf("{\"scenarios\":[");
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& r = rows[i];
            std::printf("%s{\"name\":\"%s\",\"entries\":%u,\"load_s\":%.3f,\"ldpsync_dp_mpps\":%.3f,"
                        "\"testpmd_mac_mpps\":%.3f,\"ratio\":%.3f,\"ratio_min\":%.3f,\"ratio_max\":%.3f,"
                        "\"rounds\":%d,\"ldpsync_dp_cpu_mpps\":%.3f,\"testpmd_mac_cpu_mpps\":%.3f,"
                        "\"cpu_ratio\":%.3f,\"cpu_ratio_min\":%.3f,\"cpu_ratio_max\":%.3f,"
                        "\"memory\":\"%s\",\"drops\":%llu}",
                        i ? "," : "", r.name.c_str(), r.entries, r.load_s, r.dp_mpps, r.testpmd_mpps, r.ratio,
                        r.ratio_min, r.ratio_max, r.rounds, r.dp_cpu_mpps, r.testpmd_cpu_mpps, r.cpu_ratio,
                        r.cpu_ratio_min, r.cpu_ratio_max, cfg.huge ? "hugepages-2M" : "no-huge-4K",
                        static_cast<unsigned long long>(r.dp_drops));
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
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    signal(SIGINT, [](int) { g_interrupted = true; });
    signal(SIGTERM, [](int) { g_interrupted = true; });
    try {
        return run(argc, argv);
    } catch (const Interrupted&) {
        std::fprintf(stderr, "ldpsync-dp-bench: interrupted; ldpsync-dp/testpmd stopped, shm and EAL files removed\n");
        return 130;
    }
}
