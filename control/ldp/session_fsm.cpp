#include "session_fsm.hpp"

namespace ldpsync::ldp {

namespace a = session_action;

SessionRole role_for(std::uint32_t local_transport, std::uint32_t peer_transport) {
    return local_transport > peer_transport ? SessionRole::active : SessionRole::passive;
}

namespace {

constexpr SessionTransition go(SessionState next, std::uint8_t actions, NotifyWith n = NotifyWith::none) {
    return SessionTransition{next, actions, n};
}

// Tear-down with a Notification (RFC 5036 2.5.4: "Tx NAK" / "Tx Shutdown" edges to NON EXISTENT).
constexpr SessionTransition nak(NotifyWith n) {
    return go(SessionState::non_existent, a::send_notification | a::close, n);
}

// Events handled the same way in every state after the connection is up.
std::optional<SessionTransition> common_after_connect(SessionEvent e) {
    switch (e) {
    case SessionEvent::timeout:
        return nak(NotifyWith::keepalive_timer_expired);
    case SessionEvent::fatal_error:
        return nak(NotifyWith::event_status);
    case SessionEvent::notification_received:  // the peer already said why; nothing to answer
    case SessionEvent::connection_lost:
        return go(SessionState::non_existent, a::close);
    case SessionEvent::close:
        return nak(NotifyWith::shutdown);
    default:
        return std::nullopt;
    }
}

}  // namespace

FsmResult transition(SessionRole role, SessionState state, SessionEvent event) {
    using S = SessionState;
    using E = SessionEvent;
    const FsmError error{role, state, event};
    const bool active = role == SessionRole::active;

    if (state == S::non_existent) {
        switch (event) {
        case E::connection_up:
            // Active: INITIALIZED, then at once "[Active Role] send Initialization" to OPENSENT.
            // Passive: wait in INITIALIZED for the peer's Initialization. Either way the session
            // KeepAlive timer bounds the wait (RFC 5036 2.5.4, 3.5.3).
            return active ? go(S::opensent, a::send_init | a::start_hold_timer)
                          : go(S::initialized, a::start_hold_timer);
        case E::close:
        case E::connection_lost:
            return go(S::non_existent, a::none);  // nothing to tear down; idempotent
        default:
            return error;
        }
    }
    // The active side never rests in INITIALIZED, the passive side never sends the first
    // Initialization: those (role, state) rows are unreachable, every cell an error.
    if ((state == S::initialized && active) || (state == S::opensent && !active)) {
        return error;
    }
    if (auto t = common_after_connect(event)) {
        return *t;
    }
    switch (state) {
    case S::initialized:
        switch (event) {
        case E::init_acceptable:  // "[Passive] Rx acceptable Init / Tx Init, Tx KeepAlive"
            return go(S::openrec, a::send_init | a::send_keepalive | a::start_keepalive_timer);
        case E::init_unacceptable:
            return nak(NotifyWith::event_status);
        case E::keepalive_received:
        case E::other_message:  // "Rx any other msg / Tx NAK"
            return nak(NotifyWith::shutdown);
        default:
            return error;
        }
    case S::opensent:
        switch (event) {
        case E::init_acceptable:  // "Rx acceptable Init / Tx KeepAlive"
            return go(S::openrec, a::send_keepalive | a::start_keepalive_timer);
        case E::init_unacceptable:
            return nak(NotifyWith::event_status);
        case E::keepalive_received:
        case E::other_message:
            return nak(NotifyWith::shutdown);
        default:
            return error;
        }
    case S::openrec:
        switch (event) {
        case E::keepalive_received:  // "Rx KeepAlive" -> OPERATIONAL
            return go(S::operational, a::report_up);
        case E::init_acceptable:
        case E::init_unacceptable:
        case E::other_message:  // "Rx any other msg / Tx NAK"
            return nak(NotifyWith::shutdown);
        case E::keepalive_due:
            return go(S::openrec, a::send_keepalive);
        default:
            return error;
        }
    case S::operational:
        switch (event) {
        case E::keepalive_received:
            return go(S::operational, a::none);  // the hold timer restarts on every PDU
        case E::other_message:
            return go(S::operational, a::deliver);
        case E::init_acceptable:
        case E::init_unacceptable:  // a second Initialization is a protocol error
            return nak(NotifyWith::shutdown);
        case E::keepalive_due:
            return go(S::operational, a::send_keepalive);
        default:
            return error;
        }
    case S::non_existent:
        break;
    }
    return error;
}

std::string to_string(SessionState s) {
    switch (s) {
    case SessionState::non_existent: return "NON_EXISTENT";
    case SessionState::initialized: return "INITIALIZED";
    case SessionState::openrec: return "OPENREC";
    case SessionState::opensent: return "OPENSENT";
    case SessionState::operational: return "OPERATIONAL";
    }
    return "?";
}

std::string to_string(SessionRole r) { return r == SessionRole::active ? "active" : "passive"; }

std::string to_string(SessionEvent e) {
    switch (e) {
    case SessionEvent::connection_up: return "connection_up";
    case SessionEvent::init_acceptable: return "init_acceptable";
    case SessionEvent::init_unacceptable: return "init_unacceptable";
    case SessionEvent::keepalive_received: return "keepalive_received";
    case SessionEvent::other_message: return "other_message";
    case SessionEvent::timeout: return "timeout";
    case SessionEvent::keepalive_due: return "keepalive_due";
    case SessionEvent::fatal_error: return "fatal_error";
    case SessionEvent::notification_received: return "notification_received";
    case SessionEvent::close: return "close";
    case SessionEvent::connection_lost: return "connection_lost";
    }
    return "?";
}

std::string to_string(NotifyWith n) {
    switch (n) {
    case NotifyWith::none: return "-";
    case NotifyWith::event_status: return "event_status";
    case NotifyWith::shutdown: return "shutdown";
    case NotifyWith::keepalive_timer_expired: return "keepalive_timer_expired";
    }
    return "?";
}

std::string actions_to_string(std::uint8_t actions) {
    static constexpr std::pair<std::uint8_t, const char*> names[] = {
        {a::send_init, "send_init"},
        {a::send_keepalive, "send_keepalive"},
        {a::send_notification, "send_notification"},
        {a::start_hold_timer, "start_hold_timer"},
        {a::start_keepalive_timer, "start_keepalive_timer"},
        {a::report_up, "report_up"},
        {a::deliver, "deliver"},
        {a::close, "close"},
    };
    std::string out;
    for (const auto& [bit, name] : names) {
        if ((actions & bit) != 0) {
            out += out.empty() ? "" : "+";
            out += name;
        }
    }
    return out.empty() ? "none" : out;
}

std::string FsmError::to_string() const {
    return "LDP session FSM: event " + ldp::to_string(event) + " unexpected in state " +
           ldp::to_string(state) + " (" + ldp::to_string(role) + " role)";
}

std::string to_string(const FsmResult& r) {
    if (const auto* t = std::get_if<SessionTransition>(&r)) {
        return to_string(t->next) + " " + actions_to_string(t->actions) + " " + to_string(t->notify);
    }
    return "ERROR";
}

}  // namespace ldpsync::ldp
