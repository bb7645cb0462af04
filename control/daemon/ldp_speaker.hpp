#pragma once
// The LDP speaker: ties control/ldp's I/O-free pieces (Discovery, one Session per peer LSR,
// the LIB, one InitialLabelExchange per peer) to the sockets of ldp_sockets and to the Daemon:
//   - link Hellos on every LDP-enabled interface, adjacencies → Daemon::ldp_peer();
//   - a TCP session per peer LSR (active when our transport address is the higher one);
//   - a local binding for every RIB prefix, advertised to every peer (Address, Label
//     Mapping/Withdraw, Release answering a Withdraw, End-of-LIB after the initial dump when
//     the peer announced the Unrecognized Notification capability, RFC 5919);
//   - the peer's initial label exchange complete → Daemon::ldp_synced() on each interface with
//     an adjacency to it where every peer is complete (InterfaceSync); a new peer on an
//     interface in sync, or the session lost → Daemon::session_down();
//   - the FTN/ILM wanted from the LIB and the RIB → Daemon::set_ldp_bindings().
// Everything runs on the daemon's io_context; one timer serves every protocol deadline.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <tuple>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "discovery.hpp"
#include "graceful_restart.hpp"
#include "initial_exchange.hpp"
#include "interface_sync.hpp"
#include "ldpsync/shm/records.hpp"
#include "ldp_sockets.hpp"
#include "lib.hpp"
#include "model.hpp"
#include "session.hpp"
#include "sync_manager.hpp"
#include "sync_clock.hpp"

namespace ldpsync::daemon {

class Daemon;

struct LdpPeerCounters {
    std::uint64_t mappings_received = 0, withdraws_received = 0, releases_received = 0;
    std::uint64_t mappings_sent = 0, withdraws_sent = 0, releases_sent = 0;
    std::uint64_t addresses_received = 0;
    std::uint64_t notifications_sent = 0;  // errors answered (advisory and fatal)
    bool end_of_lib_received = false, end_of_lib_sent = false;
};

// One peer LSR: its session, its socket and its initial label exchange.
struct LdpPeer {
    LdpPeer(std::uint32_t lsr, std::uint16_t space, ldp::SessionConfig config, sync::InitialLabelExchange::Settings s,
            const sync::ClockSource& clock)
        : lsr_id(lsr), label_space(space), session(std::move(config), clock), exchange(s, clock), gr(clock) {}

    std::uint32_t lsr_id = 0;
    std::uint16_t label_space = 0;
    ldp::Session session;
    sync::InitialLabelExchange exchange;
    std::set<std::uint32_t> ifindexes;  // interfaces with an adjacency to this peer
    bool gtsm = false;                   // the peer's Hellos carry the G flag

    std::unique_ptr<boost::asio::ip::tcp::socket> socket;
    std::uint64_t connection = 0;  // bumped per socket: stale completions are ignored
    bool connecting = false;
    bool writing = false;
    bool close_after_write = false;
    std::vector<std::byte> pending;  // output not yet handed to the socket
    std::optional<sync::TimePoint> connect_not_before;  // first attempt a little after discovery
    std::optional<sync::TimePoint> up_since;
    std::optional<std::chrono::milliseconds> synced_after;  // session up → initial exchange complete
    std::uint32_t local_port = 0, remote_port = 0;
    std::string last_close;  // why the last session ended
    LdpPeerCounters counters;

    // Graceful restart (RFC 3478), as the helper of a peer that restarts: its bindings are
    // kept (stale) and still forward until it reconnects and re-advertises them, or until the
    // reconnect time passes (graceful_restart.hpp).
    std::optional<ldp::NegotiatedSession> last_negotiated;  // the Session forgets at close
    ldp::GrHelper gr;
};

class LdpSpeaker {
public:
    LdpSpeaker(boost::asio::io_context& io, Daemon& daemon, const sync::ClockSource& clock);
    ~LdpSpeaker();

    // Before start(): the local labels a predecessor bound (the shm label ledger). Each FEC
    // gets its label back when it is bound again; the others are held for no other FEC
    // until `graceful-restart timers forwarding-holding` is over.
    void hold_previous_labels(const std::vector<shm::LedgerEntry>& previous);
    // Opens the sockets; an error text when LDP cannot run (the daemon keeps running without).
    std::optional<std::string> start();
    // The configuration or the RIB changed: interfaces, MD5 keys, local bindings, FIB.
    void refresh();
    // The IGP has no neighbour at `address` on the interface any more: a peer that left the
    // LAN there while the IGP still knew it stops holding the LAN's sync back.
    void igp_neighbor_gone(const std::string& interface, std::uint32_t address);

