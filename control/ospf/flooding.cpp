// Flooding of OspfInstance (RFC 2328 13): LS Update receipt (13, steps 1-8 with the Lsdb
// deciding 4-8), the flooding procedure with per-neighbour retransmission lists (13.3),
// self-originated LSAs received (13.4), acknowledgments (13.5, 13.7).
#include "instance.hpp"

namespace ldpsync::ospf {

namespace {

bool known_type(std::uint8_t t) { return t >= lsa_type::router && t <= lsa_type::opaque_as; }

Lsa aged_for_transmission(Lsa lsa) {
    lsa.header.age = static_cast<std::uint16_t>(std::min<int>(lsa.header.age + 1, max_age));  // InfTransDelay
    return lsa;
}

}  // namespace

void OspfInstance::on_ls_update(Interface& i, Neighbor& n, const LsUpdate& u, TimePoint now) {
    if (n.state < NbrState::exchange) {
        count(Counter::rx_ls_update_state);
        return;
    }
    const std::uint32_t area_id = i.cfg.area;
    Area& a = area_of(i);
    std::vector<LsaHeader> direct;
    auto delayed = [&](const LsaHeader& h) {
        i.delayed_acks.push_back(h);
        if (!i.ack_due) {
            i.ack_due = now + config_.ack_delay;
        }
    };
    const bool from_dr = i.cfg.type == NetworkType::broadcast && n.address == i.dr;
    for (const Lsa& lsa : u.lsas) {
        if (!known_type(lsa.header.type)) {
            count(Counter::rx_lsa_unknown_type);  // 13 (2)
            continue;
        }
        const LsaKey key = key_of(lsa.header);
        const bool on_request = n.requests.contains(key);
        ReceiveResult r = a.lsdb.receive(lsa, now, ReceiveContext{exchanging(area_id), on_request});
        switch (r.outcome) {
        case ReceiveOutcome::ack_and_discard: direct.push_back(lsa.header); break;  // (4)
        case ReceiveOutcome::discarded_min_ls_arrival: count(Counter::rx_lsa_min_ls_arrival); break;
        case ReceiveOutcome::installed:
        case ReceiveOutcome::installed_self_originated: {
            // (5c) the old instance leaves every retransmission list; (5b) flood the new one.
            for (Interface& other : interfaces_) {
                if (other.cfg.area != area_id) {
                    continue;
                }
                for (auto& [k, nb] : other.neighbors) {
                    nb.retransmissions.erase(key);
                }
            }
            const bool back = flood(area_id, lsa, &i, &n, now);
            n.requests.erase(key);
            // (5e) 13.5: no ack when flooded back out the receiving interface (implied);
            // otherwise delayed, except a Backup acks only what came from the DR.
            if (!back && (i.state != IfState::backup || from_dr)) {
                delayed(lsa.header);
            }
            schedule_spf(area_id, now);
            if (r.outcome == ReceiveOutcome::installed_self_originated) {
                self_originated_received(a, area_id, lsa, now);
            }
            break;
        }
        case ReceiveOutcome::bad_ls_req:  // (6)
            count(Counter::rx_lsa_bad_ls_req);
            nbr_event(i, n, NbrEvent::bad_ls_req, now);
            return;
        case ReceiveOutcome::duplicate: {  // (7)
            auto it = n.retransmissions.find(key);
            if (it != n.retransmissions.end() && compare_instances(it->second.header, lsa.header) == Recency::same) {
                n.retransmissions.erase(it);  // implied acknowledgment
                if (i.state == IfState::backup && from_dr) {
                    delayed(lsa.header);
                }
            } else {
                direct.push_back(lsa.header);
            }
            break;
        }
        case ReceiveOutcome::send_database_copy:  // (8)
            if (r.database_copy) {
                send(i, n.address, LsUpdate{{aged_for_transmission(*r.database_copy)}});
            }
            break;
        case ReceiveOutcome::older_discarded: count(Counter::rx_lsa_older_discarded); break;
        }
    }
    if (n.retransmissions.empty()) {
        n.rxmt_due.reset();
    }
    if (!direct.empty()) {
        send(i, n.address, LsAck{std::move(direct)});  // 13.5: direct acks to the neighbour
    }
    // 10.9: the next LS Request once every entry of the outstanding one was answered.
    if (n.state == NbrState::exchange || n.state == NbrState::loading) {
        bool outstanding = false;
        for (const LsaKey& k : n.lsr_sent) {
            outstanding = outstanding || n.requests.contains(k);
        }
        if (!outstanding && !n.lsr_sent.empty()) {
            send_ls_request(i, n, now);
        }
    }
}

// 13.3: returns true when the LSA went back out the receiving interface.
bool OspfInstance::flood(std::uint32_t area, const Lsa& lsa, Interface* from_if, Neighbor* from, TimePoint now) {
    const LsaKey key = key_of(lsa.header);
    auto current = areas_.at(area).lsdb.current(key, now);
    const Lsa out = aged_for_transmission(current ? *current : lsa);
    bool back = false;
    for (Interface& i : interfaces_) {
        if (i.cfg.area != area || !i.active()) {
            continue;
        }
        bool added = false;
        for (auto& [k, n] : i.neighbors) {
            if (n.state < NbrState::exchange) {
                continue;  // (1a)
            }
            if (n.state == NbrState::exchange || n.state == NbrState::loading) {  // (1b)
                auto r = n.requests.find(key);
                if (r != n.requests.end()) {
                    const Recency c = compare_instances(lsa.header, r->second);
                    if (c == Recency::second_newer) {
                        continue;
                    }
                    n.requests.erase(r);
                    if (c == Recency::same) {
                        continue;
                    }
                }
            }
            if (&n == from) {
                continue;  // (1c)
            }
            n.retransmissions[key] = lsa;  // (1d)
            if (!n.rxmt_due) {
                n.rxmt_due = now + std::chrono::seconds{i.cfg.rxmt_interval};
            }
            added = true;
        }
        if (!added) {
            continue;  // (2)
        }
        if (&i == from_if) {
            // (3) the DR/BDR that sent it floods it on this network; (4) a Backup does not.
            if (i.cfg.type == NetworkType::broadcast && from != nullptr &&
                (from->address == i.dr || from->address == i.bdr)) {
                continue;
            }
            if (i.state == IfState::backup) {
                continue;
            }
            back = true;
        }
        count(Counter::tx_flood);
        send(i, flood_destination(i), LsUpdate{{out}});  // (5)
    }
    return back;
}

// 13.4: a newer instance of one of our own LSAs came back. Ones we still originate are
// re-originated past its sequence number by settle() (the Lsdb entry is now the received copy,
// so origination is not "unchanged"); ones we no longer originate are flushed.
void OspfInstance::self_originated_received(Area& a, std::uint32_t area_id, const Lsa& lsa, TimePoint now) {
    count(Counter::rx_self_originated);
    bool wanted = lsa.header.type == lsa_type::router && lsa.header.ls_id == config_.router_id;
    if (lsa.header.type == lsa_type::network) {
        for (const Interface& i : interfaces_) {
            wanted = wanted || (i.cfg.area == area_id && i.cfg.address == lsa.header.ls_id && i.state == IfState::dr);
        }
    }
    if (!wanted && lsa.header.age < max_age) {
        if (auto f = a.lsdb.flush(key_of(lsa.header), now)) {
            flood(area_id, *f, nullptr, nullptr, now);
        }
    }
}

// 13.6: every RxmtInterval, the LSAs still unacknowledged, directly to the neighbour.
void OspfInstance::retransmit(Interface& i, Neighbor& n, TimePoint now) {
    if (n.retransmissions.empty()) {
        n.rxmt_due.reset();
        return;
    }
    const Lsdb& db = area_of(i).lsdb;
    LsUpdate upd;
    std::size_t bytes = 20 + kHeaderSize + 4;
    for (const auto& [key, lsa] : n.retransmissions) {
        auto cur = db.current(key, now);
        Lsa copy = cur && cur->header.seq == lsa.header.seq ? *cur : lsa;
        if (!upd.lsas.empty() && bytes + copy.header.length > i.cfg.mtu) {
            break;
        }
        bytes += copy.header.length;
        upd.lsas.push_back(aged_for_transmission(std::move(copy)));
    }
    count(Counter::tx_ls_update_retransmit);
    send(i, n.address, std::move(upd));
    n.rxmt_due = now + std::chrono::seconds{i.cfg.rxmt_interval};
}

void OspfInstance::send_delayed_acks(Interface& i) {
    i.ack_due.reset();
    if (i.delayed_acks.empty()) {
        return;
    }
    send(i, flood_destination(i), LsAck{std::exchange(i.delayed_acks, {})});
}

// 13.7: an ack removes the instance from the neighbour's retransmission list.
void OspfInstance::on_ls_ack(Interface& i, Neighbor& n, const LsAck& ack) {
    (void)i;
    if (n.state < NbrState::exchange) {
        count(Counter::rx_ls_ack_state);
        return;
    }
    for (const LsaHeader& h : ack.lsa_headers) {
        auto it = n.retransmissions.find(key_of(h));
        if (it != n.retransmissions.end() && compare_instances(h, it->second.header) == Recency::same) {
            n.retransmissions.erase(it);
        } else {
            count(Counter::rx_ls_ack_questionable);
        }
    }
    if (n.retransmissions.empty()) {
        n.rxmt_due.reset();
    }
}

}  // namespace ldpsync::ospf
