#pragma once
// shm records as the data-plane tests write them (in-process FibWriter or a Publisher).

#include <cstdint>
#include <vector>

#include "ldpsync/shm/records.hpp"
#include "packet_builder.hpp"

namespace ldpsync::dp::test {

inline shm::NextHop nexthop_record(std::uint32_t id, std::uint16_t link, const std::vector<std::uint32_t>& labels,
                                   const pktgen::Mac& mac) {
    shm::NextHop nh{};
    nh.nexthop_id = id;
    nh.link_id = link;
    nh.n_labels = static_cast<std::uint8_t>(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) nh.labels[i] = labels[i];
    nh.neighbor_mac = mac;
    return nh;
}

inline shm::NextHopGroup group_record(std::uint32_t id, const std::vector<std::uint32_t>& members) {
    shm::NextHopGroup g{};
    g.group_id = id;
    g.n_members = static_cast<std::uint8_t>(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) g.members[i] = members[i];
    return g;
}

}  // namespace ldpsync::dp::test
