// ldpsync-lab: the end-to-end lab. One ldpsync router (ldpsyncd + ldpsync-dp) between two FRR
// routers, all in network namespaces, with real OSPF (or IS-IS, --igp isis) and LDP on every
// link and traffic through the DPDK data plane:
//
//        src ---- [ pe: ldpsyncd + ldpsync-dp ] ---- r2 (FRR)
//                             \                      |
//                              `------------------- r3 (FRR, lo 3.3.3.3)
//
// pe's links are DPDK ports (net_af_packet on a veth); the protocols run on the TAPs the data
// plane creates for them (pe-r2, pe-r3, pe-src), exactly as on a NIC. src sends UDP to r3's loopback
// through pe. The lab walks the mission: bring-up until the IGP adjacencies, LDP OPERATIONAL
// and sync achieved on both links; then r3 stops running LDP on its link to pe: sync is lost on
// pe-r3, r2 sees our pe-r3 link at the maximum metric (OSPF 65535, IS-IS 16777214), our SPF
// moves 3.3.3.3 to r2 and the data plane stops using pe-r3; then LDP comes back on the link
// and everything returns. Each step prints what it saw.
//
//   ldpsync-lab --ldpsyncd P --dp P [--igp ospf|isis] [--check] [--keep]
//     --igp     the IGP of every router (default ospf); IS-IS runs level 2, point-to-point
//     --check   exit 1 when a step does not see what it expects (the e2e test runs this)
//     --keep    leave the lab up until Enter (ldpsyncctl -s <socket> to look around)

#include <getopt.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "../../tests/common/control_client.hpp"
#include "../../tests/common/frr.hpp"
#include "../../tests/common/netns.hpp"
#include "../../tests/common/process.hpp"
#include "ldpsync/shm/control_end.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;
using ldpsync::test::ChildProcess;
using ldpsync::test::Client;
using ldpsync::test::FrrRouter;
using ldpsync::test::NetNs;

std::atomic<bool> g_interrupted{false};

struct Options {
    std::string ldpsyncd;
    std::string dp;
    std::string igp = "ospf";
    bool check = false;
    bool keep = false;
    bool isis() const { return igp == "isis"; }
};

// The FRR side of one router.
std::string frr_zebra(int n) {
    return "hostname r" + std::to_string(n) + "\n";
}
std::string frr_ospfd(int n, const std::vector<std::string>& links) {
    std::string c = "interface lo\n ip ospf area 0\n!\n";
    for (const auto& l : links) {
        c += "interface " + l +
             "\n ip ospf area 0\n ip ospf network point-to-point\n ip ospf hello-interval 1\n ip ospf dead-interval 4\n!\n";
    }
    const std::string id = std::to_string(n) + "." + std::to_string(n) + "." + std::to_string(n) + "." + std::to_string(n);
    return c + "router ospf\n ospf router-id " + id +
           "\n timers throttle spf 0 50 1000\n timers lsa min-arrival 0\n mpls ldp-sync\n!\n";
}
// The lab recipe's isisd (../shared/lab/frr-lab.sh): lsp-gen-interval before net (gotcha 3).
std::string frr_isisd(int n, const std::vector<std::string>& links) {
    std::string c = "hostname r" + std::to_string(n) + "\nrouter isis LAB\n lsp-gen-interval 1\n spf-interval 1\n net 49.0001.0000.0000.000" +
                    std::to_string(n) + ".00\n is-type level-2-only\n metric-style wide\n mpls ldp-sync\n!\n"
                    "interface lo\n ip router isis LAB\n isis passive\n!\n";
    for (const auto& l : links) {
        c += "interface " + l +
             "\n ip router isis LAB\n isis circuit-type level-2-only\n isis network point-to-point\n"
             " isis hello-interval 1\n isis hello-multiplier 4\n!\n";
    }
    return c;
}
std::string frr_ldpd(int n, const std::vector<std::string>& links) {
    const std::string id = std::to_string(n) + "." + std::to_string(n) + "." + std::to_string(n) + "." + std::to_string(n);
    std::string c = "mpls ldp\n router-id " + id + "\n discovery hello holdtime 3\n discovery hello interval 1\n"
                    " wait-for-sync 1\n address-family ipv4\n  discovery transport-address " + id + "\n";
    for (const auto& l : links) c += "  interface " + l + "\n  exit\n";
    return c + " exit-address-family\n!\n";
}

