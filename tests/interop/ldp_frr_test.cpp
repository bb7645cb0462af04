// ldpsyncd's LDP speaker against FRR's ldpd (and against a second ldpsyncd), each router in a
// network namespace of its own, joined by a veth:
//
//   ldpsyncd (lo 1.1.1.1, la0 10.0.12.1/24) ==== FRR (lo 2.2.2.2, lf0 10.0.12.2/24,
//                                                      ls0 10.2.0.1/24, static 10.3.0.0/24 via 10.2.0.2)
//
// Both sides reach each other's loopback (the transport addresses) through static routes.
// Proven here: session OPERATIONAL on both sides, both LIBs agree label for label, sync is
// achieved within 1 s of the session coming up (FRR sends no End-of-LIB: the quiet period
// decides), a route withdrawn at FRR leaves our shm FTN, ldpd's death is seen within the hold
// time and sync is lost, TCP-MD5 works and a wrong key is refused, two ldpsyncd sync by
// End-of-LIB, and malformed PDUs on a real session get the right Notification.

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sched.h>
#include <sys/socket.h>

#include <cerrno>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "../common/frr.hpp"
#include "../common/ldpsyncd.hpp"
#include "../common/netns.hpp"
#include "ldp_interop.hpp"
#include "message.hpp"
#include "session_params.hpp"

namespace {

using namespace ldpsync::test::ldp_interop;

std::string our_config(const std::string& extra = {}) {
    return "hostname r1\n"
           "mpls ldp router-id 1.1.1.1\n"
           "mpls ldp discovery hello interval 1\n"
           "mpls ldp discovery hello holdtime 3\n" +
           extra +
           "interface lo\n ip address 1.1.1.1 255.255.255.255\n"
           "interface la0\n ip address 10.0.12.1 255.255.255.0\n mpls ip\n"
           "router ospf 1\n network 10.0.12.0 0.0.0.255 area 0\n mpls ldp sync\n"
           "ip route 2.2.2.2 255.255.255.255 10.0.12.2\n"
           "ip route 10.2.0.0 255.255.255.0 10.0.12.2\n"
           "ip route 10.3.0.0 255.255.255.0 10.0.12.2\n";
}

std::string frr_ldpd_config(const std::string& password, const std::string& transport = "2.2.2.2") {
    return "mpls ldp\n router-id 2.2.2.2\n" + (password.empty() ? "" : " neighbor 1.1.1.1 password " + password + "\n") +
           " discovery hello holdtime 3\n discovery hello interval 1\n"
           " address-family ipv4\n  discovery transport-address " + transport + "\n  interface lf0\n  exit\n"
           " exit-address-family\n!\n";
}

bool frr_session_up(const FrrRouter& f) {
    const Json all = f.vtysh_json("show mpls ldp neighbor json");
    for (const auto& n : member(all, "neighbors")) {
        if (n["neighborId"] == "1.1.1.1" && n["state"] == "OPERATIONAL") return true;
    }
    return false;
}

// prefix -> label text ("16", "imp-null"), as each side sees the other's and its own bindings.
using Labels = std::map<std::string, std::string>;
Labels our_remote(const Ldpsyncd& d, const std::string& lsr) {
    Labels out;
    const Json all = d.json("show mpls ldp bindings");
    for (const auto& b : member(all, "bindings")) {
        for (const auto& r : b["remote"]) {
            if (r["lsr"] == lsr) out[b["prefix"]] = r["label"];
        }
    }
    return out;
}
Labels our_local(const Ldpsyncd& d) {
    Labels out;
    const Json all = d.json("show mpls ldp bindings");
    for (const auto& b : member(all, "bindings")) {
        if (b.contains("localLabel")) out[b["prefix"]] = b["localLabel"];
    }
    return out;
}
Labels frr_labels(const FrrRouter& f, const char* which) {
    Labels out;
    const Json all = f.vtysh_json("show mpls ldp binding json");
    for (const auto& b : member(all, "bindings")) {
        if (b["neighborId"] == "1.1.1.1" && b[which] != "-") out[b["prefix"]] = b[which];
    }
    return out;
}
// FRR lists a FEC it has no label for of its own ("-") too; its local labels are the ones it
// advertises to every peer.
Labels frr_local(const FrrRouter& f) { return frr_labels(f, "localLabel"); }
Labels frr_remote(const FrrRouter& f) { return frr_labels(f, "remoteLabel"); }

// The label stack the data plane would push for `prefix` (empty: PHP), nothing without an FTN.
std::optional<std::vector<std::uint32_t>> ftn_labels(Ldpsyncd& d, std::uint32_t prefix, std::uint8_t len) {
    const auto t = d.tables();
    if (!t) return std::nullopt;
    for (const auto& [k, f] : t->ftn) {
        if (f.prefix != prefix || f.prefix_len != len) continue;
        const auto g = t->groups.find(f.group_id);
        if (g == t->groups.end() || g->second.n_members == 0) return std::nullopt;
        const auto nh = t->nexthops.find(g->second.members[0]);
        if (nh == t->nexthops.end()) return std::nullopt;
        return std::vector<std::uint32_t>(nh->second.labels.begin(), nh->second.labels.begin() + nh->second.n_labels);
    }
    return std::nullopt;
}

class LdpFrr : public ::testing::Test {
protected:
    void SetUp() override {
        if (auto why = FrrRouter::unavailable()) {
            GTEST_SKIP() << *why;
        }
        if (g_ldpsyncd.empty()) {
            GTEST_SKIP() << "no ldpsyncd binary given";
        }
        ours_ns_ = std::make_unique<NetNs>(ldpsync::test::unique_ns_name("la"));
        frr_ns_ = std::make_unique<NetNs>(ldpsync::test::unique_ns_name("lf"));
        ldpsync::test::connect_veth(*ours_ns_, "la0", *frr_ns_, "lf0");
        frr_ns_->add_address("lo", "2.2.2.2/32");
        frr_ns_->add_address("lf0", "10.0.12.2/24");
        // A stub link behind FRR: a connected prefix and a real next hop for a static route
        // (FRR's ldpd binds no label to routes through Null0).
        frr_ns_->exec_or_throw("ip link add ls0 type veth peer name ls1 && ip link set ls0 up && ip link set ls1 up");
        frr_ns_->add_address("ls0", "10.2.0.1/24");
        frr_ns_->enable_forwarding();
        const auto tmp = std::filesystem::temp_directory_path();
        frr_ = std::make_unique<FrrRouter>(*frr_ns_, tmp / (frr_ns_->name() + "-frr"));
        ours_ = std::make_unique<Ldpsyncd>(*ours_ns_, g_ldpsyncd, tmp / (ours_ns_->name() + "-d"),
                                           ours_ns_->name() + "-shm");
    }
    void TearDown() override {
        ours_.reset();
        frr_.reset();
        expect_no_process_left({ours_ns_.get(), frr_ns_.get()});
        ours_ns_.reset();
        frr_ns_.reset();
    }

