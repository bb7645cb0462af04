// RFC 6138 section 3 against real FRR ldpd peers on one LAN: ldpsyncd and FRR routers (zebra,
// staticd, ldpd) on a bridge, each router in a namespace of its own:
//
//                          br0 (namespace lb)
//        ┌──────────────┬──────────┴───┬──────────────┐
//   us u0 10.0.1.1  A a0 10.0.1.2  B b0 10.0.1.3  C c0 10.0.1.4
//   lo 1.1.1.1      lo 2.2.2.2     lo 3.3.3.3     lo 4.4.4.4
//
// No IGP: static routes to the loopbacks (the transport addresses) both ways, and our OSPF
// adjacency on u0 given by the test hook, so that u0's link record (usable, gate) follows LDP.
// B and C each hold back the end of their initial label exchange: we route 10.9.N.0/24 through
// them (N = 3, 4) and they have no such prefix, so they bind everything but that FEC, until the
// test gives them the prefix (an address on a veth inside their namespace: a connected route,
// which FRR binds with implicit-null). FRR sends no End-of-LIB: for us an exchange is complete
// when every FEC routed through the peer is bound and a quiet period (200 ms) has passed; the
// other way, the upper bound, is set to 60 s, beyond these tests.

#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <memory>
#include <thread>

#include "../common/frr.hpp"
#include "../common/ldpsyncd.hpp"
#include "../common/netns.hpp"
#include "ldp_interop.hpp"

namespace {

using namespace ldpsync::test::ldp_interop;

// `cond` holds at every poll for `period`: a state that must last, not just be reached once.
bool throughout(const std::function<bool()>& cond, std::chrono::milliseconds period) {
    const auto end = std::chrono::steady_clock::now() + period;
    while (std::chrono::steady_clock::now() < end) {
        if (!cond()) return false;
        std::this_thread::sleep_for(50ms);
    }
    return cond();
}

class LdpLan : public ::testing::Test {
protected:
    // FRR router n (2 = A, 3 = B, 4 = C): lo n.n.n.n, <x>0 10.0.1.n on the bridge.
    struct Peer {
        std::unique_ptr<NetNs> ns;
        std::unique_ptr<FrrRouter> frr;
        std::string id;
    };

    void SetUp() override {
        if (auto why = FrrRouter::unavailable()) GTEST_SKIP() << *why;
        if (g_ldpsyncd.empty()) GTEST_SKIP() << "no ldpsyncd binary given";
        using ldpsync::test::unique_ns_name;
        bridge_ = std::make_unique<NetNs>(unique_ns_name("lb"));
        bridge_->add_bridge("br0");
        us_ns_ = std::make_unique<NetNs>(unique_ns_name("lu"));
        ldpsync::test::attach_to_bridge(*bridge_, "br0", "pu", *us_ns_, "u0");
        bridge_->link_up("pu");
        const auto tmp = std::filesystem::temp_directory_path();
        for (int n = 2; n <= 4; ++n) {
            const char tag[] = {"xyc"[n - 2], '\0'};
            Peer& p = peer(n);
            const std::string d = std::to_string(n);
            p.id = d + "." + d + "." + d + "." + d;
            p.ns = std::make_unique<NetNs>(unique_ns_name(std::string("l") + tag));
            const std::string itf = std::string(tag) + "0", port = std::string("p") + tag;
            ldpsync::test::attach_to_bridge(*bridge_, "br0", port, *p.ns, itf);
            bridge_->link_up(port);
            p.ns->add_address("lo", p.id + "/32");
            p.ns->add_address(itf, "10.0.1." + std::to_string(n) + "/24");
            // Where the held-back prefix will be: a veth inside the namespace, up, no address.
            p.ns->exec_or_throw("ip link add hs0 type veth peer name hs1 && ip link set hs0 up && ip link set hs1 up");
            p.frr = std::make_unique<FrrRouter>(*p.ns, tmp / (p.ns->name() + "-frr"));
            p.frr->write_config("zebra", "hostname " + itf + "\n");
            p.frr->write_config("staticd", "ip route 1.1.1.1/32 10.0.1.1\n");
            p.frr->write_config("ldpd", "mpls ldp\n router-id " + p.id +
                                            "\n discovery hello holdtime 3\n discovery hello interval 1\n"
                                            " address-family ipv4\n  discovery transport-address " + p.id +
                                            "\n  interface " + itf + "\n  exit\n exit-address-family\n!\n");
        }
        us_ = std::make_unique<Ldpsyncd>(*us_ns_, g_ldpsyncd, tmp / (us_ns_->name() + "-d"), us_ns_->name() + "-shm");
    }
    void TearDown() override {
        us_.reset();
        for (auto& p : peers_) p.frr.reset();
        expect_no_process_left({us_ns_.get(), peers_[0].ns.get(), peers_[1].ns.get(), peers_[2].ns.get()});
    }

