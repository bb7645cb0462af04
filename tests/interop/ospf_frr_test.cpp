// ldpsyncd's OSPF speaker against FRR ospfd, in network namespaces: adjacencies, LSDBs, routes
// and the LDP-IGP sync max metric seen from the other side. Timers are short (hello 1, dead 4)
// so the whole suite runs in well under two minutes. Skipped, with the reason, when not root
// or FRR is missing. Every namespace and process is removed by the fixtures (processes by pid).

#include <gtest/gtest.h>

#include <thread>

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

// Us (1.1.1.1, u0 10.0.12.1) and FRR (2.2.2.2, f0 10.0.12.2) over one veth.
class OspfP2p : public OspfInterop {
protected:
    void start(const std::string& tag, const std::string& frr_conf, const std::string& ours) {
        nu_ = ns(tag + "u");
        nf_ = ns(tag + "f");
        connect_veth(*nu_, "u0", *nf_, "f0");
        nf_->add_address("f0", "10.0.12.2/24");
        nf_->add_address("lo", "2.2.2.2/32");
        frr_ = std::make_unique<FrrRouter>(*nf_, frr_dir(*nf_));
        ASSERT_EQ(start_frr(*frr_, frr_conf), "");
        us_ = std::make_unique<OurRouter>(*nu_, ours);
        ASSERT_TRUE(us_->started()) << us_->log();
    }
    std::unique_ptr<NetNs> nu_, nf_;
    std::unique_ptr<FrrRouter> frr_;
    std::unique_ptr<OurRouter> us_;
};

TEST_F(OspfP2p, PointToPointFullLsdbRoutesAndMaxMetricUntilSynced) {
    start("p", frr_ospfd_conf("2.2.2.2", {{"f0"}}, false), our_conf({{"u0", "10.0.12.1"}}));
    auto& frr = *frr_;
    auto& us = *us_;
    auto& nf = nf_;

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

    // Malformed OSPF packets from the peer's side (bad length, unknown type, version 3) are
    // counted and dropped; the daemon and the adjacency carry on.
    auto malformed = [&] {
        std::uint64_t n = 0;
        const auto st = us.json("show ip ospf statistics");
        if (!st.contains("processes")) return n;
        for (const auto& [name, v] : st["processes"][0]["counters"].items()) {
            if (name.rfind("ospf_rx_", 0) == 0) n += v.get<std::uint64_t>();
        }
        return n;
    };
    const auto before = malformed();
    const auto sent = nf->exec(
        "python3 -c \"import socket; s=socket.socket(socket.AF_INET, socket.SOCK_RAW, 89); "
        "[s.sendto(b, ('10.0.12.1', 0)) for b in (b'\\x02\\x01\\x00\\x05xx', b'\\x02\\x09' + bytes(40), b'\\x03\\x01' + bytes(42))]\"");
    ASSERT_TRUE(sent.ok()) << sent.output;
    EXPECT_TRUE(eventually([&] { return malformed() >= before + 3; }, 3s)) << us.show("show ip ospf statistics");
    EXPECT_TRUE(us.alive());
    EXPECT_EQ(our_nbr_state(us, "2.2.2.2"), "FULL/-");

    // The adjacency going down reaches the sync machine: FRR's ospfd stops.
    frr.stop("ospfd");
    EXPECT_TRUE(eventually([&] { return our_nbr_state(us, "2.2.2.2").empty(); }, 8s)) << us.show("show ip ospf neighbor");
    EXPECT_TRUE(eventually([&] { return !our_ospf_routes(us).contains("2.2.2.2/32"); }, 3s)) << dump(our_ospf_routes(us));
    EXPECT_TRUE(us.alive());
}


