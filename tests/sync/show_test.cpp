// Show output. Where the guide gives an example ("Verifying MPLS LDP-IGP Synchronization with
// OSPF", steps 2 and 3), the text is compared line by line with a verbatim excerpt of the guide
// (golden/guide/). Other states and the JSON forms are compared with reviewed golden files.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "golden_file.hpp"
#include "sync_rig.hpp"
#include "sync_show.hpp"

namespace ldpsync::sync {
namespace {

using namespace std::chrono_literals;
using test::Rig;

constexpr LdpIdent k_peer{0x0A000001u, 0};  // 10.0.0.1:0

std::string dump(const nlohmann::ordered_json& j)
{
    return j.dump(2) + "\n";
}

// FastEthernet0/0/0 in the guide's step 2 example: mpls ip, OSPF 1, synced with 10.0.0.1:0.
void guide_step2_achieved(Rig& r)
{
    r.configure(LdpSource::mpls_ip);
    r.m.peer_reachability(true);
    r.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
    r.m.igp_adjacency(true);
}

// FastEthernet0/3/1 in the guide's step 2 example: LDP configured, no mpls ldp igp sync.
void guide_step2_not_enabled(Rig& r)
{
    r.configure(LdpSource::mpls_ip);
    r.m.set_interface_sync(false);
}

// The guide's step 3 example: LDP through autoconfig, sync, no holddown.
void guide_step3(Rig& r)
{
    r.configure(LdpSource::autoconfig);
    r.m.peer_reachability(true);
    r.m.ldp_synced(SyncTrigger::end_of_lib, LdpIdent{0x0A000002u, 0});
    r.m.igp_adjacency(true);
}

TEST(SyncShowGuide, ShowMplsLdpIgpSyncAchieved)
{
    Rig r{test::ospf_interface("FastEthernet0/0/0", "1", "0")};
    guide_step2_achieved(r);
    test::expect_guide_output("show_mpls_ldp_igp_sync_enabled.txt", format_ldp_igp_sync(make_show_model(r.m)));
}

TEST(SyncShowGuide, ShowMplsLdpIgpSyncNotEnabled)
{
    Rig r{test::ospf_interface("FastEthernet0/3/1", "1", "0")};
    guide_step2_not_enabled(r);
    test::expect_guide_output("show_mpls_ldp_igp_sync_not_enabled.txt",
                              format_ldp_igp_sync(make_show_model(r.m)));
}

TEST(SyncShowGuide, ShowIpOspfMplsLdpInterface)
{
    Rig a{test::ospf_interface("FastEthernet0/3/1", "1", "0")};
    Rig b{test::ospf_interface("FastEthernet0/0/2", "1", "0")};
    guide_step3(a);
    guide_step3(b);
    std::vector<ShowModel> models{make_show_model(a.m), make_show_model(b.m)};
    test::expect_guide_output("show_ip_ospf_mpls_ldp_interface.txt", format_ospf_mpls_ldp_interface(models));
}

TEST(SyncShowGuide, JsonFormsOfTheGuideExamples)
{
    Rig achieved{test::ospf_interface("FastEthernet0/0/0", "1", "0")};
    Rig not_enabled{test::ospf_interface("FastEthernet0/3/1", "1", "0")};
    guide_step2_achieved(achieved);
    guide_step2_not_enabled(not_enabled);
    std::vector<ShowModel> step2{make_show_model(achieved.m), make_show_model(not_enabled.m)};
    test::expect_golden("show_mpls_ldp_igp_sync.json", dump(ldp_igp_sync_json(step2)));

    Rig a{test::ospf_interface("FastEthernet0/3/1", "1", "0")};
    Rig b{test::ospf_interface("FastEthernet0/0/2", "1", "0")};
    guide_step3(a);
    guide_step3(b);
    std::vector<ShowModel> step3{make_show_model(a.m), make_show_model(b.m)};
    test::expect_golden("show_ip_ospf_mpls_ldp_interface.json", dump(ospf_mpls_ldp_interface_json(step3)));
}

// One interface per state the guide describes, for the states the guide has no example for.
class Gallery {
public:
    explicit Gallery(bool isis)
    {
        auto id = [isis](const char* name) {
            return isis ? test::isis_interface(name) : test::ospf_interface(name, "1", "0");
        };
        // Waiting for sync with a 10 s holddown, 4 s in.
        auto& holding_timer = add(id("POS0/0/0"));
        holding_timer.m.set_holddown(10000ms);
        holding_timer.configure();
        holding_timer.m.peer_reachability(true);
        holding_timer.advance(4s);
        // Waiting for sync, infinite holddown.
        auto& holding = add(id("POS0/1/0"));
        holding.configure();
        holding.m.peer_reachability(true);
        // Peer not reachable: adjacency up at max metric.
        auto& max_metric = add(id("POS1/1/0"));
        max_metric.configure();
        max_metric.m.igp_adjacency(true);
        // Delay timer running; the delay was changed to 30 s while it ran (saved, not applied).
        auto& delay = add(id("POS1/2/0"));
        delay.m.set_delay(10s);
        delay.configure(LdpSource::autoconfig);
        delay.m.peer_reachability(true);
        delay.m.igp_adjacency(true);
        delay.m.ldp_synced(SyncTrigger::end_of_lib, k_peer);
        delay.advance(3s);
        delay.m.set_delay(30s);
        // GR protected.
        auto& gr = add(id("POS2/0/0"));
        gr.configure();
        gr.m.peer_reachability(true);
        gr.m.igp_adjacency(true);
        gr.m.ldp_synced(SyncTrigger::end_of_lib, LdpIdent{0x0A000003u, 0});
        gr.m.session_down_gr(120s);
        // NSF startup.
        auto& nsf = add(id("POS2/1/0"));
        nsf.m.nsf_startup(true);
        nsf.configure();
        nsf.m.igp_adjacency(true);
        // No LDP on the interface.
        auto& no_ldp = add(id("POS3/0/0"));
        no_ldp.m.set_in_igp(true);
        no_ldp.m.set_process_sync(true);
        no_ldp.m.igp_adjacency(true);
    }

    std::vector<ShowModel> models() const
    {
        std::vector<ShowModel> out;
        for (const auto& r : _rigs) {
            out.push_back(make_show_model(r->m));
        }
        return out;
    }

private:
    Rig& add(Identity id)
    {
        _rigs.push_back(std::make_unique<Rig>(std::move(id)));
        return *_rigs.back();
    }
    std::vector<std::unique_ptr<Rig>> _rigs;
};

TEST(SyncShowStates, ShowMplsLdpIgpSync)
{
    auto models = Gallery{false}.models();
    test::expect_golden("show_mpls_ldp_igp_sync_states.txt", format_ldp_igp_sync(models));
}

TEST(SyncShowStates, ShowIpOspfMplsLdpInterface)
{
    auto models = Gallery{false}.models();
    test::expect_golden("show_ip_ospf_mpls_ldp_interface_states.txt", format_ospf_mpls_ldp_interface(models));
}

TEST(SyncShowStates, ShowIsisMplsLdp)
{
    auto models = Gallery{true}.models();
    test::expect_golden("show_isis_mpls_ldp_states.txt", format_isis_mpls_ldp(models));
    test::expect_golden("show_isis_mpls_ldp_states.json", dump(isis_mpls_ldp_json(models)));
}

TEST(SyncShowStates, DetailJson)
{
    auto models = Gallery{false}.models();
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const ShowModel& m : models) {
        all.push_back(detail_json(m));
    }
    test::expect_golden("show_detail_states.json", dump(all));
}

}  // namespace
}  // namespace ldpsync::sync
