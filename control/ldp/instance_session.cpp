// LdpInstance: what a peer's session reports (RFC 5036 3.5), the helper side of graceful
// restart (RFC 3478) and the end of the initial label exchange (instance.hpp).
#include <type_traits>

#include "format.hpp"
#include "instance_fec.hpp"
#include "instance_log.hpp"
#include "notification.hpp"

namespace ldpsync::ldp {

namespace {

// The FIB rebuild waits for at most this many reads in a row (of up to 64 KiB each).
constexpr unsigned kMaxFibDeferrals = 64;

}  // namespace

void LdpInstance::process(Peer& peer, bool more_waiting) {
    bool fib_dirty = false;
    // Which FECs are routed through each peer depends on the RIB and the peers' addresses,
    // not on mappings: a batch of thousands of mappings does not recompute it.
    bool routed_dirty = false;
    // One clock read for all the mappings of this batch (see InitialLabelExchange).
    std::optional<sync::TimePoint> now;
    auto batch_time = [&] {
        if (!now) now = clock_.now();
        return *now;
    };
    for (auto& report : peer.session.take_reports()) {
        std::visit(
            [&](auto& r) {
                using T = std::decay_t<decltype(r)>;
                if constexpr (std::is_same_v<T, SessionUp>) {
                    session_up(peer);
                    fib_dirty = routed_dirty = true;
                } else if constexpr (std::is_same_v<T, SessionClosed>) {
                    session_closed(peer, r);
                    fib_dirty = routed_dirty = true;
                } else if constexpr (std::is_same_v<T, PeerAddresses>) {
                    ++peer.counters.addresses_received;
                    lib_.peer_addresses(peer.lsr_id, peer.session.peer_addresses());
                    fib_dirty = routed_dirty = true;
                } else if constexpr (std::is_same_v<T, MappingReceived>) {
                    ++peer.counters.mappings_received;
                    if (const auto label = generic_label(r.message.label)) {
                        for_each_prefix_fec(r.message.fec, [&](const Fec& f) {
                            lib_.mapping(peer.lsr_id, f, *label);
                            peer.gr.refreshed(f);
                            peer.exchange.mapping_received(f, batch_time());
                        });
                    }
                    fib_dirty = true;
                } else if constexpr (std::is_same_v<T, WithdrawReceived>) {
                    ++peer.counters.withdraws_received;
                    std::vector<Fec> fecs;
                    const bool wildcard =
                        for_each_prefix_fec(r.message.fec, [&](const Fec& f) { fecs.push_back(f); });
                    if (wildcard) {
                        for (const auto& row : lib_.rows()) {
                            if (row.remote.contains(peer.lsr_id)) fecs.push_back(row.fec);
                        }
                    }
                    for (const auto& f : fecs) {
                        lib_.withdraw(peer.lsr_id, f);
                        peer.exchange.withdraw_received(f);
                    }
                    // RFC 5036 3.5.10: a withdrawn label is released back to its owner.
                    LabelRelease rel;
                    rel.fec = r.message.fec;
                    rel.optional = r.message.optional;
                    if (peer.session.send(rel)) ++peer.counters.releases_sent;
                    fib_dirty = true;
                } else if constexpr (std::is_same_v<T, ReleaseReceived>) {
                    ++peer.counters.releases_received;
                } else if constexpr (std::is_same_v<T, EndOfLibReceived>) {
                    peer.counters.end_of_lib_received = true;
                    peer.exchange.end_of_lib();
                    peer.gr.end_of_lib();
                    gr_ended(peer);
                } else if constexpr (std::is_same_v<T, ErrorSent>) {
                    ++peer.counters.notifications_sent;
                    log(log_event::Level::warn, log_event::kProtocolError, ip(peer.lsr_id), r.error.to_string());
                } else if constexpr (std::is_same_v<T, AdvisoryNotification>) {
                    log(log_event::Level::info, log_event::kNotification, ip(peer.lsr_id),
                        to_string(Message{r.message}));
                } else if constexpr (std::is_same_v<T, FsmError>) {
                    log(log_event::Level::warn, log_event::kFsmError, ip(peer.lsr_id));
                }
            },
            report);
    }
    if (routed_dirty) update_routed_fecs();
    // The FTN/ILM rebuild walks the whole RIB. A session-up burst arrives as dozens of reads
    // back to back, so while this peer's socket already holds more bytes the rebuild waits
    // for the read that empties it; at most kMaxFibDeferrals reads in a row (a peer that never
    // stops sending does not hold everyone's FIB back), and check_exchange forces it before
    // any sync is reported.
    if (fib_dirty) fib_stale_ = true;
    if (fib_stale_) {
        if (more_waiting && fib_deferrals_ < kMaxFibDeferrals) {
            ++fib_deferrals_;
        } else {
            update_fib();
        }
    }
    check_exchange(peer);
    flush(peer);
}

void LdpInstance::session_up(Peer& peer) {
    peer.last_negotiated = peer.session.negotiated();
    // The peer came back within its reconnect time: recovery (RFC 3478 section 3.3), for
    // min(ours, its Recovery Time); none when it kept nothing or dropped graceful restart.
    const auto& neg = *peer.last_negotiated;
    const auto ours = std::chrono::milliseconds(std::uint64_t{config_.ldp.gr_max_recovery_s} * 1000);
    if (auto recovery = peer.gr.reconnected(ours, neg.graceful_restart ? neg.peer_ft_session : std::nullopt)) {
        log(log_event::Level::info, log_event::kGrReconnected, ip(peer.lsr_id), peer.gr.stale().size(),
            recovery->count());
        // The sync machines stay protected exactly as long as the stale labels do.
        for (auto ifx : peer.ifindexes) events_.emplace_back(InterfaceReconnected{interface_name(ifx), *recovery});
        gr_ended(peer);
    }
    peer.up_since = clock_.now();
    peer.synced_after.reset();
    peer.counters = {};
    peer.exchange.session_up();
    log(log_event::Level::info, log_event::kSessionUp, ip(peer.lsr_id), neg.keepalive_time,
        neg.capabilities.unrecognized_notification ? ", End-of-LIB" : "");
    // Our addresses, then every local binding (downstream unsolicited), then End-of-LIB when
    // the peer can understand it (RFC 5919 section 4: only to a peer that announced the
    // Unrecognized Notification capability).
    Address a;
    a.addresses.family = af_ipv4;
    a.addresses.ipv4 = advertised_addresses_;
    peer.session.send(a);
    for (const auto& [fec, egress] : local_fecs_) {
        if (auto label = lib_.local_label(fec); label && peer.session.send(mapping(fec, *label))) {
            ++peer.counters.mappings_sent;
        }
    }
    if (neg.capabilities.unrecognized_notification) {
        Notification eol;
        eol.status.code = static_cast<std::uint32_t>(Status::end_of_lib);
        eol.status.forward = false;
        FecTlv fec;
        fec.elements.emplace_back(TypedWildcardFec::prefix(af_ipv4));
        eol.optional.emplace_back(fec);
        if (peer.session.send(eol)) peer.counters.end_of_lib_sent = true;
    }
}

void LdpInstance::session_closed(Peer& peer, const SessionClosed& c) {
    const bool was_up = peer.up_since.has_value();
    peer.last_close = to_string(c.reason) + (c.detail.empty() ? "" : ": " + c.detail);
    log(log_event::Level::info, log_event::kSessionClosed, ip(peer.lsr_id), peer.last_close,
        was_up ? "" : " before OPERATIONAL, retry after back-off");
    peer.up_since.reset();
    peer.exchange.session_down();
    iface_sync_.exchange_lost(peer.lsr_id);  // reported below, with the session's loss on every interface
    const bool gr = was_up && peer.last_negotiated && peer.last_negotiated->graceful_restart &&
                    c.reason != CloseReason::local_shutdown && config_.ldp.graceful_restart;
    std::optional<sync::Duration> reconnect;  // the GR-protected window, when there is one
    if (gr) {
        // Helper side of RFC 3478: keep the peer's bindings, marked stale, for its reconnect time.
        std::set<Fec> bindings;
        for (const auto& row : lib_.rows()) {
            if (row.remote.contains(peer.lsr_id)) bindings.insert(row.fec);
        }
        const auto ours = std::chrono::milliseconds(std::uint64_t{config_.ldp.gr_reconnect_s} * 1000);
        reconnect = peer.gr.session_lost(ours, *peer.last_negotiated->peer_ft_session, std::move(bindings));
        log(log_event::Level::info, log_event::kGrLost, ip(peer.lsr_id), peer.gr.stale().size(), reconnect->count());
    } else if (!was_up && peer.gr.reconnecting()) {
        // An attempt to reconnect that failed before OPERATIONAL: the reconnect time still
        // runs, and the stale bindings stay until it is over.
    } else {
        lib_.peer_gone(peer.lsr_id);
        report_gone(peer, peer.gr.forget());
    }
    if (was_up) {
        for (auto ifx : peer.ifindexes) events_.emplace_back(InterfaceSyncLost{interface_name(ifx), gr, reconnect});
    }
    disconnect(peer);
}

// Adjacencies lost while the peer's reconnection was awaited, and not back: the sync machines
// learn now that the peer is gone there.
void LdpInstance::report_gone(const Peer& peer, const std::set<std::uint32_t>& ifindexes) {
    for (auto ifx : ifindexes) {
        if (peer.ifindexes.contains(ifx)) continue;
        log(log_event::Level::info, log_event::kGrNotBack, ip(peer.lsr_id), interface_name(ifx));
        events_.emplace_back(PeerOnInterface{interface_name(ifx), peer_on(ifx)});
    }
}

// Protection over: sweep, report lost adjacencies; false when it is not over.
bool LdpInstance::gr_ended(Peer& peer) {
    auto ended = peer.gr.take_ended();
    if (!ended) return false;
    const auto why = to_string(ended->why);
    if (ended->all_bindings) {
        log(log_event::Level::info, log_event::kGrAllRemoved, ip(peer.lsr_id), why);
        lib_.peer_gone(peer.lsr_id);
    } else {
        if (!ended->stale.empty()) {
            log(log_event::Level::info, log_event::kGrSwept, ip(peer.lsr_id), ended->stale.size(), why);
        }
        for (const auto& f : ended->stale) lib_.withdraw(peer.lsr_id, f);
    }
    report_gone(peer, ended->gone);
    update_routed_fecs();
    update_fib();
    return true;
}

void LdpInstance::check_exchange(Peer& peer) {
    if (peer.session.state() != SessionState::operational) return;
    if (auto trigger = peer.exchange.poll()) {
        // The labels first, then the sync that opens the gate on them.
        if (fib_stale_) update_fib();
        if (peer.up_since) {
            peer.synced_after = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - *peer.up_since);
        }
        log(log_event::Level::info, log_event::kExchangeComplete, ip(peer.lsr_id), peer.exchange.bound(),
            sync::to_string(*trigger));
        // RFC 6138 section 3 (a LAN): only the interfaces where every peer is now complete.
        for (auto ifx : iface_sync_.exchange_complete(peer.lsr_id)) {
            events_.emplace_back(InterfaceSynced{interface_name(ifx), *trigger});
        }
    }
}

}  // namespace ldpsync::ldp
