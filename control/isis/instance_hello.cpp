// Hellos and the point-to-point adjacency (ISO 10589 8.2, RFC 5303, RFC 5306's helper side).

#include "instance.hpp"

#include <algorithm>

#include "auth.hpp"
#include "hello_fields.hpp"

namespace ldpsync::isis {

void IsisInstance::send_hello(Circuit& c, TimePoint now) {
    c.hello_due = now + std::chrono::seconds{c.cfg.hello_interval_s};
    P2pHello h;
    h.circuit_type = c.cfg.levels;
    h.source = config_.system_id;
    h.holding_time = static_cast<std::uint16_t>(
        std::min<std::uint32_t>(std::uint32_t{c.cfg.hello_interval_s} * c.cfg.hello_multiplier, 0xffff));
    h.local_circuit_id = c.local_circuit_id;
    if (c.cfg.hello_key) h.tlvs.add(hmac_md5_placeholder());  // first, as RFC 5304 asks
    h.tlvs.add(ProtocolsSupported{{kNlpidIpv4}});
    h.tlvs.add(AreaAddresses{config_.areas});
    P2pAdjacency three_way;
    three_way.state = reported_state(c.adjacency ? c.adjacency->state : AdjState::down);
    three_way.local_circuit = c.local_circuit_id;
    if (c.adjacency) {
        three_way.neighbor = c.adjacency->system;
        three_way.neighbor_circuit = c.adjacency->neighbor_circuit.value_or(0);
    }
    h.tlvs.add(three_way);
    if (c.cfg.address != 0) h.tlvs.add(IpInterfaceAddresses{{c.cfg.address}});
    // RFC 5306: we support restart (flags 0), and acknowledge a neighbour's request.
    Restart restart;
    if (c.adjacency && c.adjacency->restarting) {
        restart.flags = Restart::kRa;
        restart.remaining_time = c.adjacency->holding_time;
    }
    if (restarting() && !restart_answered(c)) restart.flags |= Restart::kRr;
    h.tlvs.add(restart);
    Bytes pdu = c.cfg.pad_hellos ? encode_padded(h) : h.encode();
    emit(OutPdu{c.cfg.name, kAllIss, signed_pdu(std::move(pdu), c.cfg.hello_key)});
    count(Counter::tx_hello);
}

void IsisInstance::on_p2p_hello(Circuit& c, const MacAddress& source, const P2pHello& h, TimePoint now) {
    if (h.source == config_.system_id) {
        count(Counter::rx_own_system_id);
        return;
    }
    // 8.2.5.2: the levels the adjacency is used for; level 1 only within one area.
    const auto* areas = h.tlvs.find<AreaAddresses>();
    const std::vector<Bytes> their_areas = areas ? areas->areas : std::vector<Bytes>{};
    std::uint8_t levels = c.cfg.levels & h.circuit_type;
    if (isis::runs(levels, Level::l1) && !share_an_area(config_.areas, their_areas)) {
        levels &= static_cast<std::uint8_t>(~circuit_type::l1);
        if (levels == 0) count(Counter::rx_area_mismatch);
    } else if (levels == 0) {
        count(Counter::rx_level_mismatch);
    }
    if (levels == 0) {
        if (c.adjacency) {
            set_adjacency_state(c, AdjState::down, now);
            c.adjacency.reset();
        }
        return;
    }
    const auto* three_way = h.tlvs.find<P2pAdjacency>();
    // RFC 5303 3.2: a Hello that names another system (or another circuit of ours) as the
    // neighbour is not for us.
    if (three_way != nullptr && three_way->neighbor &&
        (*three_way->neighbor != config_.system_id ||
         (three_way->neighbor_circuit && *three_way->neighbor_circuit != c.local_circuit_id))) {
        count(Counter::rx_three_way_not_for_us);
        return;
    }
    // A different system on the link: the previous adjacency is gone.
    if (c.adjacency && c.adjacency->system != h.source) {
        set_adjacency_state(c, AdjState::down, now);
        c.adjacency.reset();
    }
    if (!c.adjacency) {
        Adjacency a;
        a.system = h.source;
        a.since = now;
        c.adjacency = a;
    }
    Adjacency& a = *c.adjacency;
    a.mac = source;
    a.areas = their_areas;
    a.holding_time = h.holding_time;
    a.hold_due = now + std::chrono::seconds{h.holding_time};
    a.address = address_on_link(h.tlvs, c.cfg.address, c.cfg.prefix_length);
    if (three_way != nullptr && three_way->local_circuit) a.neighbor_circuit = three_way->local_circuit;
    const bool levels_changed = a.levels != levels;
    a.levels = levels;

    const auto* restart = h.tlvs.find<Restart>();
    note_restart_ack(c, restart);
    const bool restart_request = restart != nullptr && (restart->flags & Restart::kRr) != 0;
    if (restart_request && a.state == AdjState::up) {
        // RFC 5306 3.2.1: keep the adjacency, acknowledge, and describe the database (every
        // request gets its CSNP: the restarting router asks again until one arrives); send
        // every LSP again once.
        count(Counter::rx_restart_request);
        const bool first = !a.restarting;
        a.restarting = true;
        send_hello(c, now);
        for (Level l : kLevels) {
            if (!adjacency_up_at(c, l)) continue;
            send_csnp(c, l, now);
            if (!first) continue;
            for (const auto& [id, r] : level(l).lsdb.records()) c.flooding[level_index(l)].srm[id] = Flooding::Srm{now};
        }
        return;
    }
    a.restarting = false;
    const ThreeWayState received = three_way != nullptr ? three_way->state : ThreeWayState::initializing;
    AdjState next = three_way_next(a.state, received);
    // RFC 5306 3.2.2: restarting, we take an acknowledging neighbour's Up (naming us) as Up at
    // once: it kept the adjacency, and tearing it down is what the restart is to avoid.
    const bool acknowledged = restart != nullptr && (restart->flags & Restart::kRa) != 0;
    if (restarting() && acknowledged && received == ThreeWayState::up && three_way != nullptr && three_way->neighbor) {
        next = AdjState::up;
    }
    if (next != a.state) {
        set_adjacency_state(c, next, now);
        // Tell the neighbour at once what we now see (adjacency_up did, before its CSNP).
        if (next != AdjState::up) send_hello(c, now);
    } else if (levels_changed && a.state == AdjState::up) {
        schedule_origination(now);
    }
}

// RFC 5306 3.2.2: a neighbour acknowledges our restart (RA, naming us or no one).
void IsisInstance::note_restart_ack(Circuit& c, const Restart* restart) {
    if (restart == nullptr || (restart->flags & Restart::kRa) == 0) return;
    if (restart->restarting_neighbor && *restart->restarting_neighbor != config_.system_id) return;
    c.restart_acked = true;
}

bool IsisInstance::restart_answered(const Circuit& c) const {
    if (!c.restart_acked) return false;
    for (Level l : kLevels) {
        if (floods_at(c, l) && !c.restart_csnp[level_index(l)]) return false;
    }
    return true;
}

void IsisInstance::set_adjacency_state(Circuit& c, AdjState to, TimePoint now) {
    Adjacency& a = *c.adjacency;
    const AdjState from = a.state;
    if (from == to) return;
    a.state = to;
    a.since = now;
    events_.push_back(AdjacencyChange{c.cfg.name, a.system, a.address, from, to});
    if (to == AdjState::up) {
        count(Counter::adj_up);
        adjacency_up(c, now);
    } else if (from == AdjState::up) {
        count(Counter::adj_down);
        c.flooding = {};
        a.restarting = false;
    }
    if (to == AdjState::up || from == AdjState::up) {
        schedule_origination(now);
        for (Level l : kLevels) {
            if (runs(l)) schedule_spf(l, now);
        }
    }
}

// 7.3.17 on a point-to-point circuit: describe the whole database with a CSNP; the neighbour
// asks for what it lacks (PSNP) and sends what we lack, and the CSNP it sends us does the same.
void IsisInstance::adjacency_up(Circuit& c, TimePoint now) {
    // The Hello saying Up first: a neighbour still Initializing would drop our CSNP.
    send_hello(c, now);
    for (Level l : kLevels) {
        if (adjacency_up_at(c, l)) send_csnp(c, l, now);
    }
}

}  // namespace ldpsync::isis