// ldpsyncd's configuration, in the IOS syntax of the guide.
constexpr const char* kPeConfig =
    "hostname pe\n"
    "mpls ldp router-id lo force\n"
    "interface lo\n ip address 1.1.1.1 255.255.255.255\n"
    "interface pe-src\n ip address 10.0.1.1 255.255.255.0\n"
    "interface pe-r2\n ip address 10.0.12.1 255.255.255.0\n ip ospf network point-to-point\n"
    " ip ospf hello-interval 1\n ip ospf dead-interval 4\n mpls ip\n"
    "interface pe-r3\n ip address 10.0.13.1 255.255.255.0\n ip ospf network point-to-point\n"
    " ip ospf hello-interval 1\n ip ospf dead-interval 4\n mpls ip\n"
    "router ospf 1\n router-id 1.1.1.1\n network 1.1.1.1 0.0.0.0 area 0\n network 10.0.0.0 0.0.255.255 area 0\n"
    " passive-interface pe-src\n mpls ldp sync\n";

// The same router with IS-IS: level 2, point-to-point circuits, pe-src advertised passively.
constexpr const char* kPeIsisConfig =
    "hostname pe\n"
    "mpls ldp router-id lo force\n"
    "interface lo\n ip address 1.1.1.1 255.255.255.255\n ip router isis\n"
    "interface pe-src\n ip address 10.0.1.1 255.255.255.0\n"
    "interface pe-r2\n ip address 10.0.12.1 255.255.255.0\n ip router isis\n isis network point-to-point\n"
    " isis hello-interval 1\n mpls ip\n"
    "interface pe-r3\n ip address 10.0.13.1 255.255.255.0\n ip router isis\n isis network point-to-point\n"
    " isis hello-interval 1\n mpls ip\n"
    "router isis\n net 49.0001.0000.0000.0001.00\n is-type level-2-only\n passive-interface pe-src\n mpls ldp sync\n";

class Lab {
public:
    Lab(const Options& o)
        : o_(o),
          dir_(std::filesystem::temp_directory_path() / ("ldpsync-lab-" + std::to_string(getpid()))),
          pe_("lab-pe" + std::to_string(getpid())),
          r2_("lab-r2-" + std::to_string(getpid())),
          r3_("lab-r3-" + std::to_string(getpid())),
          src_("lab-src" + std::to_string(getpid())) {
        std::filesystem::create_directories(dir_);
        // Links. pe's ends (v-*) are the data plane's ports; no address, no IPv6 chatter.
        connect(pe_, "v-src", src_, "src-pe");
        connect(pe_, "v-r2", r2_, "r2-pe");
        connect(pe_, "v-r3", r3_, "r3-pe");
        ldpsync::test::connect_veth(r2_, "r2-r3", r3_, "r3-r2");
        // The routers' ends send into pe's DPDK ports: their checksums must be complete.
        src_.disable_tx_checksum_offload("src-pe");
        r2_.disable_tx_checksum_offload("r2-pe");
        r3_.disable_tx_checksum_offload("r3-pe");
        src_.add_address("src-pe", "10.0.1.2/24");
        src_.exec_or_throw("ip route add default via 10.0.1.1");
        r2_.add_address("lo", "2.2.2.2/32");
        r2_.add_address("r2-pe", "10.0.12.2/24");
        r2_.add_address("r2-r3", "10.0.23.2/24");
        r3_.add_address("lo", "3.3.3.3/32");
        r3_.add_address("r3-pe", "10.0.13.3/24");
        r3_.add_address("r3-r2", "10.0.23.3/24");
        for (const NetNs* ns : {&r2_, &r3_, &pe_}) ns->enable_forwarding();
    }
    ~Lab() {
        if (dp_) {
            dp_->signal(SIGTERM);
            dp_->wait_exit(10s);
        }
        if (pe_daemon_) {
            pe_daemon_->signal(SIGTERM);
            pe_daemon_->wait_exit(10s);
        }
        frr2_.reset();
        frr3_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
        // ldpsyncd leaves its segment for a successor to take over, and DPDK its runtime
        // directory: a lab has no successor.
        if (!instance_.empty()) {
            ldpsync::shm::ControlEnd::remove(instance_);
            std::filesystem::remove_all("/var/run/dpdk/" + instance_, ec);
        }
    }

