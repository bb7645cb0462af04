#pragma once
// When is LDP's initial label exchange with a peer complete? Sync is achieved only then
// (RFC 5443 section 3: session up *and* labels exchanged). The first of these to fire wins:
//   1. End-of-LIB received for IPv4 prefix FECs (RFC 5919);
//   2. every FEC the RIB routes through this peer has a binding from it, and no mapping has
//      arrived for a quiet period (peers such as FRR 8.4 send no End-of-LIB);
//   3. an upper bound since the session came up (a peer that never binds some FEC must not
//      keep the link at max metric for ever).
// Pure, on an injected clock: LdpInstance feeds it per peer and polls it at next_deadline();
// with InterfaceSync (per interface) it answers "is LDP synced on this link" (README.md), and
// the trigger becomes the sync machine's "LDP synced" input.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <unordered_set>

#include "lib.hpp"
#include "sync_clock.hpp"
#include "sync_types.hpp"

namespace ldpsync::ldp {

// FECs hashed for the set of bound ones.
struct FecHash {
    std::size_t operator()(const Fec& k) const noexcept {
        return std::hash<std::uint64_t>{}((std::uint64_t{k.prefix} << 8) | k.length);
    }
};

class InitialLabelExchange {
public:
    struct Settings {
        sync::Duration quiet_period{200};
        sync::Duration upper_bound{10'000};
    };

    InitialLabelExchange(Settings settings, const sync::ClockSource& clock);

    void session_up();
    void session_down();
    void mapping_received(Fec fec);
    // The same, with the time already read: a session delivers mappings thousands at a time,
    // and one clock read per batch is enough for the quiet period.
    void mapping_received(Fec fec, sync::TimePoint now);
    void withdraw_received(Fec fec);
    void end_of_lib();
    // The FECs the RIB currently routes through this peer (replaces the previous set).
    void routed_fecs(std::set<Fec> fecs);

    // The trigger, the first time the exchange is found complete; nothing otherwise.
    std::optional<sync::SyncTrigger> poll();
    std::optional<sync::TimePoint> next_deadline() const;

    bool session_is_up() const { return up_since_.has_value(); }
    bool complete() const { return trigger_.has_value(); }
    std::optional<sync::SyncTrigger> trigger() const { return trigger_; }
    std::size_t bound() const { return bound_.size(); }
    std::size_t unbound_routed() const { return unbound_routed_; }
    void set_settings(Settings s) { settings_ = s; }

private:
    bool all_routed_bound() const { return unbound_routed_ == 0; }

    Settings settings_;
    const sync::ClockSource& clock_;
    std::optional<sync::TimePoint> up_since_;
    sync::TimePoint last_mapping_{};
    // A session delivers its mappings thousands at a time and the completion is checked after
    // each batch: bound_ is a hash set and the routed FECs not bound yet are counted as
    // mappings, withdraws and new routed sets arrive, so a check costs nothing.
    std::unordered_set<Fec, FecHash> bound_;
    std::set<Fec> routed_;
    std::size_t unbound_routed_ = 0;
    bool end_of_lib_ = false;
    std::optional<sync::SyncTrigger> trigger_;
    bool reported_ = false;
};

}  // namespace ldpsync::ldp
