#include "ldp_speaker.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>

#include "daemon.hpp"
#include "format.hpp"

namespace ldpsync::daemon {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// The first connection attempt waits this long after the adjacency appears, so that the peer
// has seen one of our Hellos (sent at once) and knows us: a peer that does not yet have an
// adjacency refuses the connection, and that would cost the RFC's 15 s back-off.
constexpr std::chrono::milliseconds kConnectSettle{300};
constexpr std::size_t kMaxPendingBytes = 16u << 20;

std::string ip(std::uint32_t a) { return config::format_ipv4(a); }

ldp::Fec fec_of(const config::Ipv4Prefix& p) { return ldp::Fec{p.address & config::length_to_mask(p.length), p.length}; }

ldp::FecTlv prefix_fec(const ldp::Fec& f) {
    ldp::FecTlv t;
    t.elements.emplace_back(ldp::PrefixFec::ipv4(f.prefix, f.length));
    return t;
}

// The prefix FECs a FEC TLV names (IPv4 only: the speaker has no IPv6 transport).
// Calls fn for each IPv4 prefix FEC element (host bits cleared); returns true when the TLV
// also holds a Wildcard or Typed Wildcard (RFC 5918) element.
template <class Fn>
bool for_each_prefix_fec(const ldp::FecTlv& t, Fn&& fn) {
    bool wildcard = false;
    for (const auto& e : t.elements) {
        if (const auto* p = std::get_if<ldp::PrefixFec>(&e)) {
            if (p->family == ldp::af_ipv4 && p->prefix_length <= 32) {
                fn(ldp::Fec{p->ipv4_address() & config::length_to_mask(p->prefix_length), p->prefix_length});
            }
        } else {
            wildcard = true;
        }
    }
    return wildcard;
}

std::vector<ldp::Fec> prefix_fecs(const ldp::FecTlv& t, bool* wildcard) {
    std::vector<ldp::Fec> out;
    const bool any_wildcard = for_each_prefix_fec(t, [&](const ldp::Fec& f) { out.push_back(f); });
    if (wildcard != nullptr && any_wildcard) *wildcard = true;
    return out;
}

std::optional<std::uint32_t> generic_label(const ldp::Tlv& t) {
    if (const auto* g = std::get_if<ldp::GenericLabelTlv>(&t)) return g->label;
    return std::nullopt;
}

ldp::LabelMapping mapping(const ldp::Fec& f, std::uint32_t label) {
    ldp::LabelMapping m;
    m.fec = prefix_fec(f);
    m.label = ldp::GenericLabelTlv{{}, label};
    return m;
}

}  // namespace

LdpSpeaker::LdpSpeaker(asio::io_context& io, Daemon& daemon, const sync::ClockSource& clock)
    : io_(io),
      daemon_(daemon),
      clock_(clock),
      hellos_(io, [this](const ReceivedHello& h) { on_hello(h); }),
      acceptor_(io),
      timer_(io),
      accept_retry_(io),
      lib_(ldp::Lib::Options{}) {}

LdpSpeaker::~LdpSpeaker() = default;

LdpSpeaker::RunningSettings LdpSpeaker::running_settings(const config::LdpConfig& l) {
    return {l.hello_interval_s, l.hello_holdtime_s, l.label_range_min, l.label_range_max, l.explicit_null, l.gtsm};
}

// Held by every entry into the speaker: the event loop's handlers and refresh(). The daemon
// calls refresh() back from inside our own calls to it (session_down → republish → OSPF's SPF
// → replace_igp_routes → refresh): a nested refresh only sets again_ and runs when the
// outermost entry ends, so no loop of ours sees its peers or interfaces change under it.
class LdpSpeaker::Entry {
public:
    explicit Entry(LdpSpeaker& s) : s_(s), outer_(!s.busy_) { s_.busy_ = true; }
    ~Entry() {
        if (!outer_) return;
        while (s_.again_) {
            s_.again_ = false;
            s_.refresh_now();
        }
        s_.busy_ = false;
    }
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;

private:
    LdpSpeaker& s_;
    bool outer_;
};

void LdpSpeaker::hold_previous_labels(const std::vector<shm::LedgerEntry>& previous) { previous_labels_ = previous; }

void LdpSpeaker::ledger(std::uint32_t label, const std::optional<ldp::Fec>& fec) {
    auto* shm = daemon_.shm();
    if (shm == nullptr || label < ldp::kFirstUnreservedLabel) return;  // the null labels are no one's
    if (fec) {
        shm->record_local_label(label, {fec->prefix, fec->length});
    } else {
        shm->clear_local_label(label);
    }
}

void LdpSpeaker::release_held_labels() {
    const auto freed = lib_.release_held();
    for (const auto label : freed) ledger(label, std::nullopt);
    if (!freed.empty()) {
        spdlog::info("LDP-LABEL: {} labels held for a predecessor's FECs that did not come back are free again",
                     freed.size());
    }
    held_until_.reset();
}

std::optional<std::string> LdpSpeaker::start() {
    if (auto err = hellos_.open()) return err;
    if (auto err = open_listener(acceptor_)) return err;
    started_ = true;
    accept();
    refresh();
    return std::nullopt;
}

std::string LdpSpeaker::interface_name(std::uint32_t ifindex) const {
    if (auto it = interfaces_.find(ifindex); it != interfaces_.end()) return it->second;
    // An interface that stopped running LDP (a link down) may still be reported on later:
    // an adjacency lost during a peer's graceful restart is reported gone when it ends.
    if (auto it = names_seen_.find(ifindex); it != names_seen_.end()) return it->second;
    return "if" + std::to_string(ifindex);
}

// ---- configuration and RIB -------------------------------------------------------------------

std::vector<std::uint32_t> LdpSpeaker::own_addresses() const {
    std::set<std::uint32_t> out;
    for (const auto& [name, itf] : daemon_.config().interfaces) {
        if (itf.address && !itf.shutdown) out.insert(itf.address->address);
    }
    if (lsr_id_ != 0) out.insert(lsr_id_);
    return {out.begin(), out.end()};
}

