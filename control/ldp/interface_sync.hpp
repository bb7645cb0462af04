#pragma once
// Which interfaces LDP reports in sync to the IGP (RFC 5443; RFC 6138 section 3). The initial
// label exchange is per session (per peer LSR), sync is per interface: on a multi-access
// interface (a LAN) LDP is in sync only once the exchange is complete with every peer that has
// an adjacency there. A peer appearing on an interface already reported in sync without a
// complete exchange (a router new on the LAN, or one whose session is not up yet) takes the
// sync back until its own exchange completes: otherwise the IGP would keep sending traffic
// over the LAN toward a next hop LDP has no labels from, the black hole sync exists to avoid.
//
// A peer leaving the LAN: its adjacency going down ends the reported sync (the speaker reports
// its session down there). The LAN is handed over to the remaining peers, in sync again when
// all of them have their labels, only once the router that left is no longer the IGP's
// neighbour on the LAN: LDP alone cannot tell a router that left from one whose LDP died while
// its IGP adjacency lives on, and the IGP would still route through the second. So a peer
// whose adjacency went down while the IGP still had a neighbour at its address stays on the
// interface as "departed" and blocks the sync until that neighbour goes (igp_neighbor_gone)
// or the peer comes back.
// Pure bookkeeping: the speaker turns what it returns into Daemon::ldp_synced / session_down.

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "lib.hpp"

namespace ldpsync::ldp {

class InterfaceSync {
public:
    using Ifindex = std::uint32_t;
    enum class Verdict {
        none,
        synced,   // report ldp_synced on the interface
        revoked,  // it was reported in sync: take it back (session_down on the interface)
    };

    // source: the address the peer's Hellos come from on the interface (its address there,
    // the one the IGP knows it by).
    Verdict adjacency_up(Ifindex ifindex, PeerId peer, std::uint32_t source);
    // The address adjacency_up recorded for the peer on the interface (0 if none).
    std::uint32_t source(Ifindex ifindex, PeerId peer) const;
    // The interface is no longer reported in sync: the speaker reports the loss of the peer's
    // session there itself (as it does for a point-to-point link). still_igp_neighbor: the
    // IGP has a neighbour at the peer's address on the interface. Returns synced when the
    // interface is handed over to the remaining peers at once (the router left the IGP first).
    Verdict adjacency_down(Ifindex ifindex, PeerId peer, bool still_igp_neighbor);
    // The IGP's neighbour at `address` on the interface went away: synced when that was the
    // last departed peer holding the interface back and the remaining peers have their labels.
    Verdict igp_neighbor_gone(Ifindex ifindex, std::uint32_t address);
    // The peer's initial label exchange completed: the interfaces now in sync with every peer.
    std::vector<Ifindex> exchange_complete(PeerId peer);
    // The peer's session ended: the interfaces that were reported in sync (the speaker
    // reports the session down on every interface of the peer anyway).
    std::vector<Ifindex> exchange_lost(PeerId peer);
    void clear();

    bool synced(Ifindex ifindex) const { return synced_.contains(ifindex); }
    bool complete(PeerId peer) const { return complete_.contains(peer); }
    // Peers that left the interface while the IGP still has a neighbour at their address.
    std::vector<PeerId> departed(Ifindex ifindex) const;

private:
    bool all_complete(Ifindex ifindex) const;

    using Sources = std::map<PeerId, std::uint32_t>;  // peer -> its address on the interface
    std::map<Ifindex, Sources> peers_;           // adjacencies per interface
    std::map<Ifindex, Sources> departed_;        // gone from LDP, not yet from the IGP
    std::set<PeerId> complete_;                  // operational, initial exchange complete
    std::set<Ifindex> synced_;                   // reported in sync and not taken back
};

}  // namespace ldpsync::ldp
