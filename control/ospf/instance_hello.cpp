// The Hello protocol of OspfInstance: sending (9.5) and receiving (10.5).
#include <algorithm>

#include "instance.hpp"

namespace ldpsync::ospf {

// 9.5: every HelloInterval to AllSPFRouters, listing every neighbour heard from (>= Init).
void OspfInstance::send_hello(Interface& i) {
    Hello h;
    h.network_mask = i.cfg.mask;
    h.hello_interval = i.cfg.hello_interval;
    h.options = options::e;
    h.priority = i.cfg.priority;
    h.dead_interval = i.cfg.dead_interval;
    if (i.cfg.type == NetworkType::broadcast) {
        h.dr = i.dr;
        h.bdr = i.bdr;
    }
    for (const auto& [key, n] : i.neighbors) {
        if (n.state >= NbrState::init) {
            h.neighbors.push_back(n.router_id);
        }
    }
    send(i, kAllSpfRouters, std::move(h));
}

// 10.5: parameter checks (each mismatch a named drop), then the neighbour events.
void OspfInstance::on_hello(Interface& i, std::uint32_t source, const Header& header, const Hello& hello,
                            TimePoint now) {
    // The network mask is checked on broadcast networks only (point-to-point: not, 10.5).
    if (i.cfg.type == NetworkType::broadcast && hello.network_mask != i.cfg.mask) {
        count(Counter::rx_hello_mask_mismatch);
        return;
    }
    if (hello.hello_interval != i.cfg.hello_interval) {
        count(Counter::rx_hello_interval_mismatch);
        return;
    }
    if (hello.dead_interval != i.cfg.dead_interval) {
        count(Counter::rx_hello_dead_interval_mismatch);
        return;
    }
    // The E bit must match the area's ExternalRoutingCapability: every area here is a normal
    // (non-stub) area, so E must be set (10.5, 3.6).
    if ((hello.options & options::e) == 0) {
        count(Counter::rx_hello_options_mismatch);
        return;
    }
    const bool broadcast = i.cfg.type == NetworkType::broadcast;
    const std::uint32_t key = broadcast ? source : header.router_id;
    auto [it, created] = i.neighbors.try_emplace(key);
    Neighbor& n = it->second;
    const std::uint8_t old_priority = created ? hello.priority : n.priority;
    const std::uint32_t old_dr = n.dr;
    const std::uint32_t old_bdr = n.bdr;
    n.router_id = header.router_id;
    n.address = source;
    n.priority = hello.priority;
    n.options = hello.options;
    n.dr = broadcast ? hello.dr : 0;
    n.bdr = broadcast ? hello.bdr : 0;

    nbr_event(i, n, NbrEvent::hello_received, now);
    const bool listed =
        std::find(hello.neighbors.begin(), hello.neighbors.end(), config_.router_id) != hello.neighbors.end();
    if (!listed) {
        nbr_event(i, n, NbrEvent::one_way_received, now);
        return;  // 10.5: processing stops here
    }
    nbr_event(i, n, NbrEvent::two_way_received, now);
    if (!broadcast) {
        return;
    }
    if (old_priority != n.priority) {
        i.neighbor_change_pending = true;
    }
    // BackupSeen ends the wait early: the neighbour declares itself BDR, or DR with no BDR.
    const bool declares_dr = n.dr == source;
    const bool declares_bdr = n.bdr == source;
    if (i.state == IfState::waiting && (declares_bdr || (declares_dr && n.bdr == 0))) {
        i.neighbor_change_pending = false;
        if_event(i, IfEvent::backup_seen, now);
        return;
    }
    if (declares_dr != (old_dr == source) || declares_bdr != (old_bdr == source)) {
        i.neighbor_change_pending = true;
    }
}

}  // namespace ldpsync::ospf
