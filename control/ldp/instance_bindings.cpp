// LdpInstance: local bindings advertised downstream unsolicited, the FECs routed through each
// peer, the FTN/ILM wanted from the LIB, and the label ledger (instance.hpp).
#include "instance_fec.hpp"

#include "instance_log.hpp"

namespace ldpsync::ldp {

Fec fec_of(const config::Ipv4Prefix& p) { return Fec{p.address & config::length_to_mask(p.length), p.length}; }

FecTlv prefix_fec(const Fec& f) {
    FecTlv t;
    t.elements.emplace_back(PrefixFec::ipv4(f.prefix, f.length));
    return t;
}

LabelMapping mapping(const Fec& f, std::uint32_t label) {
    LabelMapping m;
    m.fec = prefix_fec(f);
    m.label = GenericLabelTlv{{}, label};
    return m;
}

void LdpInstance::ledger(std::uint32_t label, const std::optional<Fec>& fec) {
    if (label < kFirstUnreservedLabel) return;  // the null labels are no one's
    events_.emplace_back(LedgerChanged{label, fec});
}

void LdpInstance::release_held_labels() {
    const auto freed = lib_.release_held();
    for (const auto label : freed) ledger(label, std::nullopt);
    if (!freed.empty()) log(log_event::Level::info, log_event::kLabelsFreed, freed.size());
    held_until_.reset();
}

void LdpInstance::send_to_operational(const Message& m, std::uint64_t PeerCounters::*counter) {
    for (auto& [id, p] : peers_) {
        if (p->session.send(m)) {
            ++(p->counters.*counter);
            flush(*p);
        }
    }
}

void LdpInstance::update_reserved_labels() {
    const auto& labels = config_.reserved_labels;
    // The daemon refuses a static binding on a label LDP holds (static_labels.hpp), so this
    // should never find one; if it does, say so once: the label is reserved as soon as LDP
    // lets go.
    for (const auto label : lib_.set_reserved(labels)) {
        if (label_conflicts_.insert(label).second) log(log_event::Level::warn, log_event::kLabelConflict, label);
    }
    // A label held for a predecessor's FEC that a static binding took is no longer LDP's.
    for (const auto label : labels) {
        if (!lib_.local_fec(label)) ledger(label, std::nullopt);
    }
    std::erase_if(label_conflicts_, [&](std::uint32_t l) { return !labels.contains(l) || !lib_.local_fec(l); });
}

void LdpInstance::update_local_bindings() {
    std::map<Fec, bool> wanted;
    for (const auto& r : routes_) {
        if (config_.ldp.host_routes_only && r.prefix.length != 32) continue;
        wanted.emplace(fec_of(r.prefix), r.source == rib::Source::connected);
    }
    for (auto it = local_fecs_.begin(); it != local_fecs_.end();) {
        auto w = wanted.find(it->first);
        if (w != wanted.end() && w->second == it->second) {
            ++it;
            continue;
        }
        // Gone from the RIB (or it changed between egress and transit): withdraw everywhere.
        const auto label = lib_.unbind_local(it->first);
        if (label) ledger(*label, std::nullopt);
        LabelWithdraw m;
        m.fec = prefix_fec(it->first);
        if (label) m.optional.emplace_back(GenericLabelTlv{{}, *label});
        send_to_operational(m, &PeerCounters::withdraws_sent);
        it = local_fecs_.erase(it);
    }
    for (const auto& [fec, egress] : wanted) {
        if (local_fecs_.contains(fec)) continue;
        const auto held = lib_.held().find(fec);
        const std::optional<std::uint32_t> held_label =
            held == lib_.held().end() ? std::nullopt : std::optional<std::uint32_t>(held->second);
        const auto label = lib_.bind_local(fec, egress);
        if (held_label && label != held_label) ledger(*held_label, std::nullopt);  // back as egress: not its label
        if (!label) {
            log(log_event::Level::warn, log_event::kLabelRange, ip(fec.prefix), int(fec.length));
            continue;
        }
        local_fecs_.emplace(fec, egress);
        ledger(*label, fec);
        send_to_operational(mapping(fec, *label), &PeerCounters::mappings_sent);
    }
}

// Which FECs are routed through each peer: its initial label exchange is complete once it
// has sent a label for each (initial_exchange.hpp).
void LdpInstance::update_routed_fecs() {
    for (auto& [id, p] : peers_) {
        std::set<Fec> routed;
        const auto& addrs = p->session.peer_addresses();
        for (const auto& r : routes_) {
            if (r.source == rib::Source::connected) continue;
            for (const auto& nh : r.next_hops) {
                if (nh.address != 0 && addrs.contains(nh.address)) {
                    const auto f = fec_of(r.prefix);
                    routed.insert(f);
                }
            }
        }
        p->exchange.routed_fecs(std::move(routed));
    }
}

// FTN and ILM from the LIB: for every routed prefix, each next hop owned by a peer with an
// operational session contributes that peer's label; our local label (when it is a real one,
// not a null) becomes the ILM entry.
void LdpInstance::update_fib() {
    fib_stale_ = false;
    fib_deferrals_ = 0;
    std::vector<config::StaticBinding> out;
    for (const auto& r : routes_) {
        if (r.source == rib::Source::connected) continue;
        const auto fec = fec_of(r.prefix);
        config::StaticBinding b;
        b.prefix = r.prefix;
        if (auto local = lib_.local_label(fec); local && *local >= kFirstUnreservedLabel) b.input_label = *local;
        for (const auto& nh : r.next_hops) {
            if (nh.address == 0) continue;
            const auto peer = lib_.peer_for_address(nh.address);
            if (!peer) continue;
            if (auto label = lib_.remote_label(*peer, fec)) b.outputs.push_back({nh.address, *label});
        }
        if (b.input_label || !b.outputs.empty()) out.push_back(std::move(b));
    }
    if (out == bindings_) return;
    bindings_ = out;
    events_.emplace_back(BindingsChanged{std::move(out)});
}

}  // namespace ldpsync::ldp
