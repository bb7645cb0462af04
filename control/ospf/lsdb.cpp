#include "lsdb.hpp"

#include <algorithm>

#include "types.hpp"

namespace ldpsync::ospf {

LsaKey key_of(const LsaHeader& h) { return LsaKey{h.type, h.ls_id, h.adv_router}; }

std::string to_string(const LsaKey& k) {
    return lsa_type_name(k.type) + " " + format_ipv4(k.ls_id) + " adv " + format_ipv4(k.adv_router);
}

std::string_view to_string(Recency r) {
    switch (r) {
    case Recency::first_newer: return "first";
    case Recency::second_newer: return "second";
    case Recency::same: return "same";
    }
    return "?";
}

Recency compare_instances(const LsaHeader& a, const LsaHeader& b) {
    // Sequence numbers are signed 32-bit (12.1.6): 0x80000001 is the smallest in use.
    const auto sa = static_cast<std::int32_t>(a.seq);
    const auto sb = static_cast<std::int32_t>(b.seq);
    if (sa != sb) {
        return sa > sb ? Recency::first_newer : Recency::second_newer;
    }
    // Same sequence: the larger checksum (unsigned 16-bit) is more recent.
    if (a.checksum != b.checksum) {
        return a.checksum > b.checksum ? Recency::first_newer : Recency::second_newer;
    }
    const std::uint16_t age_a = std::min(a.age, max_age);
    const std::uint16_t age_b = std::min(b.age, max_age);
    // One at MaxAge and not the other: the MaxAge one (a flush) is more recent.
    if ((age_a == max_age) != (age_b == max_age)) {
        return age_a == max_age ? Recency::first_newer : Recency::second_newer;
    }
    // Ages more than MaxAgeDiff apart: the younger is more recent; otherwise the same instance.
    const int diff = static_cast<int>(age_a) - static_cast<int>(age_b);
    if (diff > kMaxAgeDiff || -diff > kMaxAgeDiff) {
        return age_a < age_b ? Recency::first_newer : Recency::second_newer;
    }
    return Recency::same;
}

Lsa finalize_lsa(Lsa lsa) {
    auto bytes = encode_lsa(lsa, ChecksumMode::compute);
    if (bytes && bytes->size() >= lsa_header_size) {
        const auto& b = *bytes;
        lsa.header.checksum = static_cast<std::uint16_t>((std::to_integer<unsigned>(b[16]) << 8) |
                                                         std::to_integer<unsigned>(b[17]));
        lsa.header.length = static_cast<std::uint16_t>((std::to_integer<unsigned>(b[18]) << 8) |
                                                       std::to_integer<unsigned>(b[19]));
    }
    return lsa;
}

std::string_view to_string(ReceiveOutcome o) {
    switch (o) {
    case ReceiveOutcome::ack_and_discard: return "ack_and_discard";
    case ReceiveOutcome::discarded_min_ls_arrival: return "discarded_min_ls_arrival";
    case ReceiveOutcome::installed: return "installed";
    case ReceiveOutcome::installed_self_originated: return "installed_self_originated";
    case ReceiveOutcome::bad_ls_req: return "bad_ls_req";
    case ReceiveOutcome::duplicate: return "duplicate";
    case ReceiveOutcome::send_database_copy: return "send_database_copy";
    case ReceiveOutcome::older_discarded: return "older_discarded";
    }
    return "?";
}

std::string_view to_string(OriginateOutcome o) {
    switch (o) {
    case OriginateOutcome::originated: return "originated";
    case OriginateOutcome::deferred: return "deferred";
    case OriginateOutcome::unchanged: return "unchanged";
    case OriginateOutcome::wrapping: return "wrapping";
    }
    return "?";
}

std::uint16_t Lsdb::age(const Entry& e, TimePoint now) const {
    const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - e.installed).count();
    const long long a = static_cast<long long>(e.lsa.header.age) + std::max<long long>(elapsed, 0);
    return static_cast<std::uint16_t>(std::min<long long>(a, max_age));
}

const Lsdb::Entry* Lsdb::find(const LsaKey& key) const {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
}

std::optional<Lsa> Lsdb::current(const LsaKey& key, TimePoint now) const {
    const Entry* e = find(key);
    if (e == nullptr) {
        return std::nullopt;
    }
    Lsa lsa = e->lsa;
    lsa.header.age = age(*e, now);
    return lsa;
}

