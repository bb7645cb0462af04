// The configuration as an OSPF instance sees it: areas from network statements, network
// types, timers, passive interfaces and the router id order.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ospf_config.hpp"
#include "parser.hpp"
#include "render.hpp"

namespace ldpsync::daemon {
namespace {

config::Config parse(const std::string& text) {
    auto r = config::parse_config(text);
    EXPECT_TRUE(r.ok()) << r.format_errors();
    return r.config.value_or(config::Config{});
}

TEST(OspfConfig, GuideExampleInterfacesAreInArea3AsPointToPoint) {
    std::ifstream in(std::string(LDPSYNC_CONFIG_GUIDE_DIR) + "/ospf_example.txt");
    std::stringstream ss;
    ss << in.rdbuf();
    const auto cfg = parse(ss.str());
    const auto inst = ospf_instance_config(cfg, 1);
    ASSERT_TRUE(inst);
    ASSERT_EQ(inst->interfaces.size(), 4u);
    for (const auto& i : inst->interfaces) {
        EXPECT_EQ(i.area, 3u) << i.name;
        EXPECT_EQ(i.type, ospf::NetworkType::point_to_point) << i.name;  // POS: PPP/HDLC
    }
    EXPECT_EQ(inst->router_id, *config::parse_ipv4("10.1.1.1"));  // highest address, no loopback
    EXPECT_FALSE(ospf_instance_config(cfg, 2).has_value());
}

TEST(OspfConfig, TimersNetworkTypePassiveAndRouterId) {
    const auto cfg = parse(
        "interface lo\n ip address 1.1.1.1 255.255.255.255\n"
        "interface eth1\n ip address 10.0.12.1 255.255.255.0\n ip ospf network point-to-point\n"
        " ip ospf hello-interval 1\n ip ospf dead-interval 4\n ip ospf cost 20\n"
        "interface eth2\n ip address 10.0.13.1 255.255.255.0\n ip ospf priority 0\n"
        "interface eth3\n ip address 192.168.9.1 255.255.255.0\n"
        "router ospf 1\n network 10.0.0.0 0.0.255.255 area 0\n network 1.1.1.1 0.0.0.0 area 0\n"
        " passive-interface eth2\n");
    const auto inst = ospf_instance_config(cfg, 1);
    ASSERT_TRUE(inst);
    EXPECT_EQ(inst->router_id, *config::parse_ipv4("1.1.1.1"));  // the loopback wins over 192.168.9.1
    ASSERT_EQ(inst->interfaces.size(), 3u);                      // eth3 is not covered
    const auto& e1 = inst->interfaces[0];
    EXPECT_EQ(e1.name, "eth1");
    EXPECT_EQ(e1.type, ospf::NetworkType::point_to_point);
    EXPECT_EQ(e1.hello_interval, 1);
    EXPECT_EQ(e1.dead_interval, 4u);
    EXPECT_EQ(e1.cost, 20);
    const auto& e2 = inst->interfaces[1];
    EXPECT_EQ(e2.type, ospf::NetworkType::broadcast);
    EXPECT_EQ(e2.priority, 0);
    EXPECT_TRUE(e2.passive);
    EXPECT_EQ(e2.dead_interval, 40u);
    EXPECT_TRUE(inst->interfaces[2].loopback);
    EXPECT_TRUE(inst->interfaces[2].passive);
}

TEST(OspfConfig, RouterIdOrder) {
    auto cfg = parse("interface eth1\n ip address 10.0.0.1 255.255.255.0\nrouter ospf 1\n network 10.0.0.0 0.0.0.255 area 0\n");
    EXPECT_EQ(ospf_router_id(cfg, cfg.ospf.at(1)), *config::parse_ipv4("10.0.0.1"));
    cfg = parse("interface eth1\n ip address 10.0.0.1 255.255.255.0\nmpls ldp router-id 9.9.9.9\nrouter ospf 1\n");
    EXPECT_EQ(ospf_router_id(cfg, cfg.ospf.at(1)), *config::parse_ipv4("9.9.9.9"));
    cfg = parse("mpls ldp router-id 9.9.9.9\nrouter ospf 1\n router-id 7.7.7.7\n");
    EXPECT_EQ(ospf_router_id(cfg, cfg.ospf.at(1)), *config::parse_ipv4("7.7.7.7"));
    cfg = parse("router ospf 1\n");
    EXPECT_FALSE(ospf_router_id(cfg, cfg.ospf.at(1)).has_value());
}

TEST(OspfConfig, Md5AuthenticationNeedsTheModeAndTakesTheKey) {
    const auto cfg = parse(
        "interface eth1\n ip address 10.0.12.1 255.255.255.0\n ip ospf authentication message-digest\n"
        " ip ospf message-digest-key 7 md5 s3cret\n"
        "interface eth2\n ip address 10.0.13.1 255.255.255.0\n ip ospf message-digest-key 1 md5 unused\n"
        "interface eth3\n ip address 10.0.14.1 255.255.255.0\n ip ospf authentication message-digest\n"
        "router ospf 1\n network 10.0.0.0 0.255.255.255 area 0\n");
    const auto inst = ospf_instance_config(cfg, 1);
    ASSERT_TRUE(inst);
    ASSERT_EQ(inst->interfaces.size(), 3u);
    for (const auto& i : inst->interfaces) {
        if (i.name == "eth1") {
            EXPECT_EQ(i.md5_key_id, std::optional<std::uint8_t>(7));
            EXPECT_EQ(i.md5_key, "s3cret");
        } else if (i.name == "eth2") {
            EXPECT_FALSE(i.md5_key_id.has_value());  // a key alone does nothing
        } else {
            EXPECT_EQ(i.md5_key_id, std::optional<std::uint8_t>(0));  // the mode alone: key id 0, empty key
            EXPECT_EQ(i.md5_key, "");
        }
    }
    // Rendered and parsed back identically; a key over 16 characters is refused.
    const auto again = parse(config::render(cfg));
    EXPECT_EQ(again, cfg);
    EXPECT_FALSE(config::parse_config("interface eth1\n ip ospf message-digest-key 1 md5 12345678901234567\n").ok());
}

}  // namespace
}  // namespace ldpsync::daemon
