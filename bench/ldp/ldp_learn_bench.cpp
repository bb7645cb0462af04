// How fast does a learner take in N label bindings from an FRR ldpd? FRR's own ldpd and
// ldpsyncd learn the same N bindings from the same FRR source, in the same run, alternating.
//
//   source ns: FRR zebra + staticd + ldpd, N static /32 routes via a real next hop (FRR binds
//              no label to blackhole routes), each with a label from FRR's ldpd.
//   learner ns: FRR zebra + ldpd, or ldpsyncd; one veth to the source, link Hellos on it.
//
// A learner's speed, not the source's: sent straight after session up, the mappings come
// only as fast as the source's ldpd writes them, and every learner finishes when the source
// does. So each round first brings the session up while the source's label decision engine
// (`ldpd -L`, which sends the mappings once told a session is up) is stopped, then stops
// every process of the learner (SIGSTOP), continues the source's engine, and waits until
// every mapping sits in the learner's socket receive queue (the source's send queue empty, the receive queue
// no longer growing). Then the learner is continued (t_release) and polled until it holds a
// binding from the source for every FEC (t_done): learn = t_done - t_release; cpu = the CPU
// time every process of the learner's namespace used in that window. Both are polled over a
// socket kept open (FRR's ldpd vty, ldpsyncd's control socket) every few milliseconds.
// Also reported: session = learner start -> session OPERATIONAL.

#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "../../tests/common/control_client.hpp"
#include "../../tests/common/frr.hpp"
#include "../../tests/common/netns.hpp"
#include "../../tests/common/process.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using ldpsync::test::FrrRouter;
using ldpsync::test::NetNs;

struct Options {
    unsigned routes = 10000;
    unsigned repeat = 3;
    bool json = false;
    std::string ldpsyncd;  // empty: FRR only
    std::chrono::seconds limit{120};
    // ldpsyncd also routes every source prefix through the source (static routes), so each
    // mapping lands in its FTN: the cost of a full RIB while learning. FRR's learner is not
    // given them: compare ldpsyncd's figures across builds, not the ratio.
    bool learner_routes = false;
};

// What one learner reports when polled.
struct Progress {
    bool operational = false;
    std::uint64_t mappings = 0;  // bindings held from the source
};

struct Sample {
    double learn_s = -1;    // release of the buffered mappings -> all bindings held
    double session_s = -1;  // learner start -> session OPERATIONAL
    double resolution_s = 0;  // mean poll period while learning
    double cpu_s = -1;  // CPU the learner's processes used while learning
    double buffered = 0;  // bytes in the learner's receive queue at release
};

// Reads the CPU time of a fixed set of threads (every thread of every process in a
// namespace, taken once) from /proc/PID/task/TID/schedstat kept open: a few microseconds a
// read, and without asking the learner anything, so watching does not slow it down.
class CpuWatch {
public:
    explicit CpuWatch(const NetNs& ns) {
        for (pid_t pid : ns.pids()) {
            std::error_code ec;
            for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
                const int fd = ::open((task.path() / "schedstat").c_str(), O_RDONLY | O_CLOEXEC);
                if (fd >= 0) fds_.push_back(fd);
            }
        }
    }
    CpuWatch(const CpuWatch&) = delete;
    CpuWatch& operator=(const CpuWatch&) = delete;
    ~CpuWatch() {
        for (int fd : fds_) ::close(fd);
    }
    std::uint64_t ns() const {
        std::uint64_t total = 0;
        char buf[128];
        for (int fd : fds_) {
            const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
            if (n <= 0) continue;
            buf[n] = '\0';
            total += std::strtoull(buf, nullptr, 10);
        }
        return total;
    }

private:
    std::vector<int> fds_;
};