    Peer& peer(int n) { return peers_.at(static_cast<std::size_t>(n - 2)); }
    std::string ident(int n) { return peer(n).id + ":0"; }

    void start_frr(int n) {
        for (const char* d : {"zebra", "staticd", "ldpd"}) ASSERT_EQ(peer(n).frr->start(d), "");
    }
    // Peer n gets the prefix we route through it: it binds it, and its exchange can complete.
    void release(int n) { peer(n).ns->exec_or_throw("ip addr add 10.9." + std::to_string(n) + ".1/24 dev hs0"); }

    void start_us() {
        ASSERT_EQ(us_->start("hostname r1\nmpls ldp router-id 1.1.1.1\n"
                             "mpls ldp discovery hello interval 1\nmpls ldp discovery hello holdtime 3\n"
                             "mpls ldp igp sync upper-bound 60\n"
                             "interface lo\n ip address 1.1.1.1 255.255.255.255\n"
                             "interface u0\n ip address 10.0.1.1 255.255.255.0\n mpls ip\n"
                             "router ospf 1\n network 10.0.1.0 0.0.0.255 area 0\n mpls ldp sync\n"
                             "ip route 2.2.2.2 255.255.255.255 10.0.1.2\n"
                             "ip route 3.3.3.3 255.255.255.255 10.0.1.3\n"
                             "ip route 4.4.4.4 255.255.255.255 10.0.1.4\n"
                             "ip route 10.9.3.0 255.255.255.0 10.0.1.3\n"
                             "ip route 10.9.4.0 255.255.255.0 10.0.1.4\n"),
                  "");
        // The kernel's own routes to the transport addresses (metric 0): the test does not
        // depend on ldpsyncd installing its statics.
        ASSERT_TRUE(eventually([&] { return us_ns_->exec("ip route add 2.2.2.2/32 via 10.0.1.2").ok(); }, 5s)) << us_->log();
        ASSERT_TRUE(us_ns_->exec("ip route add 3.3.3.3/32 via 10.0.1.3 && ip route add 4.4.4.4/32 via 10.0.1.4").ok());
        ASSERT_EQ(us_->command("test igp ospf adjacency u0 up"), "");
    }

