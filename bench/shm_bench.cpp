// Cross-process figures for the shm contract, writer and reader in two processes pinned to
// two cores:
//   channel     records/s through the update channel (raw writer, counting reader)
//   publisher   records/s with the control side's keyed state and the reader's tables
//   link-flip   time from a link record write to the reader seeing it (p50/p99/max)
//   load        1M ILM + 1M FTN entries loaded until the reader acknowledges the commit
// Figures are printed, never asserted. --json prints one JSON object instead of the table.

#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ldpsync/shm/control_end.hpp"
#include "ldpsync/shm/dataplane_end.hpp"
#include "ldpsync/shm/publisher.hpp"
#include "ldpsync/shm/tables.hpp"

using namespace ldpsync::shm;
using Clock = std::chrono::steady_clock;

namespace {

std::uint64_t now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(ts.tv_nsec);
}

void pin_to_cpu(int cpu) {
    if (std::thread::hardware_concurrency() < 2) {
        return;
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof(set), &set);
}

// The reader side of every scenario runs in a forked child. It reports through a pipe.
struct Child {
    pid_t pid = -1;
    int from_child = -1;
};

template <class Body>
Child fork_reader(Body body) {
    int fds[2];
    if (pipe(fds) != 0) {
        std::perror("pipe");
        std::exit(1);
    }
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        pin_to_cpu(1);
        body(fds[1]);
        _exit(0);
    }
    close(fds[1]);
    return Child{pid, fds[0]};
}

template <class T>
T read_result(const Child& c) {
    T value{};
    std::size_t got = 0;
    auto* p = reinterpret_cast<char*>(&value);
    while (got < sizeof(T)) {
        const ssize_t n = read(c.from_child, p + got, sizeof(T) - got);
        if (n <= 0) {
            break;
        }
        got += static_cast<std::size_t>(n);
    }
    return value;
}

void finish(Child& c) {
    kill(c.pid, SIGTERM);
    waitpid(c.pid, nullptr, 0);
    close(c.from_child);
}

