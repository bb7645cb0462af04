// OSPF counters are an enum with stable names: every name distinct, reachable by name, and a
// name that is no counter is refused rather than read as zero.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "counters.hpp"
#include "ospf/instance.hpp"

namespace ldpsync::ospf {
namespace {

TEST(OspfCounters, NamesAreDistinctAndFoundByName) {
    Counters c;
    std::set<std::string> names;
    for (std::size_t i = 0; counter_name(static_cast<Counter>(i)) != "unknown"; ++i) {
        const auto counter = static_cast<Counter>(i);
        EXPECT_TRUE(names.insert(std::string(counter_name(counter))).second) << counter_name(counter);
        c.bump(counter);
        EXPECT_EQ(c.get(counter_name(counter)), std::optional<std::uint64_t>(1));
    }
    for (std::size_t i = 0; i < kReasonCount; ++i) {
        const auto reason = static_cast<Reason>(i);
        EXPECT_TRUE(names.insert(std::string(counter_name(reason))).second) << counter_name(reason);
        EXPECT_EQ(c.get(counter_name(reason)), std::optional<std::uint64_t>(0));
    }
    EXPECT_EQ(c.nonzero().size(), names.size() - kReasonCount);
    EXPECT_FALSE(c.get("rx_hello_mask_mismatchh").has_value());
}

TEST(OspfCounters, TransmitCountersFollowThePacketType) {
    EXPECT_EQ(counter_name(tx_counter(PacketType::hello)), "tx_hello");
    EXPECT_EQ(counter_name(tx_counter(PacketType::db_description)), "tx_db-description");
    EXPECT_EQ(counter_name(tx_counter(PacketType::ls_request)), "tx_ls-request");
    EXPECT_EQ(counter_name(tx_counter(PacketType::ls_update)), "tx_ls-update");
    EXPECT_EQ(counter_name(tx_counter(PacketType::ls_ack)), "tx_ls-ack");
}

TEST(OspfCounters, TheInstanceRefusesANameThatIsNoCounter) {
    OspfInstance i(InstanceConfig{}, TimePoint{});
    EXPECT_EQ(i.counter("spf_runs"), 0U);
    EXPECT_EQ(i.counter(Counter::spf_runs), 0U);
    EXPECT_THROW((void)i.counter("spf_run"), std::invalid_argument);
}

}  // namespace
}  // namespace ldpsync::ospf