    // Starts FRR (zebra, staticd, ldpd) and ldpsyncd; statics make the loopbacks reachable.
    void up(const std::string& our_extra = {}, const std::string& frr_password = {},
            const std::string& frr_transport = "2.2.2.2") {
        frr_->write_config("zebra", "hostname frr\n");
        frr_->write_config("staticd", "ip route 1.1.1.1/32 10.0.12.1\nip route 10.3.0.0/24 10.2.0.2\n");
        frr_->write_config("ldpd", frr_ldpd_config(frr_password, frr_transport));
        for (const char* d : {"zebra", "staticd", "ldpd"}) ASSERT_EQ(frr_->start(d), "");
        ASSERT_EQ(ours_->start(our_config(our_extra)), "");
        // ldpsyncd applies its interface addresses and installs its static route to FRR's
        // transport address in the kernel; this one, the kernel's own (metric 0), keeps the
        // test independent of that.
        ASSERT_TRUE(eventually([&] { return ours_ns_->exec("ip route add 2.2.2.2/32 via 10.0.12.2").ok(); }, 5s))
            << ours_ns_->exec("ip addr").output << ours_->log();
    }
    void expect_refused();
    void wait_operational() {
        ASSERT_TRUE(eventually([&] { return our_session_up(*ours_, "2.2.2.2:0") && frr_session_up(*frr_); }, 2 * kSlack))
            << ours_->command("show mpls ldp neighbor detail") << frr_->vtysh("show mpls ldp neighbor") << ours_->log();
    }