std::vector<Lsa> Lsdb::snapshot(TimePoint now) const {
    std::vector<Lsa> out;
    out.reserve(entries_.size());
    for (const auto& [key, e] : entries_) {
        out.push_back(e.lsa);
        out.back().header.age = age(e, now);
    }
    return out;
}

ReceiveResult Lsdb::receive(const Lsa& lsa, TimePoint now, const ReceiveContext& ctx) {
    const LsaKey key = key_of(lsa.header);
    auto it = entries_.find(key);
    std::optional<Lsa> db;
    if (it != entries_.end()) {
        db = current(key, now);
    }
    // (4) A MaxAge LSA we do not hold, and no database exchange that could still want it.
    if (std::min(lsa.header.age, max_age) == max_age && !db && !ctx.neighbor_exchanging) {
        return {ReceiveOutcome::ack_and_discard, std::nullopt};
    }
    // (5) No database copy, or the received one is more recent.
    if (!db || compare_instances(lsa.header, db->header) == Recency::first_newer) {
        // (5a) A copy received by flooding less than MinLSArrival ago protects against a
        // neighbour re-originating too fast: drop without ack (the sender retransmits).
        if (db && it->second.received && now - it->second.installed < config_.min_ls_arrival) {
            return {ReceiveOutcome::discarded_min_ls_arrival, std::nullopt};
        }
        Entry e;
        e.lsa = lsa;
        e.lsa.header.age = std::min(lsa.header.age, max_age);
        e.installed = now;
        e.received = true;
        e.maxage_reported = e.lsa.header.age == max_age;  // flooded as received; remove() when acked
        entries_.insert_or_assign(key, std::move(e));
        // (5f) Ours, by advertising router (13.4): the caller advances and re-originates, or flushes.
        const bool self = lsa.header.adv_router == config_.router_id;
        return {self ? ReceiveOutcome::installed_self_originated : ReceiveOutcome::installed, db};
    }
    // (6) Not newer, but requested from this neighbour: the exchange went wrong.
    if (ctx.on_request_list) {
        return {ReceiveOutcome::bad_ls_req, std::nullopt};
    }
    // (7) The same instance.
    if (compare_instances(lsa.header, db->header) == Recency::same) {
        return {ReceiveOutcome::duplicate, db};
    }
    // (8) The database copy is more recent.
    if (db->header.age == max_age && db->header.seq == kMaxSequenceNumber) {
        return {ReceiveOutcome::older_discarded, std::nullopt};
    }
    Entry& e = it->second;
    if (e.last_sent_back && now - *e.last_sent_back < config_.min_ls_arrival) {
        return {ReceiveOutcome::older_discarded, std::nullopt};
    }
    e.last_sent_back = now;
    return {ReceiveOutcome::send_database_copy, db};
}

Lsa Lsdb::build(const LsaKey& key, std::uint8_t options, LsaBody body, std::uint32_t seq) const {
    Lsa lsa;
    lsa.header.age = 0;
    lsa.header.options = options;
    lsa.header.type = key.type;
    lsa.header.ls_id = key.ls_id;
    lsa.header.adv_router = key.adv_router;
    lsa.header.seq = seq;
    lsa.body = std::move(body);
    return finalize_lsa(std::move(lsa));
}

Lsa Lsdb::install_own(const LsaKey& key, std::uint8_t options, LsaBody body, TimePoint now) {
    auto it = entries_.find(key);
    const std::uint32_t seq = it == entries_.end() ? initial_sequence_number : it->second.lsa.header.seq + 1;
    Entry e;
    e.lsa = build(key, options, std::move(body), seq);
    e.installed = now;
    e.received = false;
    entries_.insert_or_assign(key, e);
    Origin& o = origins_[key];
    o.last = now;
    o.pending.reset();
    o.wrapping = false;
    return e.lsa;
}

TimePoint Lsdb::due(const Origin& o) const { return o.last ? *o.last + config_.min_ls_interval : TimePoint{}; }

