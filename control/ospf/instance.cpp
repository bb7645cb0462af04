// OspfInstance orchestration: interfaces (9.3 runner), neighbour FSM runner (10.3 actions),
// timers, 8.2 receive checks and dispatch, output and views.
#include "instance.hpp"

#include <stdexcept>

#include <algorithm>

#include "auth.hpp"
#include "dr_election.hpp"

namespace ldpsync::ospf {

namespace {

bool at_least(NbrState s, NbrState floor) { return static_cast<int>(s) >= static_cast<int>(floor); }

void earliest(std::optional<TimePoint>& acc, const std::optional<TimePoint>& t) {
    if (t && (!acc || *t < *acc)) {
        acc = t;
    }
}

bool due(const std::optional<TimePoint>& t, TimePoint now) { return t && *t <= now; }

}  // namespace

OspfInstance::OspfInstance(InstanceConfig config, TimePoint now) : config_(std::move(config)), now_(now) {
    // 10.8: the first DD sequence number of an adjacency "should be some unique value (like the
    // time of day clock)".
    dd_seed_ =
        static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()) +
        (config_.router_id & 0xFFFF) * 0x10000u + 1;
    started_ = now;
    for (const InterfaceConfig& c : config_.interfaces) {
        Interface i;
        i.cfg = c;
        interfaces_.push_back(std::move(i));
        if (!areas_.contains(c.area)) {
            LsdbConfig lc;
            lc.router_id = config_.router_id;
            lc.min_ls_arrival = config_.min_ls_arrival;
            lc.min_ls_interval = config_.min_ls_interval;
            areas_.emplace(c.area, Area{lc});
        }
    }
}

Interface* OspfInstance::find_interface(const std::string& name) {
    for (Interface& i : interfaces_) {
        if (i.cfg.name == name) {
            return &i;
        }
    }
    return nullptr;
}

std::uint64_t OspfInstance::counter(std::string_view name) const {
    const auto value = counters_.get(name);
    if (!value) throw std::invalid_argument("no OSPF counter named '" + std::string(name) + "'");
    return *value;
}

void OspfInstance::start(TimePoint now) {
    now_ = now;
    for (Interface& i : interfaces_) {
        if_event(i, i.cfg.loopback ? IfEvent::loop_ind : IfEvent::interface_up, now);
    }
    settle(now);  // one first Router-LSA with every interface in it
}

void OspfInstance::interface_up(const std::string& name, TimePoint now) {
    now_ = now;
    if (Interface* i = find_interface(name)) {
        if_event(*i, i->cfg.loopback ? IfEvent::loop_ind : IfEvent::interface_up, now);
        settle(now);
    }
}

void OspfInstance::interface_down(const std::string& name, TimePoint now) {
    now_ = now;
    if (Interface* i = find_interface(name)) {
        if_event(*i, IfEvent::interface_down, now);
        settle(now);
    }
}

bool OspfInstance::set_max_metric(const std::string& name, bool on, TimePoint now) {
    now_ = now;
    Interface* i = find_interface(name);
    if (i == nullptr) {
        return false;
    }
    i->max_metric = on;
    settle(now);  // re-originates the Router-LSA (12.4), spaced by MinLSInterval in the Lsdb
    return true;
}

bool OspfInstance::set_cost(const std::string& name, std::uint16_t cost, TimePoint now) {
    now_ = now;
    Interface* i = find_interface(name);
    if (i == nullptr) {
        return false;
    }
    i->cfg.cost = cost;
    settle(now);  // like a metric change: a new Router-LSA instance, adjacencies untouched
    return true;
}

bool OspfInstance::set_hold_adjacency(const std::string& name, bool held, TimePoint now) {
    now_ = now;
    Interface* i = find_interface(name);
    if (i == nullptr) {
        return false;
    }
    const bool released = i->hold_adjacency && !held;
    i->hold_adjacency = held;
    if (released) {
        // AdjOK? on the neighbours the hold kept in 2-Way: 10.4 now says yes where it applies.
        for (auto& [key, n] : i->neighbors) {
            if (n.state == NbrState::two_way) {
                nbr_event(*i, n, NbrEvent::adj_ok, now);
            }
        }
    }
    settle(now);
    return true;
}