    void start_frr() {
        frr2_ = std::make_unique<FrrRouter>(r2_, dir_ / "r2");
        frr3_ = std::make_unique<FrrRouter>(r3_, dir_ / "r3");
        frr2_->write_config("zebra", frr_zebra(2));
        const std::string igpd = o_.isis() ? "isisd" : "ospfd";
        frr2_->write_config(igpd, o_.isis() ? frr_isisd(2, {"r2-pe", "r2-r3"}) : frr_ospfd(2, {"r2-pe", "r2-r3"}));
        frr2_->write_config("ldpd", frr_ldpd(2, {"r2-pe", "r2-r3"}));
        frr3_->write_config("zebra", frr_zebra(3));
        frr3_->write_config(igpd, o_.isis() ? frr_isisd(3, {"r3-pe", "r3-r2"}) : frr_ospfd(3, {"r3-pe", "r3-r2"}));
        frr3_->write_config("ldpd", frr_ldpd(3, {"r3-pe", "r3-r2"}));
        for (const std::string& d : {std::string("zebra"), igpd, std::string("ldpd")}) {
            for (auto* r : {frr2_.get(), frr3_.get()}) {
                if (auto err = r->start(d); !err.empty()) throw std::runtime_error(err);
            }
        }
    }

    // ldpsyncd first (it creates the shared-memory segment), then the data plane, whose TAPs
    // are the interfaces ldpsyncd's configuration names.
    void start_pe() {
        std::ofstream(dir_ / "pe.conf") << (o_.isis() ? kPeIsisConfig : kPeConfig);
        instance_ = "lab" + std::to_string(getpid());
        pe_daemon_ = std::make_unique<ChildProcess>(pe_.argv({o_.ldpsyncd, "-f", (dir_ / "pe.conf").string(), "-s",
                                                              socket(), "-n", instance_}));
        if (!ldpsync::test::eventually([&] { return std::filesystem::exists(socket()); }, 10s)) {
            throw std::runtime_error("ldpsyncd did not start: " + pe_daemon_->output());
        }
        dp_ = std::make_unique<ChildProcess>(pe_.argv(
            {o_.dp, "--no-huge", "-m", "512", "--no-pci", "-l", "0,1", "--file-prefix", instance_, "--log-level", "5",
             "--vdev", "net_af_packet0,iface=v-src", "--vdev", "net_af_packet1,iface=v-r2", "--vdev",
             "net_af_packet2,iface=v-r3", "--", "--instance", instance_, "--tap", "0=pe-src", "--tap", "1=pe-r2",
             "--tap", "2=pe-r3", "--local-addr", "1.1.1.1", "--local-addr", "10.0.1.1", "--local-addr", "10.0.12.1",
             "--local-addr", "10.0.13.1"}));
        if (!ldpsync::test::eventually([&] { return pe_.exec("ip link show pe-r3").ok(); }, 20s)) {
            throw std::runtime_error("ldpsync-dp made no TAPs: " + dp_->output());
        }
    }

