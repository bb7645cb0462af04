// The configuration as an IS-IS instance sees it: system id and area from the NET, levels,
// circuit types, the IOS default circuit type by interface name, passive interfaces, metrics,
// timers and the HMAC-MD5 keys from key chains.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "isis_config.hpp"
#include "parser.hpp"

namespace ldpsync::daemon {
namespace {

config::Config parse(const std::string& text) {
    auto r = config::parse_config(text);
    EXPECT_TRUE(r.ok()) << r.format_errors();
    return r.config.value_or(config::Config{});
}

const isis::InterfaceConfig* find(const isis::InstanceConfig& c, const std::string& name) {
    for (const auto& i : c.interfaces) {
        if (i.name == name) return &i;
    }
    return nullptr;
}

// The guide's transcript with its NET: both POS interfaces are point-to-point circuits of the
// untagged process, at the IOS defaults.
TEST(IsisConfig, GuideExampleWithItsNet) {
    std::ifstream in(std::string(LDPSYNC_CONFIG_GUIDE_DIR) + "/isis_example.txt");
    std::stringstream ss;
    ss << in.rdbuf();
    auto cfg = parse(ss.str() + "\ninterface POS0/2/0\n ip address 10.0.1.1 255.255.255.0\ninterface POS0/3/0\n"
                                " ip address 10.0.2.1 255.255.255.0\nrouter isis\n net 49.0001.0000.0000.0001.00\n");
    const auto inst = isis_instance_config(cfg, "");
    ASSERT_TRUE(inst);
    EXPECT_EQ(inst->system_id, (isis::SystemId{0, 0, 0, 0, 0, 1}));
    ASSERT_EQ(inst->areas.size(), 1u);
    EXPECT_EQ(isis::format_area(inst->areas[0]), "49.0001");
    EXPECT_EQ(inst->levels, isis::circuit_type::l1_l2);  // IOS default is-type
    ASSERT_EQ(inst->interfaces.size(), 2u);
    for (const auto& i : inst->interfaces) {
        EXPECT_TRUE(i.point_to_point) << i.name;
        EXPECT_EQ(i.metric, 10u);
        EXPECT_EQ(i.hello_interval_s, 10);
        EXPECT_EQ(i.hello_multiplier, 3);
        EXPECT_FALSE(i.hello_key);
    }
    EXPECT_FALSE(isis_instance_config(cfg, "OTHER"));
}

TEST(IsisConfig, InterfacesLevelsTimersPassiveAndKeys) {
    const auto cfg = parse(
        "hostname core-1\n"
        "key chain ISIS\n key 2\n  key-string second\n key 1\n  key-string first\n"
        "interface Loopback0\n ip address 1.1.1.1 255.255.255.255\n"
        "interface eth0\n ip address 10.0.0.1 255.255.255.0\n ip router isis CORE\n isis metric 30\n"
        " isis hello-interval 2\n isis hello-multiplier 5\n isis circuit-type level-2-only\n isis priority 90\n"
        " isis authentication mode md5\n isis authentication key-chain ISIS\n"
        "interface eth1\n ip address 10.0.1.1 255.255.255.0\n ip router isis CORE\n isis network point-to-point\n"
        "interface eth2\n ip address 10.0.2.1 255.255.255.0\n ip router isis OTHER\n"
        "interface eth3\n ip address 10.0.3.1 255.255.255.0\n ip router isis CORE\n shutdown\n"
        "router isis CORE\n net 49.0002.1921.6800.1001.00\n is-type level-2-only\n metric-style narrow\n"
        " passive-interface Loopback0\n set-overload-bit on-startup 60\n authentication mode md5\n"
        "router isis OTHER\n net 49.0003.1921.6800.1001.00\n");
    const auto inst = isis_instance_config(cfg, "CORE");
    ASSERT_TRUE(inst);
    EXPECT_EQ(inst->hostname, "core-1");
    EXPECT_EQ(inst->levels, isis::circuit_type::l2);
    EXPECT_EQ(inst->metric_style, isis::MetricStyle::narrow);
    EXPECT_EQ(inst->overload_on_startup, std::chrono::seconds{60});
    // `mode md5` without a key chain: the empty key, as IOS sends and checks.
    EXPECT_EQ(inst->lsp_key, std::string{});
    EXPECT_EQ(inst->interfaces.size(), 3u);  // Loopback0 (passive), eth0, eth1; not eth2 (OTHER), not eth3 (shut)
    const auto* lo = find(*inst, "Loopback0");
    ASSERT_NE(lo, nullptr);
    EXPECT_TRUE(lo->loopback);
    EXPECT_TRUE(lo->passive);
    const auto* e0 = find(*inst, "eth0");
    ASSERT_NE(e0, nullptr);
    EXPECT_FALSE(e0->point_to_point);  // Ethernet: broadcast unless configured
    EXPECT_EQ(e0->metric, 30u);
    EXPECT_EQ(e0->hello_interval_s, 2);
    EXPECT_EQ(e0->hello_multiplier, 5);
    EXPECT_EQ(e0->priority, 90);
    EXPECT_EQ(e0->levels, isis::circuit_type::l2);
    EXPECT_EQ(e0->hello_key, "first");  // the lowest key id with a key string
    EXPECT_EQ(e0->address, 0x0a000001u);
    EXPECT_EQ(e0->prefix_length, 24);
    const auto* e1 = find(*inst, "eth1");
    ASSERT_NE(e1, nullptr);
    EXPECT_TRUE(e1->point_to_point);
    EXPECT_FALSE(e1->hello_key);
    const auto other = isis_instance_config(cfg, "OTHER");
    ASSERT_TRUE(other);
    EXPECT_EQ(other->interfaces.size(), 1u);
}

}  // namespace
}  // namespace ldpsync::daemon