    std::uint32_t lsr_id() const { return lsr_id_; }
    const ldp::Discovery* discovery() const { return discovery_ ? &*discovery_ : nullptr; }
    const ldp::Lib& lib() const { return lib_; }
    const std::map<std::uint32_t, std::unique_ptr<LdpPeer>>& peers() const { return peers_; }
    std::string interface_name(std::uint32_t ifindex) const;
    const std::map<std::uint32_t, std::string>& interfaces() const { return interfaces_; }
    const ldp::InterfaceSync& interface_sync() const { return iface_sync_; }
    // The IGP's neighbours on the interface (their addresses), as the daemon knows them.
    std::vector<std::uint32_t> igp_neighbors(const std::string& interface) const;
    const sync::ClockSource& clock() const { return clock_; }
    const std::map<std::uint32_t, std::string>& md5_keys() const { return md5_keys_; }
    std::uint64_t hellos_sent() const { return hellos_sent_; }
    std::uint64_t hellos_dropped() const { return hellos_dropped_; }
    // Whether `next` keeps the running LIB (same router id, label range...); when not, the
    // LIB restarts and none of its labels count any more.
    bool keeps_lib(const config::Config& next) const;
    static std::uint32_t router_id(const config::Config& cfg);

private:
    class Entry;
    void refresh_now();
    // The LAN's remaining peers all have their labels (InterfaceSync::Verdict::synced after a
    // peer left): report one of them as the interface's peer and the interface in sync.
    void hand_over(std::uint32_t ifindex);
    // A peer with an adjacency on the interface, if any (the sync machine's "LDP peer" there).
    std::optional<PeerInfo> peer_on(std::uint32_t ifindex) const;
    void reset_protocol(std::uint32_t lsr_id);
    void update_interfaces();
    void update_md5();
    void update_addresses();
    void update_reserved_labels();
    void update_local_bindings();
    // Mirrors a local label into the shm ledger: bound to `fec`, or free when nothing.
    void ledger(std::uint32_t label, const std::optional<ldp::Fec>& fec);
    void release_held_labels();
    void update_routed_fecs();
    bool more_waiting(const LdpPeer& peer) const;
    void update_fib();
    std::optional<std::string> password_for(std::uint32_t address) const;
    std::vector<std::uint32_t> own_addresses() const;

    void on_hello(const ReceivedHello& h);
    void handle_discovery_events();
    void tick();
    void arm();

    void accept();
    void connect(LdpPeer& peer);
    void attach(LdpPeer& peer, std::unique_ptr<boost::asio::ip::tcp::socket> socket);
    void read(LdpPeer& peer);
    void flush(LdpPeer& peer);
    void close_socket(LdpPeer& peer);
    LdpPeer* find(std::uint32_t lsr_id, std::uint64_t connection);

    void process(LdpPeer& peer);  // session reports, exchange progress, output
    void session_up(LdpPeer& peer);
    void session_closed(LdpPeer& peer, const ldp::SessionClosed& c);
    void send_to_operational(const ldp::Message& m, std::uint64_t LdpPeerCounters::*counter);
    void check_exchange(LdpPeer& peer);
    bool gr_ended(LdpPeer& peer);  // protection over: sweep, report lost adjacencies; false if not
    void report_gone(const LdpPeer& peer, const std::set<std::uint32_t>& ifindexes);

    boost::asio::io_context& io_;
    Daemon& daemon_;
    const sync::ClockSource& clock_;
    HelloSocket hellos_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer timer_;
    boost::asio::steady_timer accept_retry_;  // after an accept error (EMFILE...): no busy loop
    std::uint32_t lsr_id_ = 0;
    std::optional<ldp::Discovery> discovery_;
    ldp::Lib lib_;
    std::vector<shm::LedgerEntry> previous_labels_;  // hold_previous_labels(), until the LIB takes them
    std::optional<sync::TimePoint> held_until_;          // the LIB holds previous labels until then
    std::set<std::uint32_t> label_conflicts_;            // static labels LDP held, already logged
    std::map<ldp::Fec, bool> local_fecs_;                // FEC → egress (implicit/explicit null)
    std::map<std::uint32_t, std::string> interfaces_;    // LDP-enabled: ifindex → name
    std::map<std::uint32_t, std::string> names_seen_;    // every name interfaces_ ever held
    std::map<std::uint32_t, std::string> md5_keys_;      // installed on the listener
    std::map<std::uint32_t, std::unique_ptr<LdpPeer>> peers_;  // by LSR id
    ldp::InterfaceSync iface_sync_;  // which interfaces are reported in sync (RFC 6138 section 3)
    std::uint64_t next_connection_ = 1;
    std::uint64_t hellos_sent_ = 0;
    std::uint64_t hellos_dropped_ = 0;
    bool started_ = false;
    // What Discovery and the LIB were built from: a change restarts them.
    using RunningSettings = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, bool, bool>;
    static RunningSettings running_settings(const config::LdpConfig& l);
    RunningSettings settings_{};
    std::vector<std::uint32_t> advertised_addresses_;  // sorted, what operational peers know
    bool addresses_known_ = false;
    bool busy_ = false;   // inside an Entry
    bool again_ = false;  // refresh() was called while busy: run it when the outer Entry ends
    bool fib_stale_ = false;  // the LIB changed since the last update_fib() (see process())
    unsigned fib_deferrals_ = 0;
    static constexpr unsigned kMaxFibDeferrals = 64;  // reads of up to 64 KiB each
};

}  // namespace ldpsync::daemon
