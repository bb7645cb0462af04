#include "interface_sync.hpp"

#include <algorithm>

namespace ldpsync::ldp {

bool InterfaceSync::all_complete(Ifindex ifindex) const {
    auto it = peers_.find(ifindex);
    if (it == peers_.end() || it->second.empty()) return false;
    return std::all_of(it->second.begin(), it->second.end(), [&](PeerId p) { return complete_.contains(p); });
}

InterfaceSync::Verdict InterfaceSync::adjacency_up(Ifindex ifindex, PeerId peer) {
    if (!peers_[ifindex].insert(peer).second) return Verdict::none;
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

void InterfaceSync::adjacency_down(Ifindex ifindex, PeerId peer) {
    auto it = peers_.find(ifindex);
    if (it == peers_.end() || it->second.erase(peer) == 0) return;
    if (it->second.empty()) peers_.erase(it);
    synced_.erase(ifindex);
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
    complete_.clear();
    synced_.clear();
}

}  // namespace ldpsync::ldp
