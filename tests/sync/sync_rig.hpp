#pragma once
// A sync instance on a manual clock, with the configuration steps of the guide as helpers.

#include <string>
#include <utility>
#include <vector>

#include "sync_clock.hpp"
#include "sync_machine.hpp"

namespace ldpsync::sync::test {

inline Identity ospf_interface(std::string name, std::string process = "1", std::string area = "0")
{
    return Identity{IgpKind::ospf, std::move(process), std::move(name), std::move(area), MetricStyle::wide};
}

inline Identity isis_interface(std::string name, std::string tag = "", MetricStyle style = MetricStyle::wide)
{
    return Identity{IgpKind::isis, std::move(tag), std::move(name), "", style};
}

class Rig {
public:
    explicit Rig(Identity id = ospf_interface("POS0/0/0")) : m(std::move(id), clock) {}
    // The machine points at this rig's clock: a copy would share or dangle it.
    Rig(const Rig&) = delete;
    Rig& operator=(const Rig&) = delete;

    // interface: mpls ip; router ospf 1: network ... area ...; mpls ldp sync
    // (guide, "Configuring MPLS LDP-IGP Synchronization with OSPF Interfaces", steps 7, 10, 11).
    void configure(LdpSource ldp = LdpSource::mpls_ip)
    {
        m.set_ldp(ldp, true);
        m.set_in_igp(true);
        m.set_process_sync(true);
    }

    Effects advance(Duration d)
    {
        clock.advance(d);
        return m.poll_timers();
    }

    ManualClock clock;  // declared before the machine, which keeps a pointer to it
    SyncMachine m;
};

inline std::vector<Action> actions_of(const Effects& fx)
{
    std::vector<Action> out;
    for (const Step& s : fx.steps) {
        if (s.disposition == Disposition::apply) {
            out.insert(out.end(), s.actions.begin(), s.actions.end());
        }
    }
    return out;
}

}  // namespace ldpsync::sync::test
