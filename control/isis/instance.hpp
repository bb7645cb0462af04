#pragma once
// One IS-IS process (ISO 10589, RFC 1195) as an I/O-free runner: Hellos and the point-to-point
// three-way handshake (RFC 5303, adjacency_fsm), LSP origination and fragmentation
// (origination), the update process with SRM/SSN flags per circuit and level (7.3.15-7.3.17),
// aging and purges (lsdb), SPF per level (spf) with level-1 routes preferred over level-2.
//
// No sockets, no timers, no clock: PDUs come in through receive() with the time, go out
// through take_output() (the speaker frames them); every timer is a TimePoint checked by
// poll(now), and next_deadline() says when poll() next has something to do. Events for the
// daemon (an adjacency reaching or leaving Up, new routes) are queued for take_events().
//
// Circuits are point-to-point (IOS's default on POS and serial links, and `isis network
// point-to-point` on Ethernet: RFC 5303's three-way handshake, acknowledged flooding) or
// broadcast (a LAN, instance_lan.cpp: LAN Hellos per level with the IS Neighbors TLV, DIS
// election by priority then MAC, the DIS's pseudonode LSP and periodic CSNPs, unacknowledged
// flooding repaired by CSNP/PSNP, ISO 10589 8.4 and 7.3.15).
//
// LDP-IGP synchronization (RFC 5443), per interface: set_max_metric() makes our LSPs advertise
// the IS reachability toward the neighbour on that interface, and the interface's own prefix,
// at 0xFFFFFE (wide; 63 narrow), so that traffic avoids the link while an alternate exists but
// the link is still used when none does (0xFFFFFF would remove it).
//
// Graceful restart (RFC 5306), helper side: a Hello from an Up neighbour with the Restart
// Request flag keeps the adjacency Up, is answered by Hellos with Restart Acknowledgement and a
// CSNP, and every LSP is sent again. Restarting side (InstanceConfig::restarting): Restart
// Request in our Hellos until acknowledged, and the restart's end when the databases are
// synchronized (or T2), reported as RestartChanged.

#include <chrono>
#include <optional>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "adjacency_fsm.hpp"
#include "counters.hpp"
#include "lsdb.hpp"
#include "origination.hpp"
#include "pdu.hpp"
#include "spf.hpp"