OriginateResult Lsdb::originate(std::uint8_t type, std::uint32_t ls_id, std::uint8_t options, LsaBody body,
                                TimePoint now, bool force) {
    const LsaKey key{type, ls_id, config_.router_id};
    Origin& o = origins_[key];
    const Entry* e = find(key);
    const bool live = e != nullptr && age(*e, now) < max_age;
    if (!force && live && !e->received && e->lsa.header.options == options && e->lsa.body == body) {
        o.pending.reset();  // a change that was waiting has been undone
        return {OriginateOutcome::unchanged, std::nullopt, {}};
    }
    const bool wrap_wait = o.wrapping && e != nullptr;
    if (wrap_wait || (o.last && now - *o.last < config_.min_ls_interval)) {
        // 12.4: not more often than MinLSInterval; the latest contents are kept for later.
        o.pending = Origin::Pending{options, std::move(body)};
        return {OriginateOutcome::deferred, std::nullopt, wrap_wait ? TimePoint::max() : due(o)};
    }
    if (e != nullptr && e->lsa.header.seq == kMaxSequenceNumber) {
        // 12.1.6: flush the instance with MaxSequenceNumber first.
        o.pending = Origin::Pending{options, std::move(body)};
        o.wrapping = true;
        Entry& w = entries_.at(key);
        w.lsa.header.age = max_age;
        w.installed = now;
        w.maxage_reported = true;
        return {OriginateOutcome::wrapping, w.lsa, {}};
    }
    return {OriginateOutcome::originated, install_own(key, options, std::move(body), now), {}};
}

std::optional<Lsa> Lsdb::flush(const LsaKey& key, TimePoint now) {
    auto it = entries_.find(key);
    if (it == entries_.end() || key.adv_router != config_.router_id) {
        return std::nullopt;  // only the originator may age an LSA prematurely (14.1)
    }
    it->second.lsa.header.age = max_age;
    it->second.installed = now;
    it->second.maxage_reported = true;
    if (auto o = origins_.find(key); o != origins_.end()) {
        o->second.pending.reset();
    }
    return it->second.lsa;
}

bool Lsdb::remove(const LsaKey& key) {
    auto it = entries_.find(key);
    if (it == entries_.end() || !it->second.maxage_reported) {
        return false;  // only MaxAge LSAs leave the database
    }
    entries_.erase(it);
    return true;
}

TickResult Lsdb::tick(TimePoint now) {
    TickResult out;
    for (auto& [key, e] : entries_) {
        const std::uint16_t a = age(e, now);
        if (a >= max_age) {
            if (!e.maxage_reported) {
                e.maxage_reported = true;
                Lsa lsa = e.lsa;
                lsa.header.age = max_age;
                out.maxaged.push_back(std::move(lsa));
            }
            continue;
        }
        // 12.4 (1): our own LSAs are refreshed every LSRefreshTime with the next sequence
        // number (a copy of ours received by flooding is the caller's to re-originate, 13.4).
        if (key.adv_router == config_.router_id && !e.received && a >= config_.refresh_time &&
            e.lsa.header.seq != kMaxSequenceNumber) {
            e.lsa.header.seq += 1;
            e.lsa.header.age = 0;
            e.lsa = finalize_lsa(std::move(e.lsa));
            e.installed = now;
            origins_[key].last = now;
            out.refreshed.push_back(e.lsa);
        }
    }
    for (auto& [key, o] : origins_) {
        if (!o.pending || now < due(o) || (o.wrapping && entries_.contains(key))) {
            continue;
        }
        Origin::Pending p = std::move(*o.pending);
        o.pending.reset();
        out.originated.push_back(install_own(key, p.options, std::move(p.body), now));
    }
    return out;
}

std::optional<TimePoint> Lsdb::next_deadline(TimePoint now) const {
    std::optional<TimePoint> next;
    auto consider = [&](TimePoint t) {
        if (!next || t < *next) {
            next = t;
        }
    };
    for (const auto& [key, e] : entries_) {
        if (e.maxage_reported) {
            continue;
        }
        const std::uint16_t a0 = std::min(e.lsa.header.age, max_age);
        consider(e.installed + std::chrono::seconds{max_age - a0});
        if (key.adv_router == config_.router_id && !e.received && a0 < config_.refresh_time) {
            consider(e.installed + std::chrono::seconds{config_.refresh_time - a0});
        }
    }
    for (const auto& [key, o] : origins_) {
        if (o.pending && !(o.wrapping && entries_.contains(key))) {
            consider(std::max(due(o), now));
        }
    }
    return next;
}

}  // namespace ldpsync::ospf
