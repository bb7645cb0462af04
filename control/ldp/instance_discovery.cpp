// LdpInstance: Hello adjacencies come and go, and with them the peers and the sync machines'
// view of each interface (instance.hpp, interface_sync.hpp).
#include "instance_log.hpp"

namespace ldpsync::ldp {

void LdpInstance::handle_discovery_events() {
    for (auto& ev : discovery_->take_events()) {
        if (const auto* up = std::get_if<AdjacencyUp>(&ev)) {
            adjacency_up(up->adjacency);
        } else if (const auto* down = std::get_if<AdjacencyDown>(&ev)) {
            adjacency_down(*down);
        } else if (const auto* drop = std::get_if<HelloDropped>(&ev)) {
            ++hellos_dropped_;
            log(log_event::Level::debug, log_event::kHelloDropped, interface_name(drop->ifindex), drop->why);
        }
    }
}

void LdpInstance::adjacency_up(const Adjacency& a) {
    const std::string itf = interface_name(a.key.ifindex);
    log(log_event::Level::info, log_event::kAdjacencyUp, ip(a.key.lsr_id) + ":" + std::to_string(a.key.label_space), itf,
        ip(a.source), ip(a.transport), a.hold_time, a.gtsm ? ", GTSM" : "");
    Peer* existing = find(a.key.lsr_id);
    if (existing == nullptr) {
        existing = &create_peer(a);
        // Tell the peer about us now rather than at our next Hello.
        output_.emplace_back(SendHello{a.key.ifindex, discovery_->hello_pdu()});
    }
    Peer& p = *existing;
    p.ifindexes.insert(a.key.ifindex);
    p.gr.adjacency_up(a.key.ifindex);
    p.gtsm = a.gtsm;
    events_.emplace_back(PeerOnInterface{itf, LinkPeer{{a.key.lsr_id, a.key.label_space}, a.transport}});
    switch (iface_sync_.adjacency_up(a.key.ifindex, a.key.lsr_id, a.source)) {
    case InterfaceSync::Verdict::synced:
        events_.emplace_back(InterfaceSynced{itf, *p.exchange.trigger()});
        break;
    case InterfaceSync::Verdict::revoked:
        // RFC 6138 section 3: the IGP must not send over this LAN toward a peer LDP has no
        // labels from yet.
        log(log_event::Level::info, log_event::kSyncRevoked, ip(a.key.lsr_id), itf);
        events_.emplace_back(InterfaceSyncLost{itf, false, std::nullopt});
        break;
    case InterfaceSync::Verdict::none:
        break;
    }
}

void LdpInstance::adjacency_down(const AdjacencyDown& down) {
    const std::string itf = interface_name(down.key.ifindex);
    log(log_event::Level::info, log_event::kAdjacencyDown, ip(down.key.lsr_id), itf,
        down.reason == AdjacencyDownReason::hold_expired ? "hello hold time expired" : "interface down");
    auto it = peers_.find(down.key.lsr_id);
    if (it == peers_.end()) return;
    Peer& p = *it->second;
    p.ifindexes.erase(down.key.ifindex);
    // Whether the router left the LAN or only its LDP died, the IGP tells: a neighbour still
    // at its address holds the LAN's sync back (InterfaceSync).
    const std::uint32_t address = iface_sync_.source(down.key.ifindex, down.key.lsr_id);
    const bool handed_over = iface_sync_.adjacency_down(down.key.ifindex, down.key.lsr_id,
                                                        igp_neighbor_present(itf, address)) ==
                             InterfaceSync::Verdict::synced;
    if (p.session.state() == SessionState::operational) {
        events_.emplace_back(InterfaceSyncLost{itf, false, std::nullopt});
    }
    // A restarting peer's Hellos stop too: during its reconnect time its adjacency loss is
    // part of the restart, not a reason to give up on it yet; it is reported when protection
    // ends without the adjacency back (report_gone).
    const bool restarting = p.gr.adjacency_down(down.key.ifindex);
    // The sync machine knows one peer per interface: on a LAN, another peer still there
    // becomes it (reachable, so the IGP waits for sync should its adjacency go).
    if (!restarting) events_.emplace_back(PeerOnInterface{itf, peer_on(down.key.ifindex)});
    if (handed_over) hand_over(down.key.ifindex);
    if (restarting || !p.ifindexes.empty()) return;
    // RFC 5036 2.5.5: the session ends with its last adjacency.
    p.session.shutdown();
    process(p);
    disconnect(p);
    peers_.erase(it);
    ++peers_version_;
}

std::optional<LinkPeer> LdpInstance::peer_on(std::uint32_t ifindex) const {
    for (const auto& [id, p] : peers_) {
        if (p->ifindexes.contains(ifindex)) {
            return LinkPeer{{p->lsr_id, p->label_space}, p->session.config().peer_transport};
        }
    }
    return std::nullopt;
}

// The LAN's remaining peers all have their labels (InterfaceSync::Verdict::synced after a
// peer left): report one of them as the interface's peer and the interface in sync.
void LdpInstance::hand_over(std::uint32_t ifindex) {
    const auto peer = peer_on(ifindex);
    if (!peer) return;
    const auto trigger = peers_.at(peer->ident.lsr_id)->exchange.trigger();
    if (!trigger) return;
    const std::string itf = interface_name(ifindex);
    events_.emplace_back(PeerOnInterface{itf, *peer});
    events_.emplace_back(InterfaceSynced{itf, *trigger});
}

}  // namespace ldpsync::ldp