    std::string socket() const { return (dir_ / "pe.sock").string(); }
    Json pe_json(const std::string& command) {
        if (!client_ || !client_->connected()) client_ = std::make_unique<Client>(socket());
        const auto reply = client_->request(command);
        const auto j = Json::parse(reply.body, nullptr, false);
        return j.is_discarded() ? Json() : j;
    }
    std::string pe_text(const std::string& command) {
        if (!client_ || !client_->connected()) client_ = std::make_unique<Client>(socket());
        return client_->request(command).body;
    }

    const Options& options() const { return o_; }
    FrrRouter& r2() { return *frr2_; }
    FrrRouter& r3() { return *frr3_; }
    const NetNs& src() const { return src_; }
    const NetNs& pe() const { return pe_; }

private:
    static void connect(const NetNs& a, const std::string& a_if, const NetNs& b, const std::string& b_if) {
        ldpsync::test::connect_veth(a, a_if, b, b_if);
        a.exec("sysctl -qw net.ipv6.conf." + a_if + ".disable_ipv6=1");
    }

    Options o_;
    std::filesystem::path dir_;
    NetNs pe_, r2_, r3_, src_;
    std::unique_ptr<FrrRouter> frr2_, frr3_;
    std::unique_ptr<ChildProcess> pe_daemon_, dp_;
    std::unique_ptr<Client> client_;
    std::string instance_;
};

// ---- what the steps look at -------------------------------------------------------------

std::string sync_status(Lab& lab, const std::string& itf) {
    const auto j = lab.pe_json("show mpls ldp igp sync interface " + itf + " json");
    for (const auto& i : j.value("interfaces", Json::array())) {
        if (i.value("interface", "") == itf) return i.value("sync_status", "?");
    }
    return "?";
}

// IS-IS: the metric of pe's LSP toward `system` in `r`'s "show isis database detail":
// "Extended Reachability: 0000.0000.0003.00 (Metric: 16777214)" under "pe.00-00".
long frr_sees_pe_isis_metric(FrrRouter& r, const std::string& system) {
    std::istringstream in(r.vtysh("show isis database detail", "isisd"));
    const std::string what = "Extended Reachability: " + system + " (Metric: ";
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line[0] != ' ') inside = line.rfind("pe.00-00", 0) == 0;
        const auto at = line.find(what);
        if (inside && at != std::string::npos) return std::stol(line.substr(at + what.size()));
    }
    return -1;
}

// The metric `r` sees on pe's point-to-point link toward router `link_to` in pe's Router-LSA.
long frr_sees_pe_metric(FrrRouter& r, const std::string& link_to) {
    const Json j = r.vtysh_json("show ip ospf database router 1.1.1.1 json", "ospfd");
    if (!j.is_object() || !j.contains("routerLinkStates")) return -1;
    const Json& areas = j["routerLinkStates"].value("areas", Json::object());
    for (const auto& [area, lsas] : areas.items()) {
        for (const auto& lsa : lsas) {
            if (!lsa.is_object() || !lsa.contains("routerLinks")) continue;
            for (const auto& [name, link] : lsa["routerLinks"].items()) {
                if (link.value("neighborRouterId", "") == link_to) return link.value("tos0Metric", -1L);
            }
        }
    }
    return -1;
}

std::string pe_route_via(Lab& lab, const std::string& prefix) {
    const auto j = lab.pe_json("show ip route json");
    for (const auto& r : j.value("routes", Json::array())) {
        if (r.value("prefix", "") != prefix) continue;
        std::string via;
        for (const auto& nh : r.value("nexthops", Json::array())) {
            if (!via.empty()) via += ',';
            via += nh.value("interface", "");
        }
        return via;
    }
    return "";
}

