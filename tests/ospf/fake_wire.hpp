#pragma once
// A fake wire for OspfInstance tests: instances joined by segments, a manual clock. Every
// packet an instance outputs is checked to decode, then delivered as bytes to the other ports
// of its segment (multicast to all; AllDRouters filtering is the receiver's 8.2 check; unicast
// only to the port owning the address). A filter can drop packets (loss, link cut).

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ospf/instance.hpp"
#include "packet.hpp"

namespace ldpsync::ospf::test {

inline constexpr std::uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
}

struct Port {
    std::size_t router = 0;
    std::string interface;
    std::uint32_t address = 0;
};

struct WirePacket {
    std::size_t from = 0;  // router index
    OutPacket packet;
    Packet decoded;
};

class FakeWire {
public:
    std::vector<std::unique_ptr<OspfInstance>> routers;
    std::vector<std::vector<Port>> segments;
    std::vector<std::vector<InstanceEvent>> events;  // per router, in order
    TimePoint now = TimePoint{} + std::chrono::hours{1};
    // Returns true to drop the packet (before any port sees it).
    std::function<bool(const WirePacket&)> drop;
    std::vector<WirePacket> log;  // every packet put on the wire (dropped ones included)

    std::size_t add(InstanceConfig c) {
        routers.push_back(std::make_unique<OspfInstance>(std::move(c), now));
        events.emplace_back();
        return routers.size() - 1;
    }
    void connect(std::vector<Port> ports) { segments.push_back(std::move(ports)); }
    OspfInstance& r(std::size_t i) { return *routers.at(i); }

    void start() {
        for (auto& r : routers) {
            r->start(now);
        }
        deliver();
    }

    // Advances the clock in `step`s for `d`, polling every instance and delivering output.
    void run(std::chrono::milliseconds d, std::chrono::milliseconds step = std::chrono::milliseconds{100}) {
        const TimePoint end = now + d;
        while (now < end) {
            now += step;
            for (auto& r : routers) {
                r->poll(now);
            }
            deliver();
        }
    }

    void deliver() {
        for (int rounds = 0; rounds < 1000; ++rounds) {
            bool any = false;
            for (std::size_t i = 0; i < routers.size(); ++i) {
                collect_events(i);
                for (OutPacket& o : routers[i]->take_output()) {
                    any = true;
                    transmit(i, std::move(o));
                }
                collect_events(i);
            }
            if (!any) {
                return;
            }
        }
        ADD_FAILURE() << "packet storm";
    }

    std::size_t count(std::size_t from, PacketType type) const {
        std::size_t n = 0;
        for (const WirePacket& w : log) {
            n += (w.from == from && w.decoded.type() == type) ? 1 : 0;
        }
        return n;
    }

private:
    void collect_events(std::size_t i) {
        for (InstanceEvent& e : routers[i]->take_events()) {
            events[i].push_back(std::move(e));
        }
    }

    void transmit(std::size_t from, OutPacket o) {
        auto decoded = Packet::decode(o.bytes);
        if (!decoded) {
            ADD_FAILURE() << "router " << from << " sent undecodable bytes";
            return;
        }
        WirePacket w{from, std::move(o), std::move(*decoded)};
        log.push_back(w);
        if (drop && drop(w)) {
            return;
        }
        const bool multicast = (w.packet.destination >> 28) == 0xE;
        for (const auto& seg : segments) {
            bool on = false;
            for (const Port& p : seg) {
                on = on || (p.router == from && p.interface == w.packet.interface);
            }
            if (!on) {
                continue;
            }
            for (const Port& p : seg) {
                if (p.router == from || (!multicast && p.address != w.packet.destination)) {
                    continue;
                }
                routers[p.router]->receive(p.interface, w.packet.source, w.packet.bytes, now, w.packet.destination);
            }
        }
    }
};

}  // namespace ldpsync::ospf::test
