// Router-LSA (12.4.1) and Network-LSA (12.4.2) origination: golden cases for p2p, broadcast and
// loopback interfaces with and without the per-interface max metric (RFC 5443), each turned
// into a whole LSA, encoded with the codecs, checksum-verified and decoded back; and our
// max-metric Router-LSA for lab router r1 equal, link for link, to the one FRR sent.

#include <gtest/gtest.h>

#include "capture_lsas.hpp"
#include "ospf/checksum.hpp"
#include "golden_file.hpp"
#include "lsdb.hpp"
#include "origination.hpp"

namespace ldpsync::ospf {
namespace {

constexpr std::uint32_t r1 = 0x01010101, r2 = 0x02020202, r3 = 0x03030303;
constexpr std::uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d) { return (a << 24) | (b << 16) | (c << 8) | d; }

InterfaceSummary loopback() {
    InterfaceSummary i;
    i.name = "lo";
    i.kind = InterfaceKind::loopback;
    i.state = IfState::loopback;
    i.address = r1;
    i.mask = 0xFFFFFFFF;
    return i;
}

InterfaceSummary p2p(NbrState nbr_state, bool max_metric) {
    InterfaceSummary i;
    i.name = "eth0";
    i.kind = InterfaceKind::point_to_point;
    i.state = IfState::point_to_point;
    i.address = ip(10, 0, 12, 1);
    i.mask = 0xFFFFFF00;
    i.cost = 10;
    i.max_metric = max_metric;
    i.neighbors = {NeighborSummary{r2, ip(10, 0, 12, 2), nbr_state}};
    return i;
}

InterfaceSummary lan(IfState state, std::uint32_t dr, NbrState to_dr, NbrState to_other, bool max_metric) {
    InterfaceSummary i;
    i.name = "lan0";
    i.kind = InterfaceKind::broadcast;
    i.state = state;
    i.address = ip(10, 0, 123, 1);
    i.mask = 0xFFFFFF00;
    i.cost = 20;
    i.max_metric = max_metric;
    i.dr = dr;
    i.neighbors = {NeighborSummary{r2, ip(10, 0, 123, 2), to_dr}, NeighborSummary{r3, ip(10, 0, 123, 3), to_other}};
    return i;
}

struct Case {
    std::string name;
    std::vector<InterfaceSummary> interfaces;
};

std::vector<Case> cases() {
    const std::uint32_t dr2 = ip(10, 0, 123, 2), self = ip(10, 0, 123, 1);
    return {
        {"p2p full", {p2p(NbrState::full, false), loopback()}},
        {"p2p full max-metric", {p2p(NbrState::full, true), loopback()}},
        {"p2p exstart (no p2p link yet)", {p2p(NbrState::exstart, false), loopback()}},
        {"p2p exstart max-metric", {p2p(NbrState::exstart, true), loopback()}},
        {"p2p interface down", {[] { auto i = p2p(NbrState::down, false); i.state = IfState::down; return i; }(), loopback()}},
        {"broadcast waiting", {lan(IfState::waiting, 0, NbrState::two_way, NbrState::two_way, false)}},
        {"broadcast dr-other full with DR", {lan(IfState::dr_other, dr2, NbrState::full, NbrState::two_way, false)}},
        {"broadcast dr-other full with DR max-metric", {lan(IfState::dr_other, dr2, NbrState::full, NbrState::two_way, true)}},
        {"broadcast dr-other DR still loading", {lan(IfState::dr_other, dr2, NbrState::loading, NbrState::full, false)}},
        {"broadcast dr-other DR still loading max-metric", {lan(IfState::dr_other, dr2, NbrState::loading, NbrState::full, true)}},
        {"broadcast self DR one full", {lan(IfState::dr, self, NbrState::two_way, NbrState::full, false)}},
        {"broadcast self DR none full", {lan(IfState::dr, self, NbrState::exchange, NbrState::two_way, false)}},
        {"p2p + broadcast + loopback", {p2p(NbrState::full, false), lan(IfState::backup, dr2, NbrState::full, NbrState::full, true), loopback()}},
    };
}

TEST(OspfOrigination, RouterAndNetworkLsaGoldenCases) {
    std::string out = "# Router-LSA (RFC 2328 12.4.1) and Network-LSA (12.4.2) origination cases\n"
                      "# (tests/ospf/origination_test.cpp). Router 1.1.1.1; p2p eth0 10.0.12.1/24 cost 10 to\n"
                      "# 2.2.2.2; LAN lan0 10.0.123.1/24 cost 20 with 2.2.2.2 (.2) and 3.3.3.3 (.3); lo 1.1.1.1/32.\n"
                      "# Regenerate with LDPSYNC_REGEN_GOLDEN=1.\n";
    for (const Case& c : cases()) {
        SCOPED_TRACE(c.name);
        out += "\n== " + c.name + "\n";
        RouterLsaInput in{r1, 0, c.interfaces};
        Lsa lsa;
        lsa.header = LsaHeader{0, options::e, lsa_type::router, r1, r1, initial_sequence_number, 0, 0};
        lsa.body = build_router_lsa(in);
        lsa = finalize_lsa(lsa);
        out += to_string(lsa) + "\n";
        auto bytes = encode_lsa(lsa, ChecksumMode::keep);
        ASSERT_TRUE(bytes);
        EXPECT_TRUE(lsa_checksum_ok(*bytes));
        auto back = Lsa::decode(*bytes);
        ASSERT_TRUE(back) << back.error().to_string();
        EXPECT_EQ(*back, lsa);
        for (const InterfaceSummary& i : c.interfaces) {
            if (auto net = build_network_lsa(r1, i)) {
                Lsa n;
                n.header = LsaHeader{0, options::e, lsa_type::network, i.address, r1, initial_sequence_number, 0, 0};
                n.body = *net;
                n = finalize_lsa(n);
                out += to_string(n) + "\n";
                auto nb = encode_lsa(n, ChecksumMode::keep);
                ASSERT_TRUE(nb);
                EXPECT_TRUE(lsa_checksum_ok(*nb));
            }
        }
    }
    test::expect_golden("origination.txt", out);
}

TEST(OspfOrigination, MetricCallbackDecidesEveryLink) {
    // The callback sees the interface and the link type: here only the stub of eth0 is maxed.
    RouterLsaInput in{r1, 0, {p2p(NbrState::full, false), loopback()}};
    RouterLsa lsa = build_router_lsa(in, [](const InterfaceSummary& i, RouterLinkType t) -> std::uint16_t {
        return t == RouterLinkType::stub ? kLsInfinity : static_cast<std::uint16_t>(i.cost + 1);
    });
    ASSERT_EQ(lsa.links.size(), 3u);
    EXPECT_EQ(lsa.links[0].metric, 11);
    EXPECT_EQ(lsa.links[1].metric, kLsInfinity);
    EXPECT_EQ(lsa.links[2].metric, 0);  // loopback host routes are always cost 0
}

TEST(OspfOrigination, MaxMetricRouterLsaEqualsFrrs) {
    // In the lab capture r1 (1.1.1.1) sends, while LDP is not yet synchronized, seq 0x80000003:
    // p2p 2.2.2.2/10.0.12.1 65535, stub 10.0.12.0/24 65535, stub 1.1.1.1/32 0; then in sync the
    // same with 10. Ours for the same interfaces must be identical, body and checksum.
    const auto lsas = test::captured_lsas(LDPSYNC_OSPF_CAPTURE_DIR "/frr-ospf-ldp-bringup.pcap");
    int compared = 0;
    for (const Lsa& frr : lsas) {
        if (frr.header.type != lsa_type::router || frr.header.adv_router != r1) {
            continue;
        }
        const auto& body = std::get<RouterLsa>(frr.body);
        const bool has_p2p = std::any_of(body.links.begin(), body.links.end(),
                                         [](const RouterLink& l) { return l.type == RouterLinkType::point_to_point; });
        if (!has_p2p) {
            continue;
        }
        const bool maxed = body.links[0].metric == kLsInfinity;
        Lsa ours;
        ours.header = frr.header;
        ours.body = build_router_lsa(RouterLsaInput{r1, 0, {p2p(NbrState::full, maxed), loopback()}});
        ours = finalize_lsa(ours);
        EXPECT_EQ(ours.body, frr.body) << to_string(frr) << "\nours:\n" << to_string(ours);
        EXPECT_EQ(ours.header.checksum, frr.header.checksum);
        EXPECT_EQ(ours.header.length, frr.header.length);
        ++compared;
    }
    EXPECT_GE(compared, 2);
}

}  // namespace
}  // namespace ldpsync::ospf
