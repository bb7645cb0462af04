// One end of the shm contract as a separate process, for the multi-process stress and crash
// tests and the benchmarks' cross-process figures.
//
//   shm-peer writer --instance X [--seed S] [--records N] [--link-flips M] [--key-base K]
//   shm-peer reader --instance X
//
// Every payload carries a checksum of its own fields, so a reader that saw a torn record
// (half of one write, half of another) notices. The writer prints its state's digest when
// the reader has applied its last commit; the reader prints its own on SIGTERM.

#include <signal.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ldpsync/shm/control_end.hpp"
#include "ldpsync/shm/dataplane_end.hpp"
#include "ldpsync/shm/publisher.hpp"
#include "ldpsync/shm/tables.hpp"

using namespace ldpsync::shm;

namespace {

volatile sig_atomic_t g_stop = 0;

std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

std::uint32_t check32(std::initializer_list<std::uint64_t> fields) {
    std::uint64_t h = 0x1234;
    for (auto f : fields) {
        h = mix(h ^ f);
    }
    return static_cast<std::uint32_t>(h);
}

// Value = (round << 16) | 16-bit checksum of (key, round): a torn copy mixes two rounds.
std::uint32_t checked_value(std::uint64_t key, std::uint32_t round) {
    return (round << 16) | (check32({key, round}) & 0xffffu);
}
bool value_ok(std::uint64_t key, std::uint32_t value) {
    return (value & 0xffffu) == (check32({key, value >> 16}) & 0xffffu);
}

NextHop make_nexthop(std::uint32_t id, std::uint32_t round) {
    NextHop nh{};
    nh.nexthop_id = id;
    nh.link_id = static_cast<std::uint16_t>(id % 64);
    nh.n_labels = static_cast<std::uint8_t>(1 + round % 3);
    for (std::size_t i = 0; i < nh.n_labels; ++i) {
        nh.labels[i] = 16 + (mix(id * 7 + round + i) % 1000000);
    }
    nh.neighbor_mac = {0x02, 0x00, static_cast<std::uint8_t>(round), static_cast<std::uint8_t>(round >> 8),
                       static_cast<std::uint8_t>(id), static_cast<std::uint8_t>(id >> 8)};
    nh.neighbor_ipv4 = check32({id, nh.link_id, nh.n_labels, nh.labels[0], nh.labels[1], nh.labels[2], round});
    nh.reserved = static_cast<std::uint16_t>(round);
    return nh;
}
bool nexthop_ok(const NextHop& nh) {
    return nh.neighbor_ipv4 == check32({nh.nexthop_id, nh.link_id, nh.n_labels, nh.labels[0], nh.labels[1],
                                        nh.labels[2], nh.reserved});
}

LinkRecord make_link(std::uint32_t id, std::uint64_t generation, bool usable) {
    LinkRecord r{};
    r.link_id = id;
    r.port_id = static_cast<std::uint16_t>(id % 4);
    r.in_use = 1;
    r.usable = usable ? 1 : 0;
    r.set_ifname("stress" + std::to_string(id));
    r.ospf_adjacency = AdjacencyState::up;
    r.sync = usable ? SyncState::achieved : SyncState::not_achieved;
    r.ospf_metric = usable ? static_cast<std::uint32_t>(generation % 65535) : 65535;
    for (std::size_t i = 0; i < 6; ++i) {
        r.neighbor_mac[i] = static_cast<std::uint8_t>(mix(generation + i));
    }
    r.generation = generation;
    r.isis_metric = check32({id, generation, r.usable, r.ospf_metric, r.neighbor_mac[0], r.neighbor_mac[5]});
    return r;
}
bool link_ok(const LinkRecord& r) {
    return r.isis_metric ==
           check32({r.link_id, r.generation, r.usable, r.ospf_metric, r.neighbor_mac[0], r.neighbor_mac[5]});
}

std::uint64_t links_digest(const std::vector<LinkRecord>& links) {
    std::uint64_t sum = 0;
    for (const auto& r : links) {
        if (r.in_use) {
            sum += entry_hash(9, r);
        }
    }
    return sum;
}

struct Options {
    std::string mode;
    std::string instance;
    std::uint64_t seed = 1;
    std::uint64_t records = 1'000'000;
    std::uint64_t link_flips = 100'000;
    std::uint32_t key_base = 16;
    std::uint32_t links = 64;
};

std::optional<Options> parse(int argc, char** argv) {
    Options o;
    if (argc < 2) {
        return std::nullopt;
    }
    o.mode = argv[1];
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string_view k = argv[i];
        const char* v = argv[i + 1];
        if (k == "--instance") o.instance = v;
        else if (k == "--seed") o.seed = std::strtoull(v, nullptr, 10);
        else if (k == "--records") o.records = std::strtoull(v, nullptr, 10);
        else if (k == "--link-flips") o.link_flips = std::strtoull(v, nullptr, 10);
        else if (k == "--key-base") o.key_base = static_cast<std::uint32_t>(std::strtoul(v, nullptr, 10));
        else if (k == "--links") o.links = static_cast<std::uint32_t>(std::strtoul(v, nullptr, 10));
        else {
            std::fprintf(stderr, "shm-peer: unknown option %s\n", argv[i]);
            return std::nullopt;
        }
    }
    if (o.instance.empty() || (o.mode != "writer" && o.mode != "reader")) {
        return std::nullopt;
    }
    return o;
}

