// The IOS-style configuration: the guide's examples verbatim, every kind of error with its
// line and column, the guide's restrictions, atomic application, and running-config round trips.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "parser.hpp"
#include "render.hpp"

namespace ldpsync::config {
namespace {

std::string read_guide(const std::string& name) {
    std::ifstream in(std::string(LDPSYNC_CONFIG_GUIDE_DIR) + "/" + name);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Config parse_ok(std::string_view text) {
    auto r = parse_config(text);
    EXPECT_TRUE(r.ok()) << r.format_errors();
    return r.config.value_or(Config{});
}

Diagnostic parse_error(std::string_view text) {
    auto r = parse_config(text);
    EXPECT_FALSE(r.ok());
    EXPECT_FALSE(r.config.has_value());
    return r.errors.empty() ? Diagnostic{} : r.errors.front();
}

// The guide's IS-IS transcripts leave out the NET that IS-IS cannot run without; the tests
// add it after the verbatim text, as an operator would.
constexpr std::string_view kUntaggedNet = "router isis\n net 49.0001.0000.0000.0001.00\n";

std::string with_lines(const std::string& transcript, std::string_view lines) {
    return transcript + "\n" + std::string(lines);
}

void expect_round_trip(const Config& c) {
    const std::string text = render(c);
    auto again = parse_config(text);
    ASSERT_TRUE(again.ok()) << again.format_errors() << text;
    EXPECT_EQ(*again.config, c) << text;
    EXPECT_EQ(render(*again.config), text);
}

TEST(GuideExamples, OspfExampleVerbatim) {
    auto r = parse_config(read_guide("ospf_example.txt"));
    ASSERT_TRUE(r.ok()) << r.format_errors();
    const Config& c = *r.config;
    ASSERT_EQ(c.interfaces.size(), 4u);
    for (const char* name : {"POS0/0/0", "POS0/1/0", "POS1/1/0", "POS1/0/0"}) {
        ASSERT_TRUE(c.interfaces.contains(name)) << name;
        EXPECT_TRUE(c.interfaces.at(name).mpls_ip) << name;
    }
    EXPECT_EQ(c.interfaces.at("POS0/0/0").address->address, *parse_ipv4("10.0.0.1"));
    EXPECT_TRUE(c.interfaces.at("POS0/0/0").igp_sync);
    EXPECT_FALSE(c.interfaces.at("POS1/0/0").igp_sync);
    ASSERT_TRUE(c.ospf.contains(1));
    EXPECT_TRUE(c.ospf.at(1).ldp_sync);
    ASSERT_EQ(c.ospf.at(1).networks.size(), 2u);
    EXPECT_EQ(c.ospf.at(1).networks[0].area, 3u);
    // The guide writes "ip address 10.0.0.1" with no mask: accepted, with a warning each.
    EXPECT_EQ(r.warnings.size(), 4u);
    EXPECT_EQ(r.warnings[0].line, 3);
    // The network statements put all four interfaces in OSPF 1, area 3.
    for (const auto& [name, itf] : c.interfaces) {
        ASSERT_EQ(c.ospf_processes_for(itf).size(), 1u) << name;
        EXPECT_TRUE(c.ldp_enabled(itf));
    }
    expect_round_trip(c);
}

TEST(GuideExamples, IsisExampleVerbatimIsRefusedForWantOfANet) {
    auto r = parse_config(read_guide("isis_example.txt"));
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.errors.size(), 1u) << r.format_errors();
    const Diagnostic& d = r.errors.front();
    EXPECT_EQ(d.message, "router isis: no 'net' configured; IS-IS needs a NET such as 49.0001.0000.0000.0001.00");
    EXPECT_EQ(d.line, 8);  // the first "router isis" of the transcript
    EXPECT_EQ(d.column, 17);
    EXPECT_NE(d.format().find("line 8, column 17"), std::string::npos) << d.format();
}

TEST(GuideExamples, IsisExampleWithANet) {
    const Config c = parse_ok(with_lines(read_guide("isis_example.txt"), kUntaggedNet));
    ASSERT_EQ(c.interfaces.size(), 2u);
    EXPECT_EQ(c.interfaces.at("POS0/2/0").isis_tag, "");
    EXPECT_EQ(c.interfaces.at("POS0/3/0").isis_tag, "");
    ASSERT_TRUE(c.isis.contains(""));
    EXPECT_TRUE(c.isis.at("").ldp_sync);
    EXPECT_NE(c.isis_process_for(c.interfaces.at("POS0/2/0")), nullptr);
    expect_round_trip(c);
}

TEST(GuideExamples, EveryProcedureStepVerbatim) {
    const Config c = parse_ok(with_lines(read_guide("procedure_examples.txt"),
                                         "router isis ISIS\n net 49.0001.0000.0000.0011.00\n"
                                         "router isis\n net 49.0002.0000.0000.0012.00\n"));
    EXPECT_TRUE(c.mpls_ip);
    EXPECT_TRUE(c.label_protocol_ldp);
    EXPECT_TRUE(c.isis.at("ISIS").ldp_sync);
    EXPECT_EQ(c.interfaces.at("POS0/3/0").isis_tag, "ISIS");
    EXPECT_FALSE(c.interfaces.at("POS0/3/0").igp_sync);
    EXPECT_EQ(c.interfaces.at("POS0/2/0").address->length, 8);
    expect_round_trip(c);
}

TEST(Config, SyncInterfaceCommands) {
    const Config c = parse_ok(
        "interface eth1\n"
        " ip address 10.0.12.1 255.255.255.0\n"
        " mpls ip\n"
        " mpls ldp igp sync holddown 10000\n"
        " mpls ldp igp sync delay 30\n"
        " ip ospf cost 20\n"
        "interface eth2\n"
        " no mpls ldp igp sync delay\n");
    const auto& e1 = c.interfaces.at("eth1");
    EXPECT_EQ(e1.sync_holddown_ms, 10000u);
    EXPECT_EQ(e1.sync_delay_s, 30u);
    EXPECT_EQ(e1.ospf_cost, 20u);
    EXPECT_EQ(e1.address->length, 24);
    // "no mpls ldp igp sync delay" sets 0 and leaves sync enabled (guide, Delay Timer).
    EXPECT_EQ(c.interfaces.at("eth2").sync_delay_s, 0u);
    EXPECT_TRUE(c.interfaces.at("eth2").igp_sync);
    expect_round_trip(c);
}

TEST(Config, AbbreviationsAndCaseAreAccepted) {
    const Config c = parse_ok("int eth0\n ip addr 10.0.0.1 255.255.255.0\nrouter ospf 7\n NETWORK 10.0.0.0 0.0.0.255 AREA 0\n mpls ldp sync\n");
    EXPECT_TRUE(c.interfaces.contains("eth0"));
    EXPECT_TRUE(c.ospf.at(7).ldp_sync);
}

TEST(Config, AutoconfigEnablesLdpOnCoveredInterfaces) {
    const Config c = parse_ok(
        "interface eth0\n ip address 10.0.0.1 255.255.255.0\n"
        "interface eth1\n ip address 192.168.1.1 255.255.255.0\n"
        "router ospf 1\n network 10.0.0.0 0.0.0.255 area 0\n network 192.168.1.0 0.0.0.255 area 1\n"
        " mpls ldp autoconfig area 0\n");
    EXPECT_TRUE(c.ldp_enabled(c.interfaces.at("eth0")));
    EXPECT_FALSE(c.ldp_enabled(c.interfaces.at("eth1")));
    expect_round_trip(c);
}

TEST(Config, StaticRoutesAndBindings) {
    const Config c = parse_ok(
        "ip route 0.0.0.0 0.0.0.0 10.0.0.2\n"
        "ip route 192.168.0.0 255.255.0.0 eth0\n"
        "mpls static binding ipv4 10.9.0.0 255.255.0.0 input 1000\n"
        "mpls static binding ipv4 10.9.0.0 255.255.0.0 output 10.0.0.2 2000\n"
        "mpls static binding ipv4 10.8.0.0 255.255.0.0 output 10.0.0.2 implicit-null\n"
        "mpls static binding ipv4 10.7.0.0 255.255.0.0 17\n"
        "arp 10.0.0.2 0200.0000.0002 arpa\n"
        "arp 10.0.0.3 02:00:00:00:00:03\n");
    ASSERT_EQ(c.arp.size(), 2u);
    EXPECT_EQ(c.arp.at(*parse_ipv4("10.0.0.3"))[5], 3);
    ASSERT_EQ(c.static_routes.size(), 2u);
    EXPECT_EQ(c.static_routes[1].interface, "eth0");
    ASSERT_EQ(c.static_bindings.size(), 3u);
    EXPECT_EQ(c.static_bindings[0].input_label, 1000u);
    EXPECT_EQ(c.static_bindings[0].outputs.at(0).label, 2000u);
    EXPECT_EQ(c.static_bindings[1].outputs.at(0).label, kImplicitNull);
    EXPECT_EQ(c.static_bindings[2].input_label, 17u);
    expect_round_trip(c);
}

TEST(Config, DeploymentKnobsRoundTrip) {
    const Config c = parse_ok(
        "hostname r1\nmpls ip\nmpls label protocol ldp\nmpls label range 1000 2000\n"
        "mpls ldp router-id 1.1.1.1 force\nmpls ldp discovery hello interval 2\nmpls ldp discovery hello holdtime 6\n"
        "mpls ldp graceful-restart\nmpls ldp graceful-restart timers neighbor-liveness 30\n"
        "mpls ldp graceful-restart timers max-recovery 60\nmpls ldp explicit-null\n"
        "mpls ldp igp sync quiet-period 100\nmpls ldp igp sync upper-bound 5\nno mpls ldp igp sync costout-alert\n"
        "mpls ldp neighbor 2.2.2.2 password secret\n"
        "interface eth0\n ip address 10.0.0.1 255.255.255.252\n isis metric 100\n ip router isis CORE\n shutdown\n"
        "router isis CORE\n net 49.0001.0000.0000.0001.00\n metric-style narrow\n nsf ietf\n mpls ldp sync\n"
        "router ospf 1\n router-id 1.1.1.1\n nsf\n passive-interface lo\n"
        "interface eth9\n ip ospf network point-to-point\n ip ospf hello-interval 1\n ip ospf dead-interval 4\n"
        " ip ospf priority 0\n");
    EXPECT_EQ(c.interfaces.at("eth9").ospf_network, InterfaceConfig::OspfNetwork::point_to_point);
    EXPECT_EQ(c.interfaces.at("eth9").ospf_dead_s, 4u);
    EXPECT_EQ(c.ospf.at(1).passive_interfaces.at(0), "lo");
    EXPECT_EQ(c.ldp.hello_interval_s, 2u);
    EXPECT_FALSE(c.ldp.sync_costout_alert_s.has_value());
    EXPECT_EQ(c.isis.at("CORE").metric_style, MetricStyle::narrow);
    EXPECT_TRUE(c.ospf.at(1).nsf);
    expect_round_trip(c);
}

TEST(Config, LdpHostRoutesOnlyRoundTrip) {
    const Config c = parse_ok("mpls ldp label allocate global host-routes\nmpls ldp gtsm\n");
    EXPECT_TRUE(c.ldp.host_routes_only);
    EXPECT_TRUE(c.ldp.gtsm);
    expect_round_trip(c);
    EXPECT_FALSE(parse_ok("mpls ldp label allocate global host-routes\nno mpls ldp label allocate global host-routes\n")
                     .ldp.host_routes_only);
}

TEST(IsisConfig, ProcessCommandsParseRenderAndRoundTrip) {
    const Config c = parse_ok(
        "router isis CORE\n net 49.0001.0000.0000.0001.00\n is-type level-2-only\n"
        " passive-interface lo\n passive-interface eth9\n set-overload-bit on-startup 300\n");
    const IsisProcess& p = c.isis.at("CORE");
    EXPECT_EQ(p.is_type, IsType::level_2_only);
    EXPECT_EQ(p.passive_interfaces, (std::vector<std::string>{"lo", "eth9"}));
    EXPECT_EQ(p.overload_on_startup_s, 300u);
    const std::string text = render(c);
    EXPECT_NE(text.find("router isis CORE\n net 49.0001.0000.0000.0001.00\n is-type level-2-only\n"
                        " set-overload-bit on-startup 300\n passive-interface lo\n passive-interface eth9\n"),
              std::string::npos)
        << text;
    expect_round_trip(c);
}

TEST(IsisConfig, IsTypeDefaultsToLevel12AsIos) {
    const Config c = parse_ok(kUntaggedNet);
    EXPECT_EQ(c.isis.at("").is_type, IsType::level_1_2);
    EXPECT_EQ(render(c).find("is-type"), std::string::npos);  // the default is not shown
    for (const auto& [typed, type] : {std::pair{"level-1", IsType::level_1}, std::pair{"level-1-2", IsType::level_1_2},
                                      std::pair{"level-2-only", IsType::level_2_only}}) {
        const Config t = parse_ok(std::string(kUntaggedNet) + " is-type " + typed + "\n");
        EXPECT_EQ(t.isis.at("").is_type, type) << typed;
        expect_round_trip(t);
    }
}

TEST(IsisConfig, ProcessNoFormsReset) {
    const Config running = parse_ok(
        "router isis CORE\n net 49.0001.0000.0000.0001.00\n is-type level-1\n passive-interface lo\n"
        " set-overload-bit on-startup 60\n");
    auto r = apply_config(running, "router isis CORE\n no is-type\n no passive-interface lo\n no set-overload-bit\n");
    ASSERT_TRUE(r.ok()) << r.format_errors();
    EXPECT_EQ(r.config->isis.at("CORE"),
              parse_ok("router isis CORE\n net 49.0001.0000.0000.0001.00\n").isis.at("CORE"));
    EXPECT_FALSE(apply_config(running, "router isis CORE\n no passive-interface eth0\n").ok());
    EXPECT_FALSE(parse_config(std::string(kUntaggedNet) + " set-overload-bit on-startup 4\n").ok());
}

TEST(IsisConfig, InterfaceCommandsParseRenderAndRoundTrip) {
    const Config c = parse_ok(std::string(kUntaggedNet) +
                              "interface eth0\n ip router isis\n isis network point-to-point\n"
                              " isis hello-interval 3\n isis hello-multiplier 10\n isis circuit-type level-2-only\n"
                              " isis metric 40\n isis priority 100 level-2\n"
                              "interface eth1\n isis circuit-type level-1-2\n isis metric 7 level-2\n");
    const InterfaceConfig& e0 = c.interfaces.at("eth0");
    EXPECT_TRUE(e0.isis_p2p);
    EXPECT_EQ(e0.isis_hello_s, 3u);
    EXPECT_EQ(e0.isis_hello_multiplier, 10u);
    EXPECT_EQ(e0.isis_priority, 100u);
    EXPECT_EQ(e0.isis_circuit_type, IsType::level_2_only);
    // Set explicitly, the default circuit type is kept (and shown), unlike one never set.
    EXPECT_EQ(c.interfaces.at("eth1").isis_circuit_type, IsType::level_1_2);
    EXPECT_EQ(c.interfaces.at("eth1").isis_metric, 7u);
    const std::string text = render(c);
    EXPECT_NE(
        text.find("interface eth0\n ip router isis\n isis circuit-type level-2-only\n isis network point-to-point\n"
                  " isis metric 40\n isis hello-interval 3\n isis hello-multiplier 10\n isis priority 100\n"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("interface eth1\n isis circuit-type level-1-2\n isis metric 7\n"), std::string::npos) << text;
    expect_round_trip(c);
}

TEST(IsisConfig, InterfaceNoFormsReset) {
    const Config running = parse_ok(std::string(kUntaggedNet) +
                                    "interface eth0\n isis network point-to-point\n isis hello-interval 3\n"
                                    " isis hello-multiplier 10\n isis circuit-type level-1\n isis metric 9 level-1\n");
    auto r = apply_config(running,
                          "interface eth0\n no isis network point-to-point\n no isis hello-interval\n"
                          " no isis hello-multiplier\n no isis circuit-type\n no isis metric level-1\n");
    ASSERT_TRUE(r.ok()) << r.format_errors();
    const InterfaceConfig& e0 = r.config->interfaces.at("eth0");
    EXPECT_FALSE(e0.isis_p2p);
    EXPECT_FALSE(e0.isis_hello_s.has_value());
    EXPECT_FALSE(e0.isis_hello_multiplier.has_value());
    EXPECT_FALSE(e0.isis_circuit_type.has_value());
    EXPECT_FALSE(e0.isis_metric.has_value());
}

TEST(IsisConfig, InterfaceRanges) {
    EXPECT_NE(parse_error("interface e\n isis hello-multiplier 2\n").message.find("out of range 3-1000"),
              std::string::npos);
    EXPECT_NE(parse_error("interface e\n isis hello-interval 0\n").message.find("out of range 1-65535"),
              std::string::npos);
    EXPECT_NE(parse_error("interface e\n isis metric 16777215\n").message.find("out of range 1-16777214"),
              std::string::npos);
}

constexpr std::string_view kKeyChain = "key chain ISIS\n key 1\n  key-string s3cret\n";

TEST(KeyChainConfig, ParsesRendersAndRoundTrips) {
    const Config c =
        parse_ok(std::string(kKeyChain) + "key chain OTHER\n key 7\n  key-string two  words here\n key 9\n");
    ASSERT_EQ(c.key_chains.size(), 2u);
    const KeyChain& isis = c.key_chains.at("ISIS");
    EXPECT_EQ(isis.name, "ISIS");
    EXPECT_EQ(isis.keys, (std::vector<KeyChainKey>{{1, "s3cret"}}));
    // The key is the rest of the line (a run of blanks reads as one); a key may have no key-string.
    EXPECT_EQ(c.key_chains.at("OTHER").keys, (std::vector<KeyChainKey>{{7, "two words here"}, {9, ""}}));
    const std::string text = render(c);
    EXPECT_NE(text.find("!\nkey chain ISIS\n key 1\n  key-string s3cret\n!\n"
                        "key chain OTHER\n key 7\n  key-string two words here\n key 9\n"),
              std::string::npos)
        << text;
    expect_round_trip(c);
}

TEST(KeyChainConfig, ComeBeforeTheInterfacesInRunningConfig) {
    const Config c = parse_ok("interface eth0\n isis authentication key-chain ISIS\n" + std::string(kKeyChain));
    const std::string text = render(c);
    EXPECT_LT(text.find("key chain ISIS"), text.find("interface eth0")) << text;
    expect_round_trip(c);
}

TEST(KeyChainConfig, KeysAreKeptInIdOrderWhateverTheOrderTyped) {
    const Config c = parse_ok("key chain K\n key 5\n key-string five\n key 2147483647\n key 0\n key 2\n key 5\n");
    std::vector<std::uint32_t> ids;
    for (const auto& k : c.key_chains.at("K").keys) ids.push_back(k.id);
    EXPECT_EQ(ids, (std::vector<std::uint32_t>{0, 2, 5, 2147483647}));
    EXPECT_EQ(c.key_chains.at("K").keys.at(2).key_string, "five");  // "key 5" again keeps its key-string
    EXPECT_NE(parse_error("key chain K\n key 2147483648\n").message.find("out of range 0-2147483647"),
              std::string::npos);
    expect_round_trip(c);
}

TEST(KeyChainConfig, NoForms) {
    const Config running = parse_ok(std::string(kKeyChain) + " key 2\n  key-string two\nkey chain GONE\n key 1\n");
    auto r = apply_config(running, "key chain ISIS\n key 1\n  no key-string\n no key 2\nno key chain GONE\n");
    ASSERT_TRUE(r.ok()) << r.format_errors();
    EXPECT_EQ(r.config->key_chains.size(), 1u);
    EXPECT_EQ(r.config->key_chains.at("ISIS").keys, (std::vector<KeyChainKey>{{1, ""}}));
    expect_round_trip(*r.config);
    EXPECT_EQ(parse_error("no key chain NONE\n").message, "key chain NONE is not configured");
    EXPECT_EQ(parse_error("key chain K\n no key 3\n").message, "key 3 is not in key chain K");
}

TEST(KeyChainConfig, AGlobalCommandAfterTheKeyStringGoesBackToGlobal) {
    auto r = parse_config(std::string(kKeyChain) + "hostname r1\n key 2\n");
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.errors.size(), 1u) << r.format_errors();
    EXPECT_EQ(r.errors[0].line, 5);  // "key 2" is no global command: the key chain was left
    const Config c = parse_ok(std::string(kKeyChain) + "interface eth0\n ip router isis\n");
    EXPECT_EQ(c.interfaces.at("eth0").isis_tag, "");
    EXPECT_EQ(c.key_chains.at("ISIS").keys.size(), 1u);
    // A new key chain from inside a key, as IOS does.
    const Config two = parse_ok(std::string(kKeyChain) + "key chain B\n key 4\n  key-string b\n");
    EXPECT_EQ(two.key_chains.at("ISIS").keys, (std::vector<KeyChainKey>{{1, "s3cret"}}));
    EXPECT_EQ(two.key_chains.at("B").keys, (std::vector<KeyChainKey>{{4, "b"}}));
}

TEST(KeyChainConfig, AKeyCommandInsideAKeyGoesBackToTheChain) {
    // "key 2" is the key chain's command typed in full, not "key-string 2" abbreviated.
    const Config c = parse_ok(std::string(kKeyChain) + " key 2\n  key-string two\n no key 1\n key 3\n");
    EXPECT_EQ(c.key_chains.at("ISIS").keys, (std::vector<KeyChainKey>{{2, "two"}, {3, ""}}));
    // An abbreviation of key-string that is no key chain command is still the key-string.
    EXPECT_EQ(parse_ok("key chain K\n key 1\n key-str abc\n").key_chains.at("K").keys.at(0).key_string, "abc");
}

TEST(KeyChainConfig, ExitGoesUpOneModeAndEndToGlobal) {
    const Config c =
        parse_ok("key chain K\n key 1\n  key-string a\n exit\n key 2\n  key-string b\n exit\nexit\nhostname r1\n");
    EXPECT_EQ(c.key_chains.at("K").keys, (std::vector<KeyChainKey>{{1, "a"}, {2, "b"}}));
    EXPECT_EQ(c.hostname, "r1");
    EXPECT_FALSE(parse_config("key chain K\n key 1\n exit\n exit\n key 2\n").ok());  // global by then
    EXPECT_FALSE(parse_config("key chain K\n key 1\n end\n key 2\n").ok());
}

TEST(KeyChainConfig, AnIosTranscriptWithItsPrompts) {
    const Config c = parse_ok(
        "R1(config)# key chain ISIS\nR1(config-keychain)# key 1\nR1(config-keychain-key)# key-string s3cret\n"
        "R1(config-keychain-key)# end\n");
    EXPECT_EQ(c.key_chains.at("ISIS").keys, (std::vector<KeyChainKey>{{1, "s3cret"}}));
}

TEST(KeyChainConfig, KeyStringTypes) {
    // 0 is IOS's "clear text follows"; 7, IOS's reversible encryption, is refused, not taken literally.
    EXPECT_EQ(parse_ok("key chain K\n key 1\n  key-string 0 clear\n").key_chains.at("K").keys.at(0).key_string,
              "clear");
    EXPECT_NE(
        parse_error("key chain K\n key 1\n  key-string 7 0822455D0A16\n").message.find("give the key in clear text"),
        std::string::npos);
    EXPECT_EQ(parse_ok("key chain K\n key 1\n  key-string 7\n").key_chains.at("K").keys.at(0).key_string, "7");
    EXPECT_NE(parse_error("key chain K\n key 1\n  key-string\n").message.find("incomplete command"), std::string::npos);
    // A key that reads like a type is written with the type 0 in front, and so comes back the same.
    Config c;
    c.key_chains["K"] = KeyChain{"K", {{1, "7 seven"}, {2, "0 zero"}}};
    EXPECT_NE(render(c).find("  key-string 0 7 seven\n"), std::string::npos) << render(c);
    expect_round_trip(c);
}

TEST(KeyChainConfig, SendKeyIsTheLowestIdWithAKeyString) {
    KeyChain chain{"K", {{3, "three"}, {1, ""}, {2, "two"}}};  // out of order on purpose
    ASSERT_NE(chain.send_key(), nullptr);
    EXPECT_EQ(chain.send_key()->id, 2u);
    EXPECT_EQ(chain.send_key()->key_string, "two");
    EXPECT_EQ((KeyChain{"K", {{1, ""}}}).send_key(), nullptr);
    EXPECT_EQ(KeyChain{}.send_key(), nullptr);
    const Config c = parse_ok("key chain K\n key 10\n  key-string ten\n key 4\n key 7\n  key-string seven\n");
    EXPECT_EQ(c.key_chains.at("K").send_key()->id, 7u);
}

TEST(IsisAuthentication, InterfaceCommandsParseRenderAndRoundTrip) {
    for (const char* level : {"", " level-1", " level-2"}) {
        const Config c = parse_ok(std::string(kKeyChain) + "interface eth0\n isis authentication mode md5" + level +
                                  "\n isis authentication key-chain ISIS" + level + "\n");
        const InterfaceConfig& e0 = c.interfaces.at("eth0");
        EXPECT_TRUE(e0.isis_auth_md5) << level;
        EXPECT_EQ(e0.isis_auth_key_chain, "ISIS") << level;
        const std::string text = render(c);
        EXPECT_NE(text.find("interface eth0\n isis authentication mode md5\n isis authentication key-chain ISIS\n"),
                  std::string::npos)
            << text;
        expect_round_trip(c);
    }
}

TEST(IsisAuthentication, InterfaceNoForms) {
    const Config running =
        parse_ok(std::string(kKeyChain) +
                 "interface eth0\n isis authentication mode md5\n isis authentication key-chain ISIS\n");
    auto r = apply_config(running,
                          "interface eth0\n no isis authentication mode md5 level-1\n"
                          " no isis authentication key-chain ISIS level-2\n");
    ASSERT_TRUE(r.ok()) << r.format_errors();
    EXPECT_FALSE(r.config->interfaces.at("eth0").isis_auth_md5);
    EXPECT_FALSE(r.config->interfaces.at("eth0").isis_auth_key_chain.has_value());
    auto bare =
        apply_config(running, "interface eth0\n no isis authentication mode\n no isis authentication key-chain\n");
    ASSERT_TRUE(bare.ok()) << bare.format_errors();
    EXPECT_EQ(bare.config->interfaces.at("eth0"), r.config->interfaces.at("eth0"));
    EXPECT_TRUE(bare.warnings.empty());
}

TEST(IsisAuthentication, ProcessCommandsParseRenderAndRoundTrip) {
    for (const char* level : {"", " level-1", " level-2"}) {
        const Config c =
            parse_ok(std::string(kKeyChain) + std::string(kUntaggedNet) + " is-type level-2-only\n" +
                     " authentication mode md5" + level + "\n authentication key-chain ISIS" + level + "\n");
        const IsisProcess& p = c.isis.at("");
        EXPECT_TRUE(p.auth_md5) << level;
        EXPECT_EQ(p.auth_key_chain, "ISIS") << level;
        const std::string text = render(c);
        EXPECT_NE(text.find("router isis\n net 49.0001.0000.0000.0001.00\n is-type level-2-only\n"
                            " authentication mode md5\n authentication key-chain ISIS\n"),
                  std::string::npos)
            << text;
        expect_round_trip(c);
    }
}

TEST(IsisAuthentication, ProcessNoForms) {
    const Config running = parse_ok(std::string(kKeyChain) + std::string(kUntaggedNet) +
                                    " authentication mode md5\n authentication key-chain ISIS\n");
    auto r =
        apply_config(running, "router isis\n no authentication mode md5\n no authentication key-chain ISIS level-1\n");
    ASSERT_TRUE(r.ok()) << r.format_errors();
    EXPECT_EQ(r.config->isis.at(""), parse_ok(kUntaggedNet).isis.at(""));
}

TEST(IsisAuthentication, OnlyMd5IsKnown) {
    EXPECT_NE(parse_error("interface e\n isis authentication mode text\n").message.find("expected md5"),
              std::string::npos);
    EXPECT_FALSE(parse_config("interface e\n isis authentication key-chain\n").ok());
}

TEST(IsisAuthenticationWarnings, Md5WithoutAKeyChain) {
    auto r = parse_config("interface eth0\n isis authentication mode md5\n" + std::string(kUntaggedNet) +
                          " authentication mode md5 level-2\n");
    ASSERT_TRUE(r.ok()) << r.format_errors();  // a warning, not an error: IOS accepts it
    ASSERT_EQ(r.warnings.size(), 2u);
    EXPECT_EQ(r.warnings[0].message,
              "IS-IS authentication mode md5 on interface eth0 without a key chain: PDUs are sent and checked with an "
              "empty key");
    EXPECT_EQ(r.warnings[0].line, 2);
    EXPECT_EQ(r.warnings[0].text, " isis authentication mode md5");
    EXPECT_EQ(r.warnings[1].message,
              "IS-IS authentication mode md5 on router isis without a key chain: PDUs are sent and checked with an "
              "empty key");
    EXPECT_EQ(r.warnings[1].line, 5);
}

TEST(IsisAuthenticationWarnings, AKeyChainThatIsNotConfigured) {
    auto r = parse_config("interface eth0\n isis authentication mode md5\n isis authentication key-chain NONE\n" +
                          std::string(kUntaggedNet) + " authentication key-chain MISSING\n");
    ASSERT_TRUE(r.ok()) << r.format_errors();
    ASSERT_EQ(r.warnings.size(), 2u);
    EXPECT_EQ(r.warnings[0].message,
              "IS-IS authentication key-chain NONE on interface eth0: key chain NONE is not configured");
    EXPECT_EQ(r.warnings[0].line, 3);
    EXPECT_EQ(r.warnings[1].message,
              "IS-IS authentication key-chain MISSING on router isis: key chain MISSING is not configured");
    EXPECT_EQ(r.warnings[1].line, 6);
}

TEST(IsisAuthenticationWarnings, AKeyChainConfiguredAfterTheInterfaceIsFine) {
    auto r = parse_config("interface eth0\n isis authentication mode md5\n isis authentication key-chain ISIS\n" +
                          std::string(kKeyChain));
    ASSERT_TRUE(r.ok()) << r.format_errors();
    EXPECT_TRUE(r.warnings.empty()) << r.warnings.front().format();
}

TEST(IsisAuthenticationWarnings, AKeyChainWithNoKeyString) {
    auto r = parse_config("key chain EMPTY\n key 1\ninterface eth0\n isis authentication key-chain EMPTY\n");
    ASSERT_TRUE(r.ok()) << r.format_errors();
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_EQ(r.warnings[0].message,
              "IS-IS authentication key-chain EMPTY on interface eth0: key chain EMPTY has no key with a key-string");
}

TEST(IsisAuthenticationWarnings, RemovingAKeyChainInUseWarnsOnTheRunningConfig) {
    const Config running = parse_ok(std::string(kKeyChain) + "interface eth0\n isis authentication key-chain ISIS\n");
    auto r = apply_config(running, "no key chain ISIS\n");
    ASSERT_TRUE(r.ok()) << r.format_errors();
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_EQ(r.warnings[0].line, 0);  // the interface line is not in this text
    EXPECT_EQ(r.warnings[0].format(),
              "IS-IS authentication key-chain ISIS on interface eth0: key chain ISIS is not configured");
}

TEST(IsisNet, ParsesAreaAndSystemId) {
    const auto net = parse_net("49.0001.0000.0000.0001.00");
    ASSERT_TRUE(net.has_value());
    EXPECT_EQ(net->area, (std::vector<std::uint8_t>{0x49, 0x00, 0x01}));
    EXPECT_EQ(net->system_id, (std::array<std::uint8_t, 6>{0, 0, 0, 0, 0, 1}));
    EXPECT_EQ(format_system_id(net->system_id), "0000.0000.0001");
    // A one-byte area (8 bytes in all), the longest area (20 in all), upper-case hex.
    EXPECT_EQ(parse_net("49.1921.6800.1001.00")->area, (std::vector<std::uint8_t>{0x49}));
    const auto longest = parse_net("47.0005.80FF.F800.0000.0001.0000.AB00.0000.0001.00");
    ASSERT_TRUE(longest.has_value());
    EXPECT_EQ(longest->area.size(), 13u);
    EXPECT_EQ(format_system_id(longest->system_id), "ab00.0000.0001");
}

std::string net_refusal(std::string_view text) {
    std::string why;
    EXPECT_FALSE(parse_net(text, &why).has_value()) << text;
    return why;
}

TEST(IsisNet, RefusesABadNetSayingWhichPart) {
    EXPECT_NE(net_refusal("49.001.0000.0000.0001.00").find("odd number of hex digits"), std::string::npos);
    EXPECT_NE(net_refusal("49.0001.0000.0000.000g.00").find("'000g' is not hexadecimal"), std::string::npos);
    EXPECT_NE(net_refusal("49.0001.0000.0000.0001.01").find("NSEL (last group) is '01'; it must be 00"),
              std::string::npos);
    EXPECT_NE(net_refusal("49.0001.0000.0000.0001").find("NSEL"), std::string::npos);  // NSEL left out
    EXPECT_NE(net_refusal("0000.0000.0001.00").find("too short"), std::string::npos);
    EXPECT_NE(
        net_refusal("49.0001.0000.0000.0001.0000.0000.0000.0000.0000.0001.00").find("too long: the area is 15 bytes"),
        std::string::npos);
    EXPECT_NE(net_refusal("49.0001.0000.0000.01.00").find("the system id '0000.0000.01' must be 6 bytes"),
              std::string::npos);
    EXPECT_NE(net_refusal("49.0001.0000.000000.0001.00").find("longer than 4 hex digits"), std::string::npos);
    EXPECT_NE(net_refusal("49..0000.0000.0001.00").find("empty group"), std::string::npos);
    EXPECT_NE(net_refusal("").find("empty group"), std::string::npos);
}

TEST(IsisNet, TheParserRefusesABadNetOnItsLine) {
    auto r = parse_config("router isis CORE\n net 49.0001.0000.0000.0001.01\n");
    ASSERT_FALSE(r.ok());
    // Only the bad line is reported: "no net" as well would send the operator looking for a line they typed.
    ASSERT_EQ(r.errors.size(), 1u) << r.format_errors();
    EXPECT_EQ(r.errors[0].line, 2);
    EXPECT_EQ(r.errors[0].message,
              "invalid NET '49.0001.0000.0000.0001.01': the NSEL (last group) is '01'; it must be 00");
}

TEST(IsisNet, AMissingNetIsRefusedAtTheRouterIsisLine) {
    auto r = parse_config("hostname r1\nrouter isis CORE\n mpls ldp sync\n");
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].message,
              "router isis CORE: no 'net' configured; IS-IS needs a NET such as 49.0001.0000.0000.0001.00");
    EXPECT_EQ(r.errors[0].line, 2);
    EXPECT_EQ(r.errors[0].text, "router isis CORE");
    // Over a running configuration too: removing the NET is refused, the running one is kept.
    const Config running = parse_ok("router isis CORE\n net 49.0001.0000.0000.0001.00\n");
    auto removed = apply_config(running, "router isis CORE\n no net\n");
    ASSERT_FALSE(removed.ok());
    EXPECT_EQ(removed.errors.at(0).line, 1);
    EXPECT_TRUE(apply_config(running, "no router isis CORE\n").ok());
    EXPECT_TRUE(apply_config(running, "router isis CORE\n no net\n net 49.0002.0000.0000.0001.00\n").ok());
}