// A broadcast segment: a bridge in a namespace of its own, us (10.0.1.1, 1.1.1.1) and two FRR
// routers A (10.0.1.2, 2.2.2.2) and B (10.0.1.3, 3.3.3.3) on it. No LDP sync here: the
// adjacencies, the election, the databases and the routes are what is checked.
class OspfLan : public OspfInterop {
protected:
    void start(int our_priority, int a_priority, int b_priority) {
        nb_ = ns("lb");
        nu_ = ns("lu");
        na_ = ns("la");
        nbb_ = ns("lc");
        nb_->add_bridge("br0");
        attach_to_bridge(*nb_, "br0", "pu", *nu_, "u0");
        attach_to_bridge(*nb_, "br0", "pa", *na_, "a0");
        attach_to_bridge(*nb_, "br0", "pb", *nbb_, "b0");
        for (const char* p : {"pu", "pa", "pb"}) nb_->link_up(p);
        na_->add_address("a0", "10.0.1.2/24");
        na_->add_address("lo", "2.2.2.2/32");
        nbb_->add_address("b0", "10.0.1.3/24");
        nbb_->add_address("lo", "3.3.3.3/32");
        a_ = std::make_unique<FrrRouter>(*na_, frr_dir(*na_));
        b_ = std::make_unique<FrrRouter>(*nbb_, frr_dir(*nbb_));
        ASSERT_EQ(start_frr(*a_, frr_ospfd_conf("2.2.2.2", {{"a0", false, 10, a_priority}}, false)), "");
        ASSERT_EQ(start_frr(*b_, frr_ospfd_conf("3.3.3.3", {{"b0", false, 10, b_priority}}, false)), "");
        us_ = std::make_unique<OurRouter>(*nu_, our_conf({{"u0", "10.0.1.1", false, our_priority}}, false));
        ASSERT_TRUE(us_->started()) << us_->log();
    }
    // Every pair Full (the DR/BDR waits its 4 s WaitTimer first).
    void expect_all_full() {
        for (const char* id : {"2.2.2.2", "3.3.3.3"}) {
            ASSERT_TRUE(eventually([&] { return our_nbr_state(*us_, id).rfind("FULL/", 0) == 0; }, 20s))
                << us_->show("show ip ospf neighbor") << a_->vtysh("show ip ospf neighbor") << us_->log();
        }
        ASSERT_TRUE(eventually([&] { return frr_nbr_state(*a_, "1.1.1.1").rfind("Full", 0) == 0; }, 10s))
            << a_->vtysh("show ip ospf neighbor");
        ASSERT_TRUE(eventually([&] { return frr_nbr_state(*b_, "1.1.1.1").rfind("Full", 0) == 0; }, 10s))
            << b_->vtysh("show ip ospf neighbor");
    }
    // Three Router-LSAs and the DR's Network-LSA, the same instances everywhere.
    void expect_same_lsdb() {
        EXPECT_TRUE(eventually(
            [&] {
                const auto ours = our_lsdb(*us_);
                return ours.size() == 4 && ours == frr_lsdb(*a_) && ours == frr_lsdb(*b_);
            },
            10s))
            << "ours:\n" << dump(our_lsdb(*us_)) << "A's:\n" << dump(frr_lsdb(*a_)) << "B's:\n" << dump(frr_lsdb(*b_));
    }
    // Seen from the LAN, we and FRR router X reach the third router the same way.
    void expect_same_routes() {
        EXPECT_TRUE(eventually(
            [&] {
                auto ours = our_ospf_routes(*us_);
                return ours["2.2.2.2/32"] == frr_ospf_routes(*b_)["2.2.2.2/32"] &&
                       ours["3.3.3.3/32"] == frr_ospf_routes(*a_)["3.3.3.3/32"] &&
                       ours["2.2.2.2/32"] == RouteView{10, {"10.0.1.2"}};
            },
            5s))
            << "ours:\n" << dump(our_ospf_routes(*us_)) << "A's:\n" << dump(frr_ospf_routes(*a_)) << "B's:\n"
            << dump(frr_ospf_routes(*b_));
        // And they reach us: our loopback stub (cost 0) behind the LAN.
        EXPECT_EQ(frr_ospf_routes(*a_)["1.1.1.1/32"], (RouteView{10, {"10.0.1.1"}})) << dump(frr_ospf_routes(*a_));
    }
    // LDP's view of the IGP's neighbours on u0 (show mpls ldp discovery).
    Json igp_neighbors_on_u0() {
        return ldp_discovery_interface(us_->json("show mpls ldp discovery"), "u0").value("igpNeighbors", Json());
    }
    std::string dr_seen_by(const FrrRouter& r) {
        const auto out = r.vtysh("show ip ospf interface", "ospfd");
        const auto at = out.find("Designated Router (ID) ");
        if (at == std::string::npos) return "";
        const auto start = at + std::string("Designated Router (ID) ").size();
        return out.substr(start, out.find(' ', start) - start);
    }

