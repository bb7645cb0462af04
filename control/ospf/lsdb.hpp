#pragma once
// One area's link state database (RFC 2328 12-14) as pure operations on an injected clock:
// every operation takes `now` and returns what the caller must flood, acknowledge, send back
// or originate. Nothing here sends a packet, arms a timer or reads a clock; the runner calls
// tick() at next_deadline().
//
// Ages: an entry stores the LS age it had when installed and the install time; its current
// age is that plus the whole seconds since, capped at MaxAge (13.1, 14).

#include <chrono>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fsm.hpp"
#include "lsa.hpp"

namespace ldpsync::ospf {

// Architectural constants (RFC 2328 appendix B).
inline constexpr std::uint16_t kLsRefreshTime = 1800;  // seconds
inline constexpr std::uint16_t kMaxAgeDiff = 900;      // seconds
inline constexpr std::uint32_t kMaxSequenceNumber = 0x7FFFFFFF;

// (LS type, Link State ID, Advertising Router) identifies an LSA (12.1).
struct LsaKey {
    std::uint8_t type = 0;
    std::uint32_t ls_id = 0;
    std::uint32_t adv_router = 0;
    auto operator<=>(const LsaKey&) const = default;
};
LsaKey key_of(const LsaHeader& h);
std::string to_string(const LsaKey& k);

// 13.1: which of two instances of the same LSA is more recent. Ages are the current ages.
enum class Recency : std::uint8_t { first_newer, second_newer, same };
Recency compare_instances(const LsaHeader& a, const LsaHeader& b);
std::string_view to_string(Recency r);

// Sets length and Fletcher checksum by encoding the LSA (ages are left as they are).
Lsa finalize_lsa(Lsa lsa);

struct LsdbConfig {
    std::uint32_t router_id = 0;
    Duration min_ls_arrival = std::chrono::seconds{1};   // B: MinLSArrival (0 = FRR's "min-arrival 0")
    Duration min_ls_interval = std::chrono::seconds{5};  // B: MinLSInterval
    std::uint16_t refresh_time = kLsRefreshTime;         // LSRefreshTime, seconds
};

// What the flooding procedure must do with a received LSA (13, steps 4-8).
enum class ReceiveOutcome : std::uint8_t {
    ack_and_discard,             // (4) MaxAge, no database copy, no neighbour in Exchange/Loading: direct ack
    discarded_min_ls_arrival,    // (5a) database copy installed < MinLSArrival ago: drop, no ack
    installed,                   // (5b-e) flood out, take off retransmission lists, install, ack
    installed_self_originated,   // (5f, 13.4) newer copy of one of ours: installed; re-originate or flush
    bad_ls_req,                  // (6) an instance is on the sender's request list: BadLSReq
    duplicate,                   // (7) same instance: implied ack if on the retransmission list, else direct ack
    send_database_copy,          // (8) database copy newer: send it back to the neighbour
    older_discarded,             // (8) database copy newer but MaxAge+MaxSequenceNumber, or sent < MinLSArrival ago
};
std::string_view to_string(ReceiveOutcome o);

struct ReceiveContext {
    bool neighbor_exchanging = false;  // (4) some neighbour of the area is in Exchange or Loading
    bool on_request_list = false;      // (6) the sender's LS request list holds this LSA
};

struct ReceiveResult {
    ReceiveOutcome outcome = ReceiveOutcome::older_discarded;
    std::optional<Lsa> database_copy;  // the previous copy (installed*), or the copy to send back
};

// A self-originated LSA the database produced (origination, refresh, deferred origination).
enum class OriginateOutcome : std::uint8_t {
    originated,  // new instance installed: flood it
    deferred,    // within MinLSInterval of the previous instance: kept, originated at `due` (12.4)
    unchanged,   // same contents as the current instance: nothing to do (12.4 allows it)
    wrapping,    // the current instance has MaxSequenceNumber (12.1.6): `lsa` is it at MaxAge, to
                 // flood; the new contents go out with InitialSequenceNumber once remove() deleted it
};
std::string_view to_string(OriginateOutcome o);

struct OriginateResult {
    OriginateOutcome outcome = OriginateOutcome::unchanged;
    std::optional<Lsa> lsa;  // originated: the new instance (age 0, seq + 1, checksum set)
    TimePoint due{};         // deferred: when tick() will originate it
};

struct TickResult {
    std::vector<Lsa> maxaged;     // reached MaxAge: flood, then remove() once acknowledged (14)
    std::vector<Lsa> refreshed;   // self-originated, age reached LSRefreshTime: new instance to flood
    std::vector<Lsa> originated;  // deferred originations now due
};

class Lsdb {
public:
    struct Entry {
        Lsa lsa;                   // header.age = age at installation
        TimePoint installed{};
        bool received = false;     // installed from flooding (the copy MinLSArrival protects)
        bool maxage_reported = false;
        std::optional<TimePoint> last_sent_back;
    };

    explicit Lsdb(LsdbConfig config) : config_(config) {}

    // 13, steps 4-8, for an LSA that passed steps 1-3 (checksum, type, AS-external area checks).
    ReceiveResult receive(const Lsa& lsa, TimePoint now, const ReceiveContext& ctx = {});

    // 12.4: a new instance of one of our LSAs, unless its contents did not change (`force`
    // re-originates anyway) or the previous one is less than MinLSInterval old (deferred, the
    // latest contents kept, never dropped).
    OriginateResult originate(std::uint8_t type, std::uint32_t ls_id, std::uint8_t options, LsaBody body,
                              TimePoint now, bool force = false);

    // 14.1 premature aging: the LSA is set to MaxAge and returned for flooding; a pending
    // origination of it is cancelled.
    std::optional<Lsa> flush(const LsaKey& key, TimePoint now);

    // Aging: MaxAge LSAs, LSRefreshTime refreshes, due deferred originations.
    TickResult tick(TimePoint now);
    // The next time tick() has something to do (nullopt: nothing pending).
    std::optional<TimePoint> next_deadline(TimePoint now) const;

    // 14: delete a MaxAge LSA once it is on no retransmission list and no neighbour is in
    // Exchange/Loading (the caller knows both).
    bool remove(const LsaKey& key);

    const Entry* find(const LsaKey& key) const;
    // The LSA with its current age (nullopt when absent).
    std::optional<Lsa> current(const LsaKey& key, TimePoint now) const;
    std::uint16_t age(const Entry& e, TimePoint now) const;
    std::vector<Lsa> snapshot(TimePoint now) const;  // every LSA, current ages, key order
    std::size_t size() const { return entries_.size(); }
    bool pending(const LsaKey& key) const { return origins_.contains(key) && origins_.at(key).pending.has_value(); }
    const LsdbConfig& config() const { return config_; }

private:
    struct Origin {
        std::optional<TimePoint> last;  // last origination by us
        struct Pending {
            std::uint8_t options = 0;
            LsaBody body;
        };
        std::optional<Pending> pending;
        bool wrapping = false;  // waiting for the MaxSequenceNumber instance to be removed
    };

    Lsa build(const LsaKey& key, std::uint8_t options, LsaBody body, std::uint32_t seq) const;
    Lsa install_own(const LsaKey& key, std::uint8_t options, LsaBody body, TimePoint now);
    TimePoint due(const Origin& o) const;

    LsdbConfig config_;
    std::map<LsaKey, Entry> entries_;
    std::map<LsaKey, Origin> origins_;
};

}  // namespace ldpsync::ospf
