#pragma once
// A data-plane core rig for unit tests: FibTables + FibWriter over a map LPM, two ports,
// gates and link->port tables, and a helper that runs one frame through forward().

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <vector>

#include "checksum.hpp"
#include "fib_writer.hpp"
#include "forward.hpp"
#include "map_lpm.hpp"
#include "packet_builder.hpp"
#include "shm_records.hpp"

namespace pg = ldpsync::pktgen;

namespace ldpsync::dp::test {

class ManualGrace : public GracePeriod {
public:
    std::uint64_t start() override { return ++started_; }
    bool done(std::uint64_t token) override { return token <= quiesced_; }
    void quiesce() { quiesced_ = started_; }

private:
    std::uint64_t started_ = 0;
    std::uint64_t quiesced_ = 0;
};

inline const pg::Mac kPortMac0 = {0x02, 0, 0, 0, 0, 0x10};
inline const pg::Mac kPortMac1 = {0x02, 0, 0, 0, 0, 0x11};
inline const pg::Mac kPeerA = {0x02, 0, 0, 0, 0, 0xa1};
inline const pg::Mac kPeerB = {0x02, 0, 0, 0, 0, 0xb1};
inline const pg::Mac kSender = {0x02, 0, 0, 0, 0, 0x99};

struct Rig {
    ManualGrace grace;
    Reclaimer reclaimer{grace};
    FibTables tables{FibCapacity{1024, 1024}};
    MapLpm lpm;
    FibWriter<MapLpm> writer{tables, lpm, reclaimer};
    std::array<std::atomic<std::uint8_t>, shm::kLinkCapacity> gates{};
    std::array<std::atomic<std::uint16_t>, shm::kLinkCapacity> link_port{};
    std::array<MacBytes, 2> macs{kPortMac0, kPortMac1};
    std::vector<std::uint32_t> local{0xc0a80001};
    ForwardEnv env;

    Rig() {
        for (auto& p : link_port) p.store(kNoPort);
        // link 1 -> port 0, link 2 -> port 1; both usable.
        link_port[1].store(0);
        link_port[2].store(1);
        gates[1].store(1);
        gates[2].store(1);
        env.fib = &tables;
        env.gates = gates.data();
        env.link_port = link_port.data();
        env.port_mac = macs.data();
        env.n_ports = 2;
        env.local_addrs = local.data();
        env.n_local = static_cast<std::uint32_t>(local.size());
    }
    void nexthop(std::uint32_t id, std::uint16_t link, std::vector<std::uint32_t> labels, pg::Mac mac) {
        writer.set_nexthop(nexthop_record(id, link, labels, mac));
    }
    void group(std::uint32_t id, std::vector<std::uint32_t> members) { writer.set_group(group_record(id, members)); }
    void ilm(std::uint32_t label, std::uint32_t group_id, shm::IlmAction a = shm::IlmAction::forward) {
        writer.set_ilm(shm::IlmEntry{.in_label = label, .group_id = group_id, .action = a});
    }
    void ftn(std::uint32_t prefix, std::uint8_t len, std::uint32_t group_id) {
        writer.set_ftn(shm::FtnEntry{.prefix = prefix, .prefix_len = len, .group_id = group_id});
    }

    // Runs one frame through forward() with 128 bytes of headroom; returns the output bytes.
    struct Out {
        Result r;
        pg::Bytes bytes;
    };
    Out run(const pg::Bytes& in) {
        std::vector<std::uint8_t> buf(128 + in.size());
        std::copy(in.begin(), in.end(), buf.begin() + 128);
        Frame f{buf.data() + 128, static_cast<std::uint32_t>(in.size()), static_cast<std::uint32_t>(in.size()), 128};
        Out o;
        o.r = forward(f, env, lpm);
        o.bytes.assign(f.data, f.data + f.len);
        return o;
    }
};

inline pg::Bytes udp(std::uint32_t dst, std::uint8_t ttl = 64, std::uint16_t sport = 1000, std::uint8_t tos = 0) {
    return pg::ipv4_packet({.src = 0x0a000001, .dst = dst, .proto = 17, .ttl = ttl, .tos = tos, .sport = sport,
                            .dport = 5000, .payload = 22});
}

inline std::uint32_t lse_at(const pg::Bytes& b, std::size_t i) { return load_be32(b.data() + 14 + 4 * i); }
inline std::uint16_t ethertype(const pg::Bytes& b) { return load_be16(b.data() + 12); }
inline pg::Mac mac_at(const pg::Bytes& b, std::size_t off) {
    pg::Mac m;
    std::copy(b.begin() + static_cast<long>(off), b.begin() + static_cast<long>(off) + 6, m.begin());
    return m;
}
inline bool ip_checksum_ok(const std::uint8_t* ip) { return ipv4_checksum(ip, 20) == 0; }

}  // namespace ldpsync::dp::test