void LdpSpeaker::refresh() {
    if (!started_) return;
    if (busy_) {
        again_ = true;
        return;
    }
    Entry entry(*this);
    refresh_now();
}

// Router id (RFC 5036 2.2.2): configured, else the named interface's address, else the
// highest loopback address, else the highest interface address (as IOS picks it).
std::uint32_t LdpSpeaker::router_id(const config::Config& cfg) {
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

bool LdpSpeaker::keeps_lib(const config::Config& next) const {
    return discovery_ && router_id(next) == lsr_id_ && running_settings(next.ldp) == settings_;
}

void LdpSpeaker::refresh_now() {
    const auto& cfg = daemon_.config();
    const std::uint32_t rid = router_id(cfg);
    // A new identity, or a change of what discovery and the label space were built from,
    // restarts discovery and the sessions under it (as a label range change needs a reload on
    // IOS). Graceful-restart and sync-trigger settings apply to sessions created after them.
    if (rid != lsr_id_ || (discovery_ && running_settings(cfg.ldp) != settings_)) reset_protocol(rid);
    if (!discovery_) return;
    update_interfaces();
    update_md5();
    update_addresses();
    update_reserved_labels();
    update_local_bindings();
    update_routed_fecs();
    update_fib();
    for (auto& [id, p] : peers_) process(*p);
    arm();
}

void LdpSpeaker::reset_protocol(std::uint32_t rid) {
    for (auto& [id, p] : peers_) {
        p->session.shutdown();
        process(*p);
        close_socket(*p);
        for (auto ifx : p->ifindexes) daemon_.ldp_peer(interface_name(ifx), std::nullopt);
    }
    peers_.clear();
    iface_sync_.clear();
    for (const auto& [ifx, name] : interfaces_) hellos_.leave(ifx);
    interfaces_.clear();
    const auto& cfg = daemon_.config();
    // Every label of the old LIB stops counting: none of them is ours any more.
    for (const auto& row : lib_.rows()) {
        if (row.local) ledger(*row.local, std::nullopt);
    }
    for (const auto& [fec, label] : lib_.held()) ledger(label, std::nullopt);
    held_until_.reset();
    lib_ = ldp::Lib(ldp::Lib::Options{cfg.ldp.label_range_min, cfg.ldp.label_range_max, cfg.ldp.explicit_null});
    if (rid != 0 && !previous_labels_.empty()) {
        // After a restart (RFC 3478 section 3.5): our predecessor's FECs get their labels back.
        std::map<ldp::Fec, std::uint32_t> previous;  // a FEC twice in the ledger: its first label
        for (const auto& e : previous_labels_) previous.emplace(ldp::Fec{e.fec.prefix, e.fec.length}, e.label);
        const std::size_t held = lib_.hold_previous(previous);
        for (const auto& e : previous_labels_) {
            auto it = lib_.held().find(ldp::Fec{e.fec.prefix, e.fec.length});
            if (it == lib_.held().end() || it->second != e.label) ledger(e.label, std::nullopt);  // not ours to keep
        }
        spdlog::info("LDP-LABEL: holding {} of {} local labels of the previous ldpsyncd for their FECs for {} s", held,
                     previous_labels_.size(), cfg.ldp.gr_forwarding_hold_s);
        previous_labels_.clear();
        if (held > 0) held_until_ = clock_.now() + std::chrono::seconds(cfg.ldp.gr_forwarding_hold_s);
    }
    label_conflicts_.clear();
    local_fecs_.clear();
    lsr_id_ = rid;
    discovery_.reset();
    if (rid == 0) {
        spdlog::warn("LDP-ROUTER-ID: no router id (no interface address): LDP stays down");
        return;
    }
    ldp::DiscoveryConfig d;
    d.lsr_id = rid;
    d.transport_address = rid;  // the session runs between router ids, as on IOS
    d.hold_time = static_cast<std::uint16_t>(std::min<std::uint32_t>(cfg.ldp.hello_holdtime_s, 0xffff));
    d.hello_interval = std::chrono::seconds(cfg.ldp.hello_interval_s);
    d.gtsm = cfg.ldp.gtsm;
    settings_ = running_settings(cfg.ldp);
    discovery_.emplace(d, clock_);
    spdlog::info("LDP-ROUTER-ID: LDP identifier {}:0, transport address {}", ip(rid), ip(rid));
}

void LdpSpeaker::update_interfaces() {
    const auto& cfg = daemon_.config();
    std::map<std::uint32_t, std::string> wanted;
    for (const auto& [name, itf] : cfg.interfaces) {
        // A link that is down (carrier, admin) runs no discovery: its adjacencies go at once
        // rather than after the hold time, and with them the session's sync on the link.
        if (!cfg.ldp_enabled(itf) || itf.shutdown || !itf.address || !daemon_.kernel_interface_up(name)) continue;
        if (auto ifx = daemon_.kernel_ifindex(name)) wanted.emplace(*ifx, name);
    }
    for (auto it = interfaces_.begin(); it != interfaces_.end();) {
        if (wanted.contains(it->first)) {
            ++it;
            continue;
        }
        discovery_->disable_interface(it->first);
        hellos_.leave(it->first);
        spdlog::info("LDP-INTERFACE: {} no longer runs LDP", it->second);
        handle_discovery_events();  // names are still known here
        it = interfaces_.erase(it);
    }
    for (const auto& [ifx, name] : wanted) {
        if (interfaces_.contains(ifx)) continue;
        if (auto err = hellos_.join(ifx)) spdlog::warn("LDP-SOCKET: {}: {}", name, *err);
        discovery_->enable_interface(ifx);
        interfaces_.emplace(ifx, name);
        names_seen_.insert_or_assign(ifx, name);
        spdlog::info("LDP-INTERFACE: {} (ifindex {}) runs LDP", name, ifx);
    }
}

std::optional<std::string> LdpSpeaker::password_for(std::uint32_t address) const {
    for (const auto& n : daemon_.config().ldp.neighbors) {
        if (n.address == address) return n.password;
    }
    return std::nullopt;
}

void LdpSpeaker::update_md5() {
    std::map<std::uint32_t, std::string> wanted;
    for (const auto& n : daemon_.config().ldp.neighbors) wanted.emplace(n.address, n.password);
    // `mpls ldp neighbor` names the peer's LSR id (as on IOS), but its TCP segments come from
    // its transport address: a peer whose two differ needs the key for that address too.
    for (const auto& [id, p] : peers_) {
        const auto transport = p->session.config().peer_transport;
        if (auto pw = password_for(p->lsr_id); pw && transport != p->lsr_id) wanted.emplace(transport, *pw);
    }
    for (const auto& [addr, pw] : md5_keys_) {
        if (!wanted.contains(addr)) set_tcp_md5(acceptor_.native_handle(), addr, "");
    }
    for (const auto& [addr, pw] : wanted) {
        auto it = md5_keys_.find(addr);
        if (it != md5_keys_.end() && it->second == pw) continue;
        if (auto err = set_tcp_md5(acceptor_.native_handle(), addr, pw)) {
            spdlog::warn("LDP-MD5: neighbor {}: {}", ip(addr), *err);
        }
    }
    md5_keys_ = std::move(wanted);
}

void LdpSpeaker::update_reserved_labels() {
    std::set<std::uint32_t> labels;
    for (const auto& b : daemon_.config().static_bindings) {
        if (b.input_label) labels.insert(*b.input_label);
    }
    // Daemon refuses a static binding on a label LDP holds (static_labels.hpp), so this should
    // never find one; if it does, say so once: the label is reserved as soon as LDP lets go.
    for (const auto label : lib_.set_reserved(labels)) {
        if (label_conflicts_.insert(label).second) {
            spdlog::warn("LDP-LABEL-CONFLICT: static binding label {} is LDP's local label for a FEC: reserved "
                         "once LDP releases it", label);
        }
    }
    // A label held for a predecessor's FEC that a static binding took is no longer LDP's.
    for (const auto label : labels) {
        if (!lib_.local_fec(label)) ledger(label, std::nullopt);
    }
    std::erase_if(label_conflicts_, [&](std::uint32_t l) { return !labels.contains(l) || !lib_.local_fec(l); });
}

void LdpSpeaker::update_local_bindings() {
    std::map<ldp::Fec, bool> wanted;
    const bool host_routes_only = daemon_.config().ldp.host_routes_only;
    for (const rib::Route* r : daemon_.rib().selected_routes()) {
        if (host_routes_only && r->prefix.length != 32) continue;
        wanted.emplace(fec_of(r->prefix), r->source == rib::Source::connected);
    }
    for (auto it = local_fecs_.begin(); it != local_fecs_.end();) {
        auto w = wanted.find(it->first);
        if (w != wanted.end() && w->second == it->second) {
            ++it;
            continue;
        }
        // Gone from the RIB (or it changed between egress and transit): withdraw everywhere.
        const auto label = lib_.unbind_local(it->first);
        if (label) ledger(*label, std::nullopt);
        ldp::LabelWithdraw m;
        m.fec = prefix_fec(it->first);
        if (label) m.optional.emplace_back(ldp::GenericLabelTlv{{}, *label});
        send_to_operational(m, &LdpPeerCounters::withdraws_sent);
        it = local_fecs_.erase(it);
    }
    for (const auto& [fec, egress] : wanted) {
        if (local_fecs_.contains(fec)) continue;
        const auto held = lib_.held().find(fec);
        const std::optional<std::uint32_t> held_label =
            held == lib_.held().end() ? std::nullopt : std::optional<std::uint32_t>(held->second);
        const auto label = lib_.bind_local(fec, egress);
        if (held_label && label != held_label) ledger(*held_label, std::nullopt);  // back as egress: not its label
        if (!label) {
            spdlog::warn("LDP-LABEL-RANGE: no free local label for {}/{}", ip(fec.prefix), int(fec.length));
            continue;
        }
        local_fecs_.emplace(fec, egress);
        ledger(*label, fec);
        send_to_operational(mapping(fec, *label), &LdpPeerCounters::mappings_sent);
    }
}

void LdpSpeaker::update_routed_fecs() {
    for (auto& [id, p] : peers_) {
        std::set<sync::FecKey> routed;
        const auto& addrs = p->session.peer_addresses();
        for (const rib::Route* r : daemon_.rib().selected_routes()) {
            if (r->source == rib::Source::connected) continue;
            for (const auto& nh : r->next_hops) {
                if (nh.address != 0 && addrs.contains(nh.address)) {
                    const auto f = fec_of(r->prefix);
                    routed.insert({f.prefix, f.length});
                }
            }
        }
        p->exchange.routed_fecs(std::move(routed));
    }
}

bool LdpSpeaker::more_waiting(const LdpPeer& peer) const {
    if (!peer.socket || !peer.socket->is_open() || peer.close_after_write) return false;
    boost::system::error_code ec;
    const std::size_t n = peer.socket->available(ec);
    return !ec && n > 0;
}

void LdpSpeaker::update_fib() {
    fib_stale_ = false;
    fib_deferrals_ = 0;
    // FTN and ILM from the LIB: for every routed prefix, each next hop owned by a peer with an
    // operational session contributes that peer's label; our local label (when it is a real
    // one, not a null) becomes the ILM entry.
    std::vector<config::StaticBinding> out;
    for (const rib::Route* r : daemon_.rib().selected_routes()) {
        if (r->source == rib::Source::connected) continue;
        const auto fec = fec_of(r->prefix);
        config::StaticBinding b;
        b.prefix = r->prefix;
        if (auto local = lib_.local_label(fec); local && *local >= ldp::kFirstUnreservedLabel) b.input_label = *local;
        for (const auto& nh : r->next_hops) {
            if (nh.address == 0) continue;
            const auto peer = lib_.peer_for_address(nh.address);
            if (!peer) continue;
            if (auto label = lib_.remote_label(*peer, fec)) b.outputs.push_back({nh.address, *label});
        }
        if (b.input_label || !b.outputs.empty()) out.push_back(std::move(b));
    }
    daemon_.set_ldp_bindings(std::move(out));
}

// ---- discovery --------------------------------------------------------------------------------

void LdpSpeaker::on_hello(const ReceivedHello& h) {
    if (!discovery_) return;
    Entry entry(*this);
    discovery_->hello_received(h.ifindex, h.source, h.pdu, h.ttl >= 0 ? std::optional<int>(h.ttl) : std::nullopt);
    handle_discovery_events();
    arm();
}

void LdpSpeaker::igp_neighbor_gone(const std::string& interface, std::uint32_t address) {
    Entry entry(*this);
    for (const auto& [ifindex, name] : interfaces_) {
        if (name != interface) continue;
        if (iface_sync_.igp_neighbor_gone(ifindex, address) == ldp::InterfaceSync::Verdict::synced) {
            spdlog::info("LDP-SYNC: {} left {} (no IGP neighbour there any more): in sync with the remaining peers",
                         ip(address), interface);
            hand_over(ifindex);
        }
    }
}

std::vector<std::uint32_t> LdpSpeaker::igp_neighbors(const std::string& interface) const {
    return daemon_.igp_neighbors(interface);
}

std::optional<PeerInfo> LdpSpeaker::peer_on(std::uint32_t ifindex) const {
    for (const auto& [id, p] : peers_) {
        if (p->ifindexes.contains(ifindex)) {
            return PeerInfo{{p->lsr_id, p->label_space}, p->session.config().peer_transport};
        }
    }
    return std::nullopt;
}

void LdpSpeaker::hand_over(std::uint32_t ifindex) {
    // Every peer left on the interface has its exchange complete (InterfaceSync's verdict).
    const auto peer = peer_on(ifindex);
    if (!peer) return;
    const auto trigger = peers_.at(peer->ident.lsr_id)->exchange.trigger();
    if (!trigger) return;
    const std::string itf = interface_name(ifindex);
    daemon_.ldp_peer(itf, *peer);
    daemon_.ldp_synced(itf, *trigger);
}

void LdpSpeaker::handle_discovery_events() {
    for (auto& ev : discovery_->take_events()) {
        if (const auto* up = std::get_if<ldp::AdjacencyUp>(&ev)) {
            const auto& a = up->adjacency;
            const std::string itf = interface_name(a.key.ifindex);
            spdlog::info("LDP-ADJACENCY: {} up on {} (source {}, transport {}, hold {} s{})",
                         ip(a.key.lsr_id) + ":" + std::to_string(a.key.label_space), itf, ip(a.source),
                         ip(a.transport), a.hold_time, a.gtsm ? ", GTSM" : "");
            auto it = peers_.find(a.key.lsr_id);
            if (it == peers_.end()) {
                const auto& cfg = daemon_.config();
                ldp::SessionConfig sc;
                sc.local.lsr_id = lsr_id_;
                sc.local_transport = lsr_id_;
                sc.peer_transport = a.transport;
                sc.peer_lsr_id = a.key.lsr_id;
                sc.peer_label_space = a.key.label_space;
                if (cfg.ldp.graceful_restart) {
                    // Recovery Time 0 (RFC 3478 section 2: no forwarding state kept for the
                    // peer to wait on once the session is back). While ldpsyncd is down the
                    // data plane forwards on its tables, and the peer keeps our labels for the
                    // reconnect time: that much is preserved. A restarted ldpsyncd binds its
                    // FECs to their old labels (the shm label ledger), but it sweeps the data
                    // plane to its own state as soon as it starts (Daemon::start), and labels
                    // no FEC came back for are freed after forwarding-holding. So nothing is
                    // kept for a recovery window: the peer drops our stale labels when the
                    // session is back and takes the re-advertised ones.
                    sc.local.ft_session = ldp::graceful_restart_tlv(cfg.ldp.gr_reconnect_s * 1000, 0);
                }
                sync::InitialLabelExchange::Settings s{std::chrono::milliseconds(cfg.ldp.sync_quiet_period_ms),
                                                       std::chrono::seconds(cfg.ldp.sync_upper_bound_s)};
                auto p = std::make_unique<LdpPeer>(a.key.lsr_id, a.key.label_space, sc, s, clock_);
                p->connect_not_before = clock_.now() + kConnectSettle;
                it = peers_.emplace(a.key.lsr_id, std::move(p)).first;
                update_md5();  // its transport address may need the key (see update_md5)
                // Tell the peer about us now rather than at our next Hello.
                if (auto err = hellos_.send(a.key.ifindex, discovery_->hello_pdu())) {
                    spdlog::warn("LDP-SOCKET: hello on {}: {}", itf, *err);
                }
            }
            LdpPeer& p = *it->second;
            p.ifindexes.insert(a.key.ifindex);
            p.gr.adjacency_up(a.key.ifindex);
            p.gtsm = a.gtsm;
            daemon_.ldp_peer(itf, PeerInfo{{a.key.lsr_id, a.key.label_space}, a.transport});
            switch (iface_sync_.adjacency_up(a.key.ifindex, a.key.lsr_id, a.source)) {
            case ldp::InterfaceSync::Verdict::synced:
                daemon_.ldp_synced(itf, *p.exchange.trigger());
                break;
            case ldp::InterfaceSync::Verdict::revoked:
                // RFC 6138 section 3: the IGP must not send over this LAN toward a peer LDP
                // has no labels from yet.
                spdlog::info("LDP-SYNC: {} is new on {}: sync taken back until its initial label exchange is complete",
                             ip(a.key.lsr_id), itf);
                daemon_.session_down(itf, false);
                break;
            case ldp::InterfaceSync::Verdict::none:
                break;
            }
        } else if (const auto* down = std::get_if<ldp::AdjacencyDown>(&ev)) {
            const std::string itf = interface_name(down->key.ifindex);
            spdlog::info("LDP-ADJACENCY: {} down on {} ({})", ip(down->key.lsr_id), itf,
                         down->reason == ldp::AdjacencyDownReason::hold_expired ? "hello hold time expired"
                                                                                : "interface down");
            auto it = peers_.find(down->key.lsr_id);
            if (it == peers_.end()) continue;
            LdpPeer& p = *it->second;
            p.ifindexes.erase(down->key.ifindex);
            // Whether the router left the LAN or only its LDP died, the IGP tells: a neighbour
            // still at its address holds the LAN's sync back (InterfaceSync).
            const std::uint32_t address = iface_sync_.source(down->key.ifindex, down->key.lsr_id);
            const bool handed_over =
                iface_sync_.adjacency_down(down->key.ifindex, down->key.lsr_id,
                                           daemon_.igp_neighbor_present(itf, address)) ==
                ldp::InterfaceSync::Verdict::synced;
            if (p.session.state() == ldp::SessionState::operational) daemon_.session_down(itf, false);
            // A restarting peer's Hellos stop too: during its reconnect time its adjacency
            // loss is part of the restart, not a reason to give up on it yet; it is reported
            // when protection ends without the adjacency back (report_gone).
            const bool restarting = p.gr.adjacency_down(down->key.ifindex);
            // The sync machine knows one peer per interface: on a LAN, another peer still
            // there becomes it (reachable, so the IGP waits for sync should its adjacency go).
            if (!restarting) daemon_.ldp_peer(itf, peer_on(down->key.ifindex));
            if (handed_over) hand_over(down->key.ifindex);
            if (restarting) continue;
            if (p.ifindexes.empty()) {
                // RFC 5036 2.5.5: the session ends with its last adjacency.
                p.session.shutdown();
                process(p);
                if (!p.writing) peers_.erase(it);
            }
        } else if (const auto* drop = std::get_if<ldp::HelloDropped>(&ev)) {
            ++hellos_dropped_;
            spdlog::debug("LDP-HELLO-DROPPED: {}: {}", interface_name(drop->ifindex), drop->why);
        }
    }
}

// ---- timers -----------------------------------------------------------------------------------

void LdpSpeaker::tick() {
    if (!discovery_) return;
    for (const auto& h : discovery_->poll()) {
        if (auto err = hellos_.send(h.ifindex, h.pdu)) {
            spdlog::warn("LDP-SOCKET: hello on {}: {}", interface_name(h.ifindex), *err);
        } else {
            ++hellos_sent_;
        }
    }
    handle_discovery_events();
    const auto now = clock_.now();
    if (held_until_ && now >= *held_until_) release_held_labels();
    for (auto it = peers_.begin(); it != peers_.end();) {
        LdpPeer& p = *it->second;
        p.session.poll_timers();
        process(p);
        p.gr.poll();
        gr_ended(p);
        const bool idle = p.session.state() == ldp::SessionState::non_existent && !p.socket;
        if (idle && p.ifindexes.empty() && !p.gr.reconnecting()) {
            it = peers_.erase(it);
            continue;
        }
        if (idle && p.session.role() == ldp::SessionRole::active && p.session.may_connect() &&
            (!p.connect_not_before || now >= *p.connect_not_before)) {
            connect(p);
        }
        ++it;
    }
}

void LdpSpeaker::arm() {
    if (!discovery_) return;
    std::optional<sync::TimePoint> next = discovery_->next_deadline();
    auto consider = [&](std::optional<sync::TimePoint> t) {
        if (t && (!next || *t < *next)) next = t;
    };
    consider(held_until_);
    for (const auto& [id, p] : peers_) {
        consider(p->session.next_deadline());
        consider(p->exchange.next_deadline());
        consider(p->gr.next_deadline());
        if (p->session.state() == ldp::SessionState::non_existent && !p->socket &&
            p->session.role() == ldp::SessionRole::active) {
            // One deadline: the later of the back-off and the settle time (taking the back-off's
            // "now" alone made the timer fire at once, over and over, until the settle ended).
            auto at = p->session.backoff().next_attempt().value_or(clock_.now());
            if (p->connect_not_before) at = std::max(at, *p->connect_not_before);
            consider(at);
        }
    }
    if (!next) return;
    // Only the real clock can be waited on (a manual clock is driven by its test).
    timer_.expires_at(std::max(*next, clock_.now()));
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        Entry entry(*this);
        tick();
        arm();
    });
}

