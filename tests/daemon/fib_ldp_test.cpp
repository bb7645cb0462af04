// FibBuilder fed by LDP's LIB (the speaker hands it bindings in the static-binding shape):
// out labels become next hops with a push (none for implicit-null), local labels ILM entries,
// a local label with no LSP onwards pops and looks up, and a configured static binding wins
// over LDP for its prefix and its label.

#include <gtest/gtest.h>

#include "fib_builder.hpp"

namespace ldpsync::daemon {
namespace {

config::Ipv4Prefix prefix(const char* a, std::uint8_t len) { return {*config::parse_ipv4(a), len}; }
std::uint32_t ip(const char* a) { return *config::parse_ipv4(a); }

class FibFromLdp : public ::testing::Test {
protected:
    void SetUp() override {
        rib_.replace_source(rib::Source::connected,
                            {rib::Route{prefix("10.0.12.0", 24), rib::Source::connected, 0, {{0, "eth1"}}}});
    }
    shm::ForwardingTables build(const std::vector<config::StaticBinding>& ldp) {
        return FibBuilder::build(cfg_, rib_, [](const std::string& n) -> std::optional<std::uint16_t> {
            if (n == "eth1") return 1;
            return std::nullopt;
        }, nullptr, {}, ldp);
    }
    const shm::NextHop& out_of(const shm::ForwardingTables& t, const config::Ipv4Prefix& p) {
        const auto& ftn = t.ftn.at(shm::FtnEntry{.prefix = p.address, .prefix_len = p.length}.key());
        return t.nexthops.at(t.groups.at(ftn.group_id).members[0]);
    }

    config::Config cfg_;
    rib::Rib rib_;
};

TEST_F(FibFromLdp, OutLabelIsPushedAndLocalLabelForwards) {
    const auto t = build({{prefix("10.9.0.0", 16), 5000, {{ip("10.0.12.2"), 2000}}}});
    const auto& nh = out_of(t, prefix("10.9.0.0", 16));
    EXPECT_EQ(nh.link_id, 1);
    ASSERT_EQ(nh.n_labels, 1);
    EXPECT_EQ(nh.labels[0], 2000u);
    ASSERT_TRUE(t.ilm.contains(5000));
    EXPECT_EQ(t.ilm.at(5000).action, shm::IlmAction::forward);
}

TEST_F(FibFromLdp, ImplicitNullFromThePeerIsPhp) {
    const auto t = build({{prefix("2.2.2.2", 32), std::nullopt, {{ip("10.0.12.2"), config::kImplicitNull}}}});
    EXPECT_EQ(out_of(t, prefix("2.2.2.2", 32)).n_labels, 0);
    EXPECT_TRUE(t.ilm.empty());
}

TEST_F(FibFromLdp, LocalLabelWithoutAnLspOnwardsPopsAndLooksUp) {
    const auto t = build({{prefix("10.3.0.0", 24), 17, {}}});
    EXPECT_TRUE(t.ftn.empty());
    ASSERT_TRUE(t.ilm.contains(17));
    EXPECT_EQ(t.ilm.at(17).action, shm::IlmAction::pop_lookup);
}

TEST_F(FibFromLdp, StaticBindingWinsForItsPrefixAndItsLabel) {
    cfg_.static_bindings.push_back({prefix("10.9.0.0", 16), 1000, {{ip("10.0.12.2"), 3000}}});
    const auto t = build({{prefix("10.9.0.0", 16), 5000, {{ip("10.0.12.2"), 2000}}},
                          {prefix("10.8.0.0", 16), 1000, {{ip("10.0.12.2"), 4000}}},
                          {prefix("10.7.0.0", 16), 6000, {{ip("10.0.12.2"), 7000}}}});
    EXPECT_EQ(out_of(t, prefix("10.9.0.0", 16)).labels[0], 3000u);
    EXPECT_FALSE(t.ilm.contains(5000));
    EXPECT_FALSE(t.ftn.contains(shm::FtnEntry{.prefix = ip("10.8.0.0"), .prefix_len = 16}.key()));
    EXPECT_EQ(out_of(t, prefix("10.7.0.0", 16)).labels[0], 7000u);
    EXPECT_TRUE(t.ilm.contains(6000));
}

}  // namespace
}  // namespace ldpsync::daemon
