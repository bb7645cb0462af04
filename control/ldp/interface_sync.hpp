#pragma once
// Which interfaces LDP reports in sync to the IGP (RFC 5443; RFC 6138 section 3). The initial
// label exchange is per session (per peer LSR), sync is per interface: on a multi-access
// interface (a LAN) LDP is in sync only once the exchange is complete with every peer that has
// an adjacency there. A peer appearing on an interface already reported in sync without a
// complete exchange (a router new on the LAN, or one whose session is not up yet) takes the
// sync back until its own exchange completes: otherwise the IGP would keep sending traffic
// over the LAN toward a next hop LDP has no labels from, the black hole sync exists to avoid.
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

    Verdict adjacency_up(Ifindex ifindex, PeerId peer);
    // The interface is no longer reported in sync: the speaker reports the loss of the peer's
    // session there itself (as it does for a point-to-point link).
    void adjacency_down(Ifindex ifindex, PeerId peer);
    // The peer's initial label exchange completed: the interfaces now in sync with every peer.
    std::vector<Ifindex> exchange_complete(PeerId peer);
    // The peer's session ended: the interfaces that were reported in sync (the speaker
    // reports the session down on every interface of the peer anyway).
    std::vector<Ifindex> exchange_lost(PeerId peer);
    void clear();

    bool synced(Ifindex ifindex) const { return synced_.contains(ifindex); }
    bool complete(PeerId peer) const { return complete_.contains(peer); }

private:
    bool all_complete(Ifindex ifindex) const;

    std::map<Ifindex, std::set<PeerId>> peers_;  // adjacencies per interface
    std::set<PeerId> complete_;                  // operational, initial exchange complete
    std::set<Ifindex> synced_;                   // reported in sync and not taken back
};

}  // namespace ldpsync::ldp