// IOS multi-area IS-IS: the processes share the router's one system id, only the areas differ.
TEST(IsisNet, ProcessesShareOneSystemIdAsInIosMultiArea) {
    const Config c = parse_ok(
        "router isis B\n net 49.0001.0000.0000.0001.00\n"
        "router isis A\n net 49.0002.0000.0000.0001.00\n");
    EXPECT_EQ(c.isis.size(), 2u);
}

// The IOS command reference: "Command Modes: Global configuration", example
// `Router(config)# mpls ldp igp sync holddown 10000`.
TEST(SyncHolddown, GlobalAsInIosAndPerInterfaceAsAnExtension) {
    const Config c = parse_ok("mpls ldp igp sync holddown 10000\ninterface eth0\n mpls ldp igp sync holddown 500\n");
    EXPECT_EQ(c.ldp.sync_holddown_ms, 10000u);
    EXPECT_EQ(c.interfaces.at("eth0").sync_holddown_ms, 500u);
    EXPECT_NE(render(c).find("mpls ldp igp sync holddown 10000\n"), std::string::npos) << render(c);
    expect_round_trip(c);
    auto r = apply_config(c, "no mpls ldp igp sync holddown\n");
    ASSERT_TRUE(r.ok()) << r.format_errors();
    EXPECT_FALSE(r.config->ldp.sync_holddown_ms.has_value());
    EXPECT_FALSE(parse_config("mpls ldp igp sync holddown 0\n").ok());
}