// ---- TCP --------------------------------------------------------------------------------------

LdpPeer* LdpSpeaker::find(std::uint32_t lsr_id, std::uint64_t connection) {
    auto it = peers_.find(lsr_id);
    if (it == peers_.end() || it->second->connection != connection) return nullptr;
    return it->second.get();
}

void LdpSpeaker::accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket s) {
        if (ec == asio::error::operation_aborted) return;
        Entry entry(*this);
        if (!ec) {
            boost::system::error_code e2;
            const auto remote = s.remote_endpoint(e2);
            const std::uint32_t from = e2 ? 0 : remote.address().to_v4().to_uint();
            LdpPeer* peer = nullptr;
            for (auto& [id, p] : peers_) {
                if (p->session.config().peer_transport == from) peer = p.get();
            }
            // RFC 5036 2.5.2: accept only from a peer we have an adjacency with, in the passive
            // role, with no connection yet.
            if (peer == nullptr || peer->session.role() != ldp::SessionRole::passive || peer->socket ||
                peer->session.state() != ldp::SessionState::non_existent) {
                spdlog::info("LDP-SESSION: refused a connection from {} ({})", ip(from),
                             peer == nullptr ? "no Hello adjacency" : "not expected in this role/state");
                s.close(e2);
            } else {
                if (auto err = set_session_ttl(s.native_handle(), peer->gtsm)) spdlog::warn("LDP-SOCKET: {}", *err);
                attach(*peer, std::make_unique<tcp::socket>(std::move(s)));
            }
        } else {
            // Out of descriptors or memory: say so, and try again in a second rather than spin.
            spdlog::warn("LDP-SOCKET: accept on 646: {}", ec.message());
            accept_retry_.expires_after(std::chrono::seconds(1));
            accept_retry_.async_wait([this](const boost::system::error_code& e) {
                if (!e) accept();
            });
            return;
        }
        accept();
    });
}