namespace ldpsync::isis {

struct InterfaceConfig {
    std::string name;
    bool loopback = false;  // advertised, no Hellos
    bool passive = false;   // advertised, no Hellos
    bool point_to_point = true;
    std::uint32_t address = 0;  // host order; 0 = none
    std::uint8_t prefix_length = 32;
    std::uint32_t metric = 10;
    std::uint16_t hello_interval_s = 10;
    std::uint16_t hello_multiplier = 3;
    std::uint8_t priority = 64;                 // DIS election on a LAN (isis priority)
    std::uint8_t levels = circuit_type::l1_l2;  // circuit-type, within the process's is-type
    MacAddress mac{};                           // our source address on the link
    bool pad_hellos = true;                     // ISO 10589 8.2.3: pad to the MTU
    // HMAC-MD5 key of the Hellos (RFC 5304; IOS `isis authentication`): sent signed, and only
    // signed Hellos accepted. Nothing: no authentication.
    std::optional<std::string> hello_key;
    bool operator==(const InterfaceConfig&) const = default;
};

struct InstanceConfig {
    SystemId system_id{};
    std::vector<Bytes> areas;
    std::string hostname;
    std::uint8_t levels = circuit_type::l1_l2;  // is-type
    MetricStyle metric_style = MetricStyle::wide;
    std::vector<InterfaceConfig> interfaces;
    std::uint16_t lsp_lifetime_s = 1200;               // max-lsp-lifetime
    Duration lsp_refresh = std::chrono::seconds{900};  // lsp-refresh-interval
    Duration lsp_gen_interval = std::chrono::milliseconds{50};
    Duration spf_delay = std::chrono::milliseconds{200};
    Duration psnp_interval = std::chrono::seconds{1};
    Duration lsp_retransmit = std::chrono::seconds{5};  // on point-to-point circuits
    Duration csnp_interval = std::chrono::seconds{10};  // the DIS's CSNPs on a LAN
    std::optional<Duration> overload_on_startup;        // set-overload-bit on-startup
    // RFC 5306 restarting side (`nsf ietf`): the instance starts as a restarting router. Its
    // Hellos carry Restart Request until a neighbour acknowledges; the restart is over once
    // every circuit with an adjacency has sent a CSNP and every LSP it listed is here (the
    // databases are synchronized), or after restart_t2. RestartChanged events say when.
    bool restarting = false;
    Duration restart_t2 = std::chrono::seconds{60};
    std::size_t lsp_mtu = kDefaultLspMtu;
    // HMAC-MD5 key of LSPs, CSNPs and PSNPs (RFC 5304; IOS `authentication` under the process).
    std::optional<std::string> lsp_key;
    bool operator==(const InstanceConfig&) const = default;
};

struct OutPdu {
    std::string interface;
    MacAddress destination{};
    Bytes pdu;
};

struct AdjacencyChange {
    std::string interface;
    SystemId neighbor{};
    std::uint32_t address = 0;  // the neighbour's address on the link (its IIH's TLV 132)
    AdjState from = AdjState::down;
    AdjState to = AdjState::down;
    bool up() const { return to == AdjState::up && from != AdjState::up; }
    bool down() const { return from == AdjState::up && to != AdjState::up; }
};
struct RoutesChanged {};  // routes() has a new table
// Our own restart (RFC 5306, InstanceConfig::restarting) began or ended: the LDP-IGP sync
// machines' "IGP NSF startup".
struct RestartChanged {
    bool running = false;
    bool timed_out = false;  // ended by T2, not by synchronized databases
};
using InstanceEvent = std::variant<AdjacencyChange, RoutesChanged, RestartChanged>;

struct AdjacencyView {
    std::string interface;
    SystemId system{};
    MacAddress mac{};
    std::uint32_t address = 0;
    AdjState state = AdjState::down;
    std::uint8_t levels = 0;  // the levels the adjacency is used for
    std::vector<Bytes> areas;
    TimePoint hold_due{};
    TimePoint since{};
    bool restarting = false;  // RFC 5306: the neighbour asked for a restart acknowledgement
    // The circuit id IOS shows: point-to-point, the neighbour's extended local circuit id; on a
    // LAN, the DIS it reports.
    std::optional<std::uint32_t> neighbor_circuit;
    std::optional<NodeId> lan_id;
};

struct InterfaceView {
    std::string name;
    bool running = false;  // Hellos sent (or advertised passively)
    std::string not_running_reason;
    bool point_to_point = true;
    std::uint8_t levels = 0;
    std::uint32_t metric = 0;             // configured
    std::uint32_t advertised_metric = 0;  // what the LSPs say (RFC 5443 maximum while not in sync)
    bool max_metric = false;
    std::uint8_t local_circuit_id = 0;
    // A LAN's designated IS per level (its pseudonode), and whether it is us.
    std::array<std::optional<NodeId>, 2> lan_id;
    std::array<bool, 2> dis{};
};

class IsisInstance {
public:
    IsisInstance(InstanceConfig config, TimePoint now);

    // `mac`: our address on the link (a LAN's IS Neighbors TLV and DIS election need it).
    void interface_up(const std::string& name, TimePoint now, const MacAddress& mac = {});
    void interface_down(const std::string& name, TimePoint now);

    // A received PDU (the LLC payload) and the frame's source MAC.
    void receive(const std::string& interface, const MacAddress& source, ByteView pdu, TimePoint now);

    // RFC 5443 input (see the file comment); false for an unknown interface.
    bool set_max_metric(const std::string& interface, bool on, TimePoint now);
    // `isis metric`: only our LSPs change (false for an unknown interface).
    bool set_metric(const std::string& interface, std::uint32_t metric, TimePoint now);

    void poll(TimePoint now);
    std::optional<TimePoint> next_deadline() const;