// What a real IOS configuration carries besides the guide's commands: kept and shown back
// (description, hostname, `!`, `end`, `ip cef`), or refused saying why (`service ...`).
TEST(IosLines, DescriptionAndCefAreKeptServiceIsRefusedClearly) {
    const Config c = parse_ok("hostname r1\n!\nip cef\ninterface eth0\n description uplink to core (10G)\n"
                              " ip address 10.0.0.1 255.255.255.0\n!\nend\n");
    EXPECT_EQ(c.interfaces.at("eth0").description, "uplink to core (10G)");
    EXPECT_NE(render(c).find("interface eth0\n description uplink to core (10G)\n"), std::string::npos) << render(c);
    expect_round_trip(c);
    auto removed = apply_config(c, "interface eth0\n no description\n");
    ASSERT_TRUE(removed.ok()) << removed.format_errors();
    EXPECT_FALSE(removed.config->interfaces.at("eth0").description.has_value());
    const auto service = parse_config("service timestamps debug datetime msec\n");
    ASSERT_FALSE(service.ok());
    EXPECT_NE(service.format_errors().find("'service timestamps debug datetime msec' is an IOS platform service"),
              std::string::npos)
        << service.format_errors();
    const auto no_cef = parse_config("no ip cef\n");
    ASSERT_FALSE(no_cef.ok());
    EXPECT_NE(no_cef.format_errors().find("CEF cannot be turned off"), std::string::npos) << no_cef.format_errors();
}