// ---- Interface state machine runner (9.3) ----

void OspfInstance::if_event(Interface& i, IfEvent e, TimePoint now) {
    IfFacts facts{i.cfg.type, i.cfg.priority > 0, DrRole::other};
    ElectionResult elected;
    const bool electing = i.cfg.type == NetworkType::broadcast &&
                          (e == IfEvent::wait_timer || e == IfEvent::backup_seen || e == IfEvent::neighbor_change);
    if (electing) {
        // 9.4, run before the event is fed: its role picks the next state (interface_fsm.hpp).
        ElectionInput in;
        in.self = ElectionRouter{config_.router_id, i.cfg.address, i.cfg.priority, i.dr, i.bdr, true};
        for (const auto& [key, n] : i.neighbors) {
            in.neighbors.push_back(ElectionRouter{n.router_id, n.address, n.priority, n.dr, n.bdr,
                                                  at_least(n.state, NbrState::two_way)});
        }
        elected = elect_dr(in);
        facts.role = elected.role;
    }
    auto t = transition(i.state, e, facts);
    if (!t) {
        count(Counter::if_fsm_unexpected);
        return;
    }
    if (t->disposition == Disposition::ignore) {
        return;
    }
    const IfState from = i.state;
    bool adj_ok = false;
    bool kill = false;
    for (IfAction a : t->actions) {
        switch (a) {
        case IfAction::start_hello_timer:
            if (!i.cfg.passive && !i.cfg.loopback) {
                i.hello_due = now;
            }
            break;
        case IfAction::start_wait_timer: i.wait_due = now + std::chrono::seconds{i.cfg.dead_interval}; break;
        case IfAction::stop_wait_timer: i.wait_due.reset(); break;
        case IfAction::elect_dr:
            i.dr = elected.dr;
            i.bdr = elected.bdr;
            adj_ok = elected.changed;  // 9.4 (7): AdjOK? to every neighbour >= 2-Way
            break;
        case IfAction::reset_variables:
            i.dr = 0;
            i.bdr = 0;
            i.delayed_acks.clear();
            break;
        case IfAction::stop_timers:
            i.hello_due.reset();
            i.wait_due.reset();
            i.ack_due.reset();
            break;
        case IfAction::kill_neighbors: kill = true; break;
        // 12.4 triggers: settle() rebuilds and re-originates whatever changed.
        case IfAction::originate_router_lsa:
        case IfAction::originate_network_lsa:
        case IfAction::flush_network_lsa: break;
        }
    }
    i.state = t->next;
    if (from != i.state) {
        events_.emplace_back(std::in_place_type<InterfaceStateChange>, i.cfg.name, from, i.state);
    }
    if (kill) {
        for (auto& [key, n] : i.neighbors) {
            nbr_event(i, n, NbrEvent::kill_nbr, now);
        }
        i.neighbors.clear();
        i.crypto_seq.clear();
        i.neighbor_change_pending = false;
    }
    if (adj_ok) {
        for (auto& [key, n] : i.neighbors) {
            if (at_least(n.state, NbrState::two_way)) {
                nbr_event(i, n, NbrEvent::adj_ok, now);
            }
        }
    }
}

// ---- Neighbour state machine runner (10.3) ----

bool OspfInstance::adjacency_wanted(const Interface& i, const Neighbor& n) const {
    // RFC 5443 hold: no adjacency is started while held; one already past 2-Way is kept.
    if (i.hold_adjacency && !at_least(n.state, NbrState::exstart)) {
        return false;
    }
    return should_form_adjacency(i.cfg.type, i.cfg.address, n.address, i.dr, i.bdr);
}