    std::unique_ptr<NetNs> nb_, nu_, na_, nbb_;
    std::unique_ptr<FrrRouter> a_, b_;
    std::unique_ptr<OurRouter> us_;
};

TEST_F(OspfLan, WeAreTheDesignatedRouter) {
    start(200, 1, 1);
    expect_all_full();
    EXPECT_EQ(dr_seen_by(*a_), "1.1.1.1") << a_->vtysh("show ip ospf interface");
    EXPECT_EQ(dr_seen_by(*b_), "1.1.1.1") << b_->vtysh("show ip ospf interface");
    // The BDR is the FRR router with the higher router id (equal priorities).
    EXPECT_EQ(our_nbr_state(*us_, "3.3.3.3"), "FULL/BDR") << us_->show("show ip ospf neighbor");
    EXPECT_EQ(our_nbr_state(*us_, "2.2.2.2"), "FULL/DROTHER") << us_->show("show ip ospf neighbor");
    // Our Network-LSA lists the three routers (the second Full neighbour may come within
    // MinLSInterval of the first: that instance waits up to 5 s).
    Json nets;
    EXPECT_TRUE(eventually(
        [&] {
            const auto net = us_->json("show ip ospf database network");
            if (!net.contains("processes")) return false;
            nets = net["processes"][0]["areas"][0]["networkLinkStates"];
            return nets.size() == 1 && nets[0]["advertisingRouter"] == "1.1.1.1" && nets[0]["attachedRouters"].size() == 3;
        },
        8s))
        << nets.dump();
    EXPECT_NE(us_->show("show ip ospf database network").find("Attached Router: 3.3.3.3"), std::string::npos);
    expect_same_lsdb();
    expect_same_routes();
    // The routers on the LAN, as OSPF tells LDP (a peer leaving the LAN holds LDP's sync there
    // only while it is still one of them: ldp_lan_test.cpp).
    EXPECT_EQ(igp_neighbors_on_u0(), Json::array({"10.0.1.2", "10.0.1.3"}));
    nbb_->exec_or_throw("ip link set b0 down");
    EXPECT_TRUE(eventually([&] { return igp_neighbors_on_u0() == Json::array({"10.0.1.2"}); }, 10s))
        << igp_neighbors_on_u0().dump() << us_->show("show ip ospf neighbor");
}

TEST_F(OspfLan, WeAreADrOther) {
    start(1, 100, 50);
    expect_all_full();
    EXPECT_EQ(dr_seen_by(*b_), "2.2.2.2") << b_->vtysh("show ip ospf interface");
    EXPECT_EQ(our_nbr_state(*us_, "2.2.2.2"), "FULL/DR") << us_->show("show ip ospf neighbor");
    EXPECT_EQ(our_nbr_state(*us_, "3.3.3.3"), "FULL/BDR") << us_->show("show ip ospf neighbor");
    EXPECT_NE(frr_nbr_state(*a_, "1.1.1.1").find("DROther"), std::string::npos) << a_->vtysh("show ip ospf neighbor");
    expect_same_lsdb();
    expect_same_routes();
    // A change of ours floods through the DR (we send to AllDRouters): FRR B learns it. A cost
    // change is applied in place: the process is not restarted, the adjacencies stay.
    ASSERT_EQ(us_->request("configure\ninterface u0\n ip ospf cost 30\n").status, "ok");
    EXPECT_TRUE(eventually([&] { return frr_ospf_routes(*b_)["1.1.1.1/32"].cost == 10 && our_ospf_routes(*us_)["2.2.2.2/32"].cost == 30; }, 15s))
        << dump(our_ospf_routes(*us_)) << dump(frr_ospf_routes(*b_)) << us_->log();
    EXPECT_EQ(us_->log_text().find("restarting"), std::string::npos) << us_->log();
    EXPECT_NE(us_->log_text().find("interface u0 cost 30"), std::string::npos) << us_->log();
    expect_all_full();
    expect_same_lsdb();
}