TEST(ConfigErrors, UnknownCommandNamesLineColumnAndSuggestion) {
    const auto d = parse_error("mpls ip\ninterface eth0\n  mpls ldp igp synk holddown 100\n");
    EXPECT_EQ(d.line, 3);
    EXPECT_EQ(d.column, 16);  // "synk"
    EXPECT_NE(d.message.find("synk"), std::string::npos);
    EXPECT_NE(d.suggestion.find("mpls ldp igp sync"), std::string::npos) << d.suggestion;
    EXPECT_NE(d.format().find("line 3, column 16"), std::string::npos);
}

TEST(ConfigErrors, TotallyUnknownCommand) {
    const auto d = parse_error("frobnicate the router\n");
    EXPECT_EQ(d.line, 1);
    EXPECT_EQ(d.column, 1);
    EXPECT_EQ(d.message, "unknown command 'frobnicate'");
}

TEST(ConfigErrors, OutOfRangeValue) {
    const auto d = parse_error("interface eth0\n mpls ldp igp sync delay 300\n");
    EXPECT_EQ(d.line, 2);
    EXPECT_EQ(d.column, 26);
    EXPECT_NE(d.message.find("out of range 5-60"), std::string::npos) << d.message;
    const auto h = parse_error("interface eth0\n mpls ldp igp sync holddown 0\n");
    EXPECT_NE(h.message.find("out of range 1-2147483647"), std::string::npos) << h.message;
}