void OspfInstance::nbr_event(Interface& i, Neighbor& n, NbrEvent e, TimePoint now) {
    const NbrFacts facts{adjacency_wanted(i, n), n.requests.empty()};
    auto t = transition(n.state, e, facts);
    if (!t) {
        count(Counter::nbr_fsm_unexpected);
        return;
    }
    if (t->disposition == Disposition::ignore) {
        return;
    }
    const NbrState from = n.state;
    n.state = t->next;
    for (NbrAction a : t->actions) {
        switch (a) {
        case NbrAction::send_hello: break;  // NBMA only
        case NbrAction::start_inactivity_timer:
        case NbrAction::restart_inactivity_timer:
            n.inactivity_due = now + std::chrono::seconds{i.cfg.dead_interval};
            break;
        case NbrAction::stop_inactivity_timer: n.inactivity_due.reset(); break;
        case NbrAction::start_adjacency: start_adjacency(i, n, now); break;
        case NbrAction::list_db_summary: list_db_summary(i, n, now); break;
        case NbrAction::send_ls_request: send_ls_request(i, n, now); break;
        case NbrAction::clear_lists:
            n.summary.clear();
            n.requests.clear();
            n.retransmissions.clear();
            n.lsr_sent.clear();
            n.last_rx_dd.reset();
            n.last_tx_dd.reset();
            n.dd_rxmt_due.reset();
            n.lsr_rxmt_due.reset();
            n.rxmt_due.reset();
            break;
        case NbrAction::neighbor_change: i.neighbor_change_pending = true; break;
        case NbrAction::originate_router_lsa: break;  // settle()
        }
    }
    if (n.state == NbrState::full || n.state == NbrState::two_way) {
        n.dd_rxmt_due.reset();
    }
    if (from != n.state) {
        count(Counter::nbr_state_changes);
        events_.emplace_back(std::in_place_type<NeighborStateChange>, i.cfg.name, n.router_id, n.address, from,
                             n.state);
    }
}

void OspfInstance::drain_neighbor_changes(TimePoint now) {
    for (bool again = true; again;) {
        again = false;
        for (Interface& i : interfaces_) {
            if (i.neighbor_change_pending) {
                i.neighbor_change_pending = false;
                if_event(i, IfEvent::neighbor_change, now);
                again = true;
            }
        }
    }
}

bool OspfInstance::exchanging(std::uint32_t area) const {
    for (const Interface& i : interfaces_) {
        if (i.cfg.area != area) {
            continue;
        }
        for (const auto& [key, n] : i.neighbors) {
            if (n.state == NbrState::exchange || n.state == NbrState::loading) {
                return true;
            }
        }
    }
    return false;
}

// After every input: interface events raised by neighbours (9.2), Loading neighbours whose
// requests were all satisfied by flooding (13.3 (1b)), origination, MaxAge removal.
void OspfInstance::settle(TimePoint now) {
    drain_neighbor_changes(now);
    for (Interface& i : interfaces_) {
        for (auto& [key, n] : i.neighbors) {
            if (n.state == NbrState::loading && n.requests.empty()) {
                n.lsr_rxmt_due.reset();
                n.lsr_sent.clear();
                nbr_event(i, n, NbrEvent::loading_done, now);
            }
        }
    }
    drain_neighbor_changes(now);
    originate(now);
    remove_maxage(now);
}

// ---- Timers ----

void OspfInstance::poll(TimePoint now) {
    now_ = now;
    for (Interface& i : interfaces_) {
        if (due(i.hello_due, now)) {
            send_hello(i);
            while (*i.hello_due <= now) {
                *i.hello_due += std::chrono::seconds{i.cfg.hello_interval};
            }
        }
        if (due(i.wait_due, now)) {
            i.wait_due.reset();
            if_event(i, IfEvent::wait_timer, now);
        }
        const Duration rxmt = std::chrono::seconds{i.cfg.rxmt_interval};
        for (auto& [key, n] : i.neighbors) {
            if (due(n.inactivity_due, now)) {
                n.inactivity_due.reset();
                nbr_event(i, n, NbrEvent::inactivity_timer, now);
                continue;
            }
            if (due(n.dd_rxmt_due, now)) {
                // 10.8: the master (or ExStart) resends its last DD every RxmtInterval.
                n.dd_rxmt_due = now + rxmt;
                if (n.last_tx_dd && (n.state == NbrState::exstart || (n.state == NbrState::exchange && n.master))) {
                    count(Counter::tx_dd_retransmit);
                    send(i, i.cfg.type == NetworkType::point_to_point ? kAllSpfRouters : n.address, *n.last_tx_dd);
                } else {
                    n.dd_rxmt_due.reset();
                }
            }
            if (due(n.lsr_rxmt_due, now)) {
                count(Counter::tx_ls_request_retransmit);
                send_ls_request(i, n, now);
            }
            if (due(n.rxmt_due, now)) {
                retransmit(i, n, now);
            }
        }
        // The neighbour data structure goes once the neighbour is Down (10.3 InactivityTimer).
        std::erase_if(i.neighbors, [](const auto& kv) { return kv.second.state == NbrState::down; });
        if (due(i.ack_due, now)) {
            send_delayed_acks(i);
        }
    }
    for (auto& [area_id, area] : areas_) {
        TickResult t = area.lsdb.tick(now);
        for (const auto* list : {&t.maxaged, &t.refreshed, &t.originated}) {
            for (const Lsa& lsa : *list) {
                flood(area_id, lsa, nullptr, nullptr, now);
                schedule_spf(area_id, now);
            }
        }
    }
    settle(now);
    run_spf(now);
}