// When did the learner stop working on its input? Its CPU time is sampled in 0.5 ms steps;
// a step where it used more than a fifth of a CPU is busy (a Hello or a keepalive costs a
// few tens of microseconds and does not count). Returns the end of the last busy step, once
// `quiet` has passed without one, measured from `from`; nullopt if it never went quiet.
struct BusyPeriod {
    double end_s = -1;
    std::uint64_t cpu_ns = 0;  // used from `from` to the end of the last busy step
};
std::optional<BusyPeriod> watch_until_quiet(const CpuWatch& cpu, Clock::time_point from, std::uint64_t cpu_from,
                                            std::chrono::milliseconds quiet, std::chrono::seconds limit) {
    constexpr auto kStep = 500us;
    constexpr std::uint64_t kBusyNs = 100'000;  // 20 % of the step
    BusyPeriod p;
    auto last_busy = from;
    std::uint64_t prev = cpu_from;
    auto next = from + kStep;
    while (Clock::now() - from < limit) {
        std::this_thread::sleep_until(next);
        const auto now = Clock::now();
        const std::uint64_t used = cpu.ns();
        if (used - prev > kBusyNs) {
            last_busy = now;
            p.cpu_ns = used - cpu_from;
        }
        prev = used;
        if (now - last_busy >= quiet) {
            p.end_s = std::chrono::duration<double>(last_busy - from).count();
            return p;
        }
        next += kStep;
    }
    return std::nullopt;
}

std::string source_id() { return "10.0.12.1"; }

// The source: stays up for the whole run.
class Source {
public:
    Source(unsigned routes, const std::filesystem::path& dir) : ns_(ldpsync::test::unique_ns_name("lbs")) {
        // A real next hop for the statics: a veth pair inside the namespace.
        ns_.exec_or_throw("ip link add lbnh0 type veth peer name lbnh1 && ip link set lbnh0 up && ip link set lbnh1 up"
                          " && ip addr add 10.0.99.1/24 dev lbnh0");
        frr_ = std::make_unique<FrrRouter>(ns_, dir / "source");
        frr_->write_config("zebra", "hostname source\n");
        frr_->write_config("staticd", "hostname source\n");
        frr_->write_config("ldpd", ldpd_conf(source_id(), "lbs0"));
        // Room for every mapping in the kernel's socket buffers (see LearnerNet).
        ns_.exec_or_throw("sysctl -qw net.ipv4.tcp_wmem='4096 4194304 8388608'");
        for (const char* d : {"zebra", "staticd"}) {
            if (auto err = frr_->start(d); !err.empty()) throw std::runtime_error(err);
        }
        // staticd is roughly quadratic loading statics from its startup file; pushing them
        // afterwards is linear (../shared/lab/README.md, gotcha 9).
        const auto file = dir / "statics.conf";
        {
            std::ofstream out(file);
            for (unsigned i = 0; i < routes; ++i) {
                out << "ip route 30." << (i >> 16) << '.' << ((i >> 8) & 255) << '.' << (i & 255) << "/32 10.0.99.2\n";
            }
        }
        ldpsync::test::shell("chown frr:frr " + file.string());
        const auto pushed = ldpsync::test::shell("timeout 300 env -u MALLOC_PERTURB_ vtysh -N " + ns_.name() + " --config_dir " +
                                                 (frr_->dir() / "etc").string() + " -d staticd -f " + file.string());
        if (!pushed.ok()) throw std::runtime_error("pushing statics: " + pushed.output);
        if (auto err = frr_->start("ldpd"); !err.empty()) throw std::runtime_error(err);
        // Every route has its local binding before any learner comes.
        const bool bound = ldpsync::test::eventually(
            [&] {
                const auto j = frr_->vtysh_json("show mpls ldp binding json", "ldpd");
                fecs_ = j.contains("bindings") ? j["bindings"].size() : 0;
                return fecs_ >= routes + 1;
            },
            120s, 500ms);
        if (!bound) throw std::runtime_error("the source bound only " + std::to_string(fecs_) + " FECs");
    }
    const NetNs& ns() const { return ns_; }
    // The source ldpd's label decision engine (`ldpd -L`): it sends the mappings once told
    // a session is up, so stopping it holds them back while the session comes up.
    pid_t lde_pid() const {
        for (pid_t pid : ns_.pids()) {
            std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
            std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
            if (cmdline.find("ldpd -L ") != std::string::npos) return pid;
        }
        throw std::runtime_error("the source's ldpd has no label decision engine process");
    }
    // Label Mappings the source's ldpd has sent to the learner.
    std::uint64_t mappings_sent() const {
        const auto j = frr_->vtysh_json("show mpls ldp neighbor detail json", "ldpd");
        std::uint64_t n = 0;
        if (j.is_object() && j.contains(kLearnerId)) {
            for (const auto& m : j[kLearnerId].value("sentMessages", nlohmann::json::array())) {
                if (m.contains("labelMapping")) n = m["labelMapping"].get<std::uint64_t>();
            }
        }
        return n;
    }
    static constexpr const char* kLearnerId = "10.0.12.2";
    // FECs the source advertises to a learner: its statics and next-hop subnet, counted
    // before any learner, plus the subnet of the link to the learner.
    std::size_t fecs() const { return fecs_ + 1; }