    std::unique_ptr<NetNs> ours_ns_, frr_ns_;
    std::unique_ptr<FrrRouter> frr_;
    std::unique_ptr<Ldpsyncd> ours_;
};

TEST_F(LdpFrr, SessionComesUpAndBothLibsAgreeAndSyncIsAchievedWithinOneSecond) {
    up();
    ASSERT_NO_FATAL_FAILURE(wait_operational());
    // The short form answers too, text and JSON.
    EXPECT_NE(ours_->command("show mpls ldp neighbor").find("State: OPERATIONAL"), std::string::npos);
    EXPECT_EQ(member(ours_->json("show mpls ldp neighbor"), "neighbors").size(), 1u);
    EXPECT_FALSE(member(ours_->json("show mpls ldp neighbor"), "neighbors")[0].contains("received"));  // detail only
    // What FRR advertises is what we hold from it, and the reverse, label for label.
    ASSERT_TRUE(eventually(
        [&] {
            const auto theirs = frr_local(*frr_);
            return !theirs.empty() && our_remote(*ours_, "2.2.2.2:0") == theirs;
        },
        kSlack))
        << ours_->command("show mpls ldp bindings") << frr_->vtysh("show mpls ldp binding");
    const Labels held = our_remote(*ours_, "2.2.2.2:0");
    // FRR binds every prefix in its RIB: its own loopback and connected prefixes with
    // implicit-null, routes through others (10.3.0.0/24, our 1.1.1.1) with a label.
    EXPECT_EQ(held.size(), 5u);
    EXPECT_EQ(held.at("2.2.2.2/32"), "imp-null");
    EXPECT_EQ(held.at("10.2.0.0/24"), "imp-null");
    EXPECT_NE(held.at("10.3.0.0/24"), "imp-null");
    ASSERT_TRUE(eventually(
        [&] {
            const auto theirs = frr_remote(*frr_);
            return !theirs.empty() && theirs == our_local(*ours_);
        },
        kSlack))
        << ours_->command("show mpls ldp bindings") << frr_->vtysh("show mpls ldp binding");
    EXPECT_EQ(our_local(*ours_).at("1.1.1.1/32"), "imp-null");  // our loopback: egress
    EXPECT_EQ(our_local(*ours_).at("10.0.12.0/24"), "imp-null");
    EXPECT_NE(our_local(*ours_).at("10.3.0.0/24"), "imp-null");  // transit: a real label

    // FRR sends no End-of-LIB: every FEC we route through it bound, then the quiet period.
    ASSERT_TRUE(eventually([&] { return our_neighbor(*ours_, "2.2.2.2:0").contains("initialExchangeMs"); }, kSlack));
    const auto done = our_neighbor(*ours_, "2.2.2.2:0");
    EXPECT_EQ(done["initialExchange"], "fecs_bound_quiet");
    EXPECT_LE(done["initialExchangeMs"].get<int>(), 1000);
    EXPECT_TRUE(done["sent"]["endOfLib"].get<bool>());  // FRR 8.4 announces the capability
    EXPECT_FALSE(done["received"]["endOfLib"].get<bool>());
    EXPECT_NE(sync_status(*ours_, "la0").find("sync achieved"), std::string::npos) << sync_status(*ours_, "la0");

    // The data plane's tables: FRR's labels out, ours in.
    ASSERT_TRUE(eventually([&] { return ftn_labels(*ours_, 0x0a030000, 24).has_value(); }, kSlack))
        << ours_->command("show mpls forwarding-table");
    EXPECT_EQ(*ftn_labels(*ours_, 0x0a030000, 24), std::vector<std::uint32_t>{static_cast<std::uint32_t>(std::stoul(held.at("10.3.0.0/24")))});
    EXPECT_EQ(*ftn_labels(*ours_, 0x02020202, 32), std::vector<std::uint32_t>{});  // PHP
    const auto ilm_label = std::stoul(our_local(*ours_).at("10.3.0.0/24"));
    const auto t = ours_->tables();
    ASSERT_TRUE(t);
    ASSERT_TRUE(t->ilm.contains(ilm_label));
    EXPECT_EQ(t->ilm.at(ilm_label).action, ldpsync::shm::IlmAction::forward);
}

TEST_F(LdpFrr, RouteWithdrawnAtFrrLeavesOurFtnAndIlm) {
    up();
    ASSERT_NO_FATAL_FAILURE(wait_operational());
    ASSERT_TRUE(eventually([&] { return ftn_labels(*ours_, 0x0a030000, 24).has_value(); }, kSlack))
        << ours_->command("show mpls forwarding-table");
    const auto local = std::stoul(our_local(*ours_).at("10.3.0.0/24"));
    frr_->configure({"no ip route 10.3.0.0/24 10.2.0.2"}, "staticd");
    // FRR withdraws its label: no FTN any more; our label pops and looks up (no LSP onwards).
    ASSERT_TRUE(eventually([&] { return !ftn_labels(*ours_, 0x0a030000, 24).has_value(); }, kSlack))
        << ours_->command("show mpls ldp bindings") << frr_->vtysh("show mpls ldp binding");
    EXPECT_FALSE(our_remote(*ours_, "2.2.2.2:0").contains("10.3.0.0/24"));
    const auto t = ours_->tables();
    ASSERT_TRUE(t);
    ASSERT_TRUE(t->ilm.contains(local));
    EXPECT_EQ(t->ilm.at(local).action, ldpsync::shm::IlmAction::pop_lookup);
    // The rest of the LSPs stay.
    EXPECT_TRUE(ftn_labels(*ours_, 0x02020202, 32).has_value());
    // We released the withdrawn label back to FRR (RFC 5036 3.5.10).
    EXPECT_GE(our_neighbor(*ours_, "2.2.2.2:0")["sent"]["labelRelease"].get<int>(), 1);
}

// The link going down ends the adjacency (and the session with its last adjacency) at once,
// not after the Hello hold time.
TEST_F(LdpFrr, LinkDownEndsTheAdjacencyAtOnce) {
    up();
    ASSERT_NO_FATAL_FAILURE(wait_operational());
    frr_ns_->link_down("lf0");  // carrier loss on our side of the veth
    // Well before the Hello hold time (3 s here) could end it: it takes 0.6-0.8 s on this box,
    // mostly the `ip` call and the polling; a 1 s bound failed once while the box was busy.
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(eventually([&] { return !our_session_up(*ours_, "2.2.2.2:0"); }, 3s)) << ours_->log();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
    EXPECT_EQ(member(ours_->json("show mpls ldp discovery"), "interfaces").size(), 0u);
    EXPECT_TRUE(eventually([&] { return !ftn_labels(*ours_, 0x02020202, 32).has_value(); }, 1s));
    // Back up: a new adjacency and session (once FRR has dropped its own side), labels again.
    frr_ns_->link_up("lf0");
    ASSERT_NO_FATAL_FAILURE(wait_operational());
    EXPECT_TRUE(eventually([&] { return ftn_labels(*ours_, 0x02020202, 32).has_value(); }, kSlack));
}

// Our RIB changes reach FRR: a new static route gets a local label advertised (Label Mapping),
// its removal withdraws it (Label Withdraw; FRR answers with a Release).
TEST_F(LdpFrr, OurRibChangesReachFrrAsMappingsAndWithdraws) {
    up();
    ASSERT_NO_FATAL_FAILURE(wait_operational());
    ASSERT_EQ(ours_->command("configure\nip route 10.5.0.0 255.255.255.0 10.0.12.2\n"), "");
    ASSERT_TRUE(eventually([&] { return our_local(*ours_).contains("10.5.0.0/24"); }, kSlack));
    const auto label = our_local(*ours_).at("10.5.0.0/24");
    EXPECT_NE(label, "imp-null");
    ASSERT_TRUE(eventually([&] { return frr_remote(*frr_).contains("10.5.0.0/24"); }, kSlack))
        << frr_->vtysh("show mpls ldp binding");
    EXPECT_EQ(frr_remote(*frr_).at("10.5.0.0/24"), label);
    ASSERT_EQ(ours_->command("configure\nno ip route 10.5.0.0 255.255.255.0 10.0.12.2\n"), "");
    EXPECT_TRUE(eventually([&] { return !frr_remote(*frr_).contains("10.5.0.0/24"); }, kSlack))
        << frr_->vtysh("show mpls ldp binding");
    EXPECT_FALSE(our_local(*ours_).contains("10.5.0.0/24"));
    EXPECT_EQ(our_neighbor(*ours_, "2.2.2.2:0")["sent"]["labelWithdraw"].get<int>(), 1);
    EXPECT_TRUE(eventually([&] { return our_neighbor(*ours_, "2.2.2.2:0")["received"]["labelRelease"].get<int>() >= 1; }, kSlack));
    // Still the same session, and the LIBs still agree.
    EXPECT_TRUE(eventually(
        [&] {
            const auto theirs = frr_remote(*frr_);
            return !theirs.empty() && theirs == our_local(*ours_);
        },
        kSlack));
}

// mpls static binding and LDP share the label space: a static binding on a label LDP has
// advertised is refused (the configuration is unchanged), and a static input label is never
// one LDP allocates, before or after (control/daemon/static_labels.hpp).
TEST_F(LdpFrr, StaticBindingLabelsAndLdpLabelsNeverOverlap) {
    up();
    ASSERT_NO_FATAL_FAILURE(wait_operational());
    ASSERT_TRUE(eventually([&] { return our_local(*ours_).contains("10.3.0.0/24"); }, kSlack));
    const auto taken = our_local(*ours_).at("10.3.0.0/24");
    const auto refused =
        ours_->command("configure\nmpls static binding ipv4 10.7.0.0 255.255.255.0 input " + taken + "\n");
    EXPECT_NE(refused.find("error"), std::string::npos) << refused;
    EXPECT_NE(refused.find("line 1, column 55"), std::string::npos) << refused;
    EXPECT_NE(refused.find("is LDP's local label for 10.3.0.0/24"), std::string::npos) << refused;
    EXPECT_EQ(ours_->command("show running-config").find("10.7.0.0"), std::string::npos);
    // The label after LDP's highest, given to a static binding, is skipped by LDP's next one.
    std::uint32_t highest = 0;
    for (const auto& [prefix, label] : our_local(*ours_)) {
        if (label != "imp-null") highest = std::max<std::uint32_t>(highest, std::stoul(label));
    }
    const auto reserved = std::to_string(highest + 1);
    ASSERT_EQ(ours_->command("configure\nmpls static binding ipv4 10.7.0.0 255.255.255.0 input " + reserved + "\n"),
              "");
    ASSERT_EQ(ours_->command("configure\nip route 10.5.0.0 255.255.255.0 10.0.12.2\n"), "");
    ASSERT_TRUE(eventually([&] { return our_local(*ours_).contains("10.5.0.0/24"); }, kSlack));
    EXPECT_EQ(our_local(*ours_).at("10.5.0.0/24"), std::to_string(highest + 2));
    EXPECT_TRUE(eventually([&] { return frr_remote(*frr_).contains("10.5.0.0/24"); }, kSlack));
    EXPECT_NE(frr_remote(*frr_).at("10.5.0.0/24"), reserved);
}

// RFC 5036 3.5.5/3.5.6 on a running session: a new address of ours reaches FRR as an Address
// message, a removed one as an Address Withdraw (FRR maps its next hops to us by them).
TEST_F(LdpFrr, OurAddressChangesReachFrrOnTheRunningSession) {
    up();
    ASSERT_NO_FATAL_FAILURE(wait_operational());
    const auto received = [&](const std::string& what) -> long {
        const auto j = frr_->vtysh_json("show mpls ldp neighbor detail json", "ldpd");
        if (!j.contains("1.1.1.1")) return -1;
        for (const auto& m : j["1.1.1.1"].value("receivedMessages", nlohmann::json::array())) {
            if (m.contains(what)) return m[what].get<long>();
        }
        return -1;
    };
    ASSERT_TRUE(eventually([&] { return received("address") == 1; }, kSlack)) << received("address");
    ASSERT_EQ(ours_->command("configure\ninterface lx9\n ip address 10.9.9.1 255.255.255.0\n"), "");
    EXPECT_TRUE(eventually([&] { return received("address") == 2; }, kSlack)) << received("address");
    ASSERT_EQ(ours_->command("configure\ninterface lx9\n no ip address\n"), "");
    EXPECT_TRUE(eventually([&] { return received("addressWithdraw") == 1; }, kSlack)) << received("addressWithdraw");
    EXPECT_TRUE(our_session_up(*ours_, "2.2.2.2:0"));
}

TEST_F(LdpFrr, LdpdKilledMeansSessionLossWithinTheHoldTimeAndSyncLost) {
    up();
    ASSERT_NO_FATAL_FAILURE(wait_operational());
    ASSERT_TRUE(eventually([&] { return sync_status(*ours_, "la0").find("sync achieved") != std::string::npos; }, kSlack));
    const auto t0 = std::chrono::steady_clock::now();
    frr_->kill_hard("ldpd");
    ASSERT_TRUE(eventually([&] { return !our_session_up(*ours_, "2.2.2.2:0"); }, 3s)) << ours_->log();
    EXPECT_LE(std::chrono::steady_clock::now() - t0, 3s);  // the negotiated Hello hold time
    EXPECT_TRUE(eventually([&] { return sync_status(*ours_, "la0").find("sync achieved") == std::string::npos; }, kSlack))
        << sync_status(*ours_, "la0");
    // FRR's labels are gone from our LIB and from the data plane.
    EXPECT_TRUE(eventually([&] { return our_remote(*ours_, "2.2.2.2:0").empty(); }, kSlack));
    EXPECT_TRUE(eventually([&] { return !ftn_labels(*ours_, 0x02020202, 32).has_value(); }, kSlack));
    EXPECT_TRUE(ours_->running());
}

TEST_F(LdpFrr, Md5WithTheSameKeyComesUp) {
    up("mpls ldp neighbor 2.2.2.2 password s3cret\n", "s3cret");
    ASSERT_NO_FATAL_FAILURE(wait_operational());
    EXPECT_TRUE(our_neighbor(*ours_, "2.2.2.2:0")["md5"].get<bool>());
}

// `mpls ldp neighbor` names the LSR id; FRR here connects from a transport address that is
// not its router id, so the key must be on the listener for that address too.
TEST_F(LdpFrr, Md5ForAPeerWhoseTransportAddressIsNotItsRouterId) {
    up("mpls ldp neighbor 2.2.2.2 password s3cret\n", "s3cret", "10.0.12.2");
    ASSERT_NO_FATAL_FAILURE(wait_operational());
    EXPECT_TRUE(our_neighbor(*ours_, "2.2.2.2:0")["md5"].get<bool>());
}

TEST_F(LdpFrr, Md5WithAnotherKeyIsRefused) {
    up("mpls ldp neighbor 2.2.2.2 password s3cret\n", "other");
    expect_refused();
}

// FRR signs nothing; our listener holds a key for 2.2.2.2, so its SYNs are dropped by our
// kernel: this one fails if our side does not install the key.
TEST_F(LdpFrr, Md5OnOurSideRefusesAnUnsignedPeer) {
    up("mpls ldp neighbor 2.2.2.2 password s3cret\n", "");
    expect_refused();
}

void LdpFrr::expect_refused() {
    // Hellos are fine (adjacency up), but no TCP segment with the wrong signature is accepted.
    ASSERT_TRUE(eventually(
        [&] { return member(ours_->json("show mpls ldp discovery"), "interfaces").dump().find("2.2.2.2:0") != std::string::npos; }, 5s));
    std::this_thread::sleep_for(4s);
    EXPECT_FALSE(our_session_up(*ours_, "2.2.2.2:0"));
    EXPECT_FALSE(frr_session_up(*frr_));
    EXPECT_TRUE(ours_->running());
}

// ---- two ldpsyncd: End-of-LIB, graceful restart ----

// A (lo 1.1.1.1, ta0 10.0.12.1) and B (lo 2.2.2.2, tb0 10.0.12.2), each an ldpsyncd in its own
// namespace; `config(me)` gives router id, interface and the static route to the other's loopback.
class LdpTwoLdpsyncd : public ::testing::Test {
protected:
    void SetUp() override {
        if (!ldpsync::test::running_as_root()) {
            GTEST_SKIP() << "needs root for network namespaces";
        }
        a_ = std::make_unique<NetNs>(ldpsync::test::unique_ns_name("ta"));
        b_ = std::make_unique<NetNs>(ldpsync::test::unique_ns_name("tb"));
        ldpsync::test::connect_veth(*a_, "ta0", *b_, "tb0");
        const auto tmp = std::filesystem::temp_directory_path();
        da_ = std::make_unique<Ldpsyncd>(*a_, g_ldpsyncd, tmp / (a_->name() + "-d"), a_->name() + "-shm");
        db_ = std::make_unique<Ldpsyncd>(*b_, g_ldpsyncd, tmp / (b_->name() + "-d"), b_->name() + "-shm");
    }
    void TearDown() override {
        da_.reset();
        db_.reset();
        expect_no_process_left({a_.get(), b_.get()});
    }
    static std::string config(int me, const std::string& extra) {
        const int peer = 3 - me;
        const auto id = [](int i) {
            const auto n = std::to_string(i);
            return n + "." + n + "." + n + "." + n;
        };
        return "mpls ldp router-id " + id(me) + "\nmpls ldp discovery hello interval 1\n" + extra +
               "interface lo\n ip address " + id(me) + " 255.255.255.255\n"
               "interface t" + (me == 1 ? "a0" : "b0") + "\n ip address 10.0.12." + std::to_string(me) +
               " 255.255.255.0\n mpls ip\n"
               "router ospf 1\n network 10.0.12.0 0.0.0.255 area 0\n mpls ldp sync\n"
               "ip route " + id(peer) + " 255.255.255.255 10.0.12." + std::to_string(peer) + "\n";
    }
    // The kernel routes between the loopbacks (ldpsyncd's RIB does not program the kernel).
    void kernel_routes() {
        ASSERT_TRUE(eventually([&] { return a_->exec("ip route add 2.2.2.2/32 via 10.0.12.2").ok(); }, 5s));
        ASSERT_TRUE(eventually([&] { return b_->exec("ip route add 1.1.1.1/32 via 10.0.12.1").ok(); }, 5s));
    }
    // Both with graceful restart (and `extra`), A's IGP adjacency up by the test hook (OSPF is
    // not wired yet), until A's link is synced and usable with graceful restart negotiated.
    void up_with_graceful_restart(const std::string& a_extra, const std::string& b_extra);

