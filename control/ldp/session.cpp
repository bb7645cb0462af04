#include "session.hpp"

#include <algorithm>
#include <utility>

namespace ldpsync::ldp {

namespace a = session_action;

void ReconnectBackoff::failed(TimePoint now) {
    ++failures_;
    delay_ = delay_.count() == 0 ? s_.initial : std::min(delay_ * 2, s_.maximum);
    next_ = now + delay_;
}

void ReconnectBackoff::reset() {
    failures_ = 0;
    delay_ = Duration{0};
    next_.reset();
}

std::string to_string(CloseReason r) {
    switch (r) {
    case CloseReason::local_shutdown: return "local shutdown";
    case CloseReason::peer_notification: return "peer notification";
    case CloseReason::protocol_error: return "protocol error";
    case CloseReason::init_rejected: return "initialization rejected";
    case CloseReason::unexpected_message: return "unexpected message";
    case CloseReason::keepalive_timeout: return "keepalive timeout";
    case CloseReason::connection_lost: return "connection lost";
    }
    return "?";
}

Session::Session(SessionConfig config, const sync::ClockSource& clock)
    : config_(std::move(config)),
      clock_(clock),
      role_(role_for(config_.local_transport, config_.peer_transport)),
      backoff_(config_.backoff) {}

Duration Session::keepalive_time() const {
    const auto seconds = negotiated_ ? negotiated_->keepalive_time : config_.local.keepalive_time;
    return Duration{std::int64_t{seconds} * 1000};
}

std::uint16_t Session::max_pdu_length() const {
    return negotiated_ ? negotiated_->max_pdu_length : kDefaultMaxPduLength;
}

void Session::connected() { dispatch(SessionEvent::connection_up, {}); }

void Session::connection_lost() { dispatch(SessionEvent::connection_lost, {}); }

void Session::shutdown() { dispatch(SessionEvent::close, {}); }

void Session::receive(ByteView chunk) {
    if (state_ == SessionState::non_existent) {
        return;  // no session: nothing to feed (the caller closes the socket on SessionClosed)
    }
    rx_.insert(rx_.end(), chunk.begin(), chunk.end());
    std::size_t consumed = 0;
    while (state_ != SessionState::non_existent) {
        ByteView rest = ByteView(rx_).subspan(consumed);
        auto n = frame_pdu(rest, max_pdu_length());
        if (!n) {  // the stream can no longer be framed (RFC 5036 3.5.1.2.1: fatal)
            dispatch(SessionEvent::fatal_error, Cause{n.error(), nullptr, Status::success});
            break;
        }
        if (*n == 0) {
            break;
        }
        handle_pdu(rest.first(*n));
        consumed += *n;
    }
    if (state_ == SessionState::non_existent) {
        rx_.clear();
    } else {
        rx_.erase(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(consumed));
    }
}

void Session::handle_pdu(ByteView pdu) {
    // RFC 5036 3.5.4: any LDP PDU restarts the session KeepAlive timer.
    hold_deadline_ = clock_.now() + keepalive_time();
    auto decoded = decode_pdu(pdu, max_pdu_length());
    if (!decoded) {
        dispatch(SessionEvent::fatal_error, Cause{decoded.error(), nullptr, Status::success});
        return;
    }
    if (auto bad = check_ldp_identifier(decoded->header, config_.peer_lsr_id, config_.peer_label_space)) {
        dispatch(SessionEvent::fatal_error, Cause{*bad, nullptr, Status::success});
        return;
    }
    for (auto& entry : decoded->messages) {
        if (state_ == SessionState::non_existent) {
            return;
        }
        if (!entry.message) {
            const DecodeError& err = entry.message.error();
            if (err.fatal()) {
                dispatch(SessionEvent::fatal_error, Cause{err, nullptr, Status::success});
                return;
            }
            send_error(err);  // advisory: notify, drop the message, carry on (3.5.1.2)
            reports_.emplace_back(ErrorSent{err});
            continue;
        }
        handle_message(*entry.message);
    }
}

// m belongs to the decoded PDU and is not read after this call: deliver() moves it.
void Session::handle_message(Message& m) {
    Cause cause{std::nullopt, &m, Status::success};
    if (const auto* init = std::get_if<Initialization>(&m)) {
        auto n = negotiate(config_.local, *init);
        if (!n) {
            cause.error = n.error();
            dispatch(SessionEvent::init_unacceptable, cause);
            return;
        }
        if (state_ == SessionState::initialized || state_ == SessionState::opensent) {
            negotiated_ = *n;  // before dispatch: the timers started by the transition use it
            hold_deadline_ = clock_.now() + keepalive_time();
        }
        dispatch(SessionEvent::init_acceptable, cause);
        return;
    }
    if (std::holds_alternative<KeepAlive>(m)) {
        dispatch(SessionEvent::keepalive_received, cause);
        return;
    }
    if (std::holds_alternative<UnknownMessage>(m)) {
        return;  // U = 1: ignored silently in any state (RFC 5036 3.5.1.2.1)
    }
    if (const auto* n = std::get_if<Notification>(&m)) {
        if (n->status.e || is_fatal(n->status.status())) {
            cause.received_status = n->status.status();
            dispatch(SessionEvent::notification_received, cause);
            return;
        }
    }
    dispatch(SessionEvent::other_message, cause);
}

void Session::deliver(Message& m) {
    std::visit(
        [&](auto& msg) {
            using T = std::decay_t<decltype(msg)>;
            if constexpr (std::is_same_v<T, Address> || std::is_same_v<T, AddressWithdraw>) {
                constexpr bool withdraw = std::is_same_v<T, AddressWithdraw>;
                for (auto addr : msg.addresses.ipv4) {
                    if (withdraw) {
                        peer_addresses_.erase(addr);
                    } else {
                        peer_addresses_.insert(addr);
                    }
                }
                reports_.emplace_back(PeerAddresses{withdraw, msg.addresses});
            } else if constexpr (std::is_same_v<T, LabelMapping>) {
                reports_.emplace_back(MappingReceived{std::move(msg)});
            } else if constexpr (std::is_same_v<T, LabelWithdraw>) {
                reports_.emplace_back(WithdrawReceived{std::move(msg)});
            } else if constexpr (std::is_same_v<T, LabelRelease>) {
                reports_.emplace_back(ReleaseReceived{std::move(msg)});
            } else if constexpr (std::is_same_v<T, Notification>) {
                if (msg.status.status() == Status::end_of_lib) {
                    EndOfLibReceived eol;
                    for (const auto& t : msg.optional) {
                        if (const auto* fec = std::get_if<FecTlv>(&t)) {
                            for (const auto& el : fec->elements) {
                                if (const auto* tw = std::get_if<TypedWildcardFec>(&el)) {
                                    eol.fec = *tw;
                                }
                            }
                        }
                    }
                    reports_.emplace_back(eol);
                } else {
                    reports_.emplace_back(AdvisoryNotification{msg});
                }
            }
            // Label Request / Abort, Capability, Hello on TCP: not used by a downstream-unsolicited,
            // liberal-retention LSR; accepted and ignored.
        },
        m);
}

void Session::dispatch(SessionEvent event, const Cause& cause) {
    auto result = transition(role_, state_, event);
    if (const auto* err = std::get_if<FsmError>(&result)) {
        reports_.emplace_back(*err);  // typed, reported; the state is left unchanged
        return;
    }
    const auto t = std::get<SessionTransition>(result);
    // Read the clock only for the transitions that start a timer: an operational session
    // dispatches every Label Mapping through here.
    constexpr auto timer_actions = a::start_hold_timer | a::start_keepalive_timer | a::send_keepalive;
    const auto now = (t.actions & timer_actions) != 0 ? clock_.now() : TimePoint{};
    state_ = t.next;

    std::optional<DecodeError> sent;
    if ((t.actions & a::send_init) != 0) {
        queue(make_initialization(config_.local, config_.peer_lsr_id, config_.peer_label_space, 0));
    }
    if ((t.actions & a::send_keepalive) != 0) {
        queue(KeepAlive{});
    }
    if ((t.actions & a::send_notification) != 0) {
        DecodeError e;
        switch (t.notify) {
        case NotifyWith::event_status:
            e = cause.error.value_or(make_error(Status::internal_error, "", "no status for the event"));
            break;
        case NotifyWith::shutdown:
            e = make_error(Status::shutdown, "", event == SessionEvent::close ? "local shutdown"
                                                                              : "message not expected in this state");
            if (cause.message != nullptr) {
                e.message_id = message_id_of(*cause.message);
                e.message_type = message_type_of(*cause.message);
            }
            break;
        case NotifyWith::keepalive_timer_expired:
        case NotifyWith::none:
            e = make_error(Status::keepalive_timer_expired, "", "no PDU from the peer for the KeepAlive time");
            break;
        }
        send_error(e);
        sent = e;
    }
    if ((t.actions & a::start_hold_timer) != 0) {
        hold_deadline_ = now + keepalive_time();
    }
    if ((t.actions & a::start_keepalive_timer) != 0 || (t.actions & a::send_keepalive) != 0) {
        // RFC 5036 3.5.4 leaves the rate to the implementation; three per KeepAlive time, as
        // FRR and OpenBSD do.
        keepalive_deadline_ = now + keepalive_time() / 3;
    }
    if ((t.actions & a::report_up) != 0) {
        backoff_.reset();
        up_ = true;
        reports_.emplace_back(SessionUp{negotiated_.value_or(NegotiatedSession{})});
    }
    if ((t.actions & a::deliver) != 0 && cause.message != nullptr) {
        deliver(*cause.message);
    }
    if ((t.actions & a::close) != 0) {
        CloseReason reason = CloseReason::protocol_error;
        switch (event) {
        case SessionEvent::timeout: reason = CloseReason::keepalive_timeout; break;
        case SessionEvent::fatal_error: reason = CloseReason::protocol_error; break;
        case SessionEvent::notification_received: reason = CloseReason::peer_notification; break;
        case SessionEvent::connection_lost: reason = CloseReason::connection_lost; break;
        case SessionEvent::close: reason = CloseReason::local_shutdown; break;
        case SessionEvent::init_unacceptable: reason = CloseReason::init_rejected; break;
        default: reason = CloseReason::unexpected_message; break;
        }
        const Status status = sent ? sent->status : cause.received_status;
        close();
        reports_.emplace_back(SessionClosed{reason, status, sent ? sent->detail : std::string{}});
    }
}

void Session::close() {
    // A session that dies before OPERATIONAL counts as a failed attempt (RFC 5036 2.5.3).
    if (!up_) {
        backoff_.failed(clock_.now());
    }
    up_ = false;
    hold_deadline_.reset();
    keepalive_deadline_.reset();
    negotiated_.reset();
    peer_addresses_.clear();
    rx_.clear();  // a later connection on this Session starts a fresh stream
}

void Session::send_error(const DecodeError& error) {
    auto n = notification_for(error);
    if (n) {
        queue(std::move(*n));
    }
}

void Session::queue(Message m) {
    std::visit([&](auto& msg) { msg.id = next_message_id_++; }, m);
    PduHeader h;
    h.lsr_id = config_.local.lsr_id;
    h.label_space = config_.local.label_space;
    Bytes pdu = encode_pdu(h, std::vector<Message>{m});
    tx_.insert(tx_.end(), pdu.begin(), pdu.end());
}

bool Session::send(Message message) {
    if (state_ != SessionState::operational) {
        return false;
    }
    queue(std::move(message));
    return true;
}

void Session::poll_timers() {
    const auto now = clock_.now();
    if (hold_deadline_ && now >= *hold_deadline_) {
        dispatch(SessionEvent::timeout, {});
    }
    if (keepalive_deadline_ && now >= *keepalive_deadline_) {
        dispatch(SessionEvent::keepalive_due, {});
    }
}

std::optional<TimePoint> Session::next_deadline() const {
    if (hold_deadline_ && keepalive_deadline_) {
        return std::min(*hold_deadline_, *keepalive_deadline_);
    }
    return hold_deadline_ ? hold_deadline_ : keepalive_deadline_;
}

Bytes Session::take_output() { return std::exchange(tx_, {}); }

std::vector<SessionReport> Session::take_reports() { return std::exchange(reports_, {}); }

}  // namespace ldpsync::ldp