    static std::string ldpd_conf(const std::string& id, const std::string& ifname) {
        // Hold time 15 s: a stopped learner sends no Hellos while its input is buffered.
        return "mpls ldp\n router-id " + id + "\n discovery hello holdtime 15\n discovery hello interval 1\n"
               " address-family ipv4\n  discovery transport-address " + id + "\n  interface " + ifname +
               "\n  exit\n exit-address-family\n!\n";
    }

private:
    NetNs ns_;
    std::unique_ptr<FrrRouter> frr_;
    std::size_t fecs_ = 0;
};

// A learner namespace wired to the source; deleted (with its veth) at the end of the round.
struct LearnerNet {
    explicit LearnerNet(const Source& src) : src_ns(src.ns()), ns(ldpsync::test::unique_ns_name("lbl")) {
        ldpsync::test::connect_veth(src.ns(), "lbs0", ns, "lbl0");
        src.ns().exec("ip addr add 10.0.12.1/24 dev lbs0");
        ns.add_address("lbl0", "10.0.12.2/24");
        // A receive buffer that holds all N mappings (~40 bytes each) while the learner is
        // stopped; the same for both learners.
        ns.exec_or_throw("sysctl -qw net.ipv4.tcp_rmem='4096 4194304 8388608'");
    }
    // The pair goes now, not whenever the kernel gets round to freeing the namespace: the
    // next round's lbs0 would otherwise find the old one still in the source namespace.
    ~LearnerNet() { src_ns.exec("ip link del lbs0"); }
    const NetNs& src_ns;
    NetNs ns;
};

// Bytes queued on the namespace's LDP TCP connection (port 646): the receive queue, or
// the send queue; 0 if there is none.
std::size_t ldp_queue(const NetNs& ns, bool receive) {
    const auto r = ns.exec("ss -Htn state established '( sport = :646 or dport = :646 )'");
    std::size_t recv_q = 0, send_q = 0;
    if (std::sscanf(r.output.c_str(), "%zu %zu", &recv_q, &send_q) != 2) return 0;
    return receive ? recv_q : send_q;
}

void signal_all(const std::vector<pid_t>& pids, int sig) {
    for (pid_t pid : pids) ::kill(pid, sig);
}

// Processes stopped for the measurement; continued however it ends.
struct Stopped {
    std::vector<pid_t> pids;
    explicit Stopped(std::vector<pid_t> p) : pids(std::move(p)) { signal_all(pids, SIGSTOP); }
    ~Stopped() { release(); }
    void release() {
        signal_all(pids, SIGCONT);
        pids.clear();
    }
};

// A round starts with the source's label decision engine stopped.
struct SourceHold {
    explicit SourceHold(const Source& src) : lde(std::vector<pid_t>{src.lde_pid()}) {}
    Stopped lde;
};