    std::vector<OutPdu> take_output();
    std::vector<InstanceEvent> take_events();

    // Show / test views.
    const InstanceConfig& config() const { return config_; }
    std::vector<AdjacencyView> adjacencies() const;
    std::vector<InterfaceView> interfaces() const;
    const Lsdb& lsdb(Level l) const { return levels_[level_index(l)].lsdb; }
    bool runs(Level l) const { return isis::runs(config_.levels, l); }
    // Every node SPF reached at the level, with its distance and next hops.
    const std::map<NodeId, NodePath>& topology(Level l) const { return levels_[level_index(l)].spf.nodes; }
    // Level-1 routes preferred over level-2 for the same prefix.
    const std::map<Prefix, Route>& routes() const { return routes_; }
    // The hostname a system advertises (TLV 137 of its fragment 0), at either level.
    std::optional<std::string> hostname_of(const SystemId& id, TimePoint now) const;
    bool overloaded() const { return overload_; }
    bool restarting() const { return restart_deadline_.has_value(); }
    std::map<std::string, std::uint64_t> counters() const { return counters_.nonzero(); }
    std::uint64_t counter(Counter c) const { return counters_.get(c); }
    // By stable name; throws std::invalid_argument for a name that is no counter.
    std::uint64_t counter(std::string_view name) const;

private:
    struct Adjacency {
        SystemId system{};
        MacAddress mac{};
        std::uint32_t address = 0;
        std::vector<Bytes> areas;
        AdjState state = AdjState::down;
        std::uint8_t levels = 0;
        std::uint16_t holding_time = 0;
        std::optional<std::uint32_t> neighbor_circuit;  // its extended local circuit id
        TimePoint hold_due{};
        TimePoint since{};
        bool restarting = false;
        std::uint8_t priority = 0;  // LAN
        NodeId lan_id;              // LAN: the DIS it reports
    };
    // Flooding state of one circuit at one level (7.3.15): LSPs to send (SRM, with when) and
    // entries to put in the next PSNP (SSN: acknowledgements, and requests with sequence 0).
    struct Flooding {
        struct Srm {
            TimePoint due{};
            bool sent = false;  // what goes out after `due` is a retransmission
        };
        std::map<LspId, Srm> srm;
        std::map<LspId, LspEntry> ssn;
        std::optional<TimePoint> psnp_due;
    };
    // One level of a LAN circuit: its adjacencies by SNPA, the DIS, the DIS's CSNP timer.
    struct LanLevel {
        std::map<MacAddress, Adjacency> adjacencies;
        NodeId lan_id;  // ours until another IS wins the election
        bool dis = false;
        std::optional<TimePoint> hello_due;
        std::optional<TimePoint> csnp_due;
    };
    struct Circuit {
        InterfaceConfig cfg;
        bool up = false;
        bool max_metric = false;
        std::uint8_t local_circuit_id = 0;
        MacAddress mac{};
        std::optional<Adjacency> adjacency;  // point-to-point: at most one
        std::optional<TimePoint> hello_due;  // point-to-point
        std::array<LanLevel, 2> lan;         // broadcast
        std::array<Flooding, 2> flooding;
        // Our restart (RFC 5306): a neighbour acknowledged it; a CSNP came per level.
        bool restart_acked = false;
        std::array<bool, 2> restart_csnp{};
        bool broadcast() const { return !cfg.point_to_point; }
        bool sends_hellos() const { return up && !cfg.loopback && !cfg.passive; }
    };
    struct LevelState {
        Lsdb lsdb;
        std::map<LspId, std::uint32_t> sequence;  // our LSPs' last sequence numbers
        std::set<LspId> originated;               // the LSPs we currently originate
        std::optional<TimePoint> originate_due;
        TimePoint last_generated{};
        TimePoint refresh_due{};
        bool force_refresh = false;
        std::optional<TimePoint> spf_due;
        SpfResult spf;
    };