std::uint64_t link_tx(Lab& lab, const std::string& itf) {
    const auto j = lab.pe_json("show mpls ldp igp sync links json");
    for (const auto& l : j.value("links", Json::array())) {
        if (l.value("interface", "") == itf) return l.value("counters", Json::object()).value("tx", std::uint64_t{0});
    }
    return 0;
}

class Steps {
public:
    explicit Steps(bool check) : check_(check), t0_(Clock::now()) {}
    // Waits up to `limit` for `cond`; prints the outcome with the time since the lab began.
    bool expect(const std::string& what, const std::function<bool()>& cond, std::chrono::seconds limit) {
        const bool ok = ldpsync::test::eventually([&] { return g_interrupted || cond(); }, limit, 100ms);
        if (g_interrupted) throw std::runtime_error("interrupted");
        std::printf("%7.2fs  %s %s\n", std::chrono::duration<double>(Clock::now() - t0_).count(), ok ? "ok  " : "FAIL",
                    what.c_str());
        std::fflush(stdout);
        failed_ = failed_ || !ok;
        return ok;
    }
    void say(const std::string& line) {
        std::printf("%7.2fs  %s\n", std::chrono::duration<double>(Clock::now() - t0_).count(), line.c_str());
        std::fflush(stdout);
    }
    int exit_code() const { return check_ && failed_ ? 1 : 0; }
    bool failed() const { return failed_; }

private:
    bool check_;
    bool failed_ = false;
    Clock::time_point t0_;
};

void show(Lab& lab, const std::string& command) {
    std::printf("\npe# %s\n%s", command.c_str(), lab.pe_text(command).c_str());
}

