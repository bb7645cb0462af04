#pragma once
// Turns label bindings into the data plane's entries: next hops (an NHLFE each), one ECMP
// group per FEC, FTN for the prefix and ILM for the local label. Today the bindings come from
// `mpls static binding` and from LDP's LIB (ldp_speaker), in that order: a static binding wins
// over LDP's for the same prefix.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ldpsync/shm/publisher.hpp"
#include "ldpsync/shm/tables.hpp"
#include "model.hpp"
#include "rib.hpp"

namespace ldpsync::daemon {

struct FibEntryView {
    config::Ipv4Prefix prefix;
    std::optional<std::uint32_t> local_label;
    struct Out {
        std::uint32_t next_hop = 0;
        std::string interface;  // empty: next hop not resolved through a connected route
        std::uint32_t label = 0;
    };
    std::vector<Out> outs;
};

class FibBuilder {
public:
    using LinkIdOf = std::function<std::optional<std::uint16_t>(const std::string& interface)>;
    // The neighbour's MAC when the kernel has resolved it (static `arp` entries win).
    using NeighborMac = std::function<std::optional<shm::MacAddress>(const std::string& interface, std::uint32_t ip)>;

    // Computes the desired tables from the bindings (static ones, then `ldp`) and the RIB
    // (which resolves each next hop to its interface, hence its link).
    static shm::ForwardingTables build(const config::Config& cfg, const rib::Rib& rib, const LinkIdOf& link_id,
                                       std::vector<FibEntryView>* view = nullptr, const NeighborMac& neighbor_mac = {},
                                       std::span<const config::StaticBinding> ldp = {});

    // Sends the difference between what was published and what is wanted, then commits.
    static std::uint64_t publish(shm::ForwardingPublisher& publisher, const shm::ForwardingTables& wanted);
};

}  // namespace ldpsync::daemon