// A triangle: us U (1.1.1.1), FRR A (2.2.2.2), FRR B (3.3.3.3).
//   U ua 10.0.12.1 -- au 10.0.12.2 A;  U ub 10.0.13.1 -- bu 10.0.13.3 B;
//   A ab 10.0.23.2 -- ba 10.0.23.3 B, B's cost on ba 100 (so B's best way to A is through U
//   when U's link to A is usable at its configured cost).
TEST_F(OspfInterop, TriangleMaxMetricSteersBothWays) {
    auto nu = ns("tu");
    auto na = ns("ta");
    auto nb = ns("tb");
    connect_veth(*nu, "ua", *na, "au");
    connect_veth(*nu, "ub", *nb, "bu");
    connect_veth(*na, "ab", *nb, "ba");
    na->add_address("au", "10.0.12.2/24");
    na->add_address("ab", "10.0.23.2/24");
    na->add_address("lo", "2.2.2.2/32");
    nb->add_address("bu", "10.0.13.3/24");
    nb->add_address("ba", "10.0.23.3/24");
    nb->add_address("lo", "3.3.3.3/32");
    FrrRouter a(*na, frr_dir(*na));
    FrrRouter b(*nb, frr_dir(*nb));
    // A runs LDP-IGP sync on ab (not on au) with no ldpd: not achieved, so A advertises ab
    // and its stub at 65535 (FRR sets it when the interface comes up, not on a later
    // `mpls ldp-sync` typed at runtime).
    ASSERT_EQ(start_frr(a, frr_ospfd_conf("2.2.2.2", {{"au", true, 10, 1, false}, {"ab"}}, true)), "");
    ASSERT_EQ(start_frr(b, frr_ospfd_conf("3.3.3.3", {{"bu"}, {"ba", true, 100}}, false)), "");
    OurRouter us(*nu, our_conf({{"ua", "10.0.12.1"}, {"ub", "10.0.13.1"}}));
    ASSERT_TRUE(us.started()) << us.log();
    for (const char* id : {"2.2.2.2", "3.3.3.3"}) {
        ASSERT_TRUE(eventually([&] { return our_nbr_state(us, id) == "FULL/-"; }, 15s))
            << us.show("show ip ospf neighbor") << us.log();
    }
    // LDP synchronizes on ub only; ua stays at LSInfinity.
    ASSERT_TRUE(us.ok("test ldp peer ub 3.3.3.3"));
    ASSERT_TRUE(us.ok("test ldp synced ub end-of-lib"));
    ASSERT_TRUE(eventually([&] { return frr_link_metric(b, "1.1.1.1", "p2p", "3.3.3.3") == 10; }, 10s))
        << b.vtysh("show ip ospf database router 1.1.1.1");
    EXPECT_EQ(frr_link_metric(b, "1.1.1.1", "p2p", "2.2.2.2"), 65535);

    // B's SPF avoids our unsynchronized link: to A's loopback directly (100), not through us
    // (10 + 65535).
    EXPECT_TRUE(eventually([&] { return frr_ospf_routes(b)["2.2.2.2/32"] == RouteView{100, {"10.0.23.2"}}; }, 5s))
        << dump(frr_ospf_routes(b));
    // Once ua synchronizes, through us: 10 + 10.
    ASSERT_TRUE(us.ok("test ldp peer ua 2.2.2.2"));
    ASSERT_TRUE(us.ok("test ldp synced ua end-of-lib"));
    EXPECT_TRUE(eventually([&] { return frr_ospf_routes(b)["2.2.2.2/32"] == RouteView{20, {"10.0.13.1"}}; }, 10s))
        << dump(frr_ospf_routes(b)) << b.vtysh("show ip ospf database router 1.1.1.1");

    // Our SPF honours FRR A's max metric: with B's cost on ba back to 10, A-B's subnet is
    // 20 away through B, and 10 + 65535 through A.
    ASSERT_EQ(frr_link_metric(a, "2.2.2.2", "stub", "10.0.23.0"), 65535)
        << a.vtysh("show ip ospf database router 2.2.2.2") << a.vtysh("show ip ospf mpls ldp-sync");
    b.configure({"interface ba", "ip ospf cost 10"}, "ospfd");
    EXPECT_TRUE(eventually([&] { return our_ospf_routes(us)["10.0.23.0/24"] == RouteView{20, {"10.0.13.3"}}; }, 10s))
        << dump(our_ospf_routes(us));
    EXPECT_TRUE(eventually([&] { return our_lsdb(us) == frr_lsdb(a) && our_lsdb(us) == frr_lsdb(b); }, 10s))
        << "ours:\n" << dump(our_lsdb(us)) << "A's:\n" << dump(frr_lsdb(a));
    // A's sync turned off: its configured cost returns, and both paths are equal (ECMP).
    a.configure({"router ospf", "no mpls ldp-sync"}, "ospfd");
    EXPECT_TRUE(eventually([&] { return our_ospf_routes(us)["10.0.23.0/24"] == RouteView{20, {"10.0.12.2", "10.0.13.3"}}; }, 10s))
        << dump(our_ospf_routes(us)) << a.vtysh("show ip ospf database router 2.2.2.2");
    EXPECT_NE(us.show("show ip route").find("O    10.0.23.0/24 [110/20] via 10.0.13.3, ub"), std::string::npos)
        << us.show("show ip route");
}