DataplaneEnd attach_or_die(const std::string& inst) {
    for (int i = 0; i < 1000; ++i) {
        auto a = DataplaneEnd::attach(inst);
        if (a) {
            return a.take();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::fprintf(stderr, "bench: cannot attach to %s\n", inst.c_str());
    _exit(2);
}

volatile sig_atomic_t g_child_stop = 0;

struct CountingSink {
    std::uint64_t records = 0;
    std::uint64_t last_commit = 0;
    void set_nexthop(const NextHop&) { ++records; }
    void del_nexthop(std::uint32_t) { ++records; }
    void set_group(const NextHopGroup&) { ++records; }
    void del_group(std::uint32_t) { ++records; }
    void set_ilm(const IlmEntry&) { ++records; }
    void del_ilm(std::uint32_t) { ++records; }
    void set_ftn(const FtnEntry&) { ++records; }
    void del_ftn(std::uint32_t, std::uint8_t) { ++records; }
    void begin_replay() {}
    void end_replay() {}
    void commit(std::uint64_t g) { last_commit = g; }
};

// Tables shaped like the data plane's: a direct array over the 20-bit label space for the
// ILM, a hash for the FTN (the data plane uses rte_lpm there).
struct ArraySink {
    std::vector<IlmEntry> ilm = std::vector<IlmEntry>(kMaxLabelValue + 1);
    std::unordered_map<std::uint64_t, FtnEntry> ftn;
    ArraySink() { ftn.reserve(1u << 21); }
    void set_nexthop(const NextHop&) {}
    void del_nexthop(std::uint32_t) {}
    void set_group(const NextHopGroup&) {}
    void del_group(std::uint32_t) {}
    void set_ilm(const IlmEntry& v) { ilm[v.in_label & kMaxLabelValue] = v; }
    void del_ilm(std::uint32_t l) { ilm[l & kMaxLabelValue] = IlmEntry{}; }
    void set_ftn(const FtnEntry& v) { ftn.insert_or_assign(v.key(), v); }
    void del_ftn(std::uint32_t p, std::uint8_t l) { ftn.erase(FtnEntry{.prefix = p, .prefix_len = l}.key()); }
    void begin_replay() {}
    void end_replay() {}
    void commit(std::uint64_t) {}
};

template <class Sink>
void reader_loop(const std::string& inst, int report_fd) {
    struct sigaction sa {};
    sa.sa_handler = [](int) { g_child_stop = 1; };
    sigaction(SIGTERM, &sa, nullptr);
    DataplaneEnd dp = attach_or_die(inst);
    auto sink = std::make_unique<Sink>();
    const char ready = 1;
    if (write(report_fd, &ready, 1) != 1) {
        _exit(3);
    }
    while (!g_child_stop) {
        if (dp.poll_updates(*sink, 8192) == 0) {
            cpu_relax();
        }
    }
}

struct Result {
    std::string name;
    double value;
    std::string unit;
    std::string target;
};

std::string unique_name(const char* tag) { return std::string("bench-") + tag + "-" + std::to_string(getpid()); }

// Raw channel: no keyed state on either side, just records through the ring.
double bench_channel(std::uint64_t records) {
    const std::string inst = unique_name("chan");
    auto control = ControlEnd::create(inst).take();
    Child child = fork_reader([&](int fd) { reader_loop<CountingSink>(inst, fd); });
    read_result<char>(child);
    // The reader's attach asks for a replay: start the stream with one so it is accepted.
    EventRecord e;
    while (!control.poll_event(e)) {
        cpu_relax();
    }
    UpdateWriter& w = control.updates();
    w.begin_resync(e.value);
    w.push(UpdateRecord::resync_end(0));
    const auto start = Clock::now();
    for (std::uint64_t i = 0; i < records; ++i) {
        w.push(UpdateRecord::ilm_set(IlmEntry{.in_label = static_cast<std::uint32_t>(16 + i % 1'000'000),
                                              .group_id = static_cast<std::uint32_t>(i), .action = IlmAction::forward,
                                              .reserved = {}}));
    }
    w.push(UpdateRecord::commit(1));
    w.flush();
    while (control.header().applied_generation.load(std::memory_order_acquire) < 1) {
        cpu_relax();
    }
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    finish(child);
    ControlEnd::remove(inst);
    return static_cast<double>(records) / secs;
}

// Load N ILM + N FTN entries through the publisher into data-plane-shaped tables; the time
// runs until the reader has applied the commit.
double bench_load(std::uint32_t n, bool through_publisher) {
    const std::string inst = unique_name("load");
    auto control = ControlEnd::create(inst).take();
    Child child = fork_reader([&](int fd) { reader_loop<ArraySink>(inst, fd); });
    read_result<char>(child);
    ForwardingPublisher pub(control);
    pub.mark_ready();
    while (pub.replays() == 0) {
        pub.poll();
    }
    while (control.header().applied_generation.load() < pub.generation()) {
        cpu_relax();
    }
    const auto start = Clock::now();
    UpdateWriter& w = control.updates();
    for (std::uint32_t i = 0; i < n; ++i) {
        const IlmEntry ilm{.in_label = 16 + i, .group_id = i % 1024, .action = IlmAction::forward, .reserved = {}};
        const FtnEntry ftn{.prefix = 0x0a000000u + (i << 8), .prefix_len = 24, .reserved = {}, .group_id = i % 1024};
        if (through_publisher) {
            pub.set_ilm(ilm);
            pub.set_ftn(ftn);
        } else {
            w.push(UpdateRecord::ilm_set(ilm));
            w.push(UpdateRecord::ftn_set(ftn));
        }
    }
    std::uint64_t target;
    if (through_publisher) {
        target = pub.commit();
    } else {
        target = pub.generation() + 1;
        w.push(UpdateRecord::commit(target));
        w.flush();
    }
    while (control.header().applied_generation.load(std::memory_order_acquire) < target) {
        cpu_relax();
    }
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    finish(child);
    ControlEnd::remove(inst);
    return secs;
}

struct Percentiles {
    double p50_us, p99_us, max_us;
    std::uint64_t samples;
};

constexpr std::uint16_t kEndMarkerPort = 0xffff;

Percentiles bench_link_flip(std::uint32_t samples) {
    const std::string inst = unique_name("flip");
    auto control = ControlEnd::create(inst).take();
    struct Report {
        double p50, p99, max;
        std::uint64_t n;
    };
    Child child = fork_reader([&](int fd) {
        DataplaneEnd dp = attach_or_die(inst);
        const char ready = 1;
        if (write(fd, &ready, 1) != 1) {
            _exit(3);
        }
        std::vector<double> lat;
        lat.reserve(samples);
        std::uint64_t last = 0;
        for (;;) {
            // What a data plane's main loop does: re-read the record, act on a change.
            auto r = dp.link(3);
            if (r && r->generation != last) {
                const std::uint64_t t = now_ns();
                last = r->generation;
                if (r->port_id == kEndMarkerPort) {
                    break;
                }
                lat.push_back(static_cast<double>(t - r->generation) / 1000.0);
            }
        }
        if (lat.empty()) {
            lat.push_back(0);
        }
        std::sort(lat.begin(), lat.end());
        Report rep{lat[lat.size() / 2], lat[lat.size() * 99 / 100], lat.back(), lat.size()};
        if (write(fd, &rep, sizeof(rep)) != static_cast<ssize_t>(sizeof(rep))) {
            _exit(3);
        }
    });
    read_result<char>(child);
    LinkRecord r{};
    r.link_id = 3;
    r.in_use = 1;
    for (std::uint32_t i = 0; i < samples; ++i) {
        r.usable = static_cast<std::uint8_t>(i & 1);
        r.generation = now_ns();  // the write time travels in the record
        control.publish_link(r);
        const auto until = now_ns() + 20'000;  // 20 us apart: each flip is seen alone
        while (now_ns() < until) {
            cpu_relax();
        }
    }
    r.port_id = kEndMarkerPort;  // a reader descheduled for a while may have missed some flips
    r.generation = now_ns();
    control.publish_link(r);
    const auto rep = read_result<Report>(child);
    finish(child);
    ControlEnd::remove(inst);
    return Percentiles{rep.p50, rep.p99, rep.max, rep.n};
}

}  // namespace

int main(int argc, char** argv) {
    bool json = false;
    std::uint64_t channel_records = 20'000'000;
    std::uint32_t load_entries = 1'000'000;
    std::uint32_t flip_samples = 100'000;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--json") {
            json = true;
        } else if (a == "--quick") {
            channel_records = 2'000'000;
            load_entries = 100'000;
            flip_samples = 10'000;
        } else {
            std::fprintf(stderr, "usage: ldpsync-shm-bench [--json] [--quick]\n");
            return 64;
        }
    }
    pin_to_cpu(0);
    const double channel = bench_channel(channel_records);
    const Percentiles flip = bench_link_flip(flip_samples);
    const double load_raw = bench_load(load_entries, false);
    const double load_pub = bench_load(load_entries, true);
    const unsigned cores = std::thread::hardware_concurrency();
    if (json) {
        std::printf("{\"cores\":%u,\"channel_records\":%" PRIu64 ",\"channel_records_per_s\":%.0f,"
                    "\"link_flip_samples\":%" PRIu64 ",\"link_flip_p50_us\":%.2f,\"link_flip_p99_us\":%.2f,"
                    "\"link_flip_max_us\":%.2f,\"load_entries_each\":%u,\"load_channel_s\":%.3f,"
                    "\"load_publisher_s\":%.3f}\n",
                    cores, channel_records, channel, flip.samples, flip.p50_us, flip.p99_us, flip.max_us,
                    load_entries, load_raw, load_pub);
        return 0;
    }
    std::printf("ldpsync shm benchmark (writer and reader in separate processes, %u cores)\n", cores);
    std::printf("  %-44s %14.1f M records/s   (target >= 10)\n", "update channel, cross-process",
                channel / 1e6);
    std::printf("  %-44s %8.2f us p50  %8.2f us p99  %8.2f us max   (target p99 < 10)\n",
                "link flip visible to reader", flip.p50_us, flip.p99_us, flip.max_us);
    std::printf("  %-44s %14.3f s   (target < 0.5)\n",
                (std::to_string(load_entries) + " ILM + " + std::to_string(load_entries) + " FTN, channel").c_str(),
                load_raw);
    std::printf("  %-44s %14.3f s\n",
                (std::to_string(load_entries) + " ILM + " + std::to_string(load_entries) + " FTN, publisher").c_str(),
                load_pub);
    return 0;
}
