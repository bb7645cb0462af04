// The shm link record carries the sync state as ldpsync::shm::SyncState; control/sync keeps its
// own copy (ContractState) so that it does not depend on the shm library. Same values, checked
// here at compile time, plus the internal-state mapping at run time.

#include <gtest/gtest.h>

#include "ldpsync/shm/records.hpp"
#include "sync_types.hpp"

namespace ldpsync::sync {
namespace {

using shm::SyncState;

constexpr bool same(ContractState c, SyncState s)
{
    return static_cast<std::uint8_t>(c) == static_cast<std::uint8_t>(s);
}

static_assert(same(ContractState::disabled, SyncState::disabled));
static_assert(same(ContractState::not_achieved, SyncState::not_achieved));
static_assert(same(ContractState::delay_running, SyncState::delay_running));
static_assert(same(ContractState::achieved, SyncState::achieved));
static_assert(same(ContractState::gr_protected, SyncState::gr_protected));
static_assert(same(ContractState::nsf_suspended, SyncState::nsf_suspended));

TEST(SyncContract, InternalStatesMapOntoShmSyncState)
{
    EXPECT_EQ(to_contract_value(State::disabled), static_cast<std::uint8_t>(SyncState::disabled));
    EXPECT_EQ(to_contract_value(State::nsf_suspended), static_cast<std::uint8_t>(SyncState::nsf_suspended));
    EXPECT_EQ(to_contract_value(State::holding_down), static_cast<std::uint8_t>(SyncState::not_achieved));
    EXPECT_EQ(to_contract_value(State::max_metric), static_cast<std::uint8_t>(SyncState::not_achieved));
    EXPECT_EQ(to_contract_value(State::delay_running), static_cast<std::uint8_t>(SyncState::delay_running));
    EXPECT_EQ(to_contract_value(State::achieved), static_cast<std::uint8_t>(SyncState::achieved));
    EXPECT_EQ(to_contract_value(State::gr_reconnect), static_cast<std::uint8_t>(SyncState::gr_protected));
    EXPECT_EQ(to_contract_value(State::gr_recovery), static_cast<std::uint8_t>(SyncState::gr_protected));
}

}  // namespace
}  // namespace ldpsync::sync
