// ldpsyncd's IS-IS speaker against FRR isisd, in network namespaces: the point-to-point
// three-way adjacency, identical databases (LSP ids and sequence numbers), equal routes, and
// LDP-IGP sync's maximum metric (16777214, RFC 5443) seen from FRR's side, with FRR routing
// around our unsynchronized link while an alternate exists. Timers are short (Hello 1 s, hold
// 3-4 s). Skipped, with the reason, when not root or FRR is missing. Namespaces and processes
// are removed by the fixtures (processes by pid).

#include <gtest/gtest.h>

#include "isis_lab.hpp"

namespace {

using namespace ldpsync::test;
using namespace ldpsync::test::isis_lab;
using ospf_lab::g_ldpsyncd;
using namespace std::chrono_literals;

struct OurIf {
    std::string name;
    std::string address;  // dotted, /24
    int metric = 10;
};

// Loopback 1.1.1.1, level 2 only, `mpls ldp sync` with LDP on every link (so, with no LDP
// peer, sync is not achieved until the test hooks say so).
struct OurOptions {
    std::string level = "level-2-only";
    std::string md5_key;  // key chain ISIS, key 1, on the interfaces and the process
    std::string router_extra = {};  // more lines under router isis
};

std::string our_conf(const std::vector<OurIf>& ifs, const OurOptions& o = {}) {
    std::string c = "hostname us\nmpls ip\n";
    if (!o.md5_key.empty()) c += "key chain ISIS\n key 1\n  key-string " + o.md5_key + "\n";
    c += "interface lo\n ip address 1.1.1.1 255.255.255.255\n ip router isis\n";
    for (const auto& i : ifs) {
        c += "interface " + i.name + "\n ip address " + i.address + " 255.255.255.0\n mpls ip\n ip router isis\n";
        c += " isis network point-to-point\n isis hello-interval 1\n isis metric " + std::to_string(i.metric) + "\n";
        if (!o.md5_key.empty()) c += " isis authentication mode md5\n isis authentication key-chain ISIS\n";
    }
    c += "router isis\n net 49.0001.0000.0000.0001.00\n is-type " + o.level + "\n mpls ldp sync\n";
    if (!o.md5_key.empty()) c += " authentication mode md5\n authentication key-chain ISIS\n";
    return c + o.router_extra;
}

class IsisInterop : public ::testing::Test {
protected:
    void SetUp() override {
        if (auto why = FrrRouter::unavailable()) GTEST_SKIP() << *why;
        if (access("/usr/lib/frr/isisd", X_OK) != 0) GTEST_SKIP() << "FRR isisd not installed";
        if (g_ldpsyncd.empty()) GTEST_SKIP() << "no ldpsyncd path given";
    }
    std::unique_ptr<NetNs> ns(const std::string& tag) { return std::make_unique<NetNs>(unique_ns_name(tag)); }
    std::filesystem::path frr_dir(const NetNs& n) {
        return std::filesystem::temp_directory_path() / (n.name() + "-frr");
    }
};

TEST_F(IsisInterop, PointToPointDatabaseRoutesAndMaxMetricUntilSynced) {
    auto nu = ns("iu");
    auto nf = ns("if");
    connect_veth(*nu, "u0", *nf, "f0");
    nf->add_address("f0", "10.0.12.2/24");
    nf->add_address("lo", "2.2.2.2/32");
    FrrRouter frr(*nf, frr_dir(*nf));
    ASSERT_EQ(start_frr_isis(frr, frr_isisd_conf("frr", 2, {{"f0"}})), "");
    OurRouter us(*nu, our_conf({{"u0", "10.0.12.1"}}));
    ASSERT_TRUE(us.started()) << us.log();

    ASSERT_TRUE(eventually([&] { return frr_adjacency_state(frr, "us") == "Up"; }, 15s))
        << frr.vtysh("show isis neighbor", "isisd") << us.show("show isis neighbors") << us.log();
    ASSERT_TRUE(eventually([&] { return our_adjacency_state(us, "frr") == "UP"; }, 5s))
        << us.show("show isis neighbors");
    EXPECT_NE(us.show("show isis neighbors").find("frr             L2   u0            10.0.12.2       UP"),
              std::string::npos)
        << us.show("show isis neighbors");

    // LDP is enabled with no peer: not in sync, so FRR sees our IS reachability toward it and
    // the link's prefix at 16777214, as FRR itself advertises them (lab gotcha 5).
    ASSERT_TRUE(eventually(
        [&] { return frr_lsp_metric(frr, "us.00-00", "Extended Reachability: 0000.0000.0002.00") == 16777214; }, 10s))
        << frr.vtysh("show isis database detail", "isisd") << us.log();
    EXPECT_EQ(frr_lsp_metric(frr, "us.00-00", "Extended IP Reachability: 10.0.12.0/24"), 16777214);
    EXPECT_EQ(frr_lsp_metric(frr, "us.00-00", "Extended IP Reachability: 1.1.1.1/32"), 10);
    EXPECT_NE(us.show("show isis mpls ldp u0").find("u0"), std::string::npos);

    // Both databases hold the same LSPs at the same sequence numbers.
    ASSERT_TRUE(eventually([&] { return our_database(us) == frr_database(frr) && our_database(us).size() == 2; }, 10s))
        << "ours:\n"
        << dump(our_database(us)) << "FRR's:\n"
        << dump(frr_database(frr));

    // Routes: ours to FRR's loopback pays our maximum (the link is the last resort), FRR's to
    // ours its own metric 10 plus our loopback's 10.
    ASSERT_TRUE(eventually(
        [&] {
            return our_isis_routes(us)["2.2.2.2/32"] == RouteView{16777214 + 10, {"10.0.12.2"}};
        },
        10s))
        << ospf_lab::dump(our_isis_routes(us));
    EXPECT_TRUE(eventually(
        [&] {
            return frr_isis_routes(frr)["1.1.1.1/32"] == RouteView{20, {"10.0.12.1"}};
        },
        10s))
        << ospf_lab::dump(frr_isis_routes(frr));

    // LDP synchronizes (the test hooks stand in for the session): the configured metric returns.
    ASSERT_TRUE(us.ok("test ldp peer u0 2.2.2.2")) << us.show("test ldp peer u0 2.2.2.2");
    ASSERT_TRUE(us.ok("test ldp synced u0 end-of-lib"));
    ASSERT_TRUE(eventually(
        [&] { return frr_lsp_metric(frr, "us.00-00", "Extended Reachability: 0000.0000.0002.00") == 10; }, 10s))
        << frr.vtysh("show isis database detail", "isisd") << us.log();
    EXPECT_EQ(frr_lsp_metric(frr, "us.00-00", "Extended IP Reachability: 10.0.12.0/24"), 10);
    EXPECT_TRUE(eventually(
        [&] {
            return our_isis_routes(us)["2.2.2.2/32"] == RouteView{20, {"10.0.12.2"}};
        },
        10s))
        << ospf_lab::dump(our_isis_routes(us));
    // Our routes equal FRR's, prefix for prefix, once both are settled.
    EXPECT_TRUE(eventually([&] { return our_database(us) == frr_database(frr); }, 10s))
        << "ours:\n"
        << dump(our_database(us)) << "FRR's:\n"
        << dump(frr_database(frr));
    EXPECT_NE(us.show("show ip route").find("i    2.2.2.2/32 [115/20] via 10.0.12.2, u0"), std::string::npos)
        << us.show("show ip route");

    // LDP lost again: the maximum again.
    ASSERT_TRUE(us.ok("test ldp session-down u0"));
    EXPECT_TRUE(eventually(
        [&] { return frr_lsp_metric(frr, "us.00-00", "Extended Reachability: 0000.0000.0002.00") == 16777214; }, 10s))
        << frr.vtysh("show isis database detail", "isisd");

    // FRR's isisd restarts: the adjacency comes back, databases agree again (FRR continues its
    // sequence numbers above what we hold, from our copy).
    frr.stop("isisd");
    ASSERT_TRUE(eventually([&] { return our_adjacency_state(us, "frr") != "UP"; }, 10s))
        << us.show("show isis neighbors");
    ASSERT_EQ(frr.start("isisd"), "");
    ASSERT_TRUE(eventually([&] { return our_adjacency_state(us, "frr") == "UP"; }, 15s))
        << us.show("show isis neighbors");
    EXPECT_TRUE(eventually([&] { return our_database(us) == frr_database(frr) && our_database(us).size() == 2; }, 15s))
        << "ours:\n"
        << dump(our_database(us)) << "FRR's:\n"
        << dump(frr_database(frr));
    EXPECT_TRUE(eventually(
        [&] {
            return our_isis_routes(us)["2.2.2.2/32"] == RouteView{16777214 + 10, {"10.0.12.2"}};
        },
        10s))
        << ospf_lab::dump(our_isis_routes(us)) << us.show("show isis topology");
    EXPECT_NE(us.show("show isis topology").find("frr                  16777214   10.0.12.2            u0"),
              std::string::npos)
        << us.show("show isis topology");
    EXPECT_TRUE(us.alive());
}

// us -- A (ua, 10) and us -- B (ub, 10), A -- B (100). While our link to A is not in sync, B
// reaches A's loopback directly (100 + 10) rather than through us (10 + 16777214 + 10); once it
// is, through us (10 + 10 + 10).
TEST_F(IsisInterop, FrrRoutesAroundOurUnsyncedLinkWhileAnAlternateExists) {
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
    ASSERT_EQ(start_frr_isis(a, frr_isisd_conf("a", 2, {{"au"}, {"ab", 100}})), "");
    ASSERT_EQ(start_frr_isis(b, frr_isisd_conf("b", 3, {{"bu"}, {"ba", 100}})), "");
    OurRouter us(*nu, our_conf({{"ua", "10.0.12.1"}, {"ub", "10.0.13.1"}}));
    ASSERT_TRUE(us.started()) << us.log();
    for (const char* name : {"a", "b"}) {
        ASSERT_TRUE(eventually([&] { return our_adjacency_state(us, name) == "UP"; }, 15s))
            << us.show("show isis neighbors") << us.log();
    }
    // Sync on ub only.
    ASSERT_TRUE(us.ok("test ldp peer ub 3.3.3.3"));
    ASSERT_TRUE(us.ok("test ldp synced ub end-of-lib"));
    ASSERT_TRUE(eventually(
        [&] { return frr_lsp_metric(b, "us.00-00", "Extended Reachability: 0000.0000.0003.00") == 10; }, 10s))
        << b.vtysh("show isis database detail", "isisd");
    EXPECT_EQ(frr_lsp_metric(b, "us.00-00", "Extended Reachability: 0000.0000.0002.00"), 16777214);
    EXPECT_TRUE(eventually(
        [&] {
            return frr_isis_routes(b)["2.2.2.2/32"] == RouteView{110, {"10.0.23.2"}};
        },
        10s))
        << ospf_lab::dump(frr_isis_routes(b));
    // Our own route to A's loopback also avoids our unsynchronized link: through B.
    EXPECT_TRUE(eventually(
        [&] {
            return our_isis_routes(us)["2.2.2.2/32"] == RouteView{120, {"10.0.13.3"}};
        },
        10s))
        << ospf_lab::dump(our_isis_routes(us));
    // ua synchronizes: B goes through us.
    ASSERT_TRUE(us.ok("test ldp peer ua 2.2.2.2"));
    ASSERT_TRUE(us.ok("test ldp synced ua end-of-lib"));
    EXPECT_TRUE(eventually(
        [&] {
            return frr_isis_routes(b)["2.2.2.2/32"] == RouteView{30, {"10.0.13.1"}};
        },
        10s))
        << ospf_lab::dump(frr_isis_routes(b));
    EXPECT_TRUE(eventually(
        [&] {
            return our_isis_routes(us)["2.2.2.2/32"] == RouteView{20, {"10.0.12.2"}};
        },
        10s))
        << ospf_lab::dump(our_isis_routes(us));
}

// One p2p link in a given setting (level, authentication): the adjacency and the databases.
class IsisP2pSetting : public IsisInterop {
protected:
    void start(const std::string& tag, const FrrIsisOptions& theirs, const OurOptions& ours) {
        nu_ = ns(tag + "u");
        nf_ = ns(tag + "f");
        connect_veth(*nu_, "u0", *nf_, "f0");
        nf_->add_address("f0", "10.0.12.2/24");
        nf_->add_address("lo", "2.2.2.2/32");
        frr_ = std::make_unique<FrrRouter>(*nf_, frr_dir(*nf_));
        ASSERT_EQ(start_frr_isis(*frr_, frr_isisd_conf("frr", 2, {{"f0"}}, theirs)), "");
        us_ = std::make_unique<OurRouter>(*nu_, our_conf({{"u0", "10.0.12.1"}}, ours));
        ASSERT_TRUE(us_->started()) << us_->log();
    }
    bool converged() {
        return our_adjacency_state(*us_, "frr") == "UP" && frr_adjacency_state(*frr_, "us") == "Up" &&
               our_database(*us_) == frr_database(*frr_) && our_database(*us_).size() == 2 &&
               our_isis_routes(*us_).contains("2.2.2.2/32") && frr_isis_routes(*frr_).contains("1.1.1.1/32");
    }
    std::string state() {
        return us_->show("show isis neighbors") + us_->show("show isis database") + frr_->vtysh("show isis neighbor", "isisd") +
               frr_->vtysh("show isis database", "isisd") + us_->show("show isis statistics") + us_->log();
    }
    std::unique_ptr<NetNs> nu_, nf_;
    std::unique_ptr<FrrRouter> frr_;
    std::unique_ptr<OurRouter> us_;
};

TEST_F(IsisP2pSetting, LevelOneOnly) {
    start("l1", {.level = "level-1", .md5_key = ""}, {.level = "level-1", .md5_key = ""});
    ASSERT_TRUE(eventually([&] { return converged(); }, 20s)) << state();
    EXPECT_NE(us_->show("show isis database").find("IS-IS Level-1 Link State Database"), std::string::npos);
    EXPECT_EQ(us_->show("show isis database").find("Level-2"), std::string::npos);
    EXPECT_NE(us_->show("show isis neighbors").find("frr             L1   u0"), std::string::npos) << state();
}

// `nsf ietf`: ldpsyncd starts as a restarting IS-IS router (RFC 5306). The restart is the sync
// machines' "IGP NSF startup" (the guide's NSF paragraph) until the databases are synchronized;
// FRR 8.4's isisd has no RFC 5306, so it is the neighbour's CSNP and LSPs that end it.
TEST_F(IsisP2pSetting, NsfStartupFollowsOurRealRestart) {
    start("nsf", {.level = "level-2-only", .md5_key = ""},
          {.level = "level-2-only", .md5_key = "", .router_extra = " nsf ietf\n"});
    ASSERT_TRUE(eventually([&] { return converged(); }, 20s)) << state();
    ASSERT_TRUE(eventually([&] { return us_->log_text().find("graceful restart (RFC 5306) complete") != std::string::npos; }, 10s))
        << us_->log();
    const std::string log = us_->log_text();
    const auto begin = log.find("u0 (ISIS null): nsf_begin");
    const auto end = log.find("u0 (ISIS null): nsf_end");
    EXPECT_NE(log.find("graceful restart (RFC 5306) started"), std::string::npos) << us_->log();
    ASSERT_NE(begin, std::string::npos) << us_->log();
    ASSERT_NE(end, std::string::npos) << us_->log();
    EXPECT_LT(begin, end);
}

TEST_F(IsisP2pSetting, HmacMd5WithTheRightKeyComesUp) {
    start("ma", {.level = "level-2-only", .md5_key = "s3cret"}, {.level = "level-2-only", .md5_key = "s3cret"});
    ASSERT_TRUE(eventually([&] { return converged(); }, 20s)) << state();
    const auto stats = us_->json("show isis statistics");
    EXPECT_EQ(stats["processes"][0]["counters"].value("rx_auth_failed", 0), 0) << state();
}

TEST_F(IsisP2pSetting, HmacMd5WithAWrongKeyIsRefused) {
    start("mw", {.level = "level-2-only", .md5_key = "s3cret"}, {.level = "level-2-only", .md5_key = "wrong"});
    // Our side counts FRR's Hellos as failing authentication and never forms the adjacency.
    ASSERT_TRUE(eventually([&] {
        const auto j = us_->json("show isis statistics");
        return j.contains("processes") && j["processes"][0]["counters"].value("rx_auth_failed", 0) >= 3;
    }, 15s)) << state();
    EXPECT_NE(our_adjacency_state(*us_, "frr"), "UP") << state();
    EXPECT_NE(frr_adjacency_state(*frr_, "us"), "Up") << state();
}

// A LAN of three on a bridge: us and two FRR routers. Our MAC is made the highest, so that with
// equal priorities we are the DIS (8.4.5): FRR holds our pseudonode LSP, all three databases
// are the same, and each router reaches the others through the pseudonode.
TEST_F(IsisInterop, LanOfThreeWithUsAsDis) {
    auto bridge = ns("ib");
    bridge->add_bridge("br0");
    auto nu = ns("iu");
    attach_to_bridge(*bridge, "br0", "pu", *nu, "u0");
    bridge->link_up("pu");
    nu->exec_or_throw("ip link set u0 address fe:ff:ff:ff:ff:fe");  // above any random veth MAC
    std::vector<std::unique_ptr<NetNs>> nss;
    std::vector<std::unique_ptr<FrrRouter>> frrs;
    for (int n : {2, 3}) {
        const std::string d = std::to_string(n);
        nss.push_back(ns("i" + d));
        auto& peer = *nss.back();
        attach_to_bridge(*bridge, "br0", "p" + d, peer, "f0");
        bridge->link_up("p" + d);
        peer.add_address("lo", d + "." + d + "." + d + "." + d + "/32");
        peer.add_address("f0", "10.0.1." + d + "/24");
        frrs.push_back(std::make_unique<FrrRouter>(peer, frr_dir(peer)));
        // The lab's FRR configuration, without point-to-point: a broadcast circuit.
        std::string conf = frr_isisd_conf("frr" + d, n, {{"f0"}});
        conf.replace(conf.find(" isis network point-to-point\n"), std::string(" isis network point-to-point\n").size(), "");
        ASSERT_EQ(start_frr_isis(*frrs.back(), conf), "");
    }
    std::string ours = our_conf({});
    ours += "interface u0\n ip address 10.0.1.1 255.255.255.0\n ip router isis\n isis hello-interval 1\n";
    OurRouter us(*nu, ours);
    ASSERT_TRUE(us.started()) << us.log();
    auto converged = [&] {
        const auto db = our_database(us);
        return our_adjacency_state(us, "frr2") == "UP" && our_adjacency_state(us, "frr3") == "UP" && db.size() == 4 &&
               db == frr_database(*frrs[0]) && db == frr_database(*frrs[1]);
    };
    ASSERT_TRUE(eventually(converged, 30s)) << us.show("show isis neighbors") << "ours:\n" << dump(our_database(us))
                                            << "FRR's:\n" << dump(frr_database(*frrs[0]))
                                            << frrs[0]->vtysh("show isis neighbor detail", "isisd")
                                            << frrs[0]->vtysh("show isis interface detail", "isisd") << frrs[0]->log("isisd") << us.log();
    // Our pseudonode (u0 is our circuit 2) is in FRR's database.
    const auto theirs = frr_database(*frrs[0]);
    EXPECT_TRUE(std::any_of(theirs.begin(), theirs.end(), [](const LspKey& k) { return k.first == "us.02-00"; }))
        << dump(theirs);
    EXPECT_NE(us.json("show isis database detail").dump().find("0000.0000.0001.02"), std::string::npos);
    EXPECT_TRUE(eventually([&] { return frr_lsp_metric(*frrs[0], "frr2.00-00", "Extended Reachability: 0000.0000.0001.02") == 10; }, 10s))
        << frrs[0]->vtysh("show isis database detail", "isisd");
    // Routes through the pseudonode, next hops the LAN addresses, the same from every side.
    EXPECT_TRUE(eventually([&] {
        return our_isis_routes(us)["2.2.2.2/32"] == RouteView{20, {"10.0.1.2"}} &&
               our_isis_routes(us)["3.3.3.3/32"] == RouteView{20, {"10.0.1.3"}};
    }, 10s)) << ospf_lab::dump(our_isis_routes(us));
    EXPECT_TRUE(eventually([&] {
        return frr_isis_routes(*frrs[0])["1.1.1.1/32"] == RouteView{20, {"10.0.1.1"}} &&
               frr_isis_routes(*frrs[0])["3.3.3.3/32"] == RouteView{20, {"10.0.1.3"}};
    }, 10s)) << ospf_lab::dump(frr_isis_routes(*frrs[0]));
    // One FRR router leaves: its adjacency and routes go, the other two keep theirs.
    frrs[1]->stop("isisd");
    EXPECT_TRUE(eventually([&] { return !our_isis_routes(us).contains("3.3.3.3/32"); }, 15s))
        << ospf_lab::dump(our_isis_routes(us));
    EXPECT_EQ(our_isis_routes(us)["2.2.2.2/32"], (RouteView{20, {"10.0.1.2"}}));
}

// RFC 5306 between two ldpsyncd (FRR 8.4's isisd has no graceful restart): B, configured with
// `nsf ietf`, is stopped and started again within A's hold time. A, the helper, keeps its
// adjacency Up throughout and acknowledges; B takes A's Up at once, and its restart (B's sync
// machines' NSF startup) ends when its database is synchronized.
TEST_F(IsisInterop, GracefulRestartBetweenTwoLdpsyncdKeepsTheAdjacency) {
    auto na = ns("ga");
    auto nb = ns("gb");
    connect_veth(*na, "a0", *nb, "b0");
    auto conf = [](const std::string& host, int n, const std::string& itf) {
        const std::string d = std::to_string(n);
        return "hostname " + host + "\nmpls ip\ninterface lo\n ip address " + d + "." + d + "." + d + "." + d +
               " 255.255.255.255\n ip router isis\ninterface " + itf + "\n ip address 10.0.12." + d +
               " 255.255.255.0\n ip router isis\n isis network point-to-point\n isis hello-interval 1\n"
               "router isis\n net 49.0001.0000.0000.000" + d + ".00\n is-type level-2-only\n nsf ietf\n";
    };
    OurRouter a(*na, conf("a", 1, "a0"));
    auto b = std::make_unique<OurRouter>(*nb, conf("b", 2, "b0"));
    ASSERT_TRUE(a.started() && b->started()) << a.log() << b->log();
    ASSERT_TRUE(eventually([&] {
        return our_adjacency_state(a, "b") == "UP" && our_isis_routes(a).contains("2.2.2.2/32") &&
               b->log_text().find("graceful restart (RFC 5306) complete") != std::string::npos;
    }, 15s)) << a.show("show isis neighbors") << a.log() << b->log();
    auto a_counter = [&](const std::string& name) {
        const auto j = a.json("show isis statistics");
        return j.contains("processes") ? j["processes"][0]["counters"].value(name, 0) : -1;
    };
    const int downs = a_counter("adj_down");

    b.reset();  // SIGTERM: b goes away without a word
    b = std::make_unique<OurRouter>(*nb, conf("b", 2, "b0"));
    ASSERT_TRUE(b->started()) << b->log();
    ASSERT_TRUE(eventually([&] { return b->log_text().find("graceful restart (RFC 5306) complete") != std::string::npos; }, 15s))
        << b->log() << a.log() << b->show("show isis statistics") << a.show("show isis statistics");
    EXPECT_GE(a_counter("rx_restart_request"), 1) << a.show("show isis statistics");
    EXPECT_EQ(a_counter("adj_down"), downs) << a.show("show isis statistics") << a.log();
    EXPECT_EQ(our_adjacency_state(a, "b"), "UP");
    EXPECT_EQ(b->log_text().find("databases synchronized") != std::string::npos, true);
    EXPECT_TRUE(eventually([&] { return our_isis_routes(*b).contains("1.1.1.1/32"); }, 10s)) << b->show("show ip route");
    EXPECT_TRUE(our_isis_routes(a).contains("2.2.2.2/32"));
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc > 1) g_ldpsyncd = argv[1];
    return RUN_ALL_TESTS();
}