std::optional<TimePoint> OspfInstance::next_deadline() const {
    std::optional<TimePoint> next;
    for (const Interface& i : interfaces_) {
        earliest(next, i.hello_due);
        earliest(next, i.wait_due);
        earliest(next, i.ack_due);
        for (const auto& [key, n] : i.neighbors) {
            earliest(next, n.inactivity_due);
            earliest(next, n.dd_rxmt_due);
            earliest(next, n.lsr_rxmt_due);
            earliest(next, n.rxmt_due);
        }
    }
    for (const auto& [id, a] : areas_) {
        earliest(next, a.spf_due);
        earliest(next, a.lsdb.next_deadline(now_));
    }
    return next;
}

// ---- Output, views ----

void OspfInstance::send(const Interface& i, std::uint32_t destination, PacketBody body) {
    Packet p;
    p.header.router_id = config_.router_id;
    p.header.area_id = i.cfg.area;
    p.header.autype = i.cfg.md5_key_id ? AuType::cryptographic : AuType::null;
    if (i.cfg.md5_key_id) {
        const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now_ - started_).count();
        const auto clock = config_.crypto_seq_start + static_cast<std::uint32_t>(std::max<std::int64_t>(0, elapsed));
        i.tx_crypto_seq = std::max(i.tx_crypto_seq + 1, clock);
        p.header.set_crypto(CryptoAuth{*i.cfg.md5_key_id, kMd5DigestSize, i.tx_crypto_seq});
    }
    p.header.type = packet_type_of(body);
    p.body = std::move(body);
    auto bytes = encode_packet(p);
    if (!bytes) {
        count(Counter::tx_encode_error);
        return;
    }
    if (i.cfg.md5_key_id) append_md5_digest(*bytes, i.cfg.md5_key);
    count(tx_counter(p.header.type));
    out_.push_back(OutPacket{i.cfg.name, i.cfg.address, destination, std::move(*bytes)});
}

// 8.2 / D.3: the packet's AuType must be the interface's; with cryptographic authentication,
// the key id, the MD5 digest under our key, and a sequence number not below the last one
// accepted from that source.
bool OspfInstance::authenticated(Interface& i, std::uint32_t source, const Header& h, ByteView bytes) {
    const AuType wanted = i.cfg.md5_key_id ? AuType::cryptographic : AuType::null;
    if (h.autype != wanted) {
        count(Counter::rx_auth_type_mismatch);
        return false;
    }
    if (wanted == AuType::null) return true;
    const CryptoAuth c = h.crypto();
    if (c.key_id != *i.cfg.md5_key_id) {
        count(Counter::rx_auth_key_id_mismatch);
        return false;
    }
    const auto view = HeaderView::decode(bytes);
    if (!view || !md5_ok(*view, i.cfg.md5_key)) {
        count(Counter::rx_auth_digest_mismatch);
        return false;
    }
    auto [seen, fresh] = i.crypto_seq.try_emplace(source, c.sequence);
    if (!fresh && c.sequence < seen->second) {
        count(Counter::rx_auth_sequence_replayed);
        return false;
    }
    seen->second = c.sequence;
    return true;
}