TEST(ConfigErrors, BadAddressAndMask) {
    EXPECT_NE(parse_error("interface e\n ip address 10.0.0.300 255.0.0.0\n").message.find("not an IPv4 address"),
              std::string::npos);
    EXPECT_NE(parse_error("interface e\n ip address 10.0.0.3 255.0.255.0\n").message.find("not contiguous"),
              std::string::npos);
}

TEST(ConfigErrors, BadMac) {
    const auto d = parse_error("arp 10.0.0.2 0200.0000.00zz\n");
    EXPECT_EQ(d.column, 14);
    EXPECT_NE(d.message.find("not a MAC address"), std::string::npos);
}

TEST(ConfigErrors, IncompleteAndTrailing) {
    const auto d = parse_error("router ospf 1\n network 10.0.0.0 0.0.0.255 area\n");
    EXPECT_NE(d.message.find("incomplete command"), std::string::npos) << d.message;
    const auto t = parse_error("mpls ip now\n");
    EXPECT_NE(t.message.find("unexpected 'now'"), std::string::npos) << t.message;
}

TEST(ConfigErrors, GuideRestrictions) {
    auto tunnel = parse_error("interface Tunnel0\n no mpls ldp igp sync\n");
    EXPECT_NE(tunnel.message.find("tunnel interfaces"), std::string::npos);
    auto holddown = parse_error("interface Tunnel5\n mpls ldp igp sync holddown 100\n");
    EXPECT_NE(holddown.message.find("tunnel interfaces"), std::string::npos);
    auto long_key = parse_error("mpls ldp neighbor 10.0.0.9 password " + std::string(81, 'k') + "\n");
    EXPECT_NE(long_key.message.find("longer than 80"), std::string::npos) << long_key.message;
    EXPECT_TRUE(parse_config("mpls ldp neighbor 10.0.0.9 password " + std::string(80, 'k') + "\n").ok());
    auto targeted = parse_error("mpls ldp neighbor 10.0.0.9 targeted ldp\n");
    EXPECT_NE(targeted.message.find("targeted LDP sessions are not supported"), std::string::npos);
    auto dod = parse_error("mpls ldp downstream-on-demand\n");
    EXPECT_NE(dod.message.find("downstream-on-demand"), std::string::npos);
}

