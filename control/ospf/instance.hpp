#pragma once
// One OSPFv2 process (RFC 2328) as an I/O-free runner around the pure protocol core: it feeds
// the interface and neighbour tables (interface_fsm, neighbor_fsm), performs the actions they
// return, runs the Hello protocol (9.5, 10.5), the database exchange (10.6-10.9), flooding
// (13) and self-origination (12.4) through the Lsdb, and SPF (16.1) with a hold-down.
//
// No sockets, no timers, no clock: packets come in through receive() with the time, go out
// through take_output(); every timer is a TimePoint checked by poll(now), and next_deadline()
// says when poll() next has something to do. Events for the daemon (neighbour state changes,
// "IGP adjacency up" = Full, route changes) are queued for take_events().
//
// LDP-IGP synchronization (RFC 5443) hooks, per interface:
//   set_max_metric(): the Router-LSA advertises LSInfinity on the interface's links (through
//     the Lsdb, so MinLSInterval spacing applies) — origination.hpp says which links;
//   set_hold_adjacency(): while held, no neighbour of the interface goes past 2-Way: the 10.4
//     "should an adjacency be formed" fact is false for 2-WayReceived (Init) and AdjOK? (2-Way),
//     so a new neighbour stops in 2-Way and sends no Database Description; the peer's DDs are
//     ignored (10.6, 2-Way). An adjacency already past 2-Way when the hold is set is kept
//     (RFC 5443 acts on it with the max metric, not by tearing it down). Releasing the hold
//     raises AdjOK? on every neighbour in 2-Way, which starts the exchange (ExStart).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "counters.hpp"
#include "fsm.hpp"
#include "interface_fsm.hpp"
#include "lsdb.hpp"
#include "neighbor.hpp"
#include "origination.hpp"
#include "packet.hpp"
#include "spf.hpp"

namespace ldpsync::ospf {

inline constexpr std::uint32_t kAllSpfRouters = 0xE0000005;  // 224.0.0.5
inline constexpr std::uint32_t kAllDRouters = 0xE0000006;    // 224.0.0.6

struct InstanceConfig {
    std::uint32_t router_id = 0;
    std::vector<InterfaceConfig> interfaces;
    Duration spf_delay = std::chrono::milliseconds{200};  // hold-down between an LSDB change and SPF
    Duration ack_delay = std::chrono::seconds{1};         // delayed acks (13.5), < RxmtInterval
    Duration min_ls_arrival = std::chrono::seconds{1};
    Duration min_ls_interval = std::chrono::seconds{5};
    // Cryptographic sequence numbers (D.3: non-decreasing) follow a seconds clock that starts
    // here: each interface sends max(previous + 1, crypto_seq_start + seconds since the
    // instance started). The daemon passes wall-clock seconds, so a restarted router starts
    // above what its neighbours saw unless it sent more than one packet a second on average.
    std::uint32_t crypto_seq_start = 0;
    bool operator==(const InstanceConfig&) const = default;
};

// A packet to send: on `interface`, from its address to `destination` (AllSPFRouters,
// AllDRouters or a neighbour's address).
struct OutPacket {
    std::string interface;
    std::uint32_t source = 0;
    std::uint32_t destination = 0;
    Bytes bytes;
};

struct NeighborStateChange {
    std::string interface;
    std::uint32_t router_id = 0;
    std::uint32_t address = 0;
    NbrState from = NbrState::down;
    NbrState to = NbrState::down;
    // For the LDP-IGP sync machine: "IGP adjacency up" is reaching Full, "down" leaving it.
    bool adjacency_up() const { return to == NbrState::full && from != NbrState::full; }
    bool adjacency_down() const { return from == NbrState::full && to != NbrState::full; }
};
struct InterfaceStateChange {
    std::string interface;
    IfState from = IfState::down;
    IfState to = IfState::down;
};
struct RoutesChanged {};  // routes() has a new table
using InstanceEvent = std::variant<NeighborStateChange, InterfaceStateChange, RoutesChanged>;

// A read-only view of one neighbour, for show commands and tests.
struct NeighborView {
    std::string interface;
    std::uint32_t router_id = 0;
    std::uint32_t address = 0;
    NbrState state = NbrState::down;
    std::uint8_t priority = 0;
    std::size_t retransmissions = 0;  // LSAs on its retransmission list
    std::size_t requests = 0;         // LSAs on its request list
    std::optional<TimePoint> inactivity_due;  // the dead timer (show: "Dead Time")
};

struct InterfaceView {
    std::string name;
    IfState state = IfState::down;
    std::uint32_t dr = 0;   // addresses
    std::uint32_t bdr = 0;
    bool max_metric = false;
    bool hold_adjacency = false;
    bool transit_withheld = false;  // RFC 6138: the LAN's transit link is not advertised
};

class OspfInstance {
public:
    OspfInstance(InstanceConfig config, TimePoint now);

    // Interface up/down (InterfaceUp / LoopInd for loopbacks; InterfaceDown). The constructor
    // leaves every interface Down; start() brings them all up.
    void start(TimePoint now);
    void interface_up(const std::string& name, TimePoint now);
    void interface_down(const std::string& name, TimePoint now);

    // A received OSPF packet (the IP payload). `destination` is the IP destination when known
    // (AllDRouters is accepted only by the DR and BDR, 8.2); 0 = not checked.
    void receive(const std::string& interface, std::uint32_t source, ByteView bytes, TimePoint now,
                 std::uint32_t destination = 0);

