#pragma once
// One LDP session (RFC 5036 2.5): the runner of the pure table in session_fsm.hpp.
//
// I/O-free: the caller owns the TCP socket and the clock. It hands TCP stream chunks to
// receive() (split or merged anyhow; frame_pdu() cuts PDUs), writes take_output() to the socket,
// calls poll_timers() at next_deadline(), and reads what happened from take_reports(). Every
// Notification this side sends, whatever the cause (decode error, rejected Initialization,
// timeout, shutdown), is built by notification_for() in Session::send_error(), one place.

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "message.hpp"
#include "session_fsm.hpp"
#include "session_params.hpp"
#include "sync_clock.hpp"

namespace ldpsync::ldp {

using TimePoint = sync::TimePoint;
using Duration = std::chrono::milliseconds;

// Exponential back-off between connection attempts (RFC 5036 2.5.3: start at 15 s or more,
// grow to at least 2 minutes). Bookkeeping only: the caller connects when may_connect().
class ReconnectBackoff {
public:
    struct Settings {
        Duration initial{15'000};
        Duration maximum{120'000};
    };
    ReconnectBackoff() : ReconnectBackoff(Settings{}) {}
    explicit ReconnectBackoff(Settings s) : s_(s) {}

    void failed(TimePoint now);  // an attempt failed or a session died before OPERATIONAL
    void reset();                // session reached OPERATIONAL
    bool may_connect(TimePoint now) const { return !next_ || now >= *next_; }
    std::optional<TimePoint> next_attempt() const { return next_; }
    Duration current_delay() const { return delay_; }
    unsigned failures() const { return failures_; }

private:
    Settings s_;
    Duration delay_{0};
    unsigned failures_ = 0;
    std::optional<TimePoint> next_;
};

struct SessionConfig {
    LocalSessionParams local;
    std::uint32_t local_transport = 0;  // host order
    std::uint32_t peer_transport = 0;
    std::uint32_t peer_lsr_id = 0;      // from the Hello adjacency
    std::uint16_t peer_label_space = 0;
    ReconnectBackoff::Settings backoff{};
};

enum class CloseReason : std::uint8_t {
    local_shutdown,      // shutdown() called
    peer_notification,   // the peer sent a fatal Notification
    protocol_error,      // we sent a fatal Notification for a decode/protocol error
    init_rejected,       // the peer's Initialization was unacceptable
    unexpected_message,  // a message the state did not allow (Shutdown sent)
    keepalive_timeout,   // no PDU for the negotiated KeepAlive time
    connection_lost,     // TCP closed under us
};
std::string to_string(CloseReason r);

// ---- reports to the caller ----
struct SessionUp {
    NegotiatedSession params;
};
struct SessionClosed {
    CloseReason reason;
    Status status = Status::success;  // sent or received status; success when none
    std::string detail;
};
struct PeerAddresses {
    bool withdraw = false;  // Address Withdraw
    AddressListTlv addresses;
};
struct MappingReceived {
    LabelMapping message;
};
struct WithdrawReceived {
    LabelWithdraw message;
};
struct ReleaseReceived {
    LabelRelease message;
};
// RFC 5919: Notification with status End-of-LIB (0x2F) and a FEC TLV (Typed Wildcard FEC).
struct EndOfLibReceived {
    std::optional<TypedWildcardFec> fec;
};
struct AdvisoryNotification {  // non-fatal Notification received
    Notification message;
};
struct ErrorSent {  // a non-fatal error we answered with an advisory Notification (or dropped)
    DecodeError error;
};
using SessionReport = std::variant<SessionUp, SessionClosed, PeerAddresses, MappingReceived, WithdrawReceived,
                                   ReleaseReceived, EndOfLibReceived, AdvisoryNotification, ErrorSent, FsmError>;

class Session {
public:
    Session(SessionConfig config, const sync::ClockSource& clock);

    SessionRole role() const { return role_; }
    SessionState state() const { return state_; }
    const SessionConfig& config() const { return config_; }
    const std::optional<NegotiatedSession>& negotiated() const { return negotiated_; }
    // Addresses the peer currently advertises (Address minus Address Withdraw), IPv4, host order.
    const std::set<std::uint32_t>& peer_addresses() const { return peer_addresses_; }

    void connected();                   // TCP connection established
    void receive(ByteView chunk);       // bytes read from the connection
    void connection_lost();             // TCP closed or reset
    void shutdown();                    // local close: Shutdown Notification, then close
    void poll_timers();                 // call at next_deadline() (calling early is harmless)
    std::optional<TimePoint> next_deadline() const;

    // Sends a message on an OPERATIONAL session (Address, Label *, End-of-LIB, ...); assigns
    // its message id. False when the session is not OPERATIONAL.
    bool send(Message message);

    Bytes take_output();
    std::vector<SessionReport> take_reports();

    // Reconnect bookkeeping: failures before OPERATIONAL grow the delay; the caller reports
    // failed connects with connect_failed().
    const ReconnectBackoff& backoff() const { return backoff_; }
    bool may_connect() const { return backoff_.may_connect(clock_.now()); }
    void connect_failed() { backoff_.failed(clock_.now()); }

private:
    struct Cause {
        std::optional<DecodeError> error;  // status for NotifyWith::event_status
        Message* message = nullptr;  // for deliver, which moves it into a report
        Status received_status = Status::success;
    };
    void dispatch(SessionEvent event, const Cause& cause);
    void handle_pdu(ByteView pdu);
    void handle_message(Message& m);
    void deliver(Message& m);
    void send_error(const DecodeError& error);  // the one notification_for() call
    void queue(Message m);
    void close();
    Duration keepalive_time() const;
    std::uint16_t max_pdu_length() const;

    SessionConfig config_;
    const sync::ClockSource& clock_;
    SessionRole role_;
    SessionState state_ = SessionState::non_existent;
    bool up_ = false;  // reached OPERATIONAL since the connection came up
    std::optional<NegotiatedSession> negotiated_;
    std::set<std::uint32_t> peer_addresses_;
    std::uint32_t next_message_id_ = 1;
    Bytes rx_;
    Bytes tx_;
    std::vector<SessionReport> reports_;
    std::optional<TimePoint> hold_deadline_;
    std::optional<TimePoint> keepalive_deadline_;
    ReconnectBackoff backoff_;
};

}  // namespace ldpsync::ldp
