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
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sched.h>
#include <sys/socket.h>

#include <map>
#include <thread>

#include "../common/frr.hpp"
#include "../common/ldpsyncd.hpp"
#include "../common/netns.hpp"
#include "message.hpp"
#include "session_params.hpp"

namespace {

using namespace std::chrono_literals;
using ldpsync::test::eventually;
using ldpsync::test::FrrRouter;
using ldpsync::test::Ldpsyncd;
using ldpsync::test::NetNs;
using Json = nlohmann::json;

std::string g_ldpsyncd;

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

std::string frr_ldpd_config(const std::string& password) {
    return "mpls ldp\n router-id 2.2.2.2\n" + (password.empty() ? "" : " neighbor 1.1.1.1 password " + password + "\n") +
           " discovery hello holdtime 3\n discovery hello interval 1\n"
           " address-family ipv4\n  discovery transport-address 2.2.2.2\n  interface lf0\n  exit\n"
           " exit-address-family\n!\n";
}

// j[key] when j is an object holding it, else an empty array: a reply that is not what we
// expect (daemon gone, FRR busy) must fail the check, not abort on nlohmann's const assertion.
Json member(const Json& j, const char* key) { return j.is_object() && j.contains(key) ? j[key] : Json::array(); }

// Our state for one neighbor from `show mpls ldp neighbor detail json`.
Json our_neighbor(const Ldpsyncd& d, const std::string& id) {
    const Json all = d.json("show mpls ldp neighbor detail");  // kept: range-for over a temporary's member dangles
    for (const auto& n : member(all, "neighbors")) {
        if (n["peerLdpId"] == id) return n;
    }
    return Json();
}
bool our_session_up(const Ldpsyncd& d, const std::string& id) {
    const auto n = our_neighbor(d, id);
    return n.is_object() && n["state"] == "OPERATIONAL";
}
bool frr_session_up(const FrrRouter& f) {
    const Json all = f.vtysh_json("show mpls ldp neighbor json");
    for (const auto& n : member(all, "neighbors")) {
        if (n["neighborId"] == "1.1.1.1" && n["state"] == "OPERATIONAL") return true;
    }
    return false;
}
std::string sync_status(const Ldpsyncd& d, const std::string& itf) {
    return d.command("show mpls ldp igp sync interface " + itf);
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
        // Every process was stopped by its pid: nothing is left in either namespace.
        for (const auto* ns : {ours_ns_.get(), frr_ns_.get()}) {
            if (ns != nullptr) {
                EXPECT_TRUE(ns->pids().empty()) << ns->name();
            }
        }
        ours_ns_.reset();
        frr_ns_.reset();
    }

    // Starts FRR (zebra, staticd, ldpd) and ldpsyncd; statics make the loopbacks reachable.
    void up(const std::string& our_extra = {}, const std::string& frr_password = {}) {
        frr_->write_config("zebra", "hostname frr\n");
        frr_->write_config("staticd", "ip route 1.1.1.1/32 10.0.12.1\nip route 10.3.0.0/24 10.2.0.2\n");
        frr_->write_config("ldpd", frr_ldpd_config(frr_password));
        for (const char* d : {"zebra", "staticd", "ldpd"}) ASSERT_EQ(frr_->start(d), "");
        ASSERT_EQ(ours_->start(our_config(our_extra)), "");
        // ldpsyncd applies its interface addresses; the kernel needs the route to FRR's
        // transport address too (ldpsyncd's RIB does not program the kernel).
        ASSERT_TRUE(eventually([&] { return ours_ns_->exec("ip route add 2.2.2.2/32 via 10.0.12.2").ok(); }, 5s))
            << ours_ns_->exec("ip addr").output << ours_->log();
    }
    void expect_refused();
    void wait_operational() {
        ASSERT_TRUE(eventually([&] { return our_session_up(*ours_, "2.2.2.2:0") && frr_session_up(*frr_); }, 10s))
            << ours_->command("show mpls ldp neighbor detail") << frr_->vtysh("show mpls ldp neighbor") << ours_->log();
    }

    std::unique_ptr<NetNs> ours_ns_, frr_ns_;
    std::unique_ptr<FrrRouter> frr_;
    std::unique_ptr<Ldpsyncd> ours_;
};

