// The update process (ISO 10589 7.3.15-7.3.17): receiving LSPs, CSNPs and PSNPs, and the SRM
// (send) and SSN (acknowledge or request) flags per circuit and level that poll() turns into
// LSPs and PSNPs. Point-to-point: every LSP acknowledged, retransmitted until it is. LAN: sent
// once, no acknowledgement; the DIS's CSNPs show what was lost and PSNPs ask for it.

#include "instance.hpp"

#include "auth.hpp"

namespace ldpsync::isis {

namespace {

bool in_range(const LspId& id, const LspId& start, const LspId& end) { return !(id < start) && !(end < id); }

// A PSNP entry that asks for an LSP we do not have (7.3.15.2 b 5: sequence number 0).
LspEntry request_for(const LspEntry& e) { return LspEntry{e.remaining_lifetime, e.id, 0, 0}; }

std::uint8_t psnp_type(Level l) { return l == Level::l1 ? pdu_type::psnp_l1 : pdu_type::psnp_l2; }
std::uint8_t csnp_type(Level l) { return l == Level::l1 ? pdu_type::csnp_l1 : pdu_type::csnp_l2; }

// TLV 9 holds 15 entries (240 bytes); a PDU as many TLVs as fit.
constexpr std::size_t kEntriesPerTlv = kMaxTlvValue / kLspEntrySize;

void add_entries(Tlvs& tlvs, const std::vector<LspEntry>& entries) {
    for (std::size_t i = 0; i < entries.size(); i += kEntriesPerTlv) {
        const auto end = std::min(entries.size(), i + kEntriesPerTlv);
        tlvs.add(LspEntries{std::vector<LspEntry>(entries.begin() + static_cast<std::ptrdiff_t>(i),
                                                  entries.begin() + static_cast<std::ptrdiff_t>(end))});
    }
}

}  // namespace

void IsisInstance::set_srm_all(Level l, const LspId& id, const Circuit* except, TimePoint now) {
    for (auto& c : circuits_) {
        auto& f = c.flooding[level_index(l)];
        if (&c == except || !floods_at(c, l)) {
            f.srm.erase(id);
            continue;
        }
        f.srm[id] = Flooding::Srm{now};
    }
}

void IsisInstance::set_ssn(Circuit& c, Level l, const LspEntry& e, TimePoint now) {
    auto& f = c.flooding[level_index(l)];
    f.ssn[e.id] = e;
    if (!f.psnp_due) f.psnp_due = now + config_.psnp_interval;
}

void IsisInstance::on_lsp(Circuit& c, const MacAddress& source, const Lsp& lsp, ByteView wire, TimePoint now) {
    const Level l = lsp.level();
    // 7.3.15.1 a: only from an adjacency that runs the level.
    if (!from_adjacency(c, l, source)) {
        count(Counter::rx_no_adjacency);
        return;
    }
    if (lsp.id.system == config_.system_id) {
        on_own_lsp(c, lsp, wire, now);
        return;
    }
    auto& f = c.flooding[level_index(l)];
    LevelState& s = level(l);
    const LspRecord* have = s.lsdb.find(lsp.id);
    const Freshness fresh =
        have ? compare(lsp.sequence, lsp.remaining_lifetime, have->lsp.sequence, have->remaining(now))
             : Freshness::newer;
    if (fresh == Freshness::newer) {
        // 7.3.16.4 b: a purge of an LSP we never had is acknowledged and not kept.
        if (have == nullptr && lsp.remaining_lifetime == 0) {
            count(Counter::rx_purge_unknown);
            set_ssn(c, l, LspEntry{0, lsp.id, lsp.sequence, lsp.checksum}, now);
            return;
        }
        count(Counter::rx_lsp_newer);
        if (s.lsdb.install(lsp, Bytes(wire.begin(), wire.end()), now)) schedule_spf(l, now);
        if (restarting()) {
            auto& awaited = restart_awaited_[level_index(l)];
            const auto it = awaited.find(lsp.id);
            if (it != awaited.end() && lsp.sequence >= it->second) awaited.erase(it);
            check_restart_done(now);
        }
        set_srm_all(l, lsp.id, &c, now);
        // Acknowledged on a point-to-point circuit; on a LAN the DIS's CSNPs do that (7.3.15.1 e).
        if (!c.broadcast()) set_ssn(c, l, s.lsdb.find(lsp.id)->entry(now), now);
    } else if (fresh == Freshness::same) {
        count(Counter::rx_lsp_duplicate);
        f.srm.erase(lsp.id);
        if (!c.broadcast()) set_ssn(c, l, have->entry(now), now);
    } else {
        count(Counter::rx_lsp_older);
        f.srm[lsp.id] = Flooding::Srm{now};
        f.ssn.erase(lsp.id);
    }
}

// 7.3.16.1: a copy of our own LSP from the network. Newer than ours (a previous incarnation of
// us, before a restart): we continue above its sequence number, or purge a fragment we no
// longer originate.
void IsisInstance::on_own_lsp(Circuit& c, const Lsp& lsp, ByteView wire, TimePoint now) {
    const Level l = lsp.level();
    LevelState& s = level(l);
    auto& f = c.flooding[level_index(l)];
    const LspRecord* have = s.lsdb.find(lsp.id);
    const Freshness fresh =
        have ? compare(lsp.sequence, lsp.remaining_lifetime, have->lsp.sequence, have->remaining(now))
             : Freshness::newer;
    if (fresh == Freshness::same) {
        f.srm.erase(lsp.id);
        if (!c.broadcast()) set_ssn(c, l, have->entry(now), now);
        return;
    }
    if (fresh == Freshness::older) {
        f.srm[lsp.id] = Flooding::Srm{now};
        return;
    }
    count(Counter::rx_own_lsp_newer);
    std::uint32_t& seq = s.sequence[lsp.id];
    seq = std::max(seq, lsp.sequence);
    if (s.originated.contains(lsp.id)) {
        s.force_refresh = true;  // re-originate above the network's copy
        s.originate_due = now;
        return;
    }
    // Not ours any more: take the network's copy and purge it.
    if (lsp.remaining_lifetime != 0) {
        s.lsdb.install(lsp, Bytes(wire.begin(), wire.end()), now);
        s.lsdb.purge(lsp.id, now, config_.lsp_key);
        count(Counter::lsp_purged_stale_fragment);
        set_srm_all(l, lsp.id, nullptr, now);
        schedule_spf(l, now);
    } else {
        set_ssn(c, l, LspEntry{0, lsp.id, lsp.sequence, lsp.checksum}, now);
    }
}

void IsisInstance::on_csnp(Circuit& c, const MacAddress& source, const Csnp& csnp, TimePoint now) {
    const Level l = csnp.level();
    if (!from_adjacency(c, l, source)) {
        count(Counter::rx_no_adjacency);
        return;
    }
    auto& f = c.flooding[level_index(l)];
    const Lsdb& db = level(l).lsdb;
    std::set<LspId> listed;
    for (const auto& e : lsp_entries(csnp.tlvs)) {
        listed.insert(e.id);
        const LspRecord* have = db.find(e.id);
        if (have == nullptr) {
            // 7.3.15.2 b 5: ask for it, unless it is a purge or empty.
            if (e.remaining_lifetime != 0 && e.sequence != 0) set_ssn(c, l, request_for(e), now);
            continue;
        }
        switch (compare(have->lsp.sequence, have->remaining(now), e.sequence, e.remaining_lifetime)) {
        case Freshness::newer: f.srm[e.id] = Flooding::Srm{now}; break;
        case Freshness::same: f.srm.erase(e.id); break;
        case Freshness::older: set_ssn(c, l, have->entry(now), now); break;
        }
    }
    // 7.3.15.2 c: what we hold in the CSNP's range and it does not list, the neighbour lacks.
    for (const auto& [id, r] : db.records()) {
        if (!listed.contains(id) && in_range(id, csnp.start, csnp.end) && r.remaining(now) != 0) {
            f.srm[id] = Flooding::Srm{now};
        }
    }
    if (restarting()) {
        // RFC 5306 3.3: what this CSNP lists and we lack is what synchronization waits for.
        for (const auto& e : lsp_entries(csnp.tlvs)) {
            const LspRecord* have = db.find(e.id);
            const bool ours = e.id.system == config_.system_id;
            if (!ours && e.remaining_lifetime != 0 && (have == nullptr || have->lsp.sequence < e.sequence)) {
                restart_awaited_[level_index(l)][e.id] = e.sequence;
            }
        }
        c.restart_csnp[level_index(l)] = true;
        check_restart_done(now);
    }
}

void IsisInstance::on_psnp(Circuit& c, const MacAddress& source, const Psnp& psnp, TimePoint now) {
    const Level l = psnp.level();
    if (!from_adjacency(c, l, source)) {
        count(Counter::rx_no_adjacency);
        return;
    }
    // 7.3.15.2 a: on a LAN only the DIS answers PSNPs (else every IS would send the LSP).
    if (c.broadcast() && !c.lan[level_index(l)].dis) {
        count(Counter::rx_psnp_not_dis);
        return;
    }
    auto& f = c.flooding[level_index(l)];
    const Lsdb& db = level(l).lsdb;
    for (const auto& e : lsp_entries(psnp.tlvs)) {
        const LspRecord* have = db.find(e.id);
        if (have == nullptr) {
            if (e.remaining_lifetime != 0 && e.sequence != 0) set_ssn(c, l, request_for(e), now);
            continue;
        }
        switch (compare(have->lsp.sequence, have->remaining(now), e.sequence, e.remaining_lifetime)) {
        case Freshness::newer: f.srm[e.id] = Flooding::Srm{now}; break;  // a request, or an old copy
        case Freshness::same: f.srm.erase(e.id); break;                  // acknowledged
        case Freshness::older: set_ssn(c, l, have->entry(now), now); break;
        }
    }
}

void IsisInstance::send_csnp(Circuit& c, Level l, TimePoint now) {
    std::vector<LspEntry> entries;
    for (const auto& [id, r] : level(l).lsdb.records()) entries.push_back(r.entry(now));
    // One CSNP per chunk of entries that fits, each covering its part of the LSP id space.
    const std::size_t per_pdu = ((kMaxPduSize - header_length::csnp) / (kMaxTlvValue + 2)) * kEntriesPerTlv;
    std::size_t i = 0;
    do {
        const std::size_t end = std::min(entries.size(), i + per_pdu);
        Csnp csnp;
        csnp.header.pdu_type = csnp_type(l);
        csnp.source = NodeId{config_.system_id, 0};
        // Consecutive ranges, without gaps (7.3.15.3): an id between two chunks is covered too.
        csnp.start = i == 0 ? kFirstLspId : next_lsp_id(entries[i - 1].id);
        csnp.end = end == entries.size() ? kLastLspId : entries[end - 1].id;
        if (config_.lsp_key) csnp.tlvs.add(hmac_md5_placeholder());
        add_entries(csnp.tlvs, std::vector<LspEntry>(entries.begin() + static_cast<std::ptrdiff_t>(i),
                                                     entries.begin() + static_cast<std::ptrdiff_t>(end)));
        emit(OutPdu{c.cfg.name, flood_destination(c, l), signed_pdu(csnp.encode(), config_.lsp_key)});
        count(Counter::tx_csnp);
        i = end;
    } while (i < entries.size());
}

void IsisInstance::send_flooding(Circuit& c, TimePoint now) {
    for (Level l : kLevels) {
        auto& f = c.flooding[level_index(l)];
        if (!floods_at(c, l)) {
            f = {};
            continue;
        }
        const Lsdb& db = level(l).lsdb;
        for (auto it = f.srm.begin(); it != f.srm.end();) {
            const LspRecord* r = db.find(it->first);
            if (r == nullptr) {
                it = f.srm.erase(it);
                continue;
            }
            if (now < it->second.due) {
                ++it;
                continue;
            }
            emit(OutPdu{c.cfg.name, flood_destination(c, l), r->wire_at(now)});
            count(it->second.sent ? Counter::tx_lsp_retransmit : Counter::tx_lsp);
            if (c.broadcast()) {
                it = f.srm.erase(it);  // a LAN: sent once, the DIS's CSNPs repair losses
                continue;
            }
            // Point-to-point: kept until acknowledged, sent again after the interval.
            it->second = Flooding::Srm{now + config_.lsp_retransmit, true};
            ++it;
        }
        if (f.psnp_due && now >= *f.psnp_due) {
            std::vector<LspEntry> entries;
            for (const auto& [id, e] : f.ssn) entries.push_back(e);
            f.ssn.clear();
            f.psnp_due.reset();
            const std::size_t per_pdu = ((kMaxPduSize - header_length::psnp) / (kMaxTlvValue + 2)) * kEntriesPerTlv;
            for (std::size_t i = 0; i < entries.size(); i += per_pdu) {
                Psnp psnp;
                psnp.header.pdu_type = psnp_type(l);
                psnp.source = NodeId{config_.system_id, 0};
                const auto end = std::min(entries.size(), i + per_pdu);
                if (config_.lsp_key) psnp.tlvs.add(hmac_md5_placeholder());
                add_entries(psnp.tlvs, std::vector<LspEntry>(entries.begin() + static_cast<std::ptrdiff_t>(i),
                                                             entries.begin() + static_cast<std::ptrdiff_t>(end)));
                emit(OutPdu{c.cfg.name, flood_destination(c, l), signed_pdu(psnp.encode(), config_.lsp_key)});
                count(Counter::tx_psnp);
            }
        }
    }
}

}  // namespace ldpsync::isis
