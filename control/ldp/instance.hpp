#pragma once
// One LDP process (RFC 5036 downstream unsolicited, independent control, liberal retention)
// as a pure instance: no sockets, no timers of its own, no daemon. It ties together the
// I/O-free pieces of control/ldp (Discovery, one Session per peer LSR, the LIB, the RFC 3478
// helper, InterfaceSync for "is LDP synced on this link").
//
// Inputs: configure() and set_routes() (snapshots of the configuration and of the RIB's
// selected routes), received Hellos, the TCP connection's events and bytes per peer, the IGP's
// neighbours, and poll() at next_deadline() on an injected clock.
// Outputs, in the order they happened:
//   take_output(): Hellos to send, bytes to write to a peer, connections to open or close;
//   take_events(): what the daemon acts on (a peer on an interface, an interface in sync or
//     not, bindings for the FIB, the label ledger) and log lines from log_events.hpp.
//
// Tests drive it on a fake wire (tests/ldp/instance_test.cpp); ldpsyncd's LdpSpeaker does the
// socket I/O and hands the events to the daemon's queue.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "discovery.hpp"
#include "graceful_restart.hpp"
#include "initial_exchange.hpp"
#include "lib.hpp"
#include "interface_sync.hpp"
#include "log_events.hpp"
#include "model.hpp"
#include "rib.hpp"
#include "session.hpp"
#include "sync_clock.hpp"

namespace ldpsync::ldp {

// What the instance is built from. The speaker derives it from the configuration and the
// kernel's interface state; equal snapshots change nothing.
struct InstanceConfig {
    std::uint32_t router_id = 0;  // 0: LDP stays down
    config::LdpConfig ldp;
    std::map<std::uint32_t, std::string> interfaces;  // LDP runs here (configured, up, addressed): ifindex → name
    std::vector<std::uint32_t> addresses;             // ours, sorted: advertised in Address messages
    std::set<std::uint32_t> reserved_labels;          // static bindings' input labels
    bool operator==(const InstanceConfig&) const = default;
};

// RFC 5036 2.2.2, as IOS picks it: configured, else the named interface's address, else the
// highest loopback address, else the highest interface address.
std::uint32_t router_id(const config::Config& cfg);

// ---- outputs for the I/O side -----------------------------------------------------------------

struct SendHello {
    std::uint32_t ifindex = 0;
    Bytes pdu;
};
struct SendBytes {
    std::uint32_t lsr_id = 0;
    Bytes bytes;
};
// Open a TCP connection to the peer (active role, RFC 5036 2.5.2); answer with connected()
// or connect_failed().
struct Connect {
    std::uint32_t lsr_id = 0;
    std::uint32_t transport = 0;
    bool gtsm = false;
};
// Close the peer's connection once what was sent before this is written.
struct Disconnect {
    std::uint32_t lsr_id = 0;
};
using Output = std::variant<SendHello, SendBytes, Connect, Disconnect>;

// ---- events for the daemon --------------------------------------------------------------------

struct LinkPeer {
    sync::LdpIdent ident;
    std::uint32_t transport = 0;
    bool operator==(const LinkPeer&) const = default;
};
// The sync machine's "LDP peer" on the interface changed (none: no adjacency there).
struct PeerOnInterface {
    std::string interface;
    std::optional<LinkPeer> peer;
};
// LDP is synced on the interface: every peer there has its initial label exchange complete.
struct InterfaceSynced {
    std::string interface;
    sync::SyncTrigger trigger = sync::SyncTrigger::end_of_lib;
};
// LDP is not synced there any more (session lost, or a new peer on a LAN). With graceful
// restart the sync machine keeps the link for `reconnect`.
struct InterfaceSyncLost {
    std::string interface;
    bool graceful_restart = false;
    std::optional<sync::Duration> reconnect;
};
// A restarting peer came back: protected for `recovery`.
struct InterfaceReconnected {
    std::string interface;
    sync::Duration recovery{};
};
// The FTN/ILM wanted from the LIB and the routes changed (bindings() has them).
struct BindingsChanged {
    std::vector<config::StaticBinding> bindings;
};
// A local label is now bound to `fec`, or free (nothing): the shm label ledger follows.
struct LedgerChanged {
    std::uint32_t label = 0;
    std::optional<Fec> fec;
};
struct LogLine {
    log_event::Level level = log_event::Level::info;
    std::string_view event;
    std::string text;
};
using InstanceEvent = std::variant<PeerOnInterface, InterfaceSynced, InterfaceSyncLost, InterfaceReconnected,
                                   BindingsChanged, LedgerChanged, LogLine>;

// ---- state, readable for show commands ----------------------------------------------------------

struct PeerCounters {
    std::uint64_t mappings_received = 0, withdraws_received = 0, releases_received = 0;
    std::uint64_t mappings_sent = 0, withdraws_sent = 0, releases_sent = 0;
    std::uint64_t addresses_received = 0;
    std::uint64_t notifications_sent = 0;  // errors answered (advisory and fatal)
    bool end_of_lib_received = false, end_of_lib_sent = false;
};

// One peer LSR: its session, its initial label exchange and its graceful-restart state.
struct Peer {
    Peer(std::uint32_t lsr, std::uint16_t space, SessionConfig config, InitialLabelExchange::Settings s,
         const sync::ClockSource& clock)
        : lsr_id(lsr), label_space(space), session(std::move(config), clock), exchange(s, clock), gr(clock) {}