Sample measure(const std::function<Progress()>& poll, Clock::time_point t0, const Source& src, SourceHold& hold,
               std::size_t want, std::chrono::seconds limit, const NetNs& learner) {
    Sample s;
    auto poll_until = [&](const std::function<bool(const Progress&)>& done) {
        unsigned polls = 0;
        const auto start = Clock::now();
        while (Clock::now() - t0 < limit) {
            const Progress p = poll();
            ++polls;
            if (done(p)) {
                s.resolution_s = std::chrono::duration<double>(Clock::now() - start).count() / polls;
                return true;
            }
            std::this_thread::sleep_for(2ms);
        }
        return false;
    };
    if (!poll_until([](const Progress& p) { return p.operational; })) return s;
    s.session_s = std::chrono::duration<double>(Clock::now() - t0).count();
    // Stop the learner, then let the source send everything into its receive queue.
    Stopped stopped(learner.pids());
    hold.lde.release();
    std::size_t queued = 0;
    const bool buffered = ldpsync::test::eventually(
        [&] {
            if (src.mappings_sent() < want || ldp_queue(src.ns(), false) != 0) return false;
            const std::size_t now = ldp_queue(learner, true);
            const bool settled = now == queued && now > 0;
            queued = now;
            return settled;
        },
        30s, 100ms);
    if (!buffered) {
        std::fprintf(stderr, "the source did not get every mapping into the learner's queue (sent %llu of %zu, %zu bytes queued)\n",
                     static_cast<unsigned long long>(src.mappings_sent()), want, queued);
        return s;
    }
    s.buffered = static_cast<double>(queued);
    // Released, the learner is left alone (not polled) until its CPU use goes quiet; only
    // then is it asked whether it holds every binding.
    const CpuWatch cpu(learner);
    const std::uint64_t cpu0 = cpu.ns();
    const auto released = Clock::now();
    stopped.release();
    const auto busy = watch_until_quiet(cpu, released, cpu0, 50ms, limit);
    if (!busy) return s;
    if (!poll_until([&](const Progress& p) { return p.mappings >= want; })) return s;
    if (Clock::now() - released > std::chrono::duration<double>(busy->end_s) + 1s) {
        std::fprintf(stderr, "the learner went quiet after %.3f s but held every binding only later\n", busy->end_s);
        return s;
    }
    s.learn_s = busy->end_s;
    s.cpu_s = static_cast<double>(busy->cpu_ns) / 1e9;
    return s;
}

Sample learn_with_frr(const Source& src, const std::filesystem::path& dir, const Options& o) {
    SourceHold hold(src);
    LearnerNet net(src);
    FrrRouter frr(net.ns, dir / "frr-learner");
    frr.write_config("zebra", "hostname learner\n");
    frr.write_config("ldpd", Source::ldpd_conf("10.0.12.2", "lbl0"));
    if (auto err = frr.start("zebra"); !err.empty()) throw std::runtime_error(err);
    const auto t0 = Clock::now();
    if (auto err = frr.start("ldpd"); !err.empty()) throw std::runtime_error(err);
    auto vty = frr.vty("ldpd");
    return measure(
        [&] {
            Progress p;
            if (!vty->connected()) vty = frr.vty("ldpd");  // its socket may come after the pid file
            const auto out = vty->command("show mpls ldp neighbor detail json");
            const auto j = nlohmann::json::parse(out.value_or(""), nullptr, false);
            if (j.is_discarded()) return p;
            if (!j.contains(source_id())) return p;
            const auto& n = j[source_id()];
            p.operational = n.value("state", "") == "OPERATIONAL";
            for (const auto& m : n.value("receivedMessages", nlohmann::json::array())) {
                if (m.contains("labelMapping")) p.mappings = m["labelMapping"].get<std::uint64_t>();
            }
            return p;
        },
        t0, src, hold, src.fecs(), o.limit, net.ns);
}