TEST_F(LdpFrr, SessionComesUpAndBothLibsAgreeAndSyncIsAchievedWithinOneSecond) {
    up();
    ASSERT_NO_FATAL_FAILURE(wait_operational());
    // What FRR advertises is what we hold from it, and the reverse, label for label.
    ASSERT_TRUE(eventually([&] { return our_remote(*ours_, "2.2.2.2:0") == frr_local(*frr_); }, 3s))
        << ours_->command("show mpls ldp bindings") << frr_->vtysh("show mpls ldp binding");
    const Labels held = our_remote(*ours_, "2.2.2.2:0");
    // FRR binds every prefix in its RIB: its own loopback and connected prefixes with
    // implicit-null, routes through others (10.3.0.0/24, our 1.1.1.1) with a label.
    EXPECT_EQ(held.size(), 5u);
    EXPECT_EQ(held.at("2.2.2.2/32"), "imp-null");
    EXPECT_EQ(held.at("10.2.0.0/24"), "imp-null");
    EXPECT_NE(held.at("10.3.0.0/24"), "imp-null");
    ASSERT_TRUE(eventually([&] { return frr_remote(*frr_) == our_local(*ours_); }, 3s))
        << ours_->command("show mpls ldp bindings") << frr_->vtysh("show mpls ldp binding");
    EXPECT_EQ(our_local(*ours_).at("1.1.1.1/32"), "imp-null");  // our loopback: egress
    EXPECT_EQ(our_local(*ours_).at("10.0.12.0/24"), "imp-null");
    EXPECT_NE(our_local(*ours_).at("10.3.0.0/24"), "imp-null");  // transit: a real label

    // FRR sends no End-of-LIB: every FEC we route through it bound, then the quiet period.
    ASSERT_TRUE(eventually([&] { return our_neighbor(*ours_, "2.2.2.2:0").contains("initialExchangeMs"); }, 3s));
    const auto done = our_neighbor(*ours_, "2.2.2.2:0");
    EXPECT_EQ(done["initialExchange"], "fecs_bound_quiet");
    EXPECT_LE(done["initialExchangeMs"].get<int>(), 1000);
    EXPECT_TRUE(done["sent"]["endOfLib"].get<bool>());  // FRR 8.4 announces the capability
    EXPECT_FALSE(done["received"]["endOfLib"].get<bool>());
    EXPECT_NE(sync_status(*ours_, "la0").find("sync achieved"), std::string::npos) << sync_status(*ours_, "la0");

    // The data plane's tables: FRR's labels out, ours in.
    ASSERT_TRUE(eventually([&] { return ftn_labels(*ours_, 0x0a030000, 24).has_value(); }, 3s))
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
    ASSERT_TRUE(eventually([&] { return ftn_labels(*ours_, 0x0a030000, 24).has_value(); }, 3s))
        << ours_->command("show mpls forwarding-table");
    const auto local = std::stoul(our_local(*ours_).at("10.3.0.0/24"));
    frr_->configure({"no ip route 10.3.0.0/24 10.2.0.2"}, "staticd");
    // FRR withdraws its label: no FTN any more; our label pops and looks up (no LSP onwards).
    ASSERT_TRUE(eventually([&] { return !ftn_labels(*ours_, 0x0a030000, 24).has_value(); }, 3s))
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

TEST_F(LdpFrr, LdpdKilledMeansSessionLossWithinTheHoldTimeAndSyncLost) {
    up();
    ASSERT_NO_FATAL_FAILURE(wait_operational());
    ASSERT_TRUE(eventually([&] { return sync_status(*ours_, "la0").find("sync achieved") != std::string::npos; }, 3s));
    const auto t0 = std::chrono::steady_clock::now();
    frr_->kill_hard("ldpd");
    ASSERT_TRUE(eventually([&] { return !our_session_up(*ours_, "2.2.2.2:0"); }, 3s)) << ours_->log();
    EXPECT_LE(std::chrono::steady_clock::now() - t0, 3s);  // the negotiated Hello hold time
    EXPECT_TRUE(eventually([&] { return sync_status(*ours_, "la0").find("sync achieved") == std::string::npos; }, 1s))
        << sync_status(*ours_, "la0");
    // FRR's labels are gone from our LIB and from the data plane.
    EXPECT_TRUE(eventually([&] { return our_remote(*ours_, "2.2.2.2:0").empty(); }, 1s));
    EXPECT_TRUE(eventually([&] { return !ftn_labels(*ours_, 0x02020202, 32).has_value(); }, 1s));
    EXPECT_TRUE(ours_->running());
}

TEST_F(LdpFrr, Md5WithTheSameKeyComesUp) {
    up("mpls ldp neighbor 2.2.2.2 password s3cret\n", "s3cret");
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

// ---- two ldpsyncd: End-of-LIB ----

TEST(LdpTwoLdpsyncd, SyncByEndOfLib) {
    if (!ldpsync::test::running_as_root()) GTEST_SKIP() << "needs root for network namespaces";
    NetNs a(ldpsync::test::unique_ns_name("ea"));
    NetNs b(ldpsync::test::unique_ns_name("eb"));
    ldpsync::test::connect_veth(a, "ea0", b, "eb0");
    const auto tmp = std::filesystem::temp_directory_path();
    {
        Ldpsyncd da(a, g_ldpsyncd, tmp / (a.name() + "-d"), a.name() + "-shm");
        Ldpsyncd db(b, g_ldpsyncd, tmp / (b.name() + "-d"), b.name() + "-shm");
        auto cfg = [](int me, int peer, const std::string& itf) {
            const auto id = [](int i) { return std::to_string(i) + "." + std::to_string(i) + "." + std::to_string(i) + "." + std::to_string(i); };
            return "mpls ldp router-id " + id(me) + "\nmpls ldp discovery hello interval 1\n"
                   "mpls ldp discovery hello holdtime 3\ninterface lo\n ip address " + id(me) + " 255.255.255.255\n"
                   "interface " + itf + "\n ip address 10.0.12." + std::to_string(me) + " 255.255.255.0\n mpls ip\n"
                   "router ospf 1\n network 10.0.12.0 0.0.0.255 area 0\n mpls ldp sync\n"
                   "ip route " + id(peer) + " 255.255.255.255 10.0.12." + std::to_string(peer) + "\n";
        };
        ASSERT_EQ(da.start(cfg(1, 2, "ea0")), "");
        ASSERT_EQ(db.start(cfg(2, 1, "eb0")), "");
        ASSERT_TRUE(eventually([&] { return a.exec("ip route add 2.2.2.2/32 via 10.0.12.2").ok(); }, 5s));
        ASSERT_TRUE(eventually([&] { return b.exec("ip route add 1.1.1.1/32 via 10.0.12.1").ok(); }, 5s));
        ASSERT_TRUE(eventually([&] { return our_session_up(da, "2.2.2.2:0") && our_session_up(db, "1.1.1.1:0"); }, 10s))
            << da.log() << db.log();
        for (auto [d, peer] : {std::pair{&da, "2.2.2.2:0"}, std::pair{&db, "1.1.1.1:0"}}) {
            ASSERT_TRUE(eventually([&] { return our_neighbor(*d, peer).contains("initialExchangeMs"); }, 3s)) << d->log();
            const auto n = our_neighbor(*d, peer);
            EXPECT_EQ(n["initialExchange"], "end_of_lib") << n.dump();
            EXPECT_TRUE(n["received"]["endOfLib"].get<bool>());
            EXPECT_LE(n["initialExchangeMs"].get<int>(), 1000);
        }
        // Each holds the other's loopback as implicit-null, and both LIBs agree.
        EXPECT_EQ(our_remote(da, "2.2.2.2:0"), our_local(db));
        EXPECT_EQ(our_remote(db, "1.1.1.1:0"), our_local(da));
        EXPECT_NE(sync_status(da, "ea0").find("sync achieved"), std::string::npos) << sync_status(da, "ea0");
    }
    EXPECT_TRUE(a.pids().empty());
    EXPECT_TRUE(b.pids().empty());
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

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc >= 2) g_ldpsyncd = argv[1];
    return RUN_ALL_TESTS();
}
