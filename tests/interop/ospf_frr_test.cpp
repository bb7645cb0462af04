// ldpsyncd's OSPF speaker against FRR ospfd, in network namespaces: adjacencies, LSDBs, routes
// and the LDP-IGP sync max metric seen from the other side. Timers are short (hello 1, dead 4)
// so the whole suite runs in well under two minutes. Skipped, with the reason, when not root
// or FRR is missing. Every namespace and process is removed by the fixtures (processes by pid).

#include <gtest/gtest.h>

#include "ospf_lab.hpp"

namespace {

using namespace ldpsync::test;
using namespace ldpsync::test::ospf_lab;

// Our configuration: loopback 1.1.1.1, the given interfaces, `mpls ldp sync` with LDP
// enabled on every interface (so sync is required and, with no LDP peer, not achieved).
struct OurIf {
    std::string name;
    std::string address;  // dotted, /24
    bool p2p = true;
    int priority = 1;
    int cost = 10;
};

std::string our_conf(const std::vector<OurIf>& ifs, bool ldp_sync = true) {
    std::string c = "hostname us\nmpls ip\ninterface lo\n ip address 1.1.1.1 255.255.255.255\n";
    for (const auto& i : ifs) {
        c += "interface " + i.name + "\n ip address " + i.address + " 255.255.255.0\n mpls ip\n";
        c += std::string(" ip ospf network ") + (i.p2p ? "point-to-point" : "broadcast") + "\n";
        c += " ip ospf hello-interval 1\n ip ospf dead-interval 4\n";
        c += " ip ospf priority " + std::to_string(i.priority) + "\n ip ospf cost " + std::to_string(i.cost) + "\n";
    }
    c += "router ospf 1\n router-id 1.1.1.1\n network 1.1.1.1 0.0.0.0 area 0\n network 10.0.0.0 0.255.255.255 area 0\n";
    if (ldp_sync) c += " mpls ldp sync\n";
    return c;
}

class OspfInterop : public ::testing::Test {
protected:
    void SetUp() override {
        if (auto why = FrrRouter::unavailable()) GTEST_SKIP() << *why;
        if (g_ldpsyncd.empty()) GTEST_SKIP() << "no ldpsyncd path given";
    }
    std::unique_ptr<NetNs> ns(const std::string& tag) { return std::make_unique<NetNs>(unique_ns_name(tag)); }
    std::filesystem::path frr_dir(const NetNs& n) { return std::filesystem::temp_directory_path() / (n.name() + "-frr"); }
};

// Point-to-point: us (1.1.1.1, u0 10.0.12.1) -- FRR (2.2.2.2, f0 10.0.12.2).
TEST_F(OspfInterop, PointToPointFullLsdbRoutesAndMaxMetricUntilSynced) {
    auto nu = ns("pu");
    auto nf = ns("pf");
    connect_veth(*nu, "u0", *nf, "f0");
    nf->add_address("f0", "10.0.12.2/24");
    nf->add_address("lo", "2.2.2.2/32");
    FrrRouter frr(*nf, frr_dir(*nf));
    ASSERT_EQ(start_frr(frr, frr_ospfd_conf("2.2.2.2", {{"f0"}}, false)), "");
    OurRouter us(*nu, our_conf({{"u0", "10.0.12.1"}}));
    ASSERT_TRUE(us.started()) << us.log();

    ASSERT_TRUE(eventually([&] { return frr_nbr_state(frr, "1.1.1.1").rfind("Full", 0) == 0; }, 15s))
        << frr.vtysh("show ip ospf neighbor") << us.show("show ip ospf neighbor") << us.log();
    ASSERT_TRUE(eventually([&] { return our_nbr_state(us, "2.2.2.2") == "FULL/-"; }, 5s)) << us.show("show ip ospf neighbor");
    EXPECT_NE(us.show("show ip ospf neighbor").find("2.2.2.2           1   FULL/  -"), std::string::npos)
        << us.show("show ip ospf neighbor");

    // LDP is enabled and has no peer: sync not achieved, so the adjacency came up (peer not
    // reachable) and our Router-LSA carries LSInfinity on the p2p link and its stub, as FRR does.
    ASSERT_TRUE(eventually([&] { return frr_link_metric(frr, "1.1.1.1", "p2p", "2.2.2.2") == 65535; }, 10s))
        << frr.vtysh("show ip ospf database router 1.1.1.1") << us.log();
    EXPECT_EQ(frr_link_metric(frr, "1.1.1.1", "stub", "10.0.12.0"), 65535);
    EXPECT_EQ(frr_link_metric(frr, "1.1.1.1", "stub", "1.1.1.1"), 0);
    EXPECT_NE(us.show("show ip ospf mpls ldp interface u0").find("LDP-IGP Synchronization: Yes"), std::string::npos)
        << us.show("show ip ospf mpls ldp interface u0");
    EXPECT_EQ(sync_status(us, "u0"), "not_achieved") << us.show("show mpls ldp igp sync interface u0");

    // Both databases hold the same LSA instances.
    ASSERT_TRUE(eventually([&] { return our_lsdb(us) == frr_lsdb(frr) && our_lsdb(us).size() == 2; }, 10s))
        << "ours:\n" << dump(our_lsdb(us)) << "FRR's:\n" << dump(frr_lsdb(frr));

    // Routes. SPF takes each link's cost from the router it leaves: our route to FRR's
    // loopback pays our own LSInfinity (65535 + FRR's stub 0) until sync, FRR's route to ours
    // pays its cost 10 + our loopback's 0 (RFC 5443: the link stays usable, last resort).
    ASSERT_TRUE(eventually([&] { return our_ospf_routes(us)["2.2.2.2/32"] == RouteView{65535, {"10.0.12.2"}}; }, 5s))
        << dump(our_ospf_routes(us));
    EXPECT_EQ(frr_ospf_routes(frr)["1.1.1.1/32"], (RouteView{10, {"10.0.12.1"}})) << dump(frr_ospf_routes(frr));

    // LDP synchronizes (test hooks stand in for the LDP session): the configured cost returns.
    ASSERT_TRUE(us.ok("test ldp peer u0 2.2.2.2")) << us.show("test ldp peer u0 2.2.2.2");
    ASSERT_TRUE(us.ok("test ldp synced u0 end-of-lib"));
    EXPECT_EQ(sync_status(us, "u0"), "achieved") << us.show("show mpls ldp igp sync interface u0");
    ASSERT_TRUE(eventually([&] { return frr_link_metric(frr, "1.1.1.1", "p2p", "2.2.2.2") == 10; }, 10s))
        << frr.vtysh("show ip ospf database router 1.1.1.1") << us.log();
    EXPECT_EQ(frr_link_metric(frr, "1.1.1.1", "stub", "10.0.12.0"), 10);
    EXPECT_TRUE(eventually([&] { return our_lsdb(us) == frr_lsdb(frr); }, 5s))
        << "ours:\n" << dump(our_lsdb(us)) << "FRR's:\n" << dump(frr_lsdb(frr));
    EXPECT_TRUE(eventually([&] { return our_ospf_routes(us)["2.2.2.2/32"] == RouteView{10, {"10.0.12.2"}}; }, 5s))
        << dump(our_ospf_routes(us));
    EXPECT_NE(us.show("show ip route").find("O    2.2.2.2/32 [110/10] via 10.0.12.2, u0"), std::string::npos)
        << us.show("show ip route");

    // LDP lost again: max metric again (our MinLSInterval spaces the instances, FRR accepts).
    ASSERT_TRUE(us.ok("test ldp session-down u0"));
    EXPECT_TRUE(eventually([&] { return frr_link_metric(frr, "1.1.1.1", "p2p", "2.2.2.2") == 65535; }, 10s))
        << frr.vtysh("show ip ospf database router 1.1.1.1");

    // The adjacency going down reaches the sync machine: FRR's ospfd stops.
    frr.stop("ospfd");
    EXPECT_TRUE(eventually([&] { return our_nbr_state(us, "2.2.2.2").empty(); }, 8s)) << us.show("show ip ospf neighbor");
    EXPECT_TRUE(eventually([&] { return !our_ospf_routes(us).contains("2.2.2.2/32"); }, 3s)) << dump(our_ospf_routes(us));
    EXPECT_TRUE(us.alive());
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc > 1) g_ldpsyncd = argv[1];
    return RUN_ALL_TESTS();
}
