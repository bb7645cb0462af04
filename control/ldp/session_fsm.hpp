#pragma once
// LDP session state machine (RFC 5036 2.5.4 and its figure) as a pure table.
//
// transition(role, state, event) returns the next state and the actions to take, or a typed
// FsmError for a cell the RFC leaves undefined (an event that cannot happen in that state, such as
// a KeepAlive send timer firing before the timer was started). No I/O, no clock: Session (session.hpp)
// runs the actions. A test walks every (role, state, event) cell against tests/ldp/golden/session_fsm.txt.
//
// The active role passes through INITIALIZED at once: the figure's "[Active Role] send
// Initialization" edge needs no input, so connection_up takes the active side straight to OPENSENT.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "errors.hpp"

namespace ldpsync::ldp {

enum class SessionState : std::uint8_t { non_existent, initialized, openrec, opensent, operational };
inline constexpr std::size_t kSessionStateCount = 5;

// RFC 5036 2.5.2: the LSR with the higher transport address is active (opens the TCP connection
// and sends the first Initialization); the other is passive.
enum class SessionRole : std::uint8_t { active, passive };
SessionRole role_for(std::uint32_t local_transport, std::uint32_t peer_transport);

enum class SessionEvent : std::uint8_t {
    connection_up,         // TCP connection established
    init_acceptable,       // Initialization received, parameters acceptable
    init_unacceptable,     // Initialization received, negotiation failed (status from negotiation)
    keepalive_received,
    other_message,         // any other LDP message (Address, Label *, Capability, advisory Notification)
    timeout,               // session KeepAlive (hold) timer expired: no PDU for keepalive-time seconds
    keepalive_due,         // time to send a KeepAlive
    fatal_error,           // a fatal protocol error detected locally (status from the error)
    notification_received, // fatal Notification (E bit, Shutdown, ...) received from the peer
    close,                 // local shutdown (configuration, interface down, adjacency lost)
    connection_lost,       // TCP closed or reset by the peer
};
inline constexpr std::size_t kSessionEventCount = 11;

// Bit set of actions, run by Session in the order listed.
namespace session_action {
inline constexpr std::uint8_t none = 0;
inline constexpr std::uint8_t send_init = 1U << 0;
inline constexpr std::uint8_t send_keepalive = 1U << 1;
inline constexpr std::uint8_t send_notification = 1U << 2;  // status: Transition::notify
inline constexpr std::uint8_t start_hold_timer = 1U << 3;   // the session KeepAlive timer (receive side)
inline constexpr std::uint8_t start_keepalive_timer = 1U << 4;  // periodic KeepAlive sending
inline constexpr std::uint8_t report_up = 1U << 5;          // session became OPERATIONAL
inline constexpr std::uint8_t deliver = 1U << 6;            // pass the message to the caller
inline constexpr std::uint8_t close = 1U << 7;              // stop timers, close TCP, report closed
}  // namespace session_action

// Which status the Notification carries.
enum class NotifyWith : std::uint8_t {
    none,
    event_status,             // the status that came with the event (negotiation or decode error)
    shutdown,                 // 0x0A, RFC 5036 2.5.4: any unexpected message before OPERATIONAL
    keepalive_timer_expired,  // 0x14
};

struct SessionTransition {
    SessionState next = SessionState::non_existent;
    std::uint8_t actions = session_action::none;
    NotifyWith notify = NotifyWith::none;
    bool operator==(const SessionTransition&) const = default;
};

struct FsmError {
    SessionRole role;
    SessionState state;
    SessionEvent event;
    bool operator==(const FsmError&) const = default;
    std::string to_string() const;
};

using FsmResult = std::variant<SessionTransition, FsmError>;

FsmResult transition(SessionRole role, SessionState state, SessionEvent event);

std::string to_string(SessionState s);
std::string to_string(SessionRole r);
std::string to_string(SessionEvent e);
std::string to_string(NotifyWith n);
std::string actions_to_string(std::uint8_t actions);  // "send_init+start_hold_timer", "none"
std::string to_string(const FsmResult& r);             // one golden-file cell

}  // namespace ldpsync::ldp
