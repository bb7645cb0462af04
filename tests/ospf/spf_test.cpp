// Intra-area SPF (RFC 2328 16.1) on small topologies with hand-computed route tables: a line,
// a square with ECMP, a broadcast LAN with its Network-LSA, a max-metric link (RFC 5443) with
// and without an alternate path, the bidirectional check of 16.1 (2b), MaxAge LSAs; and the lab
// capture's Router-LSAs replayed into an Lsdb and computed from r1's point of view.

#include <gtest/gtest.h>

#include "capture_lsas.hpp"
#include "lsa_builders.hpp"
#include "lsdb.hpp"
#include "spf.hpp"

namespace ldpsync::ospf {
namespace {

using test::ip;
using test::rid;

// A small area built by hand: p2p links between routers i and j on 10.0.ij.0/24 (the lower
// numbered router is .i, the other .j), each router's loopback n.n.n.n/32.
class Area {
public:
    void router(unsigned n) { _routers[n].links.push_back(router_link(RouterLinkType::stub, rid(n), 0xFFFFFFFF, 0)); }
    // One direction only when `both` is false (the other end does not list the link back).
    void p2p(unsigned a, unsigned b, std::uint16_t metric_ab, std::uint16_t metric_ba, bool both = true) {
        const unsigned lo = std::min(a, b), hi = std::max(a, b);
        const std::uint32_t net = ip(10, 0, lo * 10 + hi, 0);
        add_p2p(a, b, net, metric_ab);
        if (both) {
            add_p2p(b, a, net, metric_ba);
        }
    }
    // A LAN 10.0.<net>.0/24 where router n is .n; `dr` originates the Network-LSA.
    void lan(unsigned net, unsigned dr, std::vector<unsigned> members, std::uint16_t metric) {
        const std::uint32_t dr_addr = ip(10, 0, net, dr);
        NetworkLsa n;
        n.mask = 0xFFFFFF00;
        for (unsigned m : members) {
            n.attached_routers.push_back(rid(m));
            _routers[m].links.push_back(router_link(RouterLinkType::transit, dr_addr, ip(10, 0, net, m), metric));
        }
        Lsa lsa;
        lsa.header.type = lsa_type::network;
        lsa.header.ls_id = dr_addr;
        lsa.header.adv_router = rid(dr);
        lsa.body = n;
        _extra.push_back(lsa);
    }
    std::vector<Lsa> lsas() const {
        std::vector<Lsa> out = _extra;
        for (const auto& [n, body] : _routers) {
            Lsa lsa;
            lsa.header.type = lsa_type::router;
            lsa.header.ls_id = rid(n);
            lsa.header.adv_router = rid(n);
            lsa.body = body;
            out.push_back(lsa);
        }
        return out;
    }
    std::string spf_from(unsigned n) const {
        SpfInput in;
        in.root = rid(n);
        in.lsas = lsas();
        return to_string(run_spf(in));
    }

private:
    void add_p2p(unsigned from, unsigned to, std::uint32_t net, std::uint16_t metric) {
        auto& links = _routers[from].links;
        links.push_back(router_link(RouterLinkType::point_to_point, rid(to), net | from, metric));
        links.push_back(router_link(RouterLinkType::stub, net, 0xFFFFFF00, metric));
    }
    std::map<unsigned, RouterLsa> _routers;
    std::vector<Lsa> _extra;
};

TEST(OspfSpf, Line) {
    Area a;
    for (unsigned n : {1u, 2u, 3u}) {
        a.router(n);
    }
    a.p2p(1, 2, 10, 10);
    a.p2p(2, 3, 5, 5);
    EXPECT_EQ(a.spf_from(1),
              "1.1.1.1/32 cost 0 connected\n"
              "2.2.2.2/32 cost 10 via 10.0.12.2 dev 10.0.12.1\n"
              "3.3.3.3/32 cost 15 via 10.0.12.2 dev 10.0.12.1\n"
              "10.0.12.0/24 cost 10 connected\n"
              "10.0.23.0/24 cost 15 via 10.0.12.2 dev 10.0.12.1\n");
    EXPECT_EQ(a.spf_from(3),
              "1.1.1.1/32 cost 15 via 10.0.23.2 dev 10.0.23.3\n"
              "2.2.2.2/32 cost 5 via 10.0.23.2 dev 10.0.23.3\n"
              "3.3.3.3/32 cost 0 connected\n"
              "10.0.12.0/24 cost 15 via 10.0.23.2 dev 10.0.23.3\n"
              "10.0.23.0/24 cost 5 connected\n");
}

Area square(std::uint16_t m12 = 10) {
    Area a;
    for (unsigned n : {1u, 2u, 3u, 4u}) {
        a.router(n);
    }
    a.p2p(1, 2, m12, m12);
    a.p2p(1, 3, 10, 10);
    a.p2p(2, 4, 10, 10);
    a.p2p(3, 4, 10, 10);
    return a;
}

TEST(OspfSpf, SquareWithEcmp) {
    SpfInput in;
    in.root = rid(1);
    in.lsas = square().lsas();
    in.interfaces = {{ip(10, 0, 12, 1), "eth12"}, {ip(10, 0, 13, 1), "eth13"}};
    EXPECT_EQ(to_string(run_spf(in)),
              "1.1.1.1/32 cost 0 connected\n"
              "2.2.2.2/32 cost 10 via 10.0.12.2 dev eth12\n"
              "3.3.3.3/32 cost 10 via 10.0.13.3 dev eth13\n"
              "4.4.4.4/32 cost 20 via 10.0.12.2 dev eth12 via 10.0.13.3 dev eth13\n"
              "10.0.12.0/24 cost 10 connected\n"
              "10.0.13.0/24 cost 10 connected\n"
              "10.0.24.0/24 cost 20 via 10.0.12.2 dev eth12\n"
              "10.0.34.0/24 cost 20 via 10.0.13.3 dev eth13\n");
    const SpfResult r = run_spf(in);
    EXPECT_EQ(r.routers.at(rid(4)).cost, 20u);
    EXPECT_EQ(r.routers.at(rid(4)).next_hops.size(), 2u);
}

TEST(OspfSpf, MaxMetricLinkAvoidedWhenThereIsAnAlternate) {
    // LDP-IGP sync holds 1-2 at LSInfinity (both ends, as FRR does): 2 is reached around the
    // square (30), not over the direct link (65535).
    EXPECT_EQ(square(kLsInfinity).spf_from(1),
              "1.1.1.1/32 cost 0 connected\n"
              "2.2.2.2/32 cost 30 via 10.0.13.3 dev 10.0.13.1\n"
              "3.3.3.3/32 cost 10 via 10.0.13.3 dev 10.0.13.1\n"
              "4.4.4.4/32 cost 20 via 10.0.13.3 dev 10.0.13.1\n"
              "10.0.12.0/24 cost 65535 connected\n"
              "10.0.13.0/24 cost 10 connected\n"
              "10.0.24.0/24 cost 30 via 10.0.13.3 dev 10.0.13.1\n"
              "10.0.34.0/24 cost 20 via 10.0.13.3 dev 10.0.13.1\n");
}

TEST(OspfSpf, MaxMetricLinkStillUsedWhenItIsTheOnlyPath) {
    // RFC 5443: LSInfinity (65535) is not unreachable in OSPFv2, only very expensive.
    Area a;
    for (unsigned n : {1u, 2u, 3u}) {
        a.router(n);
    }
    a.p2p(1, 2, kLsInfinity, kLsInfinity);
    a.p2p(2, 3, 10, 10);
    EXPECT_EQ(a.spf_from(1),
              "1.1.1.1/32 cost 0 connected\n"
              "2.2.2.2/32 cost 65535 via 10.0.12.2 dev 10.0.12.1\n"
              "3.3.3.3/32 cost 65545 via 10.0.12.2 dev 10.0.12.1\n"
              "10.0.12.0/24 cost 65535 connected\n"
              "10.0.23.0/24 cost 65545 via 10.0.12.2 dev 10.0.12.1\n");
}

TEST(OspfSpf, BroadcastLanWithNetworkLsa) {
    // 1, 2, 3 on 10.0.123.0/24 (DR 2), and 3 also p2p to 4.
    Area a;
    for (unsigned n : {1u, 2u, 3u, 4u}) {
        a.router(n);
    }
    a.lan(123, 2, {1, 2, 3}, 10);
    a.p2p(3, 4, 5, 5);
    EXPECT_EQ(a.spf_from(1),
              "1.1.1.1/32 cost 0 connected\n"
              "2.2.2.2/32 cost 10 via 10.0.123.2 dev 10.0.123.1\n"
              "3.3.3.3/32 cost 10 via 10.0.123.3 dev 10.0.123.1\n"
              "4.4.4.4/32 cost 15 via 10.0.123.3 dev 10.0.123.1\n"
              "10.0.34.0/24 cost 15 via 10.0.123.3 dev 10.0.123.1\n"
              "10.0.123.0/24 cost 10 connected\n");
    // From 4, everything on the LAN is behind 3.
    EXPECT_EQ(a.spf_from(4),
              "1.1.1.1/32 cost 15 via 10.0.34.3 dev 10.0.34.4\n"
              "2.2.2.2/32 cost 15 via 10.0.34.3 dev 10.0.34.4\n"
              "3.3.3.3/32 cost 5 via 10.0.34.3 dev 10.0.34.4\n"
              "4.4.4.4/32 cost 0 connected\n"
              "10.0.34.0/24 cost 5 connected\n"
              "10.0.123.0/24 cost 15 via 10.0.34.3 dev 10.0.34.4\n");
}

TEST(OspfSpf, BidirectionalCheck) {
    // 1 lists a p2p link to 2, but 2 does not list 1 back (e.g. not yet Full on its side):
    // 2 is unreachable; only 1's own stubs remain.
    Area a;
    a.router(1);
    a.router(2);
    a.p2p(1, 2, 10, 10, false);
    EXPECT_EQ(a.spf_from(1), "1.1.1.1/32 cost 0 connected\n10.0.12.0/24 cost 10 connected\n");

    // A LAN whose Network-LSA does not list router 3 (the DR is not Full with it): 3 is left out
    // even though 3's Router-LSA has the transit link.
    Area l;
    for (unsigned n : {1u, 2u, 3u}) {
        l.router(n);
    }
    l.lan(123, 2, {1, 2}, 10);
    auto lsas = l.lsas();
    for (Lsa& lsa : lsas) {
        if (lsa.header.type == lsa_type::router && lsa.header.ls_id == rid(3)) {
            std::get<RouterLsa>(lsa.body).links.push_back(
                router_link(RouterLinkType::transit, ip(10, 0, 123, 2), ip(10, 0, 123, 3), 10));
        }
    }
    SpfInput in{rid(1), lsas, {}};
    const SpfResult r = run_spf(in);
    EXPECT_FALSE(r.routers.contains(rid(3)));
    EXPECT_TRUE(r.routers.contains(rid(2)));
}

TEST(OspfSpf, MaxAgeLsaIsNotUsed) {
    Area a;
    a.router(1);
    a.router(2);
    a.p2p(1, 2, 10, 10);
    auto lsas = a.lsas();
    for (Lsa& lsa : lsas) {
        if (lsa.header.ls_id == rid(2)) {
            lsa.header.age = max_age;
        }
    }
    const SpfResult r = run_spf(SpfInput{rid(1), lsas, {}});
    EXPECT_FALSE(r.routers.contains(rid(2)));
}

TEST(OspfSpf, LabCaptureFromR1) {
    // Lab (/work/shared/lab/README.md): r1 1.1.1.1/32 and r2 2.2.2.2/32 loopbacks, p2p
    // 10.0.12.0/24 (r1 .1 on lab_v1, r2 .2), LDP-IGP sync: max metric until LDP is in sync.
    // Replay every LSA of the capture into r1's LSDB (the lab runs min-arrival 0) and run SPF
    // after each; r2's loopback must first be reached at LSInfinity, then at 10.
    const auto lsas = test::captured_lsas(LDPSYNC_OSPF_CAPTURE_DIR "/frr-ospf-ldp-bringup.pcap");
    ASSERT_FALSE(lsas.empty());
    const std::uint32_t r1 = rid(1), r2 = rid(2);
    Lsdb db{LsdbConfig{r1, std::chrono::seconds{0}}};
    TimePoint now{std::chrono::hours{1}};
    std::vector<std::uint32_t> costs_to_r2;
    SpfResult last;
    for (const Lsa& lsa : lsas) {
        now += std::chrono::milliseconds{10};
        const auto r = db.receive(lsa, now);
        EXPECT_NE(r.outcome, ReceiveOutcome::discarded_min_ls_arrival);
        last = run_spf(SpfInput{r1, db.snapshot(now), {{ip(10, 0, 12, 1), "lab_v1"}}});
        if (auto it = last.routes.find(Prefix{r2, 32}); it != last.routes.end()) {
            if (costs_to_r2.empty() || costs_to_r2.back() != it->second.cost) {
                costs_to_r2.push_back(it->second.cost);
            }
        }
    }
    EXPECT_EQ(costs_to_r2, (std::vector<std::uint32_t>{65535, 10}));
    EXPECT_EQ(to_string(last),
              "1.1.1.1/32 cost 0 connected\n"
              "2.2.2.2/32 cost 10 via 10.0.12.2 dev lab_v1\n"
              "10.0.12.0/24 cost 10 connected\n");
    EXPECT_EQ(db.size(), 2u);
}

}  // namespace
}  // namespace ldpsync::ospf