int run_writer(const Options& o) {
    auto created = ControlEnd::create(o.instance);
    if (!created) {
        std::fprintf(stderr, "shm-peer writer: %s\n", created.error().message().c_str());
        return 2;
    }
    ControlEnd control = created.take();
    ForwardingPublisher pub(control);
    std::printf("writer started epoch=%" PRIu64 " took_over=%d\n", control.epoch(), control.took_over() ? 1 : 0);
    std::fflush(stdout);

    constexpr std::uint32_t kNexthops = 256;
    constexpr std::uint32_t kKeys = 100'000;
    std::uint32_t round = 1;
    for (std::uint32_t i = 0; i < kNexthops; ++i) {
        pub.set_nexthop(make_nexthop(o.key_base + i, round));
        NextHopGroup g{};
        g.group_id = o.key_base + i;
        g.n_members = 2;
        g.members = {o.key_base + i, o.key_base + (i + 1) % kNexthops};
        pub.set_group(g);
    }
    // Links this writer does not own are cleared: they are a predecessor's.
    for (std::uint32_t l = 0; l < kLinkCapacity; ++l) {
        if (l >= o.links && control.link(l) && control.link(l)->in_use) {
            control.clear_link(l);
        }
    }
    std::vector<LinkRecord> links(o.links);
    // Link generations stay monotonic across writer restarts: continue from the table.
    std::uint64_t link_generation = 0;
    for (std::uint32_t l = 0; l < kLinkCapacity; ++l) {
        if (auto r = control.link(l)) {
            link_generation = std::max(link_generation, r->generation);
        }
    }
    for (std::uint32_t l = 0; l < o.links; ++l) {
        links[l] = make_link(l, ++link_generation, true);
        control.publish_link(links[l]);
    }
    pub.commit();
    pub.mark_ready();

    std::uint64_t rng = o.seed;
    std::uint64_t flips = 0;
    std::uint64_t ops = 0;
    const std::uint64_t ops_per_flip = o.link_flips ? std::max<std::uint64_t>(1, o.records / o.link_flips) : 0;
    // Bounded in operations too: while no reader is attached nothing is pushed.
    while ((control.updates().records_pushed() < o.records || flips < o.link_flips) && ops < 4 * o.records &&
           !g_stop) {
        rng = mix(rng);
        const std::uint32_t key = static_cast<std::uint32_t>(rng % kKeys);
        const std::uint32_t which = static_cast<std::uint32_t>((rng >> 32) % 100);
        if (++ops % 4096 == 0) {
            ++round;
        }
        const std::uint32_t label = o.key_base + key;
        const std::uint32_t prefix = 0x0a000000u + ((o.key_base + key) << 8);
        if (which < 40) {
            pub.set_ilm(IlmEntry{.in_label = label, .group_id = checked_value(label, round),
                                 .action = IlmAction::forward, .reserved = {}});
        } else if (which < 50) {
            pub.del_ilm(label);
        } else if (which < 85) {
            pub.set_ftn(FtnEntry{.prefix = prefix, .prefix_len = 24, .reserved = {},
                                 .group_id = checked_value(prefix, round)});
        } else if (which < 95) {
            pub.del_ftn(prefix, 24);
        } else {
            pub.set_nexthop(make_nexthop(o.key_base + key % kNexthops, round));
        }
        if (ops_per_flip && ops % ops_per_flip == 0 && flips < o.link_flips) {
            const std::uint32_t l = static_cast<std::uint32_t>(flips % o.links);
            links[l] = make_link(l, ++link_generation, !links[l].usable);
            control.publish_link(links[l]);
            ++flips;
        }
        if (ops % 1000 == 0) {
            pub.commit();
            pub.poll();
        }
    }
    pub.commit();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while ((pub.applied_generation() < pub.generation() || pub.replay_owed()) &&
           std::chrono::steady_clock::now() < deadline && !g_stop) {
        pub.poll();
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    const bool acked = pub.applied_generation() >= pub.generation() && !pub.replay_owed();
    std::printf("writer done acked=%d digest=%016" PRIx64 " links=%016" PRIx64 " generation=%" PRIu64
                " records=%" PRIu64 " flips=%" PRIu64 " overflows=%" PRIu64 " replays=%" PRIu64 " entries=%zu\n",
                acked ? 1 : 0, pub.state().digest(), links_digest(links), pub.generation(),
                control.updates().records_pushed(), flips, control.header().overflow_count.load(), pub.replays(),
                pub.state().size());
    std::fflush(stdout);
    return acked ? 0 : 3;
}

// Validates every record's checksum before handing it to the mirror.
class CheckingSink {
public:
    void set_nexthop(const NextHop& v) { torn_ += nexthop_ok(v) ? 0 : 1; mirror_.set_nexthop(v); }
    void del_nexthop(std::uint32_t id) { mirror_.del_nexthop(id); }
    void set_group(const NextHopGroup& v) { mirror_.set_group(v); }
    void del_group(std::uint32_t id) { mirror_.del_group(id); }
    void set_ilm(const IlmEntry& v) { torn_ += value_ok(v.in_label, v.group_id) ? 0 : 1; mirror_.set_ilm(v); }
    void del_ilm(std::uint32_t label) { mirror_.del_ilm(label); }
    void set_ftn(const FtnEntry& v) { torn_ += value_ok(v.prefix, v.group_id) ? 0 : 1; mirror_.set_ftn(v); }
    void del_ftn(std::uint32_t p, std::uint8_t l) { mirror_.del_ftn(p, l); }
    void begin_replay() { mirror_.begin_replay(); }
    void end_replay() { mirror_.end_replay(); }
    void commit(std::uint64_t g) { mirror_.commit(g); }

    std::uint64_t torn() const { return torn_; }
    const MirrorTables& mirror() const { return mirror_; }

private:
    MirrorTables mirror_;
    std::uint64_t torn_ = 0;
};

int run_reader(const Options& o) {
    std::optional<DataplaneEnd> dp;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!dp) {
        auto attached = DataplaneEnd::attach(o.instance);
        if (attached) {
            dp.emplace(attached.take());
        } else if (std::chrono::steady_clock::now() > deadline) {
            std::fprintf(stderr, "shm-peer reader: %s\n", attached.error().message().c_str());
            return 2;
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    std::printf("reader attached\n");
    std::fflush(stdout);

    CheckingSink sink;
    std::vector<std::uint64_t> last_generation(kLinkCapacity, 0);
    std::uint64_t link_reads = 0, link_torn = 0, link_backwards = 0, loops = 0;
    std::uint32_t next_link = 0;
    auto check_link = [&](std::uint32_t l) {
        if (auto r = dp->link(l); r && r->in_use) {
            ++link_reads;
            link_torn += link_ok(*r) ? 0 : 1;
            link_backwards += r->generation < last_generation[l] ? 1 : 0;
            last_generation[l] = r->generation;
        }
    };
    while (!g_stop) {
        const std::size_t n = dp->poll_updates(sink, 4096);
        for (int i = 0; i < 4; ++i) {
            check_link(next_link);
            next_link = (next_link + 1) % o.links;
        }
        if (++loops % 64 == 0 || n == 0) {
            dp->heartbeat();
        }
        if (n == 0) {
            std::this_thread::yield();
        }
    }
    while (dp->poll_updates(sink, 1u << 20) != 0) {
    }
    std::vector<LinkRecord> links;
    for (std::uint32_t l = 0; l < kLinkCapacity; ++l) {
        if (auto r = dp->link(l); r && r->in_use) {
            link_torn += link_ok(*r) ? 0 : 1;
            links.push_back(*r);
        }
    }
    const auto& st = dp->reader().stats();
    const char* state = dp->reader().state() == ReaderState::synced ? "synced" : "not-synced";
    std::printf("reader done digest=%016" PRIx64 " links=%016" PRIx64 " generation=%" PRIu64 " applied=%" PRIu64
                " gaps=%" PRIu64 " torn=%" PRIu64 " link_reads=%" PRIu64 " link_torn=%" PRIu64
                " link_backwards=%" PRIu64 " replays=%" PRIu64 " swept=%" PRIu64 " dropped_waiting=%" PRIu64
                " state=%s\n",
                sink.mirror().digest(), links_digest(links), sink.mirror().generation(), st.applied,
                st.sequence_gaps, sink.torn(), link_reads, link_torn, link_backwards, st.replays_completed,
                sink.mirror().swept(), st.dropped_while_waiting, state);
    std::fflush(stdout);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const auto options = parse(argc, argv);
    if (!options) {
        std::fprintf(stderr,
                     "usage: shm-peer writer|reader --instance NAME [--seed S] [--records N] "
                     "[--link-flips M] [--key-base K] [--links L]\n");
        return 64;
    }
    struct sigaction sa {};
    sa.sa_handler = [](int) { g_stop = 1; };
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    return options->mode == "writer" ? run_writer(*options) : run_reader(*options);
}
