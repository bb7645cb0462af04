// The RIB: selection by administrative distance, longest match with the default route, and
// change notifications.

#include <gtest/gtest.h>

#include "rib.hpp"

namespace ldpsync::rib {
namespace {

Ipv4Prefix pfx(const char* a, std::uint8_t len) { return Ipv4Prefix{*config::parse_ipv4(a), len}; }
std::uint32_t ip(const char* a) { return *config::parse_ipv4(a); }

Route route(Source s, const char* a, std::uint8_t len, std::vector<NextHop> nhs, std::uint32_t metric = 0) {
    return Route{pfx(a, len), s, metric, std::move(nhs)};
}

TEST(Rib, LongestMatchIncludingDefault) {
    Rib rib;
    rib.set(route(Source::static_route, "0.0.0.0", 0, {{ip("10.0.0.2"), "eth0"}}));
    rib.set(route(Source::connected, "10.0.0.0", 24, {{0, "eth0"}}));
    rib.set(route(Source::ospf, "10.1.0.0", 16, {{ip("10.0.0.2"), "eth0"}}, 20));
    rib.set(route(Source::ospf, "10.1.2.0", 24, {{ip("10.0.0.3"), "eth0"}}, 30));
    EXPECT_EQ(rib.lookup(ip("10.1.2.9"))->prefix, pfx("10.1.2.0", 24));
    EXPECT_EQ(rib.lookup(ip("10.1.3.9"))->prefix, pfx("10.1.0.0", 16));
    EXPECT_EQ(rib.lookup(ip("10.0.0.7"))->source, Source::connected);
    EXPECT_EQ(rib.lookup(ip("192.0.2.1"))->prefix, pfx("0.0.0.0", 0));
    rib.remove(Source::static_route, pfx("0.0.0.0", 0));
    EXPECT_EQ(rib.lookup(ip("192.0.2.1")), nullptr);
}

TEST(Rib, AdministrativeDistanceSelects) {
    Rib rib;
    rib.set(route(Source::isis, "10.9.0.0", 16, {{ip("10.0.0.3"), "eth1"}}, 10));
    EXPECT_EQ(rib.selected(pfx("10.9.0.0", 16))->source, Source::isis);
    rib.set(route(Source::ospf, "10.9.0.0", 16, {{ip("10.0.0.2"), "eth0"}}, 500));
    EXPECT_EQ(rib.selected(pfx("10.9.0.0", 16))->source, Source::ospf);
    rib.set(route(Source::static_route, "10.9.0.0", 16, {{ip("10.0.0.4"), "eth2"}}));
    EXPECT_EQ(rib.selected(pfx("10.9.0.0", 16))->source, Source::static_route);
    rib.remove(Source::static_route, pfx("10.9.0.0", 16));
    EXPECT_EQ(rib.selected(pfx("10.9.0.0", 16))->source, Source::ospf);
    EXPECT_EQ(rib.size(), 1u);
}

TEST(Rib, NotifiesOnlyRealChanges) {
    Rib rib;
    std::vector<std::pair<bool, bool>> seen;  // (had old, has new)
    rib.subscribe([&](const Ipv4Prefix&, const Route* o, const Route* n) { seen.emplace_back(o != nullptr, n != nullptr); });
    rib.set(route(Source::ospf, "10.1.0.0", 16, {{ip("10.0.0.2"), "eth0"}, {ip("10.0.1.2"), "eth1"}}, 20));
    rib.set(route(Source::ospf, "10.1.0.0", 16, {{ip("10.0.1.2"), "eth1"}, {ip("10.0.0.2"), "eth0"}}, 20));  // same set
    rib.replace_source(Source::ospf, {route(Source::ospf, "10.1.0.0", 16, {{ip("10.0.0.2"), "eth0"}, {ip("10.0.1.2"), "eth1"}}, 20)});
    ASSERT_EQ(seen.size(), 1u);
    rib.replace_source(Source::ospf, {});
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1], std::make_pair(true, false));
}

TEST(Rib, EcmpNextHopsKept) {
    Rib rib;
    rib.set(route(Source::ospf, "10.1.0.0", 16, {{ip("10.0.1.2"), "eth1"}, {ip("10.0.0.2"), "eth0"}}, 20));
    const Route* r = rib.lookup(ip("10.1.1.1"));
    ASSERT_EQ(r->next_hops.size(), 2u);
    EXPECT_EQ(r->next_hops[0].interface, "eth0");  // sorted
}

}  // namespace
}  // namespace ldpsync::rib