void LdpSpeaker::connect(LdpPeer& peer) {
    const std::uint32_t to = peer.session.config().peer_transport;
    auto s = std::make_unique<tcp::socket>(io_);
    boost::system::error_code ec;
    s->open(tcp::v4(), ec);
    if (!ec) {
        if (auto pw = password_for(peer.lsr_id); pw || (pw = password_for(to))) {
            if (auto err = set_tcp_md5(s->native_handle(), to, *pw)) spdlog::warn("LDP-MD5: {}: {}", ip(to), *err);
        }
        if (auto err = set_session_ttl(s->native_handle(), peer.gtsm)) spdlog::warn("LDP-SOCKET: {}", *err);
        s->bind(tcp::endpoint(asio::ip::address_v4(lsr_id_), 0), ec);
    }
    if (ec) {
        spdlog::warn("LDP-SESSION: cannot connect to {}: {}", ip(to), ec.message());
        peer.session.connect_failed();
        return;
    }
    peer.connecting = true;
    peer.socket = std::move(s);
    const auto conn = peer.connection = next_connection_++;
    const auto lsr = peer.lsr_id;
    spdlog::info("LDP-SESSION: connecting to {} (active role)", ip(to));
    peer.socket->async_connect(tcp::endpoint(asio::ip::address_v4(to), kLdpPort),
                               [this, lsr, conn](const boost::system::error_code& e) {
                                   if (e == asio::error::operation_aborted) return;
                                   Entry entry(*this);
                                   LdpPeer* p = find(lsr, conn);
                                   if (p == nullptr) return;
                                   p->connecting = false;
                                   if (e) {
                                       spdlog::info("LDP-SESSION: connect to {} failed: {}", ip(lsr), e.message());
                                       p->socket.reset();
                                       p->session.connect_failed();
                                       arm();
                                       return;
                                   }
                                   auto connected = std::move(p->socket);
                                   attach(*p, std::move(connected));
                               });
    arm();
}

