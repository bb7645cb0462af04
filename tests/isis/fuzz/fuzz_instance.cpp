// libFuzzer target for IsisInstance::receive: an instance whose point-to-point adjacency is Up
// takes arbitrary PDUs, then runs its timers. Properties: never crashes; the instance keeps
// answering (its own LSP stays in its database).

#include <cstddef>
#include <cstdint>
#include <span>

#include "isis/instance.hpp"

namespace {

using namespace ldpsync::isis;

InstanceConfig config() {
    InstanceConfig c;
    c.system_id = SystemId{0, 0, 0, 0, 0, 1};
    c.areas = {Bytes{std::byte{0x49}, std::byte{0x00}, std::byte{0x01}}};
    c.levels = circuit_type::l1_l2;
    InterfaceConfig e0;
    e0.name = "e0";
    e0.address = 0x0a000c01;
    e0.prefix_length = 24;
    c.interfaces = {e0};
    return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    TimePoint now{};
    IsisInstance i(config(), now);
    i.interface_up("e0", now);
    // Bring the adjacency up with a neighbour's Hello reporting Initializing.
    P2pHello h;
    h.circuit_type = circuit_type::l1_l2;
    h.source = SystemId{0, 0, 0, 0, 0, 2};
    h.holding_time = 30;
    h.tlvs.add(AreaAddresses{config().areas});
    h.tlvs.add(P2pAdjacency{ThreeWayState::initializing, 1, SystemId{0, 0, 0, 0, 0, 1}, 1});
    i.receive("e0", MacAddress{}, h.encode(), now);
    i.receive("e0", MacAddress{}, std::as_bytes(std::span(data, size)), now);
    for (int k = 0; k < 3; ++k) {
        now += std::chrono::seconds{1};
        i.poll(now);
        (void)i.take_output();
        (void)i.take_events();
    }
    if (i.lsdb(Level::l2).find(LspId{config().system_id, 0, 0}) == nullptr) __builtin_trap();
    return 0;
}