int run(const Options& o) {
    Lab lab(o);
    Steps s(o.check);
    // What r2 sees on pe's link to r3, and the maximum RFC 5443 puts there.
    const long max_metric = o.isis() ? 16777214 : 65535;
    auto r2_sees = [&] {
        return o.isis() ? frr_sees_pe_isis_metric(lab.r2(), "0000.0000.0003.00") : frr_sees_pe_metric(lab.r2(), "3.3.3.3");
    };
    s.say("topology up: namespaces, veth links, addresses");
    lab.start_frr();
    s.say(std::string("FRR r2 and r3 started (zebra, ") + (o.isis() ? "isisd" : "ospfd") + ", ldpd)");
    lab.start_pe();
    s.say("pe started: ldpsyncd, then ldpsync-dp with its TAPs pe-src, pe-r2, pe-r3");

    // Bring-up.
    for (const char* itf : {"pe-r2", "pe-r3"}) {
        s.expect(std::string("LDP-IGP sync achieved on ") + itf, [&] { return sync_status(lab, itf) == "achieved"; }, 40s);
    }
    s.expect("r2 sees pe's link to r3 at its configured cost",
             [&] { const long m = r2_sees(); return m > 0 && m < max_metric; }, 20s);
    s.expect("pe routes 3.3.3.3 over pe-r3", [&] { return pe_route_via(lab, "3.3.3.3/32") == "pe-r3"; }, 20s);
    show(lab, "show mpls ldp igp sync");
    show(lab, "show mpls forwarding-table");

    // Traffic through the data plane.
    // 200 UDP datagrams a second from src to r3's loopback (python3 is in the base image;
    // ping is not).
    auto traffic = std::make_unique<ChildProcess>(lab.src().argv(
        {"/usr/bin/python3", "-c",
         "import socket, time\n"
         "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
         "while True:\n    s.sendto(b'ldpsync-lab' * 4, ('3.3.3.3', 9))\n    time.sleep(0.005)\n"}));
    const auto before = link_tx(lab, "pe-r3");
    s.expect("traffic from src leaves on pe-r3", [&] { return link_tx(lab, "pe-r3") > before + 20; }, 10s);

    // LDP lost on the pe-r3 link only: r3 stops running LDP toward pe (stopping r3's ldpd
    // would also cost r3's link to r2 its LDP sync, and with it the alternate path).
    s.say("r3: no LDP on r3-pe");
    lab.r3().configure({"mpls ldp", "address-family ipv4", "no interface r3-pe"}, "ldpd");
    s.expect("sync lost on pe-r3", [&] { return sync_status(lab, "pe-r3") == "not_achieved"; }, 20s);
    s.expect("r2 sees pe's link to r3 at " + std::to_string(max_metric), [&] { return r2_sees() == max_metric; }, 20s);
    s.expect("pe routes 3.3.3.3 over pe-r2", [&] { return pe_route_via(lab, "3.3.3.3/32") == "pe-r2"; }, 20s);
    const auto r3_tx = link_tx(lab, "pe-r3");
    const auto r2_tx = link_tx(lab, "pe-r2");
    s.expect("traffic moved to pe-r2, none on pe-r3",
             [&] { return link_tx(lab, "pe-r2") > r2_tx + 20 && link_tx(lab, "pe-r3") == r3_tx; }, 10s);
    show(lab, "show mpls ldp igp sync interface pe-r3");
    if (o.isis()) show(lab, "show isis database detail");

    // LDP back.
    s.say("r3: LDP on r3-pe again");
    lab.r3().configure({"mpls ldp", "address-family ipv4", "interface r3-pe"}, "ldpd");
    s.expect("sync achieved again on pe-r3", [&] { return sync_status(lab, "pe-r3") == "achieved"; }, 40s);
    s.expect("r2 sees the configured cost again",
             [&] { const long m = r2_sees(); return m > 0 && m < max_metric; }, 20s);
    const auto back = link_tx(lab, "pe-r3");
    s.expect("traffic back on pe-r3", [&] { return link_tx(lab, "pe-r3") > back + 20; }, 20s);
    traffic->signal(SIGTERM);
    traffic->wait_exit(5s);

    if (o.keep) {
        std::printf("\nThe lab is up. ldpsyncctl -s %s ; vtysh: see %s. Enter tears it down.\n", lab.socket().c_str(),
                    "the FRR routers' directories");
        std::string line;
        std::getline(std::cin, line);
    }
    s.say(s.failed() ? "done, with failures" : "done");
    return s.exit_code();
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    static const option longopts[] = {{"ldpsyncd", required_argument, nullptr, 'd'},
                                      {"dp", required_argument, nullptr, 'p'},
                                      {"igp", required_argument, nullptr, 'i'},
                                      {"check", no_argument, nullptr, 'c'},
                                      {"keep", no_argument, nullptr, 'k'},
                                      {nullptr, 0, nullptr, 0}};
    for (int c; (c = getopt_long(argc, argv, "", longopts, nullptr)) != -1;) {
        switch (c) {
            case 'd': o.ldpsyncd = optarg; break;
            case 'p': o.dp = optarg; break;
            case 'i': o.igp = optarg; break;
            case 'c': o.check = true; break;
            case 'k': o.keep = true; break;
            default:
                std::fprintf(stderr, "usage: ldpsync-lab --ldpsyncd PATH --dp PATH [--igp ospf|isis] [--check] [--keep]\n");
                return 64;
        }
    }
    if (o.ldpsyncd.empty() || o.dp.empty() || (o.igp != "ospf" && o.igp != "isis")) {
        std::fprintf(stderr, "usage: ldpsync-lab --ldpsyncd PATH --dp PATH [--igp ospf|isis] [--check] [--keep]\n");
        return 64;
    }
    if (auto why = FrrRouter::unavailable()) {
        std::printf("ldpsync-lab: skipped: %s\n", why->c_str());
        return 77;
    }
    // ^C or a SIGTERM (timeout(1), CI) tears the lab down through the destructors: the next
    // step throws. Dying without them would leave the data plane spinning in a namespace.
    signal(SIGINT, [](int) { g_interrupted = true; });
    signal(SIGTERM, [](int) { g_interrupted = true; });
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ldpsync-lab: %s\n", e.what());
        return 1;
    }
}
