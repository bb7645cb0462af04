#pragma once
// The LDP speaker: the sockets and the timer around one ldp::LdpInstance, nothing else.
//   - the daemon's configuration, kernel interface state and RIB → the instance's snapshots
//     (refresh());
//   - UDP 646 Hellos in and out (ldp_sockets), multicast membership per LDP interface;
//   - one TCP connection per peer LSR: the listener, active connects, MD5 keys, GTSM TTLs,
//     reads handed to the instance and its bytes written back;
//   - one timer at the instance's next deadline;
//   - the instance's events: log lines to the log, the rest into the daemon's queue
//     (events.hpp). The speaker never calls the daemon: it reads it (const) and pushes.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "events.hpp"
#include "ldp/instance.hpp"
#include "ldp_sockets.hpp"
#include "ldpsync/shm/records.hpp"
#include "model.hpp"
#include "sync_clock.hpp"

namespace ldpsync::daemon {

class Daemon;

class LdpSpeaker {
public:
    LdpSpeaker(boost::asio::io_context& io, const Daemon& daemon, EventQueue& events, const sync::ClockSource& clock);
    ~LdpSpeaker();

    // Before start(): the local labels a predecessor bound (the shm label ledger).
    void hold_previous_labels(const std::vector<shm::LedgerEntry>& previous);
    // Opens the sockets; an error text when LDP cannot run (the daemon keeps running without).
    std::optional<std::string> start();
    // The configuration, the kernel's interfaces or the RIB changed: new snapshots.
    void refresh();
    // The IGP's neighbours, by their address on an interface (see LdpInstance::igp_neighbor).
    void igp_neighbor(const std::string& interface, std::uint32_t address, bool present);
    // Whether `next` keeps the running LIB (same router id, label range...).
    bool keeps_lib(const config::Config& next) const;

    const ldp::LdpInstance& instance() const { return instance_; }
    const std::map<std::uint32_t, std::string>& md5_keys() const { return md5_keys_; }
    std::uint64_t hellos_sent() const { return hellos_sent_; }
    // The TCP ports of a peer's connection (0 when it has none).
    std::pair<std::uint16_t, std::uint16_t> ports(std::uint32_t lsr_id) const;

private:
    struct Connection {
        std::uint32_t lsr_id = 0;
        std::unique_ptr<boost::asio::ip::tcp::socket> socket;
        bool connecting = false;
        bool writing = false;
        bool closing = false;  // close once `pending` is written
        std::vector<std::byte> pending;  // output not yet handed to the socket
        std::uint16_t local_port = 0, remote_port = 0;
    };

    ldp::InstanceConfig instance_config(const config::Config& cfg) const;
    std::optional<std::string> password_for(std::uint32_t address) const;
    void update_md5();
    void update_groups();

    // Everything the instance produced: sockets, log, the daemon's queue; then the timer.
    void pump();
    void send_hello(std::uint32_t ifindex, std::span<const std::byte> pdu);
    void queue_bytes(std::uint32_t lsr_id, std::vector<std::byte> bytes);
    void connect(const ldp::Connect& c);
    void disconnect(std::uint32_t lsr_id);
    void arm();

    void accept();
    void attach(std::uint32_t lsr_id, std::unique_ptr<boost::asio::ip::tcp::socket> socket);
    void read(std::uint64_t id);
    void flush(std::uint64_t id);
    void close(std::uint64_t id);
    Connection* find(std::uint64_t id);
    bool more_waiting(const Connection& c) const;

    boost::asio::io_context& io_;
    const Daemon& daemon_;
    EventQueue& events_;
    ldp::LdpInstance instance_;
    HelloSocket hellos_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer timer_;
    boost::asio::steady_timer accept_retry_;  // after an accept error (EMFILE...): no busy loop
    std::map<std::uint64_t, Connection> connections_;  // by id; a peer has at most one not closing
    std::map<std::uint32_t, std::uint64_t> current_;    // peer LSR id → its connection
    std::uint64_t next_connection_ = 1;
    std::set<std::uint32_t> groups_;                    // ifindexes that joined 224.0.0.2
    std::map<std::uint32_t, std::string> md5_keys_;     // installed on the listener
    std::uint64_t md5_peers_version_ = 0;
    std::uint64_t hellos_sent_ = 0;
    bool started_ = false;
};

}  // namespace ldpsync::daemon
