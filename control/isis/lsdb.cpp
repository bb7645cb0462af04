#include "lsdb.hpp"

#include <algorithm>

#include "auth.hpp"

namespace ldpsync::isis {

std::uint16_t LspRecord::remaining(TimePoint now) const {
    if (lifetime == 0) return 0;
    const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - stamped).count();
    if (elapsed <= 0) return lifetime;
    return elapsed >= lifetime ? 0 : static_cast<std::uint16_t>(lifetime - elapsed);
}

LspEntry LspRecord::entry(TimePoint now) const { return LspEntry{remaining(now), lsp.id, lsp.sequence, lsp.checksum}; }

Bytes LspRecord::wire_at(TimePoint now) const {
    Bytes out = wire;
    set_remaining_lifetime(out, remaining(now));
    return out;
}

Freshness compare(std::uint32_t seq_a, std::uint16_t life_a, std::uint32_t seq_b, std::uint16_t life_b) {
    if (seq_a != seq_b) return seq_a > seq_b ? Freshness::newer : Freshness::older;
    const bool purge_a = life_a == 0;
    const bool purge_b = life_b == 0;
    if (purge_a != purge_b) return purge_a ? Freshness::newer : Freshness::older;
    return Freshness::same;
}

const LspRecord* Lsdb::find(const LspId& id) const {
    const auto it = records_.find(id);
    return it == records_.end() ? nullptr : &it->second;
}

bool Lsdb::install(const Lsp& lsp, Bytes wire, TimePoint now) {
    auto it = records_.find(lsp.id);
    bool changed = true;
    if (it != records_.end()) {
        const Lsp& old = it->second.lsp;
        changed =
            old.tlvs != lsp.tlvs || old.flags != lsp.flags || it->second.purged() != (lsp.remaining_lifetime == 0);
    }
    LspRecord r{lsp, std::move(wire), now, lsp.remaining_lifetime};
    records_.insert_or_assign(lsp.id, std::move(r));
    return changed;
}

bool Lsdb::purge(const LspId& id, TimePoint now, const std::optional<std::string>& key) {
    auto it = records_.find(id);
    if (it == records_.end()) return false;
    LspRecord& r = it->second;
    const bool was_live = !r.purged();
    // 7.3.16.4: the header is kept, the body removed, the checksum zero (RFC 6233 allows it).
    r.lsp.tlvs = Tlvs{};
    r.lsp.remaining_lifetime = 0;
    r.lsp.checksum = 0;
    if (key) r.lsp.tlvs.add(hmac_md5_placeholder());
    r.wire = r.lsp.encode(true);
    if (key && sign_hmac_md5(r.wire, *key)) {
        if (auto signed_lsp = Lsp::decode(r.wire)) r.lsp = std::move(*signed_lsp);
    }
    r.lifetime = 0;
    r.stamped = now;
    return was_live;
}

std::vector<LspId> Lsdb::age(TimePoint now, const std::optional<std::string>& key) {
    std::vector<LspId> expired;
    for (auto it = records_.begin(); it != records_.end();) {
        LspRecord& r = it->second;
        if (r.purged()) {
            if (now - r.stamped >= kZeroAgeLifetime) {
                it = records_.erase(it);
                continue;
            }
        } else if (r.remaining(now) == 0) {
            expired.push_back(it->first);
        }
        ++it;
    }
    for (const auto& id : expired) purge(id, now, key);
    return expired;
}

std::optional<TimePoint> Lsdb::next_deadline() const {
    std::optional<TimePoint> next;
    for (const auto& [id, r] : records_) {
        const TimePoint due = r.purged() ? r.stamped + kZeroAgeLifetime : r.stamped + std::chrono::seconds{r.lifetime};
        if (!next || due < *next) next = due;
    }
    return next;
}

}  // namespace ldpsync::isis
