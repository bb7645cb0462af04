#pragma once
// What the IS-IS instance tests share: ids by their last byte, the area 49.0001, and a level-2
// router with a loopback (n.n.n.n) and one link "e0" at 1 s Hellos.

#include <cstdint>
#include <string>

#include "isis/instance.hpp"

namespace ldpsync::isis::test {

inline SystemId sys(std::uint8_t last) { return SystemId{0, 0, 0, 0, 0, last}; }
inline MacAddress mac(std::uint8_t last) { return MacAddress{2, 0, 0, 0, 0, last}; }
inline const Bytes kArea{std::byte{0x49}, std::byte{0x00}, std::byte{0x01}};

// Router `id` with e0 at `link_address`/24, point-to-point or broadcast.
inline InstanceConfig router_on_link(std::uint8_t id, std::uint32_t link_address, bool point_to_point,
                                     std::uint8_t priority = 64) {
    InstanceConfig c;
    c.system_id = sys(id);
    c.areas = {kArea};
    c.hostname = "r" + std::to_string(id);
    c.levels = circuit_type::l2;
    InterfaceConfig lo;
    lo.name = "lo";
    lo.loopback = true;
    lo.address = 0x01010101u * id;
    lo.prefix_length = 32;
    InterfaceConfig e0;
    e0.name = "e0";
    e0.point_to_point = point_to_point;
    e0.address = link_address;
    e0.prefix_length = 24;
    e0.hello_interval_s = 1;
    e0.priority = priority;
    c.interfaces = {lo, e0};
    return c;
}

}  // namespace ldpsync::isis::test