    std::unique_ptr<NetNs> a_, b_;
    std::unique_ptr<Ldpsyncd> da_, db_;
};

TEST_F(LdpTwoLdpsyncd, SyncByEndOfLib) {
    // GTSM offered by both (mpls ldp gtsm): the session runs it.
    ASSERT_EQ(da_->start(config(1, "mpls ldp discovery hello holdtime 3\nmpls ldp gtsm\n")), "");
    ASSERT_EQ(db_->start(config(2, "mpls ldp discovery hello holdtime 3\nmpls ldp gtsm\n")), "");
    ASSERT_NO_FATAL_FAILURE(kernel_routes());
    ASSERT_TRUE(eventually([&] { return our_session_up(*da_, "2.2.2.2:0") && our_session_up(*db_, "1.1.1.1:0"); }, 10s))
        << da_->log() << db_->log();
    for (auto [d, peer] : {std::pair{da_.get(), "2.2.2.2:0"}, std::pair{db_.get(), "1.1.1.1:0"}}) {
        ASSERT_TRUE(eventually([&] { return our_neighbor(*d, peer).contains("initialExchangeMs"); }, 3s)) << d->log();
        const auto n = our_neighbor(*d, peer);
        EXPECT_EQ(n["initialExchange"], "end_of_lib") << n.dump();
        EXPECT_TRUE(n["received"]["endOfLib"].get<bool>());
        EXPECT_LE(n["initialExchangeMs"].get<int>(), 1000);
        EXPECT_TRUE(n["gtsm"].get<bool>());  // both send G with TTL 255: IP_MINTTL 255 on the session
    }
    // Each holds the other's loopback as implicit-null, and both LIBs agree.
    EXPECT_EQ(our_remote(*da_, "2.2.2.2:0"), our_local(*db_));
    EXPECT_EQ(our_remote(*db_, "1.1.1.1:0"), our_local(*da_));
    EXPECT_NE(sync_status(*da_, "ta0").find("sync achieved"), std::string::npos) << sync_status(*da_, "ta0");

    // Host routes only: A withdraws its /24 from B, keeps its /32s.
    ASSERT_TRUE(our_remote(*db_, "1.1.1.1:0").contains("10.0.12.0/24"));
    ASSERT_EQ(da_->command("configure\nmpls ldp label allocate global host-routes\n"), "");
    EXPECT_TRUE(eventually([&] { return !our_remote(*db_, "1.1.1.1:0").contains("10.0.12.0/24"); }, 3s));
    EXPECT_TRUE(our_remote(*db_, "1.1.1.1:0").contains("1.1.1.1/32"));
    EXPECT_TRUE(our_remote(*db_, "1.1.1.1:0").contains("2.2.2.2/32"));
    EXPECT_EQ(our_remote(*db_, "1.1.1.1:0"), our_local(*da_));
}

bool link_usable(const Ldpsyncd& d, const std::string& itf) {
    const Json links = d.json("show mpls ldp igp sync links");
    for (const auto& l : member(links, "links")) {
        if (l["interface"] == itf && l["usable"] == true) return true;
    }
    return false;
}

void LdpTwoLdpsyncd::up_with_graceful_restart(const std::string& a_extra, const std::string& b_extra) {
    ASSERT_EQ(da_->start(config(1, "mpls ldp graceful-restart\n" + a_extra)), "");
    ASSERT_EQ(db_->start(config(2, "mpls ldp graceful-restart\n" + b_extra)), "");
    ASSERT_NO_FATAL_FAILURE(kernel_routes());
    ASSERT_EQ(da_->command("test igp ospf adjacency ta0 up"), "");
    ASSERT_TRUE(eventually([&] { return link_usable(*da_, "ta0"); }, 10s))
        << da_->command("show mpls ldp igp sync links") << da_->log();
    ASSERT_TRUE(our_neighbor(*da_, "2.2.2.2:0")["gracefulRestart"]["negotiated"].get<bool>());
}

// RFC 3478 between two ldpsyncd: B crashes and comes back; A keeps B's bindings (stale) and
// forwarding through them while B is away; B reconnects within the reconnect time with a
// Recovery Time of 0 (it kept no forwarding state past its start), so A drops the stale
// bindings at once and keeps what B re-advertises: what B no longer advertises is gone.
TEST_F(LdpTwoLdpsyncd, GracefulRestartKeepsForwardingAcrossAPeerRestart) {
    const std::string gr = "mpls ldp graceful-restart\nmpls ldp discovery hello holdtime 15\n";
    ASSERT_NO_FATAL_FAILURE(up_with_graceful_restart("mpls ldp discovery hello holdtime 15\nip route 10.8.0.0 255.255.0.0 10.0.12.2\n",
                                                     "mpls ldp discovery hello holdtime 15\nip route 10.8.0.0 255.255.0.0 10.0.12.1\n"));
    auto& da = *da_;
    ASSERT_TRUE(eventually([&] { return our_remote(da, "2.2.2.2:0").contains("10.8.0.0/16"); }, 10s)) << da.log();
    ASSERT_TRUE(eventually([&] { return ftn_labels(da, 0x0a080000, 16).has_value(); }, 3s));
    const auto ftn_before = *ftn_labels(da, 0x0a080000, 16);

    db_->kill_hard();
    ASSERT_TRUE(eventually([&] { return our_neighbor(da, "2.2.2.2:0")["gracefulRestart"]["state"] == "reconnecting"; }, 3s))
        << da.command("show mpls ldp neighbor detail") << da.log();
    // Still forwarding on B's labels, and the link still counts as synced (GR protection).
    EXPECT_EQ(ftn_labels(da, 0x0a080000, 16), ftn_before);
    EXPECT_EQ(our_neighbor(da, "2.2.2.2:0")["gracefulRestart"]["staleBindings"].get<int>(), 4);
    const std::string during = sync_status(da, "ta0");
    EXPECT_NE(during.find("sync achieved"), std::string::npos) << during;
    EXPECT_EQ(da.json("show mpls ldp igp sync counters").value("grProtected", 0), 1);  // session_down(GR)
    EXPECT_TRUE(link_usable(da, "ta0")) << da.command("show mpls ldp igp sync links");

    // B comes back without 10.8.0.0/16.
    ASSERT_EQ(db_->start(config(2, gr)), "");
    ASSERT_TRUE(eventually([&] { return our_session_up(da, "2.2.2.2:0"); }, 10s)) << da.log() << db_->log();
    ASSERT_TRUE(eventually([&] { return our_neighbor(da, "2.2.2.2:0")["gracefulRestart"]["state"] == "none"; }, 3s))
        << da.command("show mpls ldp neighbor detail");
    // B swept its data plane to its new state at start, so it keeps no forwarding state for a
    // recovery period and says so (Recovery Time 0): A dropped B's stale labels when the
    // session came back, rather than pushing labels that may now stand for other FECs.
    const auto gr_seen = our_neighbor(da, "2.2.2.2:0")["gracefulRestart"];
    EXPECT_EQ(gr_seen["peerRecoveryTimeMs"], 0) << gr_seen.dump();
    EXPECT_EQ(gr_seen["peerReconnectTimeoutMs"], 120000) << gr_seen.dump();
    EXPECT_EQ(gr_seen["lastSweep"], "the peer kept no forwarding state") << gr_seen.dump();
    EXPECT_FALSE(our_remote(da, "2.2.2.2:0").contains("10.8.0.0/16"));
    EXPECT_TRUE(our_remote(da, "2.2.2.2:0").contains("2.2.2.2/32"));
    EXPECT_FALSE(ftn_labels(da, 0x0a080000, 16).has_value());
    // Never lost while B was away (GR protection); lost once when B came back with nothing to
    // protect, until B's labels were exchanged on the new session; then in sync again.
    ASSERT_TRUE(eventually([&] { return sync_status(da, "ta0").find("sync achieved") != std::string::npos; }, 5s))
        << sync_status(da, "ta0");
    EXPECT_EQ(da.json("show mpls ldp igp sync counters").value("syncLost", -1), 1);
    EXPECT_TRUE(link_usable(da, "ta0"));
}

// RFC 3478 section 3.5, the labels: a restarted ldpsyncd binds each FEC to the label it had
// before (read back from the shm label ledger), whatever order the FECs come back in, so its
// peers learn the same labels again. B gets 10.9/16 first and 10.8/16 later, so 10.9 has the
// lower label; allocating afresh after the restart, with both in its configuration, it would
// give 10.8 the lower one.
TEST_F(LdpTwoLdpsyncd, GracefulRestartRestartedPeerBindsItsFecsToTheirOldLabels) {
    const std::string b_routes = "ip route 10.8.0.0 255.255.0.0 10.0.12.1\nip route 10.9.0.0 255.255.0.0 10.0.12.1\n";
    ASSERT_NO_FATAL_FAILURE(up_with_graceful_restart("", "ip route 10.9.0.0 255.255.0.0 10.0.12.1\n"));
    auto& da = *da_;
    ASSERT_EQ(db_->command("configure\nip route 10.8.0.0 255.255.0.0 10.0.12.1\n"), "");
    auto both = [&] {
        const Labels l = our_remote(da, "2.2.2.2:0");
        return l.contains("10.8.0.0/16") && l.contains("10.9.0.0/16");
    };
    ASSERT_TRUE(eventually(both, 10s)) << da.log();
    const Labels before = our_local(*db_);
    ASSERT_LT(std::stoul(before.at("10.9.0.0/16")), std::stoul(before.at("10.8.0.0/16")));
    ASSERT_EQ(our_remote(da, "2.2.2.2:0"), before);

    db_->kill_hard();
    ASSERT_EQ(db_->start(config(2, "mpls ldp graceful-restart\n" + b_routes)), "");
    ASSERT_TRUE(eventually([&] { return our_session_up(da, "2.2.2.2:0") && both(); }, 10s)) << da.log() << db_->log();
    EXPECT_EQ(our_local(*db_), before) << db_->log();
    EXPECT_EQ(our_remote(da, "2.2.2.2:0"), before);
    const auto labelled = std::count_if(before.begin(), before.end(), [](const auto& b) { return b.second != "imp-null"; });
    const std::string held = "holding " + std::to_string(labelled) + " of " + std::to_string(labelled) + " local labels";
    EXPECT_NE(db_->log().find(held), std::string::npos) << held << "\n" << db_->log();
}

// RFC 3478 when the peer never returns: B (neighbor-liveness 5) is killed and stays down. A
// (neighbor-liveness 120) keeps B's labels for the negotiated 5 s only, and its sync machine
// is protected for exactly as long (not for A's 120 s); B's adjacency expired meanwhile
// (hold time 3 s), so when protection ends the sync machine also learns that B is gone.
TEST_F(LdpTwoLdpsyncd, GracefulRestartPeerThatNeverReturnsIsGoneAfterTheNegotiatedReconnectTime) {
    const std::string hold = "mpls ldp discovery hello holdtime 3\n";
    ASSERT_NO_FATAL_FAILURE(up_with_graceful_restart(hold + "mpls ldp graceful-restart timers neighbor-liveness 120\n",
                                                     hold + "mpls ldp graceful-restart timers neighbor-liveness 5\n"));
    auto& da = *da_;
    ASSERT_NE(sync_status(da, "ta0").find("peer reachable"), std::string::npos) << sync_status(da, "ta0");

    const auto killed = std::chrono::steady_clock::now();
    db_->kill_hard();
    ASSERT_TRUE(eventually([&] { return our_neighbor(da, "2.2.2.2:0")["gracefulRestart"]["state"] == "reconnecting"; }, 3s))
        << da.command("show mpls ldp neighbor detail") << da.log();
    EXPECT_TRUE(link_usable(da, "ta0"));  // protected
    auto counters = [&] { return da.json("show mpls ldp igp sync counters"); };
    ASSERT_TRUE(eventually([&] { return counters().value("grReconnectExpired", 0) == 1; }, 10s))
        << counters().dump() << da.log();
    const auto protected_for = std::chrono::steady_clock::now() - killed;
    EXPECT_GE(protected_for, 4s);
    EXPECT_LT(protected_for, 8s);  // B's 5 s, not our 120 s
    EXPECT_FALSE(link_usable(da, "ta0"));
    // The sync machine is told the peer is gone (Daemon::ldp_peer(nullopt): "not reachable",
    // although its transport address still has a route); no neighbor, none of B's labels.
    EXPECT_TRUE(eventually([&] { return sync_status(da, "ta0").find("peer not reachable") != std::string::npos; }, 2s))
        << sync_status(da, "ta0") << da.log();
    EXPECT_TRUE(our_neighbor(da, "2.2.2.2:0").is_null()) << da.command("show mpls ldp neighbor detail");
    EXPECT_TRUE(our_remote(da, "2.2.2.2:0").empty());
}

// ---- malformed PDUs over a real TCP session ----

// A scripted LDP peer living in a namespace (its sockets are created on a thread that entered
// it): 10.0.12.2, LSR id 10.0.12.2, no transport TLV, so it is the active side towards 1.1.1.1.
class FakePeer {
public:
    explicit FakePeer(const NetNs& ns) : ns_(ns) {}
    ~FakePeer() {
        if (tcp_ >= 0) close(tcp_);
    }