TEST(ConfigErrors, ReportsEveryBadLineAndKeepsNothing) {
    auto r = parse_config("mpls ip\nbogus one\ninterface e0\n ip address 1.2.3.4 9.9.9.9\nrouter ospf 99999\n");
    EXPECT_FALSE(r.ok());
    ASSERT_EQ(r.errors.size(), 3u);
    EXPECT_EQ(r.errors[0].line, 2);
    EXPECT_EQ(r.errors[1].line, 4);
    EXPECT_EQ(r.errors[2].line, 5);
}

TEST(ConfigApply, AtomicOverTheRunningConfig) {
    const Config running = parse_ok("interface eth0\n ip address 10.0.0.1 255.255.255.0\n mpls ip\n");
    auto bad = apply_config(running, "interface eth0\n no mpls ip\n mpls ldp igp sync delay 99\n");
    EXPECT_FALSE(bad.ok());
    auto good = apply_config(running, "interface eth0\n no mpls ip\n mpls ldp igp sync delay 10\n");
    ASSERT_TRUE(good.ok()) << good.format_errors();
    EXPECT_FALSE(good.config->interfaces.at("eth0").mpls_ip);
    EXPECT_EQ(good.config->interfaces.at("eth0").sync_delay_s, 10u);
    EXPECT_TRUE(running.interfaces.at("eth0").mpls_ip);  // the base is untouched
}