// The metric of one link in a Router-LSA of our database.
int our_link_metric(const OurRouter& r, const std::string& adv, const std::string& type, const std::string& id) {
    const auto j = r.json("show ip ospf database router");
    if (!j.contains("processes")) return -1;
    for (const auto& l : j["processes"][0]["areas"][0]["routerLinkStates"]) {
        if (l["advertisingRouter"] != adv) continue;
        for (const auto& k : l["links"]) {
            if (k["type"] == type && k["linkId"] == id) return k["metric"];
        }
    }
    return -1;
}

// MinLSArrival (RFC 2328 13 (5a)) both ways, against an FRR with its default 1 s.
TEST_F(OspfP2p, LsaReoriginatedFasterThanMinLsArrival) {
    start("m", frr_ospfd_conf("2.2.2.2", {{"f0"}}, false, /*fast_min_arrival=*/false), our_conf({{"u0", "10.0.12.1"}}));
    auto& frr = *frr_;
    auto& us = *us_;
    ASSERT_TRUE(eventually([&] { return our_nbr_state(us, "2.2.2.2") == "FULL/-"; }, 15s)) << us.log();
    ASSERT_TRUE(eventually([&] { return our_lsdb(us) == frr_lsdb(frr) && our_lsdb(us).size() == 2; }, 10s));

    // FRR -> us: two new instances 300 ms apart. We discard the second (it came within our
    // MinLSArrival of the first, and is not acknowledged); FRR retransmits it after its 1 s
    // RxmtInterval and we take it then.
    frr.configure({"interface f0", "ip ospf cost 20"}, "ospfd");
    std::this_thread::sleep_for(300ms);
    frr.configure({"interface f0", "ip ospf cost 30"}, "ospfd");
    EXPECT_TRUE(eventually([&] { return our_link_metric(us, "2.2.2.2", "point-to-point", "1.1.1.1") == 30; }, 8s))
        << us.show("show ip ospf database router");
    EXPECT_TRUE(eventually([&] { return our_lsdb(us) == frr_lsdb(frr); }, 5s))
        << "ours:\n" << dump(our_lsdb(us)) << "FRR's:\n" << dump(frr_lsdb(frr));
    const auto stats = us.json("show ip ospf statistics");
    ASSERT_TRUE(stats.contains("processes")) << us.show("show ip ospf statistics");
    EXPECT_GE(stats["processes"][0]["counters"].value("rx_lsa_min_ls_arrival", 0), 1) << us.show("show ip ospf statistics");

    // Us -> FRR: LDP sync flaps within 300 ms. Our MinLSInterval (5 s) spaces our instances,
    // so FRR (MinLSArrival 1 s) takes every one, and ends with the last state.
    ASSERT_TRUE(eventually([&] { return frr_link_metric(frr, "1.1.1.1", "p2p", "2.2.2.2") == 65535; }, 5s));
    ASSERT_TRUE(us.ok("test ldp peer u0 2.2.2.2"));
    ASSERT_TRUE(us.ok("test ldp synced u0 end-of-lib"));
    std::this_thread::sleep_for(300ms);
    ASSERT_TRUE(us.ok("test ldp session-down u0"));
    ASSERT_TRUE(us.ok("test ldp session-reconnected u0"));
    ASSERT_TRUE(us.ok("test ldp synced u0 end-of-lib"));
    EXPECT_TRUE(eventually([&] { return frr_link_metric(frr, "1.1.1.1", "p2p", "2.2.2.2") == 10; }, 12s))
        << frr.vtysh("show ip ospf database router 1.1.1.1");
    EXPECT_TRUE(eventually([&] { return our_lsdb(us) == frr_lsdb(frr); }, 5s))
        << "ours:\n" << dump(our_lsdb(us)) << "FRR's:\n" << dump(frr_lsdb(frr));
}