    // Hellos until our TCP connection is accepted, then Initialization + KeepAlive both ways.
    std::string bring_up() {
        std::string error;
        std::thread([&] { error = in_namespace([&] { return bring_up_here(); }); }).join();
        return error;
    }
    void send(const std::vector<std::uint8_t>& pdu) { (void)!::send(tcp_, pdu.data(), pdu.size(), MSG_NOSIGNAL); }
    // The next Notification received (skipping KeepAlives), within `limit`.
    std::optional<ldpsync::ldp::Notification> next_notification(std::chrono::milliseconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            while (auto pdu = take_pdu()) {
                auto d = ldpsync::ldp::decode_pdu(*pdu);
                if (!d) continue;
                for (auto& m : d->messages) {
                    if (m.message) {
                        if (const auto* n = std::get_if<ldpsync::ldp::Notification>(&*m.message)) return *n;
                    }
                }
            }
            if (!read_some(100)) return std::nullopt;
        }
        return std::nullopt;
    }
    // True when the daemon closed the connection.
    bool closed_by_peer(std::chrono::milliseconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            if (!read_some(100) && eof_) return true;
        }
        return eof_;
    }

private:
    template <class F>
    std::string in_namespace(F f) {
        const int fd = open(("/var/run/netns/" + ns_.name()).c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) return "setns failed";
        close(fd);
        return f();
    }
    std::string bring_up_here() {
        using namespace ldpsync::ldp;
        const std::uint32_t me = 0x0a000c02;
        const int udp = socket(AF_INET, SOCK_DGRAM, 0);
        ip_mreqn m{};
        m.imr_ifindex = static_cast<int>(if_index("lf0"));
        setsockopt(udp, IPPROTO_IP, IP_MULTICAST_IF, &m, sizeof m);
        sockaddr_in group{};
        group.sin_family = AF_INET;
        group.sin_port = htons(646);
        group.sin_addr.s_addr = htonl(0xe0000002);
        Hello h;
        h.id = 1;
        h.params.hold_time = 15;
        PduHeader header;
        header.lsr_id = me;
        const Bytes hello = encode_pdu(header, std::vector<Message>{h});
        const auto deadline = std::chrono::steady_clock::now() + 8s;
        while (std::chrono::steady_clock::now() < deadline && tcp_ < 0) {
            sendto(udp, hello.data(), hello.size(), 0, reinterpret_cast<sockaddr*>(&group), sizeof group);
            std::this_thread::sleep_for(300ms);
            const int s = socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in to{};
            to.sin_family = AF_INET;
            to.sin_port = htons(646);
            to.sin_addr.s_addr = htonl(0x01010101);
            if (connect(s, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
                close(s);
                continue;
            }
            // The daemon closes a connection it does not expect at once: keep it only if it
            // stays open.
            pollfd p{s, POLLIN, 0};
            if (poll(&p, 1, 200) == 0) tcp_ = s;
            else close(s);
        }
        close(udp);
        if (tcp_ < 0) return "no TCP session accepted by ldpsyncd";
        LocalSessionParams local;
        local.lsr_id = me;
        const Bytes init =
            encode_pdu(header, std::vector<Message>{make_initialization(local, 0x01010101, 0, 2), KeepAlive{false, 3, {}}});
        (void)!::send(tcp_, init.data(), init.size(), MSG_NOSIGNAL);
        // Its Initialization and KeepAlive.
        bool got_keepalive = false;
        const auto until = std::chrono::steady_clock::now() + 3s;
        while (!got_keepalive && std::chrono::steady_clock::now() < until) {
            while (auto pdu = take_pdu()) {
                auto d = decode_pdu(*pdu);
                if (!d) return "undecodable PDU from ldpsyncd: " + d.error().to_string();
                for (auto& msg : d->messages) {
                    got_keepalive = got_keepalive || (msg.message && std::holds_alternative<KeepAlive>(*msg.message));
                }
            }
            if (!got_keepalive && !read_some(100) && eof_) return "ldpsyncd closed the session during Initialization";
        }
        return got_keepalive ? "" : "no KeepAlive from ldpsyncd";
    }
    static unsigned if_index(const char* name) {
        const int s = socket(AF_INET, SOCK_DGRAM, 0);
        ifreq r{};
        std::snprintf(r.ifr_name, sizeof r.ifr_name, "%s", name);
        const int rc = ioctl(s, SIOCGIFINDEX, &r);
        close(s);
        return rc == 0 ? static_cast<unsigned>(r.ifr_ifindex) : 0;
    }
    bool read_some(int timeout_ms) {
        pollfd p{tcp_, POLLIN, 0};
        if (poll(&p, 1, timeout_ms) <= 0) return false;
        std::byte buf[8192];
        const ssize_t n = recv(tcp_, buf, sizeof buf, 0);
        if (n <= 0) {
            eof_ = true;
            return false;
        }
        rx_.insert(rx_.end(), buf, buf + n);
        return true;
    }
    std::optional<ldpsync::ldp::Bytes> take_pdu() {
        auto n = ldpsync::ldp::frame_pdu(rx_, 4096);
        if (!n || *n == 0) return std::nullopt;
        ldpsync::ldp::Bytes pdu(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(*n));
        rx_.erase(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(*n));
        return pdu;
    }

    const NetNs& ns_;
    int tcp_ = -1;
    bool eof_ = false;
    ldpsync::ldp::Bytes rx_;
};