    enum class Connection : std::uint8_t { none, connecting, open };

    std::uint32_t lsr_id = 0;
    std::uint16_t label_space = 0;
    Session session;
    InitialLabelExchange exchange;
    std::set<std::uint32_t> ifindexes;  // interfaces with an adjacency to this peer
    bool gtsm = false;                  // the peer's Hellos carry the G flag
    Connection connection = Connection::none;
    std::optional<sync::TimePoint> connect_not_before;  // first attempt a little after discovery
    std::optional<sync::TimePoint> up_since;
    std::optional<std::chrono::milliseconds> synced_after;  // session up → initial exchange complete
    std::string last_close;                                 // why the last session ended
    PeerCounters counters;
    // Graceful restart (RFC 3478), as the helper of a peer that restarts: its bindings are
    // kept (stale) and still forward until it reconnects and re-advertises them, or until the
    // reconnect time passes (graceful_restart.hpp).
    std::optional<NegotiatedSession> last_negotiated;  // the Session forgets at close
    GrHelper gr;
};

class LdpInstance {
public:
    explicit LdpInstance(const sync::ClockSource& clock);
    ~LdpInstance();
    LdpInstance(const LdpInstance&) = delete;
    LdpInstance& operator=(const LdpInstance&) = delete;

    // Before the first configure(): the local labels a predecessor bound (the shm label
    // ledger). Each FEC gets its label back when it is bound again; the others are held for
    // no other FEC until `graceful-restart timers forwarding-holding` is over.
    // A FEC twice in the ledger gets its first label; the other is freed.
    void hold_previous_labels(std::vector<std::pair<Fec, std::uint32_t>> previous);

    // A new identity, or a change of what discovery and the label space were built from,
    // restarts discovery and the sessions under it (as a label range change needs a reload
    // on IOS). Graceful-restart and sync-trigger settings apply to sessions created after.
    void configure(const InstanceConfig& config);
    // The RIB's selected routes: a local binding for each (withdrawn when it goes), the FECs
    // routed through each peer, and the FTN/ILM.
    void set_routes(std::vector<rib::Route> selected);
    // Whether `next` keeps the running LIB; when not, the LIB restarts and none of its labels
    // count any more (static_labels.hpp).
    bool keeps_lib(const InstanceConfig& next) const;

    // Discovery (RFC 5036 2.4.1): a link Hello's PDU, its IP source, and its TTL (-1: unknown).
    void hello_received(std::uint32_t ifindex, std::uint32_t source, ByteView pdu, int ttl);
    // The IGP's neighbours by their address on an interface: a peer that left a LAN while the
    // IGP still knew it holds the LAN's sync back until the IGP loses it too (interface_sync.hpp).
    void igp_neighbor(const std::string& interface, std::uint32_t address, bool present);
    bool igp_neighbor_present(const std::string& interface, std::uint32_t address) const;
    std::vector<std::uint32_t> igp_neighbors(const std::string& interface) const;

    // The peer's TCP connection. accept() is asked for an incoming connection from `address`:
    // the peer it belongs to when one waits for it in the passive role (then call connected()).
    struct Acceptance {
        std::uint32_t lsr_id = 0;
        bool gtsm = false;
    };
    std::optional<Acceptance> accept(std::uint32_t address);
    void connected(std::uint32_t lsr_id);
    void connect_failed(std::uint32_t lsr_id);
    // `more_waiting`: the socket holds more bytes already (the FIB rebuild may wait for them).
    void bytes_received(std::uint32_t lsr_id, ByteView bytes, bool more_waiting = false);
    void connection_lost(std::uint32_t lsr_id);