    Circuit* find_circuit(const std::string& name);
    LevelState& level(Level l) { return levels_[level_index(l)]; }
    void count(Counter c) { counters_.bump(c); }
    std::uint32_t advertised_metric(const Circuit& c) const;
    bool adjacency_up_at(const Circuit& c, Level l) const;
    // The circuit floods at the level: an Up point-to-point adjacency, or a LAN with one.
    bool floods_at(const Circuit& c, Level l) const;
    // The PDU came from an Up adjacency of the circuit at the level (7.3.15.1 a).
    bool from_adjacency(const Circuit& c, Level l, const MacAddress& source) const;
    MacAddress flood_destination(const Circuit& c, Level l) const;

    // instance_hello.cpp: Hellos and the adjacency.
    void send_hello(Circuit& c, TimePoint now);
    void on_p2p_hello(Circuit& c, const MacAddress& source, const P2pHello& h, TimePoint now);
    void set_adjacency_state(Circuit& c, AdjState to, TimePoint now);
    void adjacency_up(Circuit& c, TimePoint now);
    void note_restart_ack(Circuit& c, const Restart* restart);
    // Our restart request on the circuit is answered: acknowledged, and a CSNP came for every
    // level it floods (RFC 5306 3.3.1: until then the request is repeated in every Hello).
    bool restart_answered(const Circuit& c) const;

    // instance_lan.cpp: LAN Hellos, adjacencies and the DIS.
    void send_lan_hello(Circuit& c, Level l, TimePoint now);
    void on_lan_hello(Circuit& c, const MacAddress& source, const LanHello& h, TimePoint now);
    void set_lan_adjacency_state(Circuit& c, Level l, Adjacency& a, AdjState to, TimePoint now);
    void elect_dis(Circuit& c, Level l, TimePoint now);
    void hello_soon(Circuit& c, Level l, TimePoint now);
    void poll_lan(Circuit& c, TimePoint now);
    // The pseudonode LSP of a LAN where we are DIS at the level (nothing otherwise).
    std::optional<Lsp> pseudonode_lsp(const Circuit& c, Level l) const;

    // instance_flooding.cpp: the update process.
    void on_lsp(Circuit& c, const MacAddress& source, const Lsp& lsp, ByteView wire, TimePoint now);
    void on_own_lsp(Circuit& c, const Lsp& lsp, ByteView wire, TimePoint now);
    void on_csnp(Circuit& c, const MacAddress& source, const Csnp& csnp, TimePoint now);
    void on_psnp(Circuit& c, const MacAddress& source, const Psnp& psnp, TimePoint now);
    void set_srm_all(Level l, const LspId& id, const Circuit* except, TimePoint now);
    void set_ssn(Circuit& c, Level l, const LspEntry& e, TimePoint now);
    void send_csnp(Circuit& c, Level l, TimePoint now);
    void send_flooding(Circuit& c, TimePoint now);

    // instance_lsdb.cpp: origination, aging, SPF.
    void schedule_origination(TimePoint now);
    void originate(Level l, TimePoint now);
    void schedule_spf(Level l, TimePoint now);
    void run_spf(TimePoint now);

    void emit(OutPdu p) { out_.push_back(std::move(p)); }
    // The PDU signed with `key` when there is one (its TLVs start with the placeholder).
    static Bytes signed_pdu(Bytes pdu, const std::optional<std::string>& key);
    // RFC 5304 on receipt: false (counted) when a key is configured and the PDU is not signed
    // with it.
    bool authentic(const Circuit& c, ByteView pdu);

    InstanceConfig config_;
    std::vector<Circuit> circuits_;
    std::array<LevelState, 2> levels_;
    std::map<Prefix, Route> routes_;
    std::vector<OutPdu> out_;
    std::vector<InstanceEvent> events_;
    Counters counters_;
    bool overload_ = false;
    std::optional<TimePoint> overload_until_;
    // Our restart: T2's deadline while it runs, and per level the LSPs the neighbours' CSNPs
    // listed that we do not hold yet (id -> the sequence number listed).
    std::optional<TimePoint> restart_deadline_;
    std::array<std::map<LspId, std::uint32_t>, 2> restart_awaited_;
    void check_restart_done(TimePoint now);
};

}  // namespace ldpsync::isis