Sample learn_with_ldpsyncd(const Source& src, const std::filesystem::path& dir, const Options& o) {
    SourceHold hold(src);
    LearnerNet net(src);
    const auto d = dir / "ours";
    std::filesystem::create_directories(d);
    {
        std::ofstream conf(d / "r.conf");
        conf << "mpls ldp router-id 10.0.12.2\n"
                "mpls ldp discovery hello holdtime 15\n"
                "interface lbl0\n ip address 10.0.12.2 255.255.255.0\n mpls ip\n";
        for (unsigned i = 0; o.learner_routes && i < o.routes; ++i) {
            conf << "ip route 30." << (i >> 16) << '.' << ((i >> 8) & 255) << '.' << (i & 255)
                 << " 255.255.255.255 10.0.12.1\n";
        }
    }
    const auto sock = d / "r.sock";
    const std::string instance = "ldpbench" + std::to_string(getpid());
    // ldpsyncd leaves its shm segment behind on exit on purpose (a data plane keeps forwarding
    // from it across a control-plane restart); the bench has no data plane and removes it.
    struct SegmentRemover {
        std::string name;
        ~SegmentRemover() { ::shm_unlink(("/ldpsync." + name).c_str()); }
    } remover{instance};
    const auto t0 = Clock::now();
    ldpsync::test::ChildProcess daemon(net.ns.argv({o.ldpsyncd, "-f", (d / "r.conf").string(), "-s", sock.string(),
                                                    "-n", instance}));
    if (!ldpsync::test::eventually([&] { return std::filesystem::exists(sock); }, 10s)) {
        throw std::runtime_error("ldpsyncd did not open its socket: " + daemon.output());
    }
    ldpsync::test::Client client(sock.string());
    Sample s = measure(
        [&] {
            Progress p;
            const auto reply = client.request("show mpls ldp neighbor detail json");
            const auto j = nlohmann::json::parse(reply.body, nullptr, false);
            if (j.is_discarded() || !j.contains("neighbors")) return p;
            for (const auto& n : j["neighbors"]) {
                if (n.value("peerLdpId", "") != source_id() + ":0") continue;
                p.operational = n.value("state", "") == "OPERATIONAL";
                p.mappings = n.value("remoteBindings", std::uint64_t{0});  // FECs bound by the source
            }
            return p;
        },
        t0, src, hold, src.fecs(), o.limit, net.ns);
    daemon.signal(SIGTERM);
    daemon.wait_exit(10s);
    return s;
}

