// Database exchange of OspfInstance: Database Description send/receive with master/slave
// negotiation (10.6, 10.8), LS Requests (10.7 receiving, 10.9 sending).
#include "instance.hpp"

namespace ldpsync::ospf {

namespace {

// Headers per DD and entries per LS Request that fit the interface MTU (IP header 20,
// OSPF header 24).
std::size_t dd_batch(const Interface& i) {
    return std::max<std::size_t>(1, (i.cfg.mtu - 20 - kHeaderSize - kDdFixedSize) / lsa_header_size);
}
std::size_t lsr_batch(const Interface& i) {
    return std::max<std::size_t>(1, (i.cfg.mtu - 20 - kHeaderSize) / kLsRequestEntrySize);
}

// DDs and LS Requests on point-to-point networks go to AllSPFRouters (as FRR does), on
// broadcast networks to the neighbour.
std::uint32_t exchange_destination(const Interface& i, const Neighbor& n) {
    return i.cfg.type == NetworkType::point_to_point ? kAllSpfRouters : n.address;
}

bool known_type(std::uint8_t t) { return t >= lsa_type::router && t <= lsa_type::opaque_as; }

}  // namespace

// 10.3 ExStart: a new DD sequence number, claim master, send I|M|MS and retransmit it.
void OspfInstance::start_adjacency(Interface& i, Neighbor& n, TimePoint now) {
    n.dd_seq = n.dd_seq == 0 ? dd_seed_++ : n.dd_seq + 1;
    n.master = true;
    n.last_rx_dd.reset();
    send_dd(i, n, dd_flags::i | dd_flags::m | dd_flags::ms, now);
    n.dd_rxmt_due = now + std::chrono::seconds{i.cfg.rxmt_interval};
}

// 10.3 NegotiationDone: the area's LSA headers into the Database summary list; MaxAge LSAs
// go on the retransmission list instead.
void OspfInstance::list_db_summary(Interface& i, Neighbor& n, TimePoint now) {
    n.summary.clear();
    for (const Lsa& lsa : area_of(i).lsdb.snapshot(now)) {
        if (lsa.header.age >= max_age) {
            n.retransmissions[key_of(lsa.header)] = lsa;
            if (!n.rxmt_due) {
                n.rxmt_due = now + std::chrono::seconds{i.cfg.rxmt_interval};
            }
        } else {
            n.summary.push_back(lsa.header);
        }
    }
}

void OspfInstance::send_dd(Interface& i, Neighbor& n, std::uint8_t flags, TimePoint /*now*/) {
    DbDescription dd;
    dd.mtu = i.cfg.mtu;
    dd.options = options::e;
    dd.flags = flags;
    dd.dd_sequence = n.dd_seq;
    n.last_tx_dd = dd;
    send(i, exchange_destination(i, n), dd);
}

// The next DD of the exchange: a batch of the summary list, M while more remain, MS if master.
void OspfInstance::send_next_dd(Interface& i, Neighbor& n, TimePoint now) {
    DbDescription dd;
    dd.mtu = i.cfg.mtu;
    dd.options = options::e;
    dd.dd_sequence = n.dd_seq;
    const std::size_t k = std::min(dd_batch(i), n.summary.size());
    dd.lsa_headers.assign(n.summary.begin(), n.summary.begin() + static_cast<std::ptrdiff_t>(k));
    n.summary.erase(n.summary.begin(), n.summary.begin() + static_cast<std::ptrdiff_t>(k));
    dd.flags = static_cast<std::uint8_t>((n.summary.empty() ? 0 : dd_flags::m) | (n.master ? dd_flags::ms : 0));
    n.last_tx_dd = dd;
    send(i, exchange_destination(i, n), dd);
    if (n.master) {
        n.dd_rxmt_due = now + std::chrono::seconds{i.cfg.rxmt_interval};
    }
}

// 10.6: receiving a Database Description.
void OspfInstance::on_dd(Interface& i, Neighbor& n, const DbDescription& dd, TimePoint now) {
    if (dd.mtu > i.cfg.mtu) {
        count(Counter::rx_dd_mtu_mismatch);  // 10.6: larger than we can receive
        return;
    }
    const bool duplicate = n.last_rx_dd && n.last_rx_dd->flags == dd.flags &&
                           n.last_rx_dd->options == dd.options && n.last_rx_dd->dd_sequence == dd.dd_sequence;
    auto mismatch = [&](Counter why) {
        count(why);
        nbr_event(i, n, NbrEvent::seq_number_mismatch, now);
    };
    if (n.state == NbrState::init) {
        // 10.6 Init: as 2-WayReceived, then as ExStart if that is where it led.
        nbr_event(i, n, NbrEvent::two_way_received, now);
    }
    switch (n.state) {
    case NbrState::down:
    case NbrState::attempt:
    case NbrState::init:
    case NbrState::two_way:  // also where a held adjacency stays (RFC 5443 hold)
        count(Counter::rx_dd_ignored_state);
        return;
    case NbrState::exstart:
        if (dd.init() && dd.more() && dd.master() && dd.lsa_headers.empty() && n.router_id > config_.router_id) {
            // The neighbour is master: adopt its sequence number, answer as slave.
            n.master = false;
            n.dd_seq = dd.dd_sequence;
            n.options = dd.options;
            n.last_rx_dd = dd;
            n.dd_rxmt_due.reset();
            nbr_event(i, n, NbrEvent::negotiation_done, now);
            send_next_dd(i, n, now);
            return;
        }
        if (!dd.init() && !dd.master() && dd.dd_sequence == n.dd_seq && n.router_id < config_.router_id) {
            // The neighbour acknowledges us as master; its packet already carries headers.
            n.master = true;
            n.options = dd.options;
            n.last_rx_dd = dd;
            nbr_event(i, n, NbrEvent::negotiation_done, now);
            accept_dd(i, n, dd, now);
            return;
        }
        count(Counter::rx_dd_exstart_ignored);
        return;
    case NbrState::exchange:
        if (duplicate) {
            if (!n.master && n.last_tx_dd) {
                send(i, exchange_destination(i, n), *n.last_tx_dd);  // slave: resend our answer
            }
            return;  // master: discard
        }
        if (dd.master() == n.master) {
            return mismatch(Counter::rx_dd_ms_mismatch);
        }
        if (dd.init()) {
            return mismatch(Counter::rx_dd_init_in_exchange);
        }
        if (n.last_rx_dd && dd.options != n.last_rx_dd->options) {
            return mismatch(Counter::rx_dd_options_changed);
        }
        if (dd.dd_sequence != (n.master ? n.dd_seq : n.dd_seq + 1)) {
            return mismatch(Counter::rx_dd_seq_mismatch);
        }
        n.last_rx_dd = dd;
        accept_dd(i, n, dd, now);
        return;
    case NbrState::loading:
    case NbrState::full:
        if (duplicate) {
            if (!n.master && n.last_tx_dd) {
                send(i, exchange_destination(i, n), *n.last_tx_dd);
            }
            return;
        }
        return mismatch(Counter::rx_dd_after_exchange);
    }
}

// 10.6 "accepted": request what is newer than our copy, then the next step of 10.8.
void OspfInstance::accept_dd(Interface& i, Neighbor& n, const DbDescription& dd, TimePoint now) {
    Lsdb& db = area_of(i).lsdb;
    for (const LsaHeader& h : dd.lsa_headers) {
        if (!known_type(h.type)) {
            count(Counter::rx_dd_unknown_lsa_type);
            nbr_event(i, n, NbrEvent::seq_number_mismatch, now);
            return;
        }
        const LsaKey key = key_of(h);
        auto ours = db.current(key, now);
        if (!ours || compare_instances(h, ours->header) == Recency::first_newer) {
            n.requests[key] = h;
        }
    }
    if (n.master) {
        // The slave answered our last DD: done when both sides have nothing more.
        n.dd_seq += 1;
        if (n.last_tx_dd && !n.last_tx_dd->more() && !dd.more() && !n.last_tx_dd->init()) {
            n.dd_rxmt_due.reset();
            nbr_event(i, n, NbrEvent::exchange_done, now);
        } else {
            send_next_dd(i, n, now);
        }
        return;
    }
    // Slave: echo the master's sequence number with our next batch.
    n.dd_seq = dd.dd_sequence;
    send_next_dd(i, n, now);
    if (!dd.more() && !n.last_tx_dd->more()) {
        nbr_event(i, n, NbrEvent::exchange_done, now);
    }
}

// 10.9: the first entries of the request list; retransmitted every RxmtInterval until answered.
void OspfInstance::send_ls_request(Interface& i, Neighbor& n, TimePoint now) {
    n.lsr_sent.clear();
    if (n.requests.empty()) {
        n.lsr_rxmt_due.reset();
        return;
    }
    LsRequest req;
    for (const auto& [key, h] : n.requests) {
        if (req.entries.size() == lsr_batch(i)) {
            break;
        }
        req.entries.push_back(LsRequestEntry{key.type, key.ls_id, key.adv_router});
        n.lsr_sent.push_back(key);
    }
    send(i, exchange_destination(i, n), std::move(req));
    n.lsr_rxmt_due = now + std::chrono::seconds{i.cfg.rxmt_interval};
}

// 10.7: answer with our copies in LS Updates; an LSA we do not have is BadLSReq.
void OspfInstance::on_ls_request(Interface& i, Neighbor& n, const LsRequest& req, TimePoint now) {
    if (n.state != NbrState::exchange && n.state != NbrState::loading && n.state != NbrState::full) {
        count(Counter::rx_ls_request_state);
        return;
    }
    Lsdb& db = area_of(i).lsdb;
    LsUpdate upd;
    std::size_t bytes = 20 + kHeaderSize + 4;
    auto flush = [&] {
        if (!upd.lsas.empty()) {
            send(i, exchange_destination(i, n), std::move(upd));
            upd = {};
            bytes = 20 + kHeaderSize + 4;
        }
    };
    for (const LsRequestEntry& e : req.entries) {
        auto lsa = e.ls_type <= 0xFF ? db.current(LsaKey{static_cast<std::uint8_t>(e.ls_type), e.ls_id, e.adv_router}, now)
                                     : std::nullopt;
        if (!lsa) {
            count(Counter::rx_ls_request_unknown_lsa);
            nbr_event(i, n, NbrEvent::bad_ls_req, now);
            return;
        }
        lsa->header.age = static_cast<std::uint16_t>(std::min<int>(lsa->header.age + 1, max_age));  // InfTransDelay
        if (bytes + lsa->header.length > i.cfg.mtu) {
            flush();
        }
        bytes += lsa->header.length;
        upd.lsas.push_back(std::move(*lsa));
    }
    flush();
}

}  // namespace ldpsync::ospf