// RFC 6138 on a LAN (cut_edge.hpp): us, A and B on a bridge (10.0.1.0/24, B is DR), and a
// point-to-point link us--A (10.0.12.0/24). While LDP is not synchronized on the LAN, we
// withhold our transit link (a stub for the subnet at 65535 instead), so B reaches us through
// A; RFC 5443's max metric alone would not do that (the Network-LSA's link to us costs 0).
// When the LAN becomes our only way to its routers (a cut edge), the transit link is back, at
// 65535.
TEST_F(OspfInterop, Rfc6138WithholdsTheTransitLinkUnlessItIsACutEdge) {
    auto nbr = ns("rb");
    auto nu = ns("ru");
    auto na = ns("ra");
    auto nb = ns("rc");
    nbr->add_bridge("br0");
    attach_to_bridge(*nbr, "br0", "pu", *nu, "u0");
    attach_to_bridge(*nbr, "br0", "pa", *na, "a0");
    attach_to_bridge(*nbr, "br0", "pb", *nb, "b0");
    for (const char* p : {"pu", "pa", "pb"}) nbr->link_up(p);
    connect_veth(*nu, "ua", *na, "au");
    na->add_address("a0", "10.0.1.2/24");
    na->add_address("au", "10.0.12.2/24");
    na->add_address("lo", "2.2.2.2/32");
    nb->add_address("b0", "10.0.1.3/24");
    nb->add_address("lo", "3.3.3.3/32");
    FrrRouter a(*na, frr_dir(*na));
    FrrRouter b(*nb, frr_dir(*nb));
    ASSERT_EQ(start_frr(a, frr_ospfd_conf("2.2.2.2", {{"a0", false}, {"au"}}, false)), "");
    ASSERT_EQ(start_frr(b, frr_ospfd_conf("3.3.3.3", {{"b0", false}}, false)), "");
    OurRouter us(*nu, our_conf({{"u0", "10.0.1.1", false}, {"ua", "10.0.12.1"}}));
    ASSERT_TRUE(us.started()) << us.log();
    auto full_count = [&] {
        const auto j = us.json("show ip ospf neighbor");
        int n = 0;
        if (j.contains("processes")) {
            for (const auto& x : j["processes"][0]["neighbors"]) n += x["state"] == "FULL" ? 1 : 0;
        }
        return n;
    };
    ASSERT_TRUE(eventually([&] { return full_count() == 3; }, 20s)) << us.show("show ip ospf neighbor") << us.log();
    ASSERT_TRUE(us.ok("test ldp peer ua 2.2.2.2"));
    ASSERT_TRUE(us.ok("test ldp synced ua end-of-lib"));

    auto has_transit = [&] {
        for (const auto& l : frr_router_links(b, "1.1.1.1")) {
            if (l.kind == "transit") return true;
        }
        return false;
    };
    // Withheld: no transit link, the subnet as a stub at 65535; B goes to us through A.
    ASSERT_TRUE(eventually([&] { return frr_link_metric(b, "1.1.1.1", "p2p", "2.2.2.2") == 10; }, 12s))
        << b.vtysh("show ip ospf database router 1.1.1.1");
    EXPECT_FALSE(has_transit()) << b.vtysh("show ip ospf database router 1.1.1.1");
    EXPECT_EQ(frr_link_metric(b, "1.1.1.1", "stub", "10.0.1.0"), 65535);
    EXPECT_TRUE(eventually([&] { return frr_ospf_routes(b)["1.1.1.1/32"] == RouteView{20, {"10.0.1.2"}}; }, 5s))
        << dump(frr_ospf_routes(b));
    // The LAN keeps working between the others.
    EXPECT_EQ(frr_ospf_routes(b)["2.2.2.2/32"], (RouteView{10, {"10.0.1.2"}})) << dump(frr_ospf_routes(b));
    EXPECT_GE(us.json("show ip ospf statistics")["processes"][0]["counters"].value("rfc6138_transit_withheld", 0), 1);

    // LDP synchronized on the LAN: the transit link at its cost, B straight to us.
    ASSERT_TRUE(us.ok("test ldp peer u0 3.3.3.3"));
    ASSERT_TRUE(us.ok("test ldp synced u0 end-of-lib"));
    EXPECT_TRUE(eventually([&] { return frr_link_metric(b, "1.1.1.1", "transit", "10.0.1.3") == 10; }, 12s))
        << b.vtysh("show ip ospf database router 1.1.1.1");
    EXPECT_TRUE(eventually([&] { return frr_ospf_routes(b)["1.1.1.1/32"] == RouteView{10, {"10.0.1.1"}}; }, 5s))
        << dump(frr_ospf_routes(b));

    // The p2p link goes away and LDP on the LAN is lost: the LAN is now a cut edge for us, so
    // the transit link stays, at 65535, and B still reaches us over the LAN.
    na->link_down("au");
    ASSERT_TRUE(eventually([&] { return frr_link_metric(b, "1.1.1.1", "p2p", "2.2.2.2") == -1; }, 12s))
        << b.vtysh("show ip ospf database router 1.1.1.1");
    ASSERT_TRUE(us.ok("test ldp session-down u0"));
    EXPECT_TRUE(eventually([&] { return frr_link_metric(b, "1.1.1.1", "transit", "10.0.1.3") == 65535; }, 12s))
        << b.vtysh("show ip ospf database router 1.1.1.1") << us.log();
    EXPECT_EQ(frr_ospf_routes(b)["1.1.1.1/32"], (RouteView{10, {"10.0.1.1"}})) << dump(frr_ospf_routes(b));
}