void LdpSpeaker::attach(LdpPeer& peer, std::unique_ptr<tcp::socket> socket) {
    peer.socket = std::move(socket);
    peer.connection = next_connection_++;
    peer.close_after_write = false;
    peer.pending.clear();
    boost::system::error_code ec;
    peer.local_port = peer.socket->local_endpoint(ec).port();
    peer.remote_port = peer.socket->remote_endpoint(ec).port();
    peer.session.connected();
    process(peer);
    read(peer);
    arm();
}

void LdpSpeaker::read(LdpPeer& peer) {
    auto buf = std::make_shared<std::array<std::byte, 65536>>();
    const auto lsr = peer.lsr_id;
    const auto conn = peer.connection;
    peer.socket->async_read_some(asio::buffer(*buf), [this, buf, lsr, conn](const boost::system::error_code& ec,
                                                                          std::size_t n) {
        if (ec == asio::error::operation_aborted) return;
        Entry entry(*this);
        LdpPeer* p = find(lsr, conn);
        if (p == nullptr || !p->socket) return;
        if (ec) {
            p->session.connection_lost();
            process(*p);
            close_socket(*p);
            arm();
            return;
        }
        p->session.receive(std::span<const std::byte>(buf->data(), n));
        process(*p);
        if (p->socket && !p->close_after_write) read(*p);
        arm();
    });
}