TEST(ConfigApply, NoFormsRemove) {
    const Config running = parse_ok("interface eth0\n mpls ip\nrouter ospf 1\n mpls ldp sync\nip route 10.0.0.0 255.0.0.0 1.1.1.1\n");
    auto r = apply_config(running, "no router ospf 1\nno interface eth0\nno ip route 10.0.0.0 255.0.0.0\n");
    ASSERT_TRUE(r.ok()) << r.format_errors();
    EXPECT_TRUE(r.config->ospf.empty());
    EXPECT_TRUE(r.config->interfaces.empty());
    EXPECT_TRUE(r.config->static_routes.empty());
    auto missing = apply_config(running, "no router ospf 2\n");
    EXPECT_FALSE(missing.ok());
}

TEST(ConfigValidation, RouterIdInterfaceMustExist) {
    auto r = parse_config("mpls ldp router-id Loopback0\n");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.errors[0].message.find("Loopback0"), std::string::npos);
    parse_ok("interface Loopback0\n ip address 1.1.1.1 255.255.255.255\nmpls ldp router-id Loopback0 force\n");
}

TEST(ConfigHelp, PatternsAreListed) {
    const auto patterns = command_patterns();
    EXPECT_NE(std::find(patterns.begin(), patterns.end(), "mpls ldp igp sync holddown <1-2147483647>"), patterns.end());
}

}  // namespace
}  // namespace ldpsync::config