    bool exchange_complete(int n) { return our_neighbor(*us_, ident(n)).contains("initialExchangeMs"); }
    bool adjacency_seen(int n) {
        for (const auto& i : member(us_->json("show mpls ldp discovery"), "interfaces")) {
            for (const auto& a : member(i, "adjacencies")) {
                if (a.value("ldpId", "") == ident(n)) return true;
            }
        }
        return false;
    }
    // Sync on u0 as the control socket shows it.
    bool shown_synced() {
        const Json j = us_->json("show mpls ldp igp sync interface u0");
        for (const auto& i : member(j, "interfaces")) {
            if (i.value("sync_status", "") == "achieved") return true;
        }
        return false;
    }
    // ...and as the data plane reads it: u0's link record in shm, and the gate on it.
    bool dataplane_synced() {
        const auto r = us_->link("u0");
        return r && r->sync == ldpsync::shm::SyncState::achieved && r->usable != 0 && us_->gate(r->link_id);
    }
    bool synced() { return shown_synced() && dataplane_synced(); }
    bool unsynced() { return !shown_synced() && !dataplane_synced(); }
    std::string why() {
        return sync_status(*us_, "u0") + us_->command("show mpls ldp igp sync links") +
               us_->command("show mpls ldp neighbor detail") + us_->command("show mpls ldp bindings");
    }
    Json u0_discovery() { return ldpsync::test::ldp_discovery_interface(us_->json("show mpls ldp discovery"), "u0"); }
    int counter(const char* name) { return us_->json("show mpls ldp igp sync counters").value(name, -1); }