void LdpSpeaker::flush(LdpPeer& peer) {
    auto out = peer.session.take_output();
    peer.pending.insert(peer.pending.end(), out.begin(), out.end());
    // A peer that keeps the session alive but stops reading would grow this without end.
    if (peer.pending.size() > kMaxPendingBytes && peer.socket) {
        spdlog::warn("LDP-SESSION: {}: {} bytes unsent, the peer is not reading: closing", ip(peer.lsr_id),
                     peer.pending.size());
        peer.pending.clear();
        peer.session.connection_lost();
        process(peer);
        close_socket(peer);
        return;
    }
    if (!peer.socket || peer.connecting || peer.writing) return;
    if (peer.pending.empty()) {
        if (peer.close_after_write) close_socket(peer);
        return;
    }
    auto data = std::make_shared<std::vector<std::byte>>(std::move(peer.pending));
    peer.pending.clear();
    peer.writing = true;
    const auto lsr = peer.lsr_id;
    const auto conn = peer.connection;
    asio::async_write(*peer.socket, asio::buffer(*data),
                      [this, data, lsr, conn](const boost::system::error_code& ec, std::size_t) {
                          if (ec == asio::error::operation_aborted) return;
                          Entry entry(*this);
                          LdpPeer* p = find(lsr, conn);
                          if (p == nullptr) return;
                          p->writing = false;
                          if (ec) {
                              p->session.connection_lost();
                              process(*p);
                              close_socket(*p);
                              return;
                          }
                          flush(*p);
                      });
}

void LdpSpeaker::close_socket(LdpPeer& peer) {
    if (peer.socket) {
        boost::system::error_code ec;
        peer.socket->shutdown(tcp::socket::shutdown_both, ec);
        peer.socket->close(ec);
        peer.socket.reset();
    }
    peer.connection = next_connection_++;  // anything still in flight is stale now
    peer.connecting = peer.writing = peer.close_after_write = false;
    peer.pending.clear();
}

// ---- session reports --------------------------------------------------------------------------

