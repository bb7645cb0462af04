// The interop harness itself, FRR against FRR: two routers in their own namespaces over a
// veth reach OSPF Full and exchange LDP labels, and tearing the routers down leaves no
// process behind in their namespaces. When this fails, the interop tests against ldpsyncd
// cannot be trusted either.

#include <gtest/gtest.h>

#include "../common/frr.hpp"
#include "../common/netns.hpp"

namespace {

using namespace std::chrono_literals;
using ldpsync::test::FrrRouter;
using ldpsync::test::NetNs;

std::string zebra_conf(int i) {
    return "hostname r" + std::to_string(i) + "\ninterface lo\n ip address " + std::to_string(i) + "." +
           std::to_string(i) + "." + std::to_string(i) + "." + std::to_string(i) + "/32\n!\n";
}

std::string ospfd_conf(int i, const std::string& ifname) {
    const std::string id = std::to_string(i) + "." + std::to_string(i) + "." + std::to_string(i) + "." + std::to_string(i);
    return "interface lo\n ip ospf area 0\n!\ninterface " + ifname +
           "\n ip ospf area 0\n ip ospf network point-to-point\n ip ospf hello-interval 1\n ip ospf dead-interval 4\n!\n"
           "router ospf\n ospf router-id " + id + "\n timers throttle spf 0 50 1000\n timers lsa min-arrival 0\n!\n";
}

std::string ldpd_conf(int i, const std::string& ifname) {
    const std::string id = std::to_string(i) + "." + std::to_string(i) + "." + std::to_string(i) + "." + std::to_string(i);
    return "mpls ldp\n router-id " + id + "\n discovery hello holdtime 3\n discovery hello interval 1\n"
           " address-family ipv4\n  discovery transport-address " + id + "\n  interface " + ifname +
           "\n  exit\n exit-address-family\n!\n";
}

TEST(FrrHarness, TwoFrrRoutersReachFullAndExchangeLabelsThenLeaveNothingBehind) {
    if (auto why = FrrRouter::unavailable()) GTEST_SKIP() << *why;
    NetNs ns1(ldpsync::test::unique_ns_name("h1-"));
    NetNs ns2(ldpsync::test::unique_ns_name("h2-"));
    ldpsync::test::connect_veth(ns1, "hv1", ns2, "hv2");
    ns1.add_address("hv1", "10.0.12.1/24");
    ns2.add_address("hv2", "10.0.12.2/24");
    ns1.add_address("lo", "1.1.1.1/32");
    ns2.add_address("lo", "2.2.2.2/32");
    {
        const auto tmp = std::filesystem::temp_directory_path();
        FrrRouter r1(ns1, tmp / (ns1.name() + "-frr"));
        FrrRouter r2(ns2, tmp / (ns2.name() + "-frr"));
        int i = 1;
        for (auto* r : {&r1, &r2}) {
            const std::string ifname = i == 1 ? "hv1" : "hv2";
            r->write_config("zebra", zebra_conf(i));
            r->write_config("ospfd", ospfd_conf(i, ifname));
            r->write_config("ldpd", ldpd_conf(i, ifname));
            ++i;
        }
        for (const char* d : {"zebra", "ospfd", "ldpd"}) {
            ASSERT_EQ(r1.start(d), "");
            ASSERT_EQ(r2.start(d), "");
        }
        ASSERT_TRUE(ldpsync::test::eventually(
            [&] { return r1.vtysh("show ip ospf neighbor", "ospfd").find("Full") != std::string::npos; }, 15s))
            << r1.vtysh("show ip ospf neighbor", "ospfd");
        ASSERT_TRUE(ldpsync::test::eventually(
            [&] {
                const auto j = r1.vtysh_json("show mpls ldp neighbor json", "ldpd");
                return j.dump().find("OPERATIONAL") != std::string::npos;
            },
            20s))
            << r1.vtysh("show mpls ldp neighbor", "ldpd");
        // r1 holds r2's loopback binding (implicit-null from its egress).
        ASSERT_TRUE(ldpsync::test::eventually(
            [&] { return r1.vtysh("show mpls ldp binding 2.2.2.2/32", "ldpd").find("imp-null") != std::string::npos; }, 10s))
            << r1.vtysh("show mpls ldp binding", "ldpd");
        EXPECT_TRUE(r1.running("ldpd"));
        r1.stop("ldpd");
        EXPECT_FALSE(r1.running("ldpd"));
    }
    // The destructors stopped every daemon by pid: nothing lives in the namespaces.
    EXPECT_TRUE(ns1.pids().empty());
    EXPECT_TRUE(ns2.pids().empty());
}

}  // namespace