    void poll();  // at next_deadline(): Hellos, hold timers, sessions, GR, held labels, connects
    std::optional<sync::TimePoint> next_deadline() const;

    std::vector<Output> take_output();
    std::vector<InstanceEvent> take_events();

    // Views for show commands and tests.
    bool running() const { return discovery_.has_value(); }
    std::uint32_t lsr_id() const { return lsr_id_; }
    const Discovery* discovery() const { return discovery_ ? &*discovery_ : nullptr; }
    const Lib& lib() const { return lib_; }
    const std::map<std::uint32_t, std::unique_ptr<Peer>>& peers() const { return peers_; }
    const Peer* peer(std::uint32_t lsr_id) const;
    const InterfaceSync& interface_sync() const { return iface_sync_; }
    const std::map<std::uint32_t, std::string>& interfaces() const { return interfaces_; }
    std::string interface_name(std::uint32_t ifindex) const;
    const InstanceConfig& config() const { return config_; }
    const std::vector<config::StaticBinding>& bindings() const { return bindings_; }
    std::uint64_t hellos_dropped() const { return hellos_dropped_; }
    // Bumped when a peer is created or removed (its transport address may need an MD5 key).
    std::uint64_t peers_version() const { return peers_version_; }
    const sync::ClockSource& clock() const { return clock_; }

private:
    template <class... Args>
    void log(log_event::Level level, const log_event::Event& e, Args&&... args);

    // instance.cpp: identity, interfaces, timers, connections.
    void reset_protocol(std::uint32_t rid);
    void update_interfaces();
    void update_addresses();
    void connect(Peer& peer);
    Peer* find(std::uint32_t lsr_id);
    void flush(Peer& peer);
    void disconnect(Peer& peer);

    // instance_bindings.cpp: local bindings, routed FECs, FTN/ILM, the ledger.
    void update_reserved_labels();
    void update_local_bindings();
    void update_routed_fecs();
    void update_fib();
    void ledger(std::uint32_t label, const std::optional<Fec>& fec);
    void release_held_labels();
    void send_to_operational(const Message& m, std::uint64_t PeerCounters::*counter);

    // instance_discovery.cpp: adjacencies and the LAN's sync.
    void handle_discovery_events();
    void adjacency_up(const Adjacency& a);
    void adjacency_down(const AdjacencyDown& down);
    Peer& create_peer(const Adjacency& a);
    std::optional<LinkPeer> peer_on(std::uint32_t ifindex) const;
    void hand_over(std::uint32_t ifindex);

    // instance_session.cpp: session reports, graceful restart, the initial exchange.
    void process(Peer& peer, bool more_waiting = false);
    void session_up(Peer& peer);
    void session_closed(Peer& peer, const SessionClosed& c);
    void check_exchange(Peer& peer);
    bool gr_ended(Peer& peer);
    void report_gone(const Peer& peer, const std::set<std::uint32_t>& ifindexes);

    const sync::ClockSource& clock_;
    InstanceConfig config_;
    bool configured_ = false;
    std::vector<rib::Route> routes_;
    std::uint32_t lsr_id_ = 0;
    std::optional<Discovery> discovery_;
    Lib lib_;
    std::vector<std::pair<Fec, std::uint32_t>> previous_labels_;  // hold_previous_labels(), until the LIB takes them
    std::optional<sync::TimePoint> held_until_;       // the LIB holds previous labels until then
    std::set<std::uint32_t> label_conflicts_;         // static labels LDP held, already logged
    std::map<Fec, bool> local_fecs_;                  // FEC → egress (implicit/explicit null)
    std::map<std::uint32_t, std::string> interfaces_;  // LDP runs here: ifindex → name
    std::map<std::uint32_t, std::string> names_seen_;  // every name interfaces_ ever held
    std::map<std::uint32_t, std::unique_ptr<Peer>> peers_;  // by LSR id
    InterfaceSync iface_sync_;  // which interfaces are reported in sync (RFC 6138 section 3)
    std::map<std::string, std::set<std::uint32_t>> igp_neighbors_;  // by interface: addresses
    std::vector<std::uint32_t> advertised_addresses_;  // what operational peers know
    std::vector<config::StaticBinding> bindings_;
    bool fib_stale_ = false;  // the LIB changed since the last update_fib() (see process())
    unsigned fib_deferrals_ = 0;
    std::uint64_t hellos_dropped_ = 0;
    std::uint64_t peers_version_ = 0;
    std::vector<Output> output_;
    std::vector<InstanceEvent> events_;
};

}  // namespace ldpsync::ldp