// RFC 5036 3.5.5/3.5.6: peers learn our new addresses (Address) and forget the old ones
// (Address Withdraw) while the session runs; a peer maps its next hops to us by them, so
// without this a readdressed link would get no labels until the session restarted. Sessions
// that come up later get the whole list in session_up().
void LdpSpeaker::update_addresses() {
    const auto now = own_addresses();
    if (!addresses_known_) {
        advertised_addresses_ = now;
        addresses_known_ = true;
        return;
    }
    std::vector<std::uint32_t> added, removed;
    std::set_difference(now.begin(), now.end(), advertised_addresses_.begin(), advertised_addresses_.end(),
                        std::back_inserter(added));
    std::set_difference(advertised_addresses_.begin(), advertised_addresses_.end(), now.begin(), now.end(),
                        std::back_inserter(removed));
    advertised_addresses_ = now;
    for (auto& [id, p] : peers_) {
        bool sent = false;
        if (!added.empty()) {
            ldp::Address a;
            a.addresses.family = ldp::af_ipv4;
            a.addresses.ipv4 = added;
            sent = p->session.send(a) || sent;
        }
        if (!removed.empty()) {
            ldp::AddressWithdraw w;
            w.addresses.family = ldp::af_ipv4;
            w.addresses.ipv4 = removed;
            sent = p->session.send(w) || sent;
        }
        if (sent) flush(*p);
    }
}

void LdpSpeaker::send_to_operational(const ldp::Message& m, std::uint64_t LdpPeerCounters::*counter) {
    for (auto& [id, p] : peers_) {
        if (p->session.send(m)) {
            ++(p->counters.*counter);
            flush(*p);
        }
    }
}

void LdpSpeaker::process(LdpPeer& peer) {
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
                if constexpr (std::is_same_v<T, ldp::SessionUp>) {
                    session_up(peer);
                    fib_dirty = routed_dirty = true;
                } else if constexpr (std::is_same_v<T, ldp::SessionClosed>) {
                    session_closed(peer, r);
                    fib_dirty = routed_dirty = true;
                } else if constexpr (std::is_same_v<T, ldp::PeerAddresses>) {
                    ++peer.counters.addresses_received;
                    lib_.peer_addresses(peer.lsr_id, peer.session.peer_addresses());
                    fib_dirty = routed_dirty = true;
                } else if constexpr (std::is_same_v<T, ldp::MappingReceived>) {
                    ++peer.counters.mappings_received;
                    const auto label = generic_label(r.message.label);
                    if (label) {
                        for_each_prefix_fec(r.message.fec, [&](const ldp::Fec& f) {
                            lib_.mapping(peer.lsr_id, f, *label);
                            peer.gr.refreshed(f);
                            peer.exchange.mapping_received({f.prefix, f.length}, batch_time());
                        });
                    }
                    fib_dirty = true;
                } else if constexpr (std::is_same_v<T, ldp::WithdrawReceived>) {
                    ++peer.counters.withdraws_received;
                    bool wildcard = false;
                    auto fecs = prefix_fecs(r.message.fec, &wildcard);
                    if (wildcard) {
                        for (const auto& row : lib_.rows()) {
                            if (row.remote.contains(peer.lsr_id)) fecs.push_back(row.fec);
                        }
                    }
                    for (const auto& f : fecs) {
                        lib_.withdraw(peer.lsr_id, f);
                        peer.exchange.withdraw_received({f.prefix, f.length});
                    }
                    // RFC 5036 3.5.10: a withdrawn label is released back to its owner.
                    ldp::LabelRelease rel;
                    rel.fec = r.message.fec;
                    rel.optional = r.message.optional;
                    if (peer.session.send(rel)) ++peer.counters.releases_sent;
                    fib_dirty = true;
                } else if constexpr (std::is_same_v<T, ldp::ReleaseReceived>) {
                    ++peer.counters.releases_received;
                } else if constexpr (std::is_same_v<T, ldp::EndOfLibReceived>) {
                    peer.counters.end_of_lib_received = true;
                    peer.exchange.end_of_lib();
                    peer.gr.end_of_lib();
                    gr_ended(peer);
                } else if constexpr (std::is_same_v<T, ldp::ErrorSent>) {
                    ++peer.counters.notifications_sent;
                    spdlog::warn("LDP-PROTOCOL-ERROR: peer {}: {}", ip(peer.lsr_id), r.error.to_string());
                } else if constexpr (std::is_same_v<T, ldp::AdvisoryNotification>) {
                    spdlog::info("LDP-NOTIFICATION: peer {}: {}", ip(peer.lsr_id), ldp::to_string(ldp::Message{r.message}));
                } else if constexpr (std::is_same_v<T, ldp::FsmError>) {
                    spdlog::warn("LDP-FSM: peer {}: unexpected event", ip(peer.lsr_id));
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
        if (more_waiting(peer) && fib_deferrals_ < kMaxFibDeferrals) {
            ++fib_deferrals_;
        } else {
            update_fib();
        }
    }
    check_exchange(peer);
    flush(peer);
}

