#include "interface_sync.hpp"

#include <algorithm>

namespace ldpsync::ldp {

bool InterfaceSync::all_complete(Ifindex ifindex) const {
    if (departed_.contains(ifindex)) return false;
    auto it = peers_.find(ifindex);
    if (it == peers_.end() || it->second.empty()) return false;
    return std::all_of(it->second.begin(), it->second.end(), [&](const auto& p) { return complete_.contains(p.first); });
}

InterfaceSync::Verdict InterfaceSync::adjacency_up(Ifindex ifindex, PeerId peer, std::uint32_t source) {
    if (!peers_[ifindex].emplace(peer, source).second) return Verdict::none;
    if (auto d = departed_.find(ifindex); d != departed_.end()) {
        // Back on the LAN: it holds the sync back through its exchange, if at all.
        d->second.erase(peer);
        if (d->second.empty()) departed_.erase(d);
    }
    if (!complete_.contains(peer)) {
        // A label exchange still to come on an interface the IGP was told is in sync.
        return synced_.erase(ifindex) != 0 ? Verdict::revoked : Verdict::none;
    }
    // A peer whose session already exchanged its labels over another link: nothing new to
    // wait for from it here.
    if (!synced_.contains(ifindex) && all_complete(ifindex)) {
        synced_.insert(ifindex);
        return Verdict::synced;
    }
    return Verdict::none;
}

std::uint32_t InterfaceSync::source(Ifindex ifindex, PeerId peer) const {
    auto it = peers_.find(ifindex);
    if (it == peers_.end()) return 0;
    auto p = it->second.find(peer);
    return p == it->second.end() ? 0 : p->second;
}

InterfaceSync::Verdict InterfaceSync::adjacency_down(Ifindex ifindex, PeerId peer, bool still_igp_neighbor) {
    auto it = peers_.find(ifindex);
    if (it == peers_.end()) return Verdict::none;
    auto p = it->second.find(peer);
    if (p == it->second.end()) return Verdict::none;
    const std::uint32_t address = p->second;
    it->second.erase(p);
    if (it->second.empty()) peers_.erase(it);
    synced_.erase(ifindex);
    if (still_igp_neighbor) departed_[ifindex][peer] = address;
    if (all_complete(ifindex)) {
        synced_.insert(ifindex);
        return Verdict::synced;
    }
    return Verdict::none;
}

InterfaceSync::Verdict InterfaceSync::igp_neighbor_gone(Ifindex ifindex, std::uint32_t address) {
    auto d = departed_.find(ifindex);
    if (d == departed_.end()) return Verdict::none;
    const auto erased = std::erase_if(d->second, [&](const auto& p) { return p.second == address; });
    if (erased == 0) return Verdict::none;
    if (d->second.empty()) departed_.erase(d);
    if (!synced_.contains(ifindex) && all_complete(ifindex)) {
        synced_.insert(ifindex);
        return Verdict::synced;
    }
    return Verdict::none;
}

std::vector<PeerId> InterfaceSync::departed(Ifindex ifindex) const {
    std::vector<PeerId> out;
    if (auto d = departed_.find(ifindex); d != departed_.end()) {
        for (const auto& [peer, address] : d->second) out.push_back(peer);
    }
    return out;
}

std::vector<InterfaceSync::Ifindex> InterfaceSync::exchange_complete(PeerId peer) {
    complete_.insert(peer);
    std::vector<Ifindex> out;
    for (const auto& [ifindex, peers] : peers_) {
        if (peers.contains(peer) && !synced_.contains(ifindex) && all_complete(ifindex)) out.push_back(ifindex);
    }
    synced_.insert(out.begin(), out.end());
    return out;
}

std::vector<InterfaceSync::Ifindex> InterfaceSync::exchange_lost(PeerId peer) {
    complete_.erase(peer);
    std::vector<Ifindex> out;
    for (const auto& [ifindex, peers] : peers_) {
        if (peers.contains(peer) && synced_.erase(ifindex) != 0) out.push_back(ifindex);
    }
    return out;
}

void InterfaceSync::clear() {
    peers_.clear();
    departed_.clear();
    complete_.clear();
    synced_.clear();
}

}  // namespace ldpsync::ldp