// RFC 5443's other half, decided by the sync machine: when LDP's peer is reachable another
// way, the IGP adjacency waits for LDP. Us and FRR over two parallel links; the second comes
// up after LDP names its peer (reachable over the first): we stay in 2-Way (FRR in ExStart)
// until LDP is synchronized, then the adjacency completes.
TEST_F(OspfInterop, AdjacencyHeldWhileLdpPeerIsReachableElsewhere) {
    auto nu = ns("hu");
    auto nf = ns("hf");
    connect_veth(*nu, "u1", *nf, "f1");
    connect_veth(*nu, "u2", *nf, "f2");
    nf->add_address("f1", "10.0.12.2/24");
    nf->add_address("f2", "10.0.22.2/24");
    nf->add_address("lo", "2.2.2.2/32");
    nf->link_down("f2");
    FrrRouter frr(*nf, frr_dir(*nf));
    ASSERT_EQ(start_frr(frr, frr_ospfd_conf("2.2.2.2", {{"f1"}, {"f2"}}, false)), "");
    OurRouter us(*nu, our_conf({{"u1", "10.0.12.1"}, {"u2", "10.0.22.1"}}));
    ASSERT_TRUE(us.started()) << us.log();
    auto state_on = [&](const std::string& itf) {
        const auto j = us.json("show ip ospf neighbor");
        if (!j.contains("processes")) return std::string();
        for (const auto& n : j["processes"][0]["neighbors"]) {
            if (n["interface"] == itf) return n["state"].get<std::string>();
        }
        return std::string();
    };
    ASSERT_TRUE(eventually([&] { return state_on("u1") == "FULL"; }, 15s)) << us.show("show ip ospf neighbor") << us.log();
    ASSERT_TRUE(eventually([&] { return our_ospf_routes(us).contains("2.2.2.2/32"); }, 5s));
    ASSERT_TRUE(us.ok("test ldp peer u2 2.2.2.2"));
    nf->link_up("f2");
    ASSERT_TRUE(eventually([&] { return state_on("u2") == "2WAY"; }, 8s)) << us.show("show ip ospf neighbor");
    std::this_thread::sleep_for(3s);  // an unheld adjacency would be Full by now
    EXPECT_EQ(state_on("u2"), "2WAY") << us.show("show ip ospf neighbor");
    const auto frr_view = frr.vtysh("show ip ospf neighbor", "ospfd");
    EXPECT_NE(frr_view.find("ExStart"), std::string::npos) << frr_view;
    EXPECT_GE(us.json("show ip ospf statistics")["processes"][0]["counters"].value("rx_dd_ignored_state", 0), 1);

    ASSERT_TRUE(us.ok("test ldp synced u2 end-of-lib"));
    EXPECT_TRUE(eventually([&] { return state_on("u2") == "FULL"; }, 8s)) << us.show("show ip ospf neighbor") << us.log();
    // Synchronized before the adjacency: u2 comes up at its configured cost, while u1 (LDP
    // enabled, no peer) stays at 65535, so the loopback is reached over u2 only.
    EXPECT_TRUE(eventually([&] { return our_ospf_routes(us)["2.2.2.2/32"] == RouteView{10, {"10.0.22.2"}}; }, 12s))
        << dump(our_ospf_routes(us));
    EXPECT_EQ(frr_link_metric(frr, "1.1.1.1", "stub", "10.0.22.0"), 10) << frr.vtysh("show ip ospf database router 1.1.1.1");
    EXPECT_EQ(frr_link_metric(frr, "1.1.1.1", "stub", "10.0.12.0"), 65535);
}

