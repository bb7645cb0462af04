#pragma once
// The Label Information Base (RFC 5036 2.6, 3.5.7): local bindings we advertise and, per
// peer, the labels it advertised to us. Downstream unsolicited, independent control, liberal
// retention: every peer's mapping is kept, used or not, so a route change needs no new
// request. Pure: the session layer feeds it, the FIB builder reads it.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace ldpsync::ldp {

inline constexpr std::uint32_t kExplicitNullLabel = 0;
inline constexpr std::uint32_t kImplicitNullLabel = 3;
inline constexpr std::uint32_t kFirstUnreservedLabel = 16;  // 0-15 are reserved (RFC 3032)

struct Fec {
    std::uint32_t prefix = 0;  // host order, host bits zero
    std::uint8_t length = 0;
    auto operator<=>(const Fec&) const = default;
};

// Hands out local labels from a configured range; never a reserved one (0-15), never one
// reserved for another owner (an `mpls static binding` input label).
class LabelAllocator {
public:
    LabelAllocator(std::uint32_t first, std::uint32_t last);
    std::optional<std::uint32_t> allocate();
    void release(std::uint32_t label);
    std::size_t in_use() const { return used_.size(); }
    bool allocated(std::uint32_t label) const { return used_.contains(label); }

    // The label belongs to someone else from now on. False when it is allocated already: it
    // stays reserved, so once its holder releases it, it is not handed out again.
    bool reserve(std::uint32_t label);
    // Back to the pool (after the fresh labels, like any freed one).
    void unreserve(std::uint32_t label);
    // Takes that very label, if it is in the range and neither in use nor reserved.
    bool claim(std::uint32_t label);

private:
    std::uint32_t first_;
    std::uint32_t last_;
    std::uint32_t next_;
    std::set<std::uint32_t> used_;
    std::set<std::uint32_t> freed_;
    std::set<std::uint32_t> reserved_;
};

using PeerId = std::uint32_t;  // the peer's LSR id

class Lib {
public:
    struct Options {
        std::uint32_t label_min = 16;
        std::uint32_t label_max = 100000;
        bool explicit_null = false;  // advertise explicit-null instead of implicit-null for our own FECs
    };
    explicit Lib(Options options);

    // Local bindings, one per FEC the RIB knows. A FEC we terminate (connected, loopback)
    // gets implicit-null (or explicit-null); others a label from the range. Returns the label
    // to advertise, or nothing when the range is exhausted.
    std::optional<std::uint32_t> bind_local(const Fec& fec, bool egress);
    // The FEC left the RIB: its label is freed (the caller withdraws it from every peer).
    std::optional<std::uint32_t> unbind_local(const Fec& fec);
    std::optional<std::uint32_t> local_label(const Fec& fec) const;
    // The FEC a local label is bound to (show, and refusing a static binding on it).
    std::optional<Fec> local_fec(std::uint32_t label) const;

    // Input labels of `mpls static binding`: LDP never allocates them; a label no longer in
    // the set is freed for LDP. Returns the labels of the set that LDP holds already (they
    // stay LDP's until its FEC goes, then they are reserved). A label held for a
    // predecessor's FEC (hold_previous) is let go instead.
    std::vector<std::uint32_t> set_reserved(const std::set<std::uint32_t>& labels);

    // A predecessor's local labels (after a restart, RFC 3478 section 3.5): each FEC gets its
    // old label back when it is bound again, and until then no other FEC gets that label.
    // Labels outside the range, reserved, or taken already are not held. Returns how many are.
    std::size_t hold_previous(const std::map<Fec, std::uint32_t>& labels);
    // The holding is over: labels no FEC came back for are freed. Returns them.
    std::vector<std::uint32_t> release_held();
    const std::map<Fec, std::uint32_t>& held() const { return held_; }

    // Remote bindings.
    void mapping(PeerId peer, const Fec& fec, std::uint32_t label);
    void withdraw(PeerId peer, const Fec& fec);
    void peer_gone(PeerId peer);
    std::optional<std::uint32_t> remote_label(PeerId peer, const Fec& fec) const;
    std::size_t remote_count(PeerId peer) const;

    // The peer that owns a next-hop address (from its Address messages, RFC 5036 3.5.5).
    void peer_addresses(PeerId peer, std::set<std::uint32_t> addresses);
    std::optional<PeerId> peer_for_address(std::uint32_t address) const;

    struct Row {
        Fec fec;
        std::optional<std::uint32_t> local;
        std::map<PeerId, std::uint32_t> remote;
    };
    std::vector<Row> rows() const;  // for show mpls ldp bindings

private:
    Options options_;
    LabelAllocator allocator_;
    std::map<Fec, std::uint32_t> local_;
    std::map<Fec, std::uint32_t> held_;  // hold_previous(): not bound again yet
    std::set<std::uint32_t> reserved_;
    std::map<PeerId, std::map<Fec, std::uint32_t>> remote_;
    std::map<PeerId, std::set<std::uint32_t>> addresses_;
};

}  // namespace ldpsync::ldp