std::uint32_t OspfInstance::flood_destination(const Interface& i) const {
    // 13.3 (5): on broadcast networks the DR and BDR flood to AllSPFRouters, the others to
    // AllDRouters; point-to-point always AllSPFRouters.
    if (i.cfg.type == NetworkType::broadcast && i.state != IfState::dr && i.state != IfState::backup) {
        return kAllDRouters;
    }
    return kAllSpfRouters;
}

std::vector<OutPacket> OspfInstance::take_output() { return std::exchange(out_, {}); }
std::vector<InstanceEvent> OspfInstance::take_events() { return std::exchange(events_, {}); }

std::vector<NeighborView> OspfInstance::neighbors() const {
    std::vector<NeighborView> out;
    for (const Interface& i : interfaces_) {
        for (const auto& [key, n] : i.neighbors) {
            out.push_back(NeighborView{i.cfg.name, n.router_id, n.address, n.state, n.priority,
                                       n.retransmissions.size(), n.requests.size(), n.inactivity_due});
        }
    }
    return out;
}

std::vector<InterfaceView> OspfInstance::interfaces() const {
    std::vector<InterfaceView> out;
    for (const Interface& i : interfaces_) {
        out.push_back(InterfaceView{i.cfg.name, i.state, i.dr, i.bdr, i.max_metric, i.hold_adjacency,
                                    transit_withheld_.contains(i.cfg.name)});
    }
    return out;
}

const Lsdb* OspfInstance::lsdb(std::uint32_t area) const {
    auto it = areas_.find(area);
    return it == areas_.end() ? nullptr : &it->second.lsdb;
}

std::vector<Lsa> OspfInstance::lsdb_snapshot(std::uint32_t area, TimePoint now) const {
    const Lsdb* db = lsdb(area);
    return db == nullptr ? std::vector<Lsa>{} : db->snapshot(now);
}

// ---- Receiving: the checks of 8.2 common to every packet type, then dispatch ----

void OspfInstance::receive(const std::string& name, std::uint32_t source, ByteView bytes, TimePoint now,
                           std::uint32_t destination) {
    now_ = now;
    Interface* i = find_interface(name);
    if (i == nullptr) {
        count(Counter::rx_unknown_interface);
        return;
    }
    if (!i->active()) {
        count(Counter::rx_interface_inactive);
        return;
    }
    auto p = Packet::decode(bytes);
    if (!p) {
        counters_.bump(p.error().reason);
        return;
    }
    const Header& h = p->header;
    if (h.area_id != i->cfg.area) {
        count(Counter::rx_area_mismatch);
        return;
    }
    if (h.router_id == config_.router_id) {
        count(Counter::rx_own_packet);
        return;
    }
    if (!authenticated(*i, source, h, bytes)) {
        return;
    }
    if (i->cfg.type == NetworkType::broadcast && (source & i->cfg.mask) != (i->cfg.address & i->cfg.mask)) {
        count(Counter::rx_source_not_on_network);
        return;
    }
    if (destination == kAllDRouters && i->state != IfState::dr && i->state != IfState::backup) {
        count(Counter::rx_all_d_routers_not_dr);
        return;
    }
    if (const auto* hello = std::get_if<Hello>(&p->body)) {
        on_hello(*i, source, h, *hello, now);
        settle(now);
        return;
    }
    const std::uint32_t key = i->cfg.type == NetworkType::point_to_point ? h.router_id : source;
    auto it = i->neighbors.find(key);
    if (it == i->neighbors.end()) {
        count(Counter::rx_unknown_neighbor);
        return;
    }
    Neighbor& n = it->second;
    if (const auto* dd = std::get_if<DbDescription>(&p->body)) {
        on_dd(*i, n, *dd, now);
    } else if (const auto* req = std::get_if<LsRequest>(&p->body)) {
        on_ls_request(*i, n, *req, now);
    } else if (const auto* upd = std::get_if<LsUpdate>(&p->body)) {
        on_ls_update(*i, n, *upd, now);
    } else if (const auto* ack = std::get_if<LsAck>(&p->body)) {
        on_ls_ack(*i, n, *ack);
    }
    settle(now);
}

}  // namespace ldpsync::ospf