// MD5 authentication (RFC 2328 D.3) against FRR: a wrong key gets no adjacency (counted), the
// right one reaches Full.
TEST_F(OspfP2p, Md5AuthenticationWithFrr) {
    auto conf = frr_ospfd_conf("2.2.2.2", {{"f0"}}, false);
    conf.replace(conf.find(" ip ospf area 0\n ip ospf network"), 0,
                 " ip ospf authentication message-digest\n ip ospf message-digest-key 1 md5 secret\n");
    auto ours = our_conf({{"u0", "10.0.12.1"}}, false);
    ours.replace(ours.find(" ip ospf hello-interval"), 0,
                 " ip ospf authentication message-digest\n ip ospf message-digest-key 1 md5 wrong\n");
    start("a", conf, ours);
    auto& frr = *frr_;
    auto& us = *us_;
    auto counter = [&](const std::string& name) {
        const auto st = us.json("show ip ospf statistics");
        return st.contains("processes") ? st["processes"][0]["counters"].value(name, 0) : 0;
    };
    ASSERT_TRUE(eventually([&] { return counter("rx_auth_digest_mismatch") >= 2; }, 5s)) << us.show("show ip ospf statistics");
    EXPECT_EQ(our_nbr_state(us, "2.2.2.2"), "");
    ASSERT_EQ(us.request("configure\ninterface u0\n ip ospf message-digest-key 1 md5 secret\n").status, "ok");
    EXPECT_TRUE(eventually([&] { return our_nbr_state(us, "2.2.2.2") == "FULL/-"; }, 10s))
        << us.show("show ip ospf neighbor") << us.show("show ip ospf statistics") << frr.vtysh("show ip ospf neighbor");
    EXPECT_TRUE(eventually([&] { return frr_nbr_state(frr, "1.1.1.1").rfind("Full", 0) == 0; }, 5s));
    EXPECT_TRUE(eventually([&] { return our_lsdb(us) == frr_lsdb(frr) && our_lsdb(us).size() == 2; }, 5s));

    // SIGHUP with a new cost: the process is rebuilt, authenticates again (its sequence numbers
    // start from the clock, above the previous run's) and advertises the new cost.
    auto reloaded = ours;
    reloaded.replace(reloaded.find("md5 wrong"), 9, "md5 secret");
    reloaded.replace(reloaded.find(" ip ospf cost 10"), 16, " ip ospf cost 30");
    us.reload(reloaded);
    EXPECT_TRUE(eventually([&] { return frr_link_metric(frr, "1.1.1.1", "p2p", "2.2.2.2") == 30; }, 12s))
        << frr.vtysh("show ip ospf database router 1.1.1.1") << us.log();
    EXPECT_TRUE(eventually([&] { return our_nbr_state(us, "2.2.2.2") == "FULL/-"; }, 5s)) << us.show("show ip ospf neighbor");
    EXPECT_TRUE(us.alive());
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc > 1) g_ldpsyncd = argv[1];
    return RUN_ALL_TESTS();
}
