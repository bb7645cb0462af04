// Broadcast circuits (ISO 10589 8.4): LAN Hellos per level, adjacencies by SNPA made two-way by
// the IS Neighbors TLV, the designated IS elected by priority then MAC (8.4.5), the DIS's
// pseudonode LSP (7.3.8) and its periodic CSNPs (7.3.15.3).

#include <algorithm>

#include "auth.hpp"
#include "hello_fields.hpp"
#include "instance.hpp"

namespace ldpsync::isis {

void IsisInstance::send_lan_hello(Circuit& c, Level l, TimePoint now) {
    LanLevel& lan = c.lan[level_index(l)];
    // 8.4.1: the DIS sends Hellos three times as often, so that its failure is noticed fast.
    const auto interval = lan.dis ? std::chrono::milliseconds{std::max(1000 * c.cfg.hello_interval_s / 3, 333)}
                                  : std::chrono::milliseconds{1000 * c.cfg.hello_interval_s};
    lan.hello_due = now + interval;
    LanHello h;
    h.header.pdu_type = l == Level::l1 ? pdu_type::lan_iih_l1 : pdu_type::lan_iih_l2;
    h.circuit_type = c.cfg.levels;
    h.source = config_.system_id;
    const auto hold = std::chrono::duration_cast<std::chrono::seconds>(interval * c.cfg.hello_multiplier).count();
    h.holding_time = static_cast<std::uint16_t>(std::clamp<long long>(hold, 1, 0xffff));
    h.priority = c.cfg.priority;
    h.lan_id = lan.lan_id;
    if (c.cfg.hello_key) h.tlvs.add(hmac_md5_placeholder());
    h.tlvs.add(ProtocolsSupported{{kNlpidIpv4}});
    h.tlvs.add(AreaAddresses{config_.areas});
    // IS Neighbors: 42 MACs fill one TLV (252 bytes); more take more TLVs.
    LanNeighbors heard;
    for (const auto& [mac, a] : lan.adjacencies) {
        if (a.state == AdjState::down) continue;
        heard.macs.push_back(mac);
        if (heard.macs.size() == kMaxTlvValue / mac.size()) h.tlvs.add(std::exchange(heard, LanNeighbors{}));
    }
    if (!heard.macs.empty()) h.tlvs.add(heard);
    if (c.cfg.address != 0) h.tlvs.add(IpInterfaceAddresses{{c.cfg.address}});
    if (restarting() && !restart_answered(c)) h.tlvs.add(Restart{Restart::kRr, std::nullopt, std::nullopt});
    Bytes pdu = c.cfg.pad_hellos ? encode_padded(h) : h.encode();
    emit(OutPdu{c.cfg.name, flood_destination(c, l), signed_pdu(std::move(pdu), c.cfg.hello_key)});
    count(Counter::tx_hello);
}

void IsisInstance::on_lan_hello(Circuit& c, const MacAddress& source, const LanHello& h, TimePoint now) {
    const Level l = h.level();
    if (h.source == config_.system_id) {
        count(Counter::rx_own_system_id);
        return;
    }
    LanLevel& lan = c.lan[level_index(l)];
    if (!isis::runs(c.cfg.levels, l) || !isis::runs(h.circuit_type, l)) {
        count(Counter::rx_level_mismatch);
        return;
    }
    const auto* areas = h.tlvs.find<AreaAddresses>();
    const std::vector<Bytes> their_areas = areas ? areas->areas : std::vector<Bytes>{};
    auto existing = lan.adjacencies.find(source);
    // 8.4.2.2: a level 1 adjacency only within the area.
    if (l == Level::l1 && !share_an_area(config_.areas, their_areas)) {
        count(Counter::rx_area_mismatch);
        if (existing != lan.adjacencies.end()) {
            set_lan_adjacency_state(c, l, existing->second, AdjState::down, now);
            lan.adjacencies.erase(existing);
            elect_dis(c, l, now);
        }
        return;
    }
    if (existing == lan.adjacencies.end()) {
        Adjacency fresh;
        fresh.since = now;
        existing = lan.adjacencies.emplace(source, fresh).first;
        hello_soon(c, l, now);  // list the new neighbour in our IS Neighbors TLV at once
    }
    note_restart_ack(c, h.tlvs.find<Restart>());
    Adjacency& a = existing->second;
    const bool election_inputs_changed = a.priority != h.priority || a.lan_id != h.lan_id;
    a.system = h.source;
    a.mac = source;
    a.areas = their_areas;
    a.levels = static_cast<std::uint8_t>(l);
    a.holding_time = h.holding_time;
    a.hold_due = now + std::chrono::seconds{h.holding_time};
    a.priority = h.priority;
    a.lan_id = h.lan_id;
    a.address = address_on_link(h.tlvs, c.cfg.address, c.cfg.prefix_length);
    // Two-way when it lists our MAC (8.4.2.3).
    const AdjState next = lists_mac(h.tlvs, c.mac) ? AdjState::up : AdjState::initializing;
    const bool state_changed = next != a.state;
    if (state_changed) set_lan_adjacency_state(c, l, a, next, now);
    if (state_changed || election_inputs_changed) elect_dis(c, l, now);
}

void IsisInstance::hello_soon(Circuit& c, Level l, TimePoint now) {
    auto& due = c.lan[level_index(l)].hello_due;
    if (!due || *due > now) due = now;
}

void IsisInstance::set_lan_adjacency_state(Circuit& c, Level l, Adjacency& a, AdjState to, TimePoint now) {
    const AdjState from = a.state;
    if (from == to) return;
    a.state = to;
    a.since = now;
    events_.push_back(AdjacencyChange{c.cfg.name, a.system, a.address, from, to});
    if (to == AdjState::up) count(Counter::adj_up);
    if (from == AdjState::up) count(Counter::adj_down);
    if (to == AdjState::up || from == AdjState::up) {
        schedule_origination(now);
        schedule_spf(l, now);
        LanLevel& lan = c.lan[level_index(l)];
        if (lan.dis && to == AdjState::up) lan.csnp_due = now;  // describe the database to it
    }
}

void IsisInstance::elect_dis(Circuit& c, Level l, TimePoint now) {
    LanLevel& lan = c.lan[level_index(l)];
    // 8.4.5: the highest priority, then the highest SNPA, among us and our Up adjacencies.
    std::uint8_t best_priority = c.cfg.priority;
    MacAddress best_mac = c.mac;
    const Adjacency* winner = nullptr;
    for (const auto& [mac, a] : lan.adjacencies) {
        if (a.state != AdjState::up) continue;
        if (std::tie(a.priority, mac) > std::tie(best_priority, best_mac)) {
            best_priority = a.priority;
            best_mac = mac;
            winner = &a;
        }
    }
    const bool dis = winner == nullptr;
    const NodeId lan_id = dis ? NodeId{config_.system_id, c.local_circuit_id} : winner->lan_id;
    if (dis == lan.dis && lan_id == lan.lan_id) return;
    count(Counter::dis_changes);
    lan.dis = dis;
    lan.lan_id = lan_id;
    if (dis) {
        lan.csnp_due = now;
    } else {
        lan.csnp_due.reset();
    }
    hello_soon(c, l, now);
    schedule_origination(now);
    schedule_spf(l, now);
}

void IsisInstance::poll_lan(Circuit& c, TimePoint now) {
    if (!c.sends_hellos()) return;
    for (Level l : kLevels) {
        if (!isis::runs(c.cfg.levels, l)) continue;
        LanLevel& lan = c.lan[level_index(l)];
        bool lost = false;
        for (auto it = lan.adjacencies.begin(); it != lan.adjacencies.end();) {
            if (now < it->second.hold_due) {
                ++it;
                continue;
            }
            count(Counter::adj_hold_expired);
            set_lan_adjacency_state(c, l, it->second, AdjState::down, now);
            it = lan.adjacencies.erase(it);
            lost = true;
        }
        if (lost) elect_dis(c, l, now);
        if (lan.hello_due && now >= *lan.hello_due) send_lan_hello(c, l, now);
        if (lan.dis && lan.csnp_due && now >= *lan.csnp_due) {
            lan.csnp_due = now + config_.csnp_interval;
            if (floods_at(c, l)) send_csnp(c, l, now);
        }
    }
}

std::optional<Lsp> IsisInstance::pseudonode_lsp(const Circuit& c, Level l) const {
    const LanLevel& lan = c.lan[level_index(l)];
    if (!c.broadcast() || !lan.dis || !floods_at(c, l)) return std::nullopt;
    // 7.3.8: the pseudonode lists every IS with an Up adjacency on the LAN, and us, at 0.
    OriginationInput in;
    in.system = config_.system_id;
    in.level = l;
    in.style = config_.metric_style;
    in.authenticated = config_.lsp_key.has_value();
    in.neighbors.push_back({NodeId{config_.system_id, 0}, 0});
    for (const auto& [mac, a] : lan.adjacencies) {
        if (a.state == AdjState::up) in.neighbors.push_back({NodeId{a.system, 0}, 0});
    }
    Lsp lsp = originate_pseudonode(in);
    lsp.id = LspId{config_.system_id, c.local_circuit_id, 0};
    lsp.flags = isis::runs(config_.levels, Level::l2) ? lsp_flags::is_type_l2 : lsp_flags::is_type_l1;
    return lsp;
}

}  // namespace ldpsync::isis