// PDU header (version 1, LSR 10.0.12.2:0) around raw message bytes.
std::vector<std::uint8_t> raw_pdu(const std::vector<std::uint8_t>& messages) {
    const auto len = static_cast<std::uint16_t>(6 + messages.size());
    std::vector<std::uint8_t> p;
    p.reserve(10 + messages.size());
    for (int b : {0, 1, len >> 8, len & 0xff, 10, 0, 12, 2, 0, 0}) p.push_back(static_cast<std::uint8_t>(b));
    for (auto b : messages) p.push_back(b);
    return p;
}

TEST_F(LdpFrr, MalformedPdusOnARealSessionGetTheRightNotificationAndTheDaemonKeepsRunning) {
    // No FRR here: a scripted peer on FRR's side of the veth.
    ASSERT_EQ(ours_->start(our_config()), "");
    frr_ns_->exec_or_throw("ip route add 1.1.1.1/32 via 10.0.12.1");
    FakePeer peer(*frr_ns_);
    ASSERT_EQ(peer.bring_up(), "") << ours_->log();
    ASSERT_TRUE(eventually([&] { return our_session_up(*ours_, "10.0.12.2:0"); }, 3s)) << ours_->log();

    // Unknown message type with U = 0 (0x0A00): advisory Unknown Message Type, session stays.
    peer.send(raw_pdu({0x0a, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x09}));
    auto n = peer.next_notification(2s);
    ASSERT_TRUE(n) << ours_->log();
    EXPECT_EQ(n->status.code, 0x04u);
    EXPECT_FALSE(n->status.e);
    EXPECT_EQ(n->status.message_id, 9u);
    EXPECT_EQ(n->status.message_type, 0x0a00);
    EXPECT_TRUE(our_session_up(*ours_, "10.0.12.2:0"));

    // Label Mapping whose Generic Label TLV is 3 octets long: Bad TLV Length, fatal.
    peer.send(raw_pdu({0x04, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00, 0x0a,  // Label Mapping, id 10
                       0x01, 0x00, 0x00, 0x07, 0x02, 0x00, 0x01, 0x18, 0x0a, 0x03, 0x00,  // FEC 10.3.0.0/24
                       0x02, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00}));                          // label, length 3
    n = peer.next_notification(2s);
    ASSERT_TRUE(n) << ours_->log();
    EXPECT_EQ(n->status.code, 0x07u);
    EXPECT_TRUE(n->status.e);
    EXPECT_EQ(n->status.message_id, 10u);
    EXPECT_TRUE(peer.closed_by_peer(2s));
    EXPECT_TRUE(eventually([&] { return !our_session_up(*ours_, "10.0.12.2:0"); }, 2s));
    // Still serving, its state intact: the adjacency is still there.
    EXPECT_TRUE(ours_->running());
    EXPECT_NE(member(ours_->json("show mpls ldp discovery"), "interfaces").dump().find("10.0.12.2:0"), std::string::npos);
    EXPECT_GE(our_neighbor(*ours_, "10.0.12.2:0")["sent"]["errorNotifications"].get<int>(), 1);
}