double median(std::vector<double> v) {
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

int usage() {
    std::fprintf(stderr,
                 "usage: ldpsync-ldp-bench [--routes N] [--repeat R] [--quick] [--json] [--ldpsyncd PATH] [--learner-routes]\n"
                 "  needs root and FRR; learns N bindings from an FRR source with FRR's ldpd and (with --ldpsyncd)\n"
                 "  with ldpsyncd, alternating, and prints the medians and the ratio\n");
    return 64;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    static const option longopts[] = {{"routes", required_argument, nullptr, 'n'},
                                      {"repeat", required_argument, nullptr, 'r'},
                                      {"quick", no_argument, nullptr, 'q'},
                                      {"json", no_argument, nullptr, 'j'},
                                      {"ldpsyncd", required_argument, nullptr, 'd'},
                                      {"learner-routes", no_argument, nullptr, 'l'},
                                      {nullptr, 0, nullptr, 0}};
    for (int c; (c = getopt_long(argc, argv, "", longopts, nullptr)) != -1;) {
        switch (c) {
            case 'n': o.routes = static_cast<unsigned>(std::stoul(optarg)); break;
            case 'r': o.repeat = static_cast<unsigned>(std::stoul(optarg)); break;
            case 'q': o.routes = 1000; o.repeat = 1; break;
            case 'j': o.json = true; break;
            case 'd': o.ldpsyncd = optarg; break;
            case 'l': o.learner_routes = true; break;
            default: return usage();
        }
    }
    if (auto why = FrrRouter::unavailable()) {
        std::printf("ldpsync-ldp-bench: skipped: %s\n", why->c_str());
        return 77;  // meson's "skipped"
    }
    const auto dir = std::filesystem::temp_directory_path() / ("ldpsync-ldp-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    int rc = 0;
    try {
        const auto setup0 = Clock::now();
        Source src(o.routes, dir);
        std::fprintf(stderr, "source ready: %zu FECs bound in %.1f s\n", src.fecs(),
                     std::chrono::duration<double>(Clock::now() - setup0).count());
        std::vector<Sample> frr, ours;
        for (unsigned round = 0; round < o.repeat; ++round) {
            // The order flips every round so neither learner always runs on a warmer source.
            const bool ours_first = round % 2 == 1 && !o.ldpsyncd.empty();
            if (ours_first) ours.push_back(learn_with_ldpsyncd(src, dir, o));
            frr.push_back(learn_with_frr(src, dir, o));
            if (!ours_first && !o.ldpsyncd.empty()) ours.push_back(learn_with_ldpsyncd(src, dir, o));
        }
        auto column = [](const std::vector<Sample>& v, double Sample::*f) {
            std::vector<double> out;
            for (const auto& s : v) out.push_back(s.*f);
            return out;
        };
        const double frr_learn = median(column(frr, &Sample::learn_s));
        const double ours_learn = median(column(ours, &Sample::learn_s));
        const double ratio = ours.empty() || frr_learn <= 0 || ours_learn < 0 ? -1 : ours_learn / frr_learn;
        const double frr_cpu = median(column(frr, &Sample::cpu_s));
        const double ours_cpu = median(column(ours, &Sample::cpu_s));
        const double cpu_ratio = ours.empty() || frr_cpu <= 0 || ours_cpu < 0 ? -1 : ours_cpu / frr_cpu;
        if (o.json) {
            nlohmann::json j;
            j["fecs"] = src.fecs();
            j["rounds"] = o.repeat;
            j["frr"] = {{"learn_s", frr_learn}, {"session_s", median(column(frr, &Sample::session_s))},
                        {"buffered_bytes", median(column(frr, &Sample::buffered))},
                        {"poll_s", median(column(frr, &Sample::resolution_s))}, {"cpu_s", frr_cpu},
                        {"rounds_learn_s", column(frr, &Sample::learn_s)}, {"rounds_cpu_s", column(frr, &Sample::cpu_s)}};
            if (!ours.empty()) {
                j["ldpsyncd"] = {{"learn_s", ours_learn}, {"session_s", median(column(ours, &Sample::session_s))},
                                 {"buffered_bytes", median(column(ours, &Sample::buffered))},
                                 {"poll_s", median(column(ours, &Sample::resolution_s))}, {"cpu_s", ours_cpu},
                                 {"rounds_learn_s", column(ours, &Sample::learn_s)},
                                 {"rounds_cpu_s", column(ours, &Sample::cpu_s)}};
                j["ratio"] = ratio;
                j["cpu_ratio"] = cpu_ratio;
            }
            std::printf("%s\n", j.dump(2).c_str());
        } else {
            std::printf("bindings learnt from an FRR ldpd source, input buffered: %zu FECs, median of %u rounds\n", src.fecs(),
                        o.repeat);
            std::printf("  %-9s learn %7.3f s  cpu %7.3f s  session up after %6.3f s  (%.0f bytes buffered, poll every %.1f ms)\n",
                        "FRR", frr_learn, frr_cpu, median(column(frr, &Sample::session_s)),
                        median(column(frr, &Sample::buffered)), 1000 * median(column(frr, &Sample::resolution_s)));
            if (!ours.empty()) {
                std::printf("  %-9s learn %7.3f s  cpu %7.3f s  session up after %6.3f s  (%.0f bytes buffered, poll every %.1f ms)\n",
                            "ldpsyncd", ours_learn, ours_cpu, median(column(ours, &Sample::session_s)),
                            median(column(ours, &Sample::buffered)), 1000 * median(column(ours, &Sample::resolution_s)));
                std::printf("  ratio ldpsyncd/FRR: learn (wall) %.2f, cpu %.2f (target <= 0.5)\n", ratio, cpu_ratio);
            }
        }
        for (const auto* v : {&frr, &ours}) {
            for (const auto& s : *v) rc = rc != 0 || s.learn_s < 0 ? 1 : 0;
        }
        if (rc != 0) std::fprintf(stderr, "ldpsync-ldp-bench: a learner did not learn every binding in time\n");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ldpsync-ldp-bench: %s\n", e.what());
        rc = 1;
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return rc;
}