    std::unique_ptr<NetNs> bridge_, us_ns_;
    std::array<Peer, 3> peers_;
    std::unique_ptr<Ldpsyncd> us_;
};

// A LAN is in sync only once the exchange is complete with every peer on it: A's session up and
// its labels exchanged, B's session up but one FEC routed through B still unbound: not in sync.
TEST_F(LdpLan, NotInSyncUntilEveryPeersExchangeIsComplete) {
    ASSERT_NO_FATAL_FAILURE(start_frr(2));
    ASSERT_NO_FATAL_FAILURE(start_frr(3));
    ASSERT_NO_FATAL_FAILURE(start_us());
    ASSERT_TRUE(eventually([&] { return exchange_complete(2) && our_session_up(*us_, ident(3)); }, 2 * kSlack))
        << why() << us_->log();
    EXPECT_EQ(our_neighbor(*us_, ident(2))["initialExchange"], "fecs_bound_quiet");
    // B bound all but 10.9.3.0/24 (its loopback, at least); for five quiet periods and more,
    // neither the control plane nor the data plane calls u0 synced.
    EXPECT_TRUE(eventually(
        [&] {
            const auto b = our_neighbor(*us_, ident(3));
            return b.is_object() && b.value("remoteBindings", 0) > 0;
        },
        3s))
        << why();
    EXPECT_TRUE(eventually([&] { return unsynced(); }, 2s)) << why();
    EXPECT_TRUE(throughout([&] { return unsynced() && !exchange_complete(3) && exchange_complete(2); }, 1500ms)) << why();

    release(3);
    ASSERT_TRUE(eventually([&] { return exchange_complete(3) && synced(); }, 5s)) << why() << us_->log();
    EXPECT_EQ(our_neighbor(*us_, ident(3))["initialExchange"], "fecs_bound_quiet");
}

// A new peer on a LAN in sync takes the sync back as soon as its adjacency appears, and sync
// returns once its own exchange is complete; the session already up is not touched.
TEST_F(LdpLan, NewPeerOnASyncedLanTakesTheSyncBackUntilItsExchangeIsComplete) {
    ASSERT_NO_FATAL_FAILURE(start_frr(2));
    ASSERT_NO_FATAL_FAILURE(start_us());
    ASSERT_TRUE(eventually([&] { return synced(); }, 2 * kSlack)) << why() << us_->log();
    ASSERT_EQ(counter("syncAchieved"), 1);
    ASSERT_EQ(counter("syncLost"), 0);

    ASSERT_NO_FATAL_FAILURE(start_frr(4));
    // Polled often: the show that first lists C's adjacency already shows the sync taken back
    // (the speaker does both in one step; C's exchange cannot be complete yet, it is held back).
    ASSERT_TRUE(eventually([&] { return adjacency_seen(4); }, kSlack, 20ms)) << why();
    EXPECT_FALSE(shown_synced()) << why();
    EXPECT_TRUE(eventually([&] { return unsynced(); }, 1s)) << why();
    ASSERT_TRUE(eventually([&] { return our_session_up(*us_, ident(4)); }, kSlack)) << why() << us_->log();
    EXPECT_TRUE(throughout([&] { return unsynced() && !exchange_complete(4); }, 1500ms)) << why();

    release(4);
    ASSERT_TRUE(eventually([&] { return exchange_complete(4) && synced(); }, 5s)) << why() << us_->log();
    EXPECT_EQ(our_neighbor(*us_, ident(4))["initialExchange"], "fecs_bound_quiet");
    EXPECT_EQ(counter("syncLost"), 1);
    EXPECT_EQ(counter("syncAchieved"), 2);
    EXPECT_NE(us_->log().find("LDP-SYNC: 4.4.4.4 is new on u0: sync taken back"), std::string::npos) << us_->log();
    EXPECT_TRUE(our_session_up(*us_, ident(2)));  // A's session was never touched
}

// A peer leaving a LAN in sync ends the sync; the LAN is handed over to the remaining peers
// only once the IGP has no neighbour at the departed router's address any more (its LDP might
// have died with its IGP adjacency alive, and the IGP would still route through it). The IGP's
// neighbours come from the test hook here (OSPF gives them in ospf-frr-ldp-sync).
TEST_F(LdpLan, PeerLeavingTheLanHoldsTheSyncUntilTheIgpLosesIt) {
    ASSERT_NO_FATAL_FAILURE(start_frr(2));
    ASSERT_NO_FATAL_FAILURE(start_frr(3));
    release(3);
    ASSERT_NO_FATAL_FAILURE(start_us());
    for (const char* a : {"10.0.1.2", "10.0.1.3"}) {
        ASSERT_EQ(us_->command(std::string("test igp ospf neighbor u0 ") + a + " up"), "");
    }
    ASSERT_TRUE(eventually([&] { return exchange_complete(2) && exchange_complete(3) && synced(); }, 2 * kSlack))
        << why() << us_->log();

    // B leaves the LAN: its Hellos stop, its adjacency ends after its 3 s hold time.
    peer(3).ns->exec_or_throw("ip link set y0 down");
    ASSERT_TRUE(eventually([&] { return !adjacency_seen(3); }, 3 * kSlack)) << why();
    EXPECT_TRUE(eventually([&] { return unsynced(); }, 1s)) << why();
    EXPECT_TRUE(throughout([&] { return unsynced(); }, 1500ms)) << why();
    EXPECT_TRUE(exchange_complete(2)) << why();
    // A, still on the LAN, is the interface's LDP peer for the sync machine now: reachable.
    EXPECT_NE(sync_status(*us_, "u0").find("sync not achieved; peer reachable."), std::string::npos) << why();
    // The discovery show says why.
    EXPECT_EQ(u0_discovery()["syncHeldBy"], Json::array({"3.3.3.3:0"})) << u0_discovery().dump();
    EXPECT_EQ(u0_discovery()["igpNeighbors"], Json::array({"10.0.1.2", "10.0.1.3"})) << u0_discovery().dump();
    EXPECT_NE(us_->command("show mpls ldp discovery").find("Sync held back by 3.3.3.3:0"), std::string::npos)
        << us_->command("show mpls ldp discovery");

    // The IGP loses B too (its dead interval): A alone is on the LAN, with its labels.
    ASSERT_EQ(us_->command("test igp ospf neighbor u0 10.0.1.3 down"), "");
    EXPECT_TRUE(eventually([&] { return synced(); }, 1s)) << why() << us_->log();
    EXPECT_NE(us_->log().find("LDP-SYNC: 10.0.1.3 left u0"), std::string::npos) << us_->log();
    EXPECT_EQ(counter("syncAchieved"), 2);
    EXPECT_EQ(u0_discovery()["syncHeldBy"], Json::array()) << u0_discovery().dump();
}

}  // namespace