void LdpSpeaker::session_up(LdpPeer& peer) {
    peer.last_negotiated = peer.session.negotiated();
    // The peer came back within its reconnect time: recovery (RFC 3478 section 3.3), for
    // min(ours, its Recovery Time); none when it kept nothing or dropped graceful restart.
    const auto& neg = *peer.last_negotiated;
    const auto ours = std::chrono::milliseconds(std::uint64_t{daemon_.config().ldp.gr_max_recovery_s} * 1000);
    if (auto recovery = peer.gr.reconnected(ours, neg.graceful_restart ? neg.peer_ft_session : std::nullopt)) {
        spdlog::info("LDP-GR: {} reconnected: {} stale bindings, recovery for {} ms", ip(peer.lsr_id),
                     peer.gr.stale().size(), recovery->count());
        // The sync machines stay protected exactly as long as the stale labels do.
        for (auto ifx : peer.ifindexes) daemon_.session_reconnected(interface_name(ifx), *recovery);
        gr_ended(peer);
    }
    peer.up_since = clock_.now();
    peer.synced_after.reset();
    peer.counters = {};
    peer.exchange.session_up();
    spdlog::info("LDP-SESSION: {} is OPERATIONAL (keepalive {} s{})", ip(peer.lsr_id),
                 peer.session.negotiated()->keepalive_time,
                 peer.session.negotiated()->capabilities.unrecognized_notification ? ", End-of-LIB" : "");
    // Our addresses, then every local binding (downstream unsolicited), then End-of-LIB when
    // the peer can understand it (RFC 5919 section 4: only to a peer that announced the
    // Unrecognized Notification capability).
    ldp::Address a;
    a.addresses.family = ldp::af_ipv4;
    a.addresses.ipv4 = own_addresses();
    peer.session.send(a);
    for (const auto& [fec, egress] : local_fecs_) {
        if (auto label = lib_.local_label(fec); label && peer.session.send(mapping(fec, *label))) {
            ++peer.counters.mappings_sent;
        }
    }
    if (peer.session.negotiated()->capabilities.unrecognized_notification) {
        ldp::Notification eol;
        eol.status.code = static_cast<std::uint32_t>(ldp::Status::end_of_lib);
        eol.status.forward = false;
        ldp::FecTlv fec;
        fec.elements.emplace_back(ldp::TypedWildcardFec::prefix(ldp::af_ipv4));
        eol.optional.emplace_back(fec);
        if (peer.session.send(eol)) peer.counters.end_of_lib_sent = true;
    }
}

void LdpSpeaker::session_closed(LdpPeer& peer, const ldp::SessionClosed& c) {
    const bool was_up = peer.up_since.has_value();
    peer.last_close = ldp::to_string(c.reason) + (c.detail.empty() ? "" : ": " + c.detail);
    spdlog::info("LDP-SESSION: {} closed ({}){}", ip(peer.lsr_id), peer.last_close,
                 was_up ? "" : " before OPERATIONAL, retry after back-off");
    peer.up_since.reset();
    peer.exchange.session_down();
    iface_sync_.exchange_lost(peer.lsr_id);  // reported below, with the session's loss on every interface
    const bool gr = was_up && peer.last_negotiated && peer.last_negotiated->graceful_restart &&
                    c.reason != ldp::CloseReason::local_shutdown && daemon_.config().ldp.graceful_restart;
    std::optional<sync::Duration> reconnect;  // the GR-protected window, when there is one
    if (gr) {
        // Helper side of RFC 3478: keep the peer's bindings, marked stale, for its reconnect time.
        std::set<ldp::Fec> bindings;
        for (const auto& row : lib_.rows()) {
            if (row.remote.contains(peer.lsr_id)) bindings.insert(row.fec);
        }
        const auto ours = std::chrono::milliseconds(std::uint64_t{daemon_.config().ldp.gr_reconnect_s} * 1000);
        reconnect = peer.gr.session_lost(ours, *peer.last_negotiated->peer_ft_session, std::move(bindings));
        spdlog::info("LDP-GR: {} lost: {} bindings kept stale for up to {} ms", ip(peer.lsr_id),
                     peer.gr.stale().size(), reconnect->count());
    } else if (!was_up && peer.gr.reconnecting()) {
        // An attempt to reconnect that failed before OPERATIONAL: the reconnect time still
        // runs, and the stale bindings stay until it is over.
    } else {
        lib_.peer_gone(peer.lsr_id);
        report_gone(peer, peer.gr.forget());
    }
    if (was_up) {
        for (auto ifx : peer.ifindexes) daemon_.session_down(interface_name(ifx), gr, reconnect);
    }
    peer.close_after_write = true;
}

// Adjacencies lost while the peer's reconnection was awaited, and not back: the sync machines
// learn now that the peer is gone there.
void LdpSpeaker::report_gone(const LdpPeer& peer, const std::set<std::uint32_t>& ifindexes) {
    for (auto ifx : ifindexes) {
        if (peer.ifindexes.contains(ifx)) continue;
        spdlog::info("LDP-GR: {} did not come back on {}", ip(peer.lsr_id), interface_name(ifx));
        daemon_.ldp_peer(interface_name(ifx), peer_on(ifx));
    }
}

bool LdpSpeaker::gr_ended(LdpPeer& peer) {
    auto ended = peer.gr.take_ended();
    if (!ended) return false;
    const auto why = ldp::to_string(ended->why);
    if (ended->all_bindings) {
        spdlog::info("LDP-GR: {}: {}: its bindings are removed", ip(peer.lsr_id), why);
        lib_.peer_gone(peer.lsr_id);
    } else {
        if (!ended->stale.empty()) {
            spdlog::info("LDP-GR: {}: {} stale bindings swept ({})", ip(peer.lsr_id), ended->stale.size(), why);
        }
        for (const auto& f : ended->stale) lib_.withdraw(peer.lsr_id, f);
    }
    report_gone(peer, ended->gone);
    update_routed_fecs();
    update_fib();
    return true;
}

void LdpSpeaker::check_exchange(LdpPeer& peer) {
    if (peer.session.state() != ldp::SessionState::operational) return;
    if (auto trigger = peer.exchange.poll()) {
        // The labels first, then the sync that opens the gate on them.
        if (fib_stale_) update_fib();
        if (peer.up_since) {
            peer.synced_after = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - *peer.up_since);
        }
        spdlog::info("LDP-SYNC: initial label exchange with {} complete ({} bindings, trigger {})", ip(peer.lsr_id),
                     peer.exchange.bound(), sync::to_string(*trigger));
        // RFC 6138 section 3 (a LAN): only the interfaces where every peer is now complete.
        for (auto ifx : iface_sync_.exchange_complete(peer.lsr_id)) daemon_.ldp_synced(interface_name(ifx), *trigger);
    }
}

}  // namespace ldpsync::daemon
