// How fast does a learner take in N label bindings from an FRR ldpd? FRR's own ldpd and
// ldpsyncd learn the same N bindings from the same FRR source, in the same run, alternating.
//
//   source ns: FRR zebra + staticd + ldpd, N static /24 routes via a real next hop (FRR binds
//              no label to blackhole routes), each with a label from FRR's ldpd.
//   learner ns: FRR zebra + ldpd, or ldpsyncd; one veth to the source, link Hellos on it.
//
// Per round and learner: the learner namespace is created, the learner started (t0), its
// view polled until the session is OPERATIONAL (t_up) and until it holds a binding from the
// source for every FEC the source advertises (t_done). Reported: learn = t_done - t_up (the
// issue's figure) and total = t_done - t0, median over the rounds, and the ratio ours/FRR.
// Both are polled over a socket kept open (FRR's ldpd vty, ldpsyncd's control socket), every
// few milliseconds; the mean poll period is printed with the figures.

#include <getopt.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
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
};

// What one learner reports when polled.
struct Progress {
    bool operational = false;
    std::uint64_t mappings = 0;  // bindings held from the source
};

struct Sample {
    double learn_s = -1;  // session up -> all bindings
    double total_s = -1;  // start -> all bindings
    double resolution_s = 0;  // mean poll period
    double cpu_s = -1;  // CPU the learner's processes used between session up and all bindings
};

// CPU time (ns) used so far by every thread of every process in the namespace: the learner
// router's whole cost (FRR: zebra and ldpd's three processes; ours: ldpsyncd).
std::uint64_t namespace_cpu_ns(const NetNs& ns) {
    std::uint64_t total = 0;
    for (pid_t pid : ns.pids()) {
        std::error_code ec;
        for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
            std::ifstream in(task.path() / "schedstat");
            std::uint64_t on_cpu = 0;
            if (in >> on_cpu) total += on_cpu;
        }
    }
    return total;
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
    // FECs the source advertises to a learner: its statics and next-hop subnet, counted
    // before any learner, plus the subnet of the link to the learner.
    std::size_t fecs() const { return fecs_ + 1; }

    static std::string ldpd_conf(const std::string& id, const std::string& ifname) {
        return "mpls ldp\n router-id " + id + "\n discovery hello holdtime 3\n discovery hello interval 1\n"
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
    explicit LearnerNet(const Source& src) : ns(ldpsync::test::unique_ns_name("lbl")) {
        ldpsync::test::connect_veth(src.ns(), "lbs0", ns, "lbl0");
        src.ns().exec("ip addr add 10.0.12.1/24 dev lbs0");
        ns.add_address("lbl0", "10.0.12.2/24");
    }
    NetNs ns;
};

Sample measure(const std::function<Progress()>& poll, Clock::time_point t0, std::size_t want,
               std::chrono::seconds limit, const NetNs& learner) {
    Sample s;
    std::optional<Clock::time_point> up;
    std::uint64_t cpu_at_up = 0;
    unsigned polls = 0;
    while (Clock::now() - t0 < limit) {
        const Progress p = poll();
        ++polls;
        const auto now = Clock::now();
        if (p.operational && !up) {
            up = now;
            cpu_at_up = namespace_cpu_ns(learner);
        }
        if (up && p.mappings >= want) {
            s.learn_s = std::chrono::duration<double>(now - *up).count();
            s.total_s = std::chrono::duration<double>(now - t0).count();
            s.cpu_s = static_cast<double>(namespace_cpu_ns(learner) - cpu_at_up) / 1e9;
            break;
        }
        std::this_thread::sleep_for(2ms);
    }
    s.resolution_s = std::chrono::duration<double>(Clock::now() - t0).count() / std::max(1u, polls);
    return s;
}

Sample learn_with_frr(const Source& src, const std::filesystem::path& dir, const Options& o) {
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
        t0, src.fecs(), o.limit, net.ns);
}

Sample learn_with_ldpsyncd(const Source& src, const std::filesystem::path& dir, const Options& o) {
    LearnerNet net(src);
    const auto d = dir / "ours";
    std::filesystem::create_directories(d);
    std::ofstream(d / "r.conf") << "mpls ldp router-id 10.0.12.2\n"
                                   "interface lbl0\n ip address 10.0.12.2 255.255.255.0\n mpls ip\n";
    const auto sock = d / "r.sock";
    const auto t0 = Clock::now();
    ldpsync::test::ChildProcess daemon(net.ns.argv({o.ldpsyncd, "-f", (d / "r.conf").string(), "-s", sock.string(),
                                                    "-n", "ldpbench" + std::to_string(getpid())}));
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
        t0, src.fecs(), o.limit, net.ns);
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
                 "usage: ldpsync-ldp-bench [--routes N] [--repeat R] [--quick] [--json] [--ldpsyncd PATH]\n"
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
                                      {nullptr, 0, nullptr, 0}};
    for (int c; (c = getopt_long(argc, argv, "", longopts, nullptr)) != -1;) {
        switch (c) {
            case 'n': o.routes = static_cast<unsigned>(std::stoul(optarg)); break;
            case 'r': o.repeat = static_cast<unsigned>(std::stoul(optarg)); break;
            case 'q': o.routes = 1000; o.repeat = 1; break;
            case 'j': o.json = true; break;
            case 'd': o.ldpsyncd = optarg; break;
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
            j["frr"] = {{"learn_s", frr_learn}, {"total_s", median(column(frr, &Sample::total_s))},
                        {"poll_s", median(column(frr, &Sample::resolution_s))}, {"cpu_s", frr_cpu}};
            if (!ours.empty()) {
                j["ldpsyncd"] = {{"learn_s", ours_learn}, {"total_s", median(column(ours, &Sample::total_s))},
                                 {"poll_s", median(column(ours, &Sample::resolution_s))}, {"cpu_s", ours_cpu}};
                j["ratio"] = ratio;
                j["cpu_ratio"] = cpu_ratio;
            }
            std::printf("%s\n", j.dump(2).c_str());
        } else {
            std::printf("bindings learnt from an FRR ldpd source: %zu FECs, median of %u rounds\n", src.fecs(), o.repeat);
            std::printf("  %-9s learn %7.3f s  cpu %7.3f s  total %7.3f s  (poll every %.1f ms)\n", "FRR", frr_learn,
                        frr_cpu, median(column(frr, &Sample::total_s)), 1000 * median(column(frr, &Sample::resolution_s)));
            if (!ours.empty()) {
                std::printf("  %-9s learn %7.3f s  cpu %7.3f s  total %7.3f s  (poll every %.1f ms)\n", "ldpsyncd",
                            ours_learn, ours_cpu, median(column(ours, &Sample::total_s)),
                            1000 * median(column(ours, &Sample::resolution_s)));
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
