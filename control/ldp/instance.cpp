// LdpInstance: identity, interfaces, timers and the peers' connections (instance.hpp).
#include "instance.hpp"

#include <algorithm>
#include <iterator>

#include "instance_log.hpp"

namespace ldpsync::ldp {

namespace {

// The first connection attempt waits this long after the adjacency appears, so that the peer
// has seen one of our Hellos (sent at once) and knows us: a peer that does not yet have an
// adjacency refuses the connection, and that would cost the RFC's 15 s back-off.
constexpr std::chrono::milliseconds kConnectSettle{300};

// What Discovery and the LIB were built from: a change restarts them.
auto running_settings(const config::LdpConfig& l) {
    return std::tuple{l.hello_interval_s, l.hello_holdtime_s, l.label_range_min, l.label_range_max, l.explicit_null,
                      l.gtsm};
}

}  // namespace

std::uint32_t router_id(const config::Config& cfg) {
    std::uint32_t rid = cfg.ldp.router_id.value_or(0);
    if (rid == 0 && cfg.ldp.router_id_interface) {
        auto it = cfg.interfaces.find(*cfg.ldp.router_id_interface);
        if (it != cfg.interfaces.end() && it->second.address) rid = it->second.address->address;
    }
    for (int loopbacks = 1; rid == 0 && loopbacks >= 0; --loopbacks) {
        for (const auto& [name, itf] : cfg.interfaces) {
            const bool lo = name == "lo" || name.starts_with("Loopback") || name.starts_with("lo");
            if (itf.address && !itf.shutdown && (lo || loopbacks == 0)) rid = std::max(rid, itf.address->address);
        }
    }
    return rid;
}

LdpInstance::LdpInstance(const sync::ClockSource& clock) : clock_(clock), lib_(Lib::Options{}) {}

LdpInstance::~LdpInstance() = default;

void LdpInstance::hold_previous_labels(std::vector<std::pair<Fec, std::uint32_t>> previous) {
    previous_labels_ = std::move(previous);
}

std::string LdpInstance::interface_name(std::uint32_t ifindex) const {
    if (auto it = interfaces_.find(ifindex); it != interfaces_.end()) return it->second;
    // An interface that stopped running LDP (a link down) may still be reported on later:
    // an adjacency lost during a peer's graceful restart is reported gone when it ends.
    if (auto it = names_seen_.find(ifindex); it != names_seen_.end()) return it->second;
    return "if" + std::to_string(ifindex);
}

const Peer* LdpInstance::peer(std::uint32_t lsr_id) const {
    auto it = peers_.find(lsr_id);
    return it == peers_.end() ? nullptr : it->second.get();
}

Peer* LdpInstance::find(std::uint32_t lsr_id) {
    auto it = peers_.find(lsr_id);
    return it == peers_.end() ? nullptr : it->second.get();
}

std::vector<Output> LdpInstance::take_output() { return std::exchange(output_, {}); }
std::vector<InstanceEvent> LdpInstance::take_events() { return std::exchange(events_, {}); }

// ---- configuration ----------------------------------------------------------------------------

bool LdpInstance::keeps_lib(const InstanceConfig& next) const {
    return discovery_ && next.router_id == lsr_id_ && running_settings(next.ldp) == running_settings(config_.ldp);
}

void LdpInstance::configure(const InstanceConfig& config) {
    if (configured_ && config == config_) return;
    const bool restart = !configured_ || config.router_id != lsr_id_ ||
                         (discovery_ && running_settings(config.ldp) != running_settings(config_.ldp));
    config_ = config;
    configured_ = true;
    if (restart) reset_protocol(config.router_id);
    if (!discovery_) return;
    update_interfaces();
    update_addresses();
    update_reserved_labels();
    update_local_bindings();
    update_routed_fecs();
    update_fib();
    for (auto& [id, p] : peers_) process(*p);
}

void LdpInstance::set_routes(std::vector<rib::Route> selected) {
    if (selected == routes_) return;
    routes_ = std::move(selected);
    if (!discovery_) return;
    update_local_bindings();
    update_routed_fecs();
    update_fib();
    for (auto& [id, p] : peers_) process(*p);
}

void LdpInstance::reset_protocol(std::uint32_t rid) {
    for (auto& [id, p] : peers_) {
        p->session.shutdown();
        process(*p);
        disconnect(*p);
        for (auto ifx : p->ifindexes) events_.emplace_back(PeerOnInterface{interface_name(ifx), std::nullopt});
    }
    if (!peers_.empty()) ++peers_version_;
    peers_.clear();
    iface_sync_.clear();
    interfaces_.clear();
    // Every label of the old LIB stops counting: none of them is ours any more.
    for (const auto& row : lib_.rows()) {
        if (row.local) ledger(*row.local, std::nullopt);
    }
    for (const auto& [fec, label] : lib_.held()) ledger(label, std::nullopt);
    held_until_.reset();
    const auto& cfg = config_.ldp;
    lib_ = Lib(Lib::Options{cfg.label_range_min, cfg.label_range_max, cfg.explicit_null});
    if (rid != 0 && !previous_labels_.empty()) {
        // After a restart (RFC 3478 section 3.5): our predecessor's FECs get their labels back.
        std::map<Fec, std::uint32_t> previous;  // a FEC twice in the ledger: its first label
        for (const auto& [fec, label] : previous_labels_) previous.emplace(fec, label);
        const std::size_t held = lib_.hold_previous(previous);
        for (const auto& [fec, label] : previous_labels_) {
            auto it = lib_.held().find(fec);
            if (it == lib_.held().end() || it->second != label) ledger(label, std::nullopt);  // not ours to keep
        }
        log(log_event::Level::info, log_event::kLabelsHeld, held, previous_labels_.size(), cfg.gr_forwarding_hold_s);
        previous_labels_.clear();
        if (held > 0) held_until_ = clock_.now() + std::chrono::seconds(cfg.gr_forwarding_hold_s);
    }
    label_conflicts_.clear();
    local_fecs_.clear();
    lsr_id_ = rid;
    discovery_.reset();
    if (rid == 0) {
        log(log_event::Level::warn, log_event::kNoRouterId);
        return;
    }
    DiscoveryConfig d;
    d.lsr_id = rid;
    d.transport_address = rid;  // the session runs between router ids, as on IOS
    d.hold_time = static_cast<std::uint16_t>(std::min<std::uint32_t>(cfg.hello_holdtime_s, 0xffff));
    d.hello_interval = std::chrono::seconds(cfg.hello_interval_s);
    d.gtsm = cfg.gtsm;
    discovery_.emplace(d, clock_);
    log(log_event::Level::info, log_event::kRouterId, ip(rid), ip(rid));
}

void LdpInstance::update_interfaces() {
    for (auto it = interfaces_.begin(); it != interfaces_.end();) {
        if (config_.interfaces.contains(it->first)) {
            ++it;
            continue;
        }
        // A link that is down (carrier, admin) runs no discovery: its adjacencies go at once
        // rather than after the hold time, and with them the session's sync on the link.
        discovery_->disable_interface(it->first);
        log(log_event::Level::info, log_event::kInterfaceOff, it->second);
        handle_discovery_events();  // names are still known here
        it = interfaces_.erase(it);
    }
    for (const auto& [ifx, name] : config_.interfaces) {
        if (interfaces_.contains(ifx)) continue;
        discovery_->enable_interface(ifx);
        interfaces_.emplace(ifx, name);
        names_seen_.insert_or_assign(ifx, name);
        log(log_event::Level::info, log_event::kInterfaceOn, name, ifx);
    }
}

// RFC 5036 3.5.5/3.5.6: peers learn our new addresses (Address) and forget the old ones
// (Address Withdraw) while the session runs; a peer maps its next hops to us by them, so
// without this a readdressed link would get no labels until the session restarted. Sessions
// that come up later get the whole list in session_up().
void LdpInstance::update_addresses() {
    const auto& now = config_.addresses;
    std::vector<std::uint32_t> added, removed;
    std::set_difference(now.begin(), now.end(), advertised_addresses_.begin(), advertised_addresses_.end(),
                        std::back_inserter(added));
    std::set_difference(advertised_addresses_.begin(), advertised_addresses_.end(), now.begin(), now.end(),
                        std::back_inserter(removed));
    advertised_addresses_ = now;
    for (auto& [id, p] : peers_) {
        bool sent = false;
        if (!added.empty()) {
            Address a;
            a.addresses.family = af_ipv4;
            a.addresses.ipv4 = added;
            sent = p->session.send(a) || sent;
        }
        if (!removed.empty()) {
            AddressWithdraw w;
            w.addresses.family = af_ipv4;
            w.addresses.ipv4 = removed;
            sent = p->session.send(w) || sent;
        }
        if (sent) flush(*p);
    }
}

// ---- discovery input and the IGP's neighbours ---------------------------------------------------

void LdpInstance::hello_received(std::uint32_t ifindex, std::uint32_t source, ByteView pdu, int ttl) {
    if (!discovery_) return;
    discovery_->hello_received(ifindex, source, pdu, ttl >= 0 ? std::optional<int>(ttl) : std::nullopt);
    handle_discovery_events();
}

void LdpInstance::igp_neighbor(const std::string& interface, std::uint32_t address, bool present) {
    if (present) {
        igp_neighbors_[interface].insert(address);
        return;
    }
    auto it = igp_neighbors_.find(interface);
    if (it == igp_neighbors_.end() || it->second.erase(address) == 0) return;
    if (it->second.empty()) igp_neighbors_.erase(it);
    for (const auto& [ifindex, name] : interfaces_) {
        if (name != interface) continue;
        if (iface_sync_.igp_neighbor_gone(ifindex, address) == InterfaceSync::Verdict::synced) {
            log(log_event::Level::info, log_event::kLanHandOver, ip(address), interface);
            hand_over(ifindex);
        }
    }
}

bool LdpInstance::igp_neighbor_present(const std::string& interface, std::uint32_t address) const {
    auto it = igp_neighbors_.find(interface);
    return it != igp_neighbors_.end() && it->second.contains(address);
}

std::vector<std::uint32_t> LdpInstance::igp_neighbors(const std::string& interface) const {
    auto it = igp_neighbors_.find(interface);
    if (it == igp_neighbors_.end()) return {};
    return {it->second.begin(), it->second.end()};
}

// ---- connections ------------------------------------------------------------------------------

std::optional<LdpInstance::Acceptance> LdpInstance::accept(std::uint32_t address) {
    Peer* peer = nullptr;
    for (auto& [id, p] : peers_) {
        if (p->session.config().peer_transport == address) peer = p.get();
    }
    // RFC 5036 2.5.2: accept only from a peer we have an adjacency with, in the passive role,
    // with no connection yet.
    if (peer == nullptr || peer->session.role() != SessionRole::passive || peer->connection != Peer::Connection::none ||
        peer->session.state() != SessionState::non_existent) {
        log(log_event::Level::info, log_event::kRefused, ip(address),
            peer == nullptr ? "no Hello adjacency" : "not expected in this role/state");
        return std::nullopt;
    }
    return Acceptance{peer->lsr_id, peer->gtsm};
}

void LdpInstance::connected(std::uint32_t lsr_id) {
    Peer* p = find(lsr_id);
    if (p == nullptr) return;
    p->connection = Peer::Connection::open;
    p->session.connected();
    process(*p);
}

void LdpInstance::connect_failed(std::uint32_t lsr_id) {
    Peer* p = find(lsr_id);
    if (p == nullptr || p->connection != Peer::Connection::connecting) return;
    p->connection = Peer::Connection::none;
    p->session.connect_failed();
}

void LdpInstance::bytes_received(std::uint32_t lsr_id, ByteView bytes, bool more_waiting) {
    Peer* p = find(lsr_id);
    if (p == nullptr || p->connection != Peer::Connection::open) return;
    p->session.receive(bytes);
    process(*p, more_waiting);
}

void LdpInstance::connection_lost(std::uint32_t lsr_id) {
    Peer* p = find(lsr_id);
    if (p == nullptr || p->connection == Peer::Connection::none) return;
    p->session.connection_lost();
    process(*p);
    disconnect(*p);
}

void LdpInstance::connect(Peer& peer) {
    peer.connection = Peer::Connection::connecting;
    log(log_event::Level::info, log_event::kConnecting, ip(peer.session.config().peer_transport));
    output_.emplace_back(Connect{peer.lsr_id, peer.session.config().peer_transport, peer.gtsm});
}

void LdpInstance::flush(Peer& peer) {
    auto out = peer.session.take_output();
    if (!out.empty()) output_.emplace_back(SendBytes{peer.lsr_id, std::move(out)});
}

void LdpInstance::disconnect(Peer& peer) {
    if (peer.connection == Peer::Connection::none) return;
    flush(peer);
    output_.emplace_back(Disconnect{peer.lsr_id});
    peer.connection = Peer::Connection::none;
}

// ---- timers -----------------------------------------------------------------------------------

void LdpInstance::poll() {
    if (!discovery_) return;
    for (auto& h : discovery_->poll()) output_.emplace_back(SendHello{h.ifindex, std::move(h.pdu)});
    handle_discovery_events();
    const auto now = clock_.now();
    if (held_until_ && now >= *held_until_) release_held_labels();
    for (auto it = peers_.begin(); it != peers_.end();) {
        Peer& p = *it->second;
        p.session.poll_timers();
        process(p);
        p.gr.poll();
        gr_ended(p);
        const bool idle = p.session.state() == SessionState::non_existent && p.connection == Peer::Connection::none;
        if (idle && p.ifindexes.empty() && !p.gr.reconnecting()) {
            it = peers_.erase(it);
            ++peers_version_;
            continue;
        }
        if (idle && p.session.role() == SessionRole::active && p.session.may_connect() &&
            (!p.connect_not_before || now >= *p.connect_not_before)) {
            connect(p);
        }
        ++it;
    }
}

std::optional<sync::TimePoint> LdpInstance::next_deadline() const {
    if (!discovery_) return std::nullopt;
    std::optional<sync::TimePoint> next = discovery_->next_deadline();
    auto consider = [&](std::optional<sync::TimePoint> t) {
        if (t && (!next || *t < *next)) next = t;
    };
    consider(held_until_);
    for (const auto& [id, p] : peers_) {
        consider(p->session.next_deadline());
        consider(p->exchange.next_deadline());
        consider(p->gr.next_deadline());
        if (p->session.state() == SessionState::non_existent && p->connection == Peer::Connection::none &&
            p->session.role() == SessionRole::active) {
            // One deadline: the later of the back-off and the settle time (taking the back-off's
            // "now" alone made the timer fire at once, over and over, until the settle ended).
            auto at = p->session.backoff().next_attempt().value_or(clock_.now());
            if (p->connect_not_before) at = std::max(at, *p->connect_not_before);
            consider(at);
        }
    }
    return next;
}

Peer& LdpInstance::create_peer(const Adjacency& a) {
    const auto& cfg = config_.ldp;
    SessionConfig sc;
    sc.local.lsr_id = lsr_id_;
    sc.local_transport = lsr_id_;
    sc.peer_transport = a.transport;
    sc.peer_lsr_id = a.key.lsr_id;
    sc.peer_label_space = a.key.label_space;
    if (cfg.graceful_restart) {
        // Recovery Time 0 (RFC 3478 section 2: no forwarding state kept for the peer to wait
        // on once the session is back). While ldpsyncd is down the data plane forwards on its
        // tables, and the peer keeps our labels for the reconnect time: that much is
        // preserved. A restarted ldpsyncd binds its FECs to their old labels (the shm label
        // ledger), but it sweeps the data plane to its own state as soon as it starts
        // (Daemon::start), and labels no FEC came back for are freed after forwarding-holding.
        // So nothing is kept for a recovery window: the peer drops our stale labels when the
        // session is back and takes the re-advertised ones.
        sc.local.ft_session = graceful_restart_tlv(cfg.gr_reconnect_s * 1000, 0);
    }
    InitialLabelExchange::Settings s{std::chrono::milliseconds(cfg.sync_quiet_period_ms),
                                     std::chrono::seconds(cfg.sync_upper_bound_s)};
    auto p = std::make_unique<Peer>(a.key.lsr_id, a.key.label_space, sc, s, clock_);
    p->connect_not_before = clock_.now() + kConnectSettle;
    ++peers_version_;
    return *peers_.emplace(a.key.lsr_id, std::move(p)).first->second;
}

}  // namespace ldpsync::ldp