// A run killed by a timeout never reaches its destructors: its namespaces (named after its pid)
// and the processes in them stay. Those of dead runs of this test are swept at start: only FRR
// daemons and ldpsyncd found inside them are killed, by pid, then the namespaces deleted.
void sweep_dead_runs() {
    const std::regex ours(R"(^(ldps-(la|lf|ta|tb|lb|lu|lx|ly|lc)(\d+))\b)");
    std::istringstream list(ldpsync::test::shell("ip netns list").output);
    for (std::string line; std::getline(list, line);) {
        std::smatch m;
        if (!std::regex_search(line, m, ours)) continue;
        const auto owner = static_cast<pid_t>(std::stol(m[3]));
        if (owner == getpid() || kill(owner, 0) == 0 || errno != ESRCH) continue;  // its run is alive
        const std::string name = m[1];
        std::istringstream pids(ldpsync::test::shell("ip netns pids " + name).output);
        for (std::string pid; std::getline(pids, pid);) {
            std::ifstream in("/proc/" + pid + "/cmdline");
            std::string arg0;
            std::getline(in, arg0, '\0');
            if (arg0.starts_with(std::string(FrrRouter::kBinDir) + "/") || arg0 == g_ldpsyncd) {
                kill(static_cast<pid_t>(std::stol(pid)), SIGKILL);
            }
        }
        ldpsync::test::shell("ip netns del " + name);
        std::error_code ec;
        std::filesystem::remove_all(std::filesystem::path(FrrRouter::kRunBase) / name, ec);
        for (const char* suffix : {"-d", "-frr"}) {
            std::filesystem::remove_all(std::filesystem::temp_directory_path() / (name + suffix), ec);
        }
        std::fprintf(stderr, "swept %s, left by a dead run\n", name.c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc >= 2) ldpsync::test::ldp_interop::g_ldpsyncd = argv[1];
    if (ldpsync::test::running_as_root()) sweep_dead_runs();
    return RUN_ALL_TESTS();
}
