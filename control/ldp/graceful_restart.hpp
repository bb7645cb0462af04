#pragma once
// The helper side of LDP graceful restart (RFC 3478 section 3.3) for one peer, I/O-free on an
// injected clock. When a session with graceful restart negotiated is lost, the peer's bindings
// are kept, marked stale, for the reconnect time: min(our neighbor-liveness, the peer's FT
// Reconnect Timeout). If it reconnects in time, what it has not re-advertised by the end of
// recovery (min(our max-recovery, the peer's Recovery Time); or by its End-of-LIB, RFC 5919
// section 5) is swept; a Recovery Time of 0 (it kept nothing) sweeps at once; no reconnection
// in time removes every binding.
//
// Adjacencies the peer loses while we await its reconnection (its Hellos stop while it
// restarts) are not reported gone at once; they are remembered, and when protection ends
// (reconnect time over, or end of recovery) with any of them not back, they are returned as
// gone so that the sync machines learn that the peer is no longer there. The negotiated
// times are returned too: the sync machines' GR-protected window must be the one in which LDP
// really keeps the stale labels, not our configured times alone.

#include <optional>
#include <set>
#include <string>

#include "lib.hpp"
#include "sync_clock.hpp"
#include "tlv.hpp"

namespace ldpsync::ldp {

class GrHelper {
public:
    using Ifindex = std::uint32_t;

    // Protection over: what the speaker removes from the LIB and tells the daemon.
    struct Ended {
        enum class Why { reconnect_expired, recovery_over, end_of_lib, no_state };
        Why why = Why::recovery_over;
        bool all_bindings = false;     // reconnect expired: every binding of the peer goes
        std::set<Fec> stale;           // else: the ones never refreshed
        std::set<Ifindex> gone;        // adjacencies lost while protected that did not come back
    };

    explicit GrHelper(const sync::ClockSource& clock) : clock_(clock) {}

    // The session was lost with graceful restart negotiated; `bindings`: the peer's, now stale.
    // Returns the reconnect time granted.
    sync::Duration session_lost(sync::Duration ours, const FtSessionTlv& peer_ft, std::set<Fec> bindings);
    // The peer's session is back. `peer_ft`: its FT Session TLV on the new session, if it sent
    // one with graceful restart negotiated. Returns the recovery time (zero: ended already,
    // take it from take_ended()); nothing when no reconnection was awaited.
    std::optional<sync::Duration> reconnected(sync::Duration ours, const std::optional<FtSessionTlv>& peer_ft);
    void refreshed(const Fec& fec) { stale_.erase(fec); }
    void end_of_lib();
    // The session closed without graceful restart: nothing is kept. Returns the adjacencies
    // lost while protected that are not back (to report gone now).
    std::set<Ifindex> forget();

    // An adjacency of the peer went: true when it is held until the reconnection (report
    // nothing yet). Not during recovery: the session is up then, its adjacencies count as usual.
    bool adjacency_down(Ifindex ifindex);
    void adjacency_up(Ifindex ifindex) { orphaned_.erase(ifindex); }

    void poll();  // at next_deadline()
    std::optional<sync::TimePoint> next_deadline() const;
    std::optional<Ended> take_ended();

    bool reconnecting() const { return reconnect_deadline_.has_value(); }
    bool recovering() const { return recovery_deadline_.has_value(); }
    bool protecting() const { return reconnecting() || recovering(); }
    const std::set<Fec>& stale() const { return stale_; }
    const std::string& last_sweep() const { return last_sweep_; }

private:
    void end(Ended::Why why);

    const sync::ClockSource& clock_;
    std::optional<sync::TimePoint> reconnect_deadline_;
    std::optional<sync::TimePoint> recovery_deadline_;
    std::set<Fec> stale_;
    std::set<Ifindex> orphaned_;
    std::optional<Ended> ended_;
    std::string last_sweep_;
};

std::string to_string(GrHelper::Ended::Why why);

}  // namespace ldpsync::ldp