    // RFC 5443 inputs (see the file comment). Both return false for an unknown interface.
    bool set_max_metric(const std::string& interface, bool on, TimePoint now);
    bool set_hold_adjacency(const std::string& interface, bool held, TimePoint now);
    // `ip ospf cost`: only the Router-LSA changes (false for an unknown interface).
    bool set_cost(const std::string& interface, std::uint16_t cost, TimePoint now);

    // Runs every timer due at `now`: Hellos, wait timers, inactivity, DD/LSR/LSU retransmission,
    // delayed acks, LSDB aging and deferred originations, SPF.
    void poll(TimePoint now);
    std::optional<TimePoint> next_deadline() const;

    std::vector<OutPacket> take_output();
    std::vector<InstanceEvent> take_events();

    // Show / test views.
    std::uint32_t router_id() const { return config_.router_id; }
    std::vector<NeighborView> neighbors() const;
    std::vector<InterfaceView> interfaces() const;
    const Lsdb* lsdb(std::uint32_t area = 0) const;
    std::vector<Lsa> lsdb_snapshot(std::uint32_t area, TimePoint now) const;
    const std::map<Prefix, Route>& routes() const { return routes_; }
    // Drops and other counters (counters.hpp); by name, the ones not zero.
    std::map<std::string, std::uint64_t> counters() const { return counters_.nonzero(); }
    std::uint64_t counter(Counter c) const { return counters_.get(c); }
    // By stable name ("rx_hello_mask_mismatch", "ospf_rx_bad_checksum"); throws
    // std::invalid_argument for a name that is no counter, so a typo cannot pass for zero.
    std::uint64_t counter(std::string_view name) const;

private:
    struct Area {
        explicit Area(LsdbConfig c) : lsdb(c) {}
        Lsdb lsdb;
        std::optional<TimePoint> spf_due;
    };

    // instance.cpp: interfaces, neighbour FSM runner, timers; instance_lsdb.cpp: origination,
    // MaxAge removal, SPF.
    Interface* find_interface(const std::string& name);
    Area& area_of(const Interface& i) { return areas_.at(i.cfg.area); }
    void if_event(Interface& i, IfEvent e, TimePoint now);
    void nbr_event(Interface& i, Neighbor& n, NbrEvent e, TimePoint now);
    bool adjacency_wanted(const Interface& i, const Neighbor& n) const;
    void drain_neighbor_changes(TimePoint now);
    void originate(TimePoint now);
    void withhold_transits(Area& area, RouterLsaInput& in, TimePoint now);
    void schedule_spf(std::uint32_t area, TimePoint now);
    void run_spf(TimePoint now);
    void settle(TimePoint now);
    void remove_maxage(TimePoint now);
    void count(Counter c) { counters_.bump(c); }
    bool exchanging(std::uint32_t area) const;

    // Packet building (instance.cpp).
    void send(const Interface& i, std::uint32_t destination, PacketBody body);
    std::uint32_t flood_destination(const Interface& i) const;
    bool authenticated(Interface& i, std::uint32_t source, const Header& h, ByteView bytes);

    // instance_hello.cpp: 9.5 sending, 10.5 receiving.
    void send_hello(Interface& i);
    void on_hello(Interface& i, std::uint32_t source, const Header& h, const Hello& hello, TimePoint now);

    // exchange.cpp: 10.6, 10.8, 10.7, 10.9.
    void start_adjacency(Interface& i, Neighbor& n, TimePoint now);
    void list_db_summary(Interface& i, Neighbor& n, TimePoint now);
    void send_dd(Interface& i, Neighbor& n, std::uint8_t flags, TimePoint now);
    void send_next_dd(Interface& i, Neighbor& n, TimePoint now);
    void on_dd(Interface& i, Neighbor& n, const DbDescription& dd, TimePoint now);
    void accept_dd(Interface& i, Neighbor& n, const DbDescription& dd, TimePoint now);
    void send_ls_request(Interface& i, Neighbor& n, TimePoint now);
    void on_ls_request(Interface& i, Neighbor& n, const LsRequest& req, TimePoint now);

    // flooding.cpp: 13, 13.3, 13.5, 13.7.
    void on_ls_update(Interface& i, Neighbor& n, const LsUpdate& u, TimePoint now);
    void on_ls_ack(Interface& i, Neighbor& n, const LsAck& ack);
    // Floods `lsa` over the area (13.3); `from` is the receiving interface/neighbour (null for
    // our own). Returns true when it went back out the receiving interface.
    bool flood(std::uint32_t area, const Lsa& lsa, Interface* from_if, Neighbor* from, TimePoint now);
    void retransmit(Interface& i, Neighbor& n, TimePoint now);
    void send_delayed_acks(Interface& i);
    void self_originated_received(Area& a, std::uint32_t area_id, const Lsa& lsa, TimePoint now);

    InstanceConfig config_;
    std::vector<Interface> interfaces_;
    std::map<std::uint32_t, Area> areas_;
    std::map<Prefix, Route> routes_;
    std::vector<OutPacket> out_;
    std::vector<InstanceEvent> events_;
    Counters counters_;
    std::set<std::string> transit_withheld_;  // interfaces whose transit link RFC 6138 withholds
    std::uint32_t dd_seed_ = 0;
    TimePoint started_{};
    TimePoint now_{};
};

}  // namespace ldpsync::ospf
