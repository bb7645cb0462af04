#include "fib_builder.hpp"

#include <algorithm>

namespace ldpsync::daemon {

shm::ForwardingTables FibBuilder::build(const config::Config& cfg, const rib::Rib& rib, const LinkIdOf& link_id,
                                        std::vector<FibEntryView>* view, const NeighborMac& neighbor_mac,
                                        std::span<const config::StaticBinding> ldp) {
    shm::ForwardingTables t;
    std::uint32_t next_nexthop = 1;
    std::uint32_t next_group = 1;
    std::vector<const config::StaticBinding*> bindings;
    for (const auto& b : cfg.static_bindings) bindings.push_back(&b);
    for (const auto& b : ldp) {
        // A static binding wins for its prefix and its local label.
        const bool shadowed = std::any_of(cfg.static_bindings.begin(), cfg.static_bindings.end(), [&](const auto& s) {
            return s.prefix == b.prefix || (s.input_label && s.input_label == b.input_label);
        });
        if (!shadowed) bindings.push_back(&b);
    }
    for (const auto* bp : bindings) {
        const auto& b = *bp;
        FibEntryView entry{b.prefix, b.input_label, {}};
        shm::NextHopGroup group{};
        group.group_id = next_group++;
        for (const auto& out : b.outputs) {
            FibEntryView::Out o{out.next_hop, {}, out.label};
            const rib::Route* via = rib.lookup(out.next_hop);
            if (via != nullptr && via->source == rib::Source::connected && !via->next_hops.empty()) {
                o.interface = via->next_hops.front().interface;
            }
            entry.outs.push_back(o);
            const auto link = o.interface.empty() ? std::nullopt : link_id(o.interface);
            if (!link || group.n_members == shm::kMaxEcmpMembers) {
                continue;  // unresolved next hop: nothing the data plane could send on
            }
            shm::NextHop nh{};
            nh.nexthop_id = next_nexthop++;
            nh.link_id = *link;
            nh.neighbor_ipv4 = out.next_hop;
            if (auto arp = cfg.arp.find(out.next_hop); arp != cfg.arp.end()) {
                nh.neighbor_mac = arp->second;
            } else if (neighbor_mac) {
                if (auto mac = neighbor_mac(o.interface, out.next_hop)) nh.neighbor_mac = *mac;
            }
            // Implicit-null is no label at all (PHP); explicit-null is label 0 on the wire.
            if (out.label != config::kImplicitNull) {
                nh.n_labels = 1;
                nh.labels[0] = out.label;
            }
            t.nexthops.emplace(nh.nexthop_id, nh);
            group.members[group.n_members++] = nh.nexthop_id;
        }
        if (view != nullptr) {
            view->push_back(entry);
        }
        if (group.n_members > 0) {
            t.groups.emplace(group.group_id, group);
            t.ftn.emplace(shm::FtnEntry{.prefix = b.prefix.address, .prefix_len = b.prefix.length}.key(),
                          shm::FtnEntry{.prefix = b.prefix.address, .prefix_len = b.prefix.length, .reserved = {},
                                        .group_id = group.group_id});
        }
        if (b.input_label) {
            // A local label with nowhere to go is popped and the packet looked up here.
            const bool forward = group.n_members > 0;
            t.ilm.emplace(*b.input_label, shm::IlmEntry{.in_label = *b.input_label,
                                                        .group_id = forward ? group.group_id : 0,
                                                        .action = forward ? shm::IlmAction::forward
                                                                          : shm::IlmAction::pop_lookup,
                                                        .reserved = {}});
        }
    }
    return t;
}

std::uint64_t FibBuilder::publish(shm::ForwardingPublisher& p, const shm::ForwardingTables& wanted) {
    const shm::ForwardingTables current = p.state();
    // Removals first, users before what they use; then additions, dependencies first.
    for (const auto& [k, v] : current.ftn) {
        if (!wanted.ftn.contains(k)) p.del_ftn(v.prefix, v.prefix_len);
    }
    for (const auto& [k, v] : current.ilm) {
        if (!wanted.ilm.contains(k)) p.del_ilm(k);
    }
    for (const auto& [k, v] : current.groups) {
        if (!wanted.groups.contains(k)) p.del_group(k);
    }
    for (const auto& [k, v] : current.nexthops) {
        if (!wanted.nexthops.contains(k)) p.del_nexthop(k);
    }
    for (const auto& [k, v] : wanted.nexthops) p.set_nexthop(v);
    for (const auto& [k, v] : wanted.groups) p.set_group(v);
    for (const auto& [k, v] : wanted.ilm) p.set_ilm(v);
    for (const auto& [k, v] : wanted.ftn) p.set_ftn(v);
    return p.commit();
}

}  // namespace ldpsync::daemon
