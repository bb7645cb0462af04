// Which interfaces LDP reports in sync (RFC 6138 section 3): every peer with an adjacency on
// the interface must have completed its initial label exchange, and a peer that appears on an
// interface already in sync takes the sync back until its own exchange is complete.

#include <gtest/gtest.h>

#include "interface_sync.hpp"

namespace ldpsync::ldp {
namespace {

using Verdict = InterfaceSync::Verdict;
using Ifs = std::vector<InterfaceSync::Ifindex>;

constexpr InterfaceSync::Ifindex kLan = 1, kP2p = 2;
constexpr PeerId kA = 0x02020202, kB = 0x03030303, kC = 0x04040404;

// kA and kB on the LAN, both with their exchange complete: the LAN is in sync.
InterfaceSync lan_in_sync() {
    InterfaceSync s;
    s.adjacency_up(kLan, kA);
    s.adjacency_up(kLan, kB);
    EXPECT_EQ(s.exchange_complete(kA), Ifs{});
    EXPECT_EQ(s.exchange_complete(kB), Ifs{kLan});
    return s;
}

TEST(InterfaceSync, PointToPointIsInSyncWhenItsPeerIs) {
    InterfaceSync s;
    EXPECT_EQ(s.adjacency_up(kP2p, kA), Verdict::none);
    EXPECT_FALSE(s.synced(kP2p));
    EXPECT_EQ(s.exchange_complete(kA), Ifs{kP2p});
    EXPECT_TRUE(s.synced(kP2p));
    EXPECT_EQ(s.exchange_complete(kA), Ifs{});  // reported once
    EXPECT_EQ(s.exchange_lost(kA), Ifs{kP2p});
    EXPECT_FALSE(s.synced(kP2p));
}

TEST(InterfaceSync, LanWaitsForEveryPeer) {
    const auto s = lan_in_sync();  // not after kA alone: checked inside
    EXPECT_TRUE(s.synced(kLan));
}

TEST(InterfaceSync, NewPeerOnASyncedLanTakesTheSyncBackUntilItsExchangeCompletes) {
    auto s = lan_in_sync();
    s.adjacency_up(kP2p, kB);
    ASSERT_TRUE(s.synced(kP2p));
    EXPECT_EQ(s.adjacency_up(kLan, kC), Verdict::revoked);
    EXPECT_FALSE(s.synced(kLan));
    EXPECT_TRUE(s.synced(kP2p));                      // other interfaces keep theirs
    EXPECT_EQ(s.adjacency_up(kLan, kC), Verdict::none);  // the same adjacency again: nothing new
    EXPECT_EQ(s.exchange_complete(kC), Ifs{kLan});
    EXPECT_TRUE(s.synced(kLan));
}

TEST(InterfaceSync, NewPeerOnAnUnsyncedLanRevokesNothing) {
    InterfaceSync s;
    s.adjacency_up(kLan, kA);
    EXPECT_EQ(s.adjacency_up(kLan, kC), Verdict::none);
    EXPECT_EQ(s.exchange_complete(kA), Ifs{});
    EXPECT_EQ(s.exchange_complete(kC), Ifs{kLan});
}

TEST(InterfaceSync, PeerWhoseExchangeIsCompleteElsewhereKeepsOrBringsTheSync) {
    InterfaceSync s;
    s.adjacency_up(kP2p, kB);
    s.exchange_complete(kB);
    s.adjacency_up(kLan, kA);
    s.exchange_complete(kA);
    ASSERT_TRUE(s.synced(kLan));
    // kB's labels came with its session (over kP2p): its adjacency on the LAN needs no new
    // exchange and takes nothing back.
    EXPECT_EQ(s.adjacency_up(kLan, kB), Verdict::none);
    EXPECT_TRUE(s.synced(kLan));
    // An interface whose only peer is such a peer is in sync as soon as the adjacency is up.
    EXPECT_EQ(s.adjacency_up(3, kB), Verdict::synced);
}

TEST(InterfaceSync, PeerLeavingTheLanEndsItsReportedSync) {
    auto s = lan_in_sync();
    s.adjacency_down(kLan, kB);  // the speaker reports the session down on the interface
    EXPECT_FALSE(s.synced(kLan));
    s.adjacency_down(kLan, kA);
    EXPECT_EQ(s.adjacency_up(kLan, kC), Verdict::none);
}

TEST(InterfaceSync, SessionLostAndBackReportsAgain) {
    auto s = lan_in_sync();
    EXPECT_EQ(s.exchange_lost(kA), Ifs{kLan});
    EXPECT_EQ(s.exchange_lost(kA), Ifs{});
    EXPECT_EQ(s.exchange_complete(kA), Ifs{kLan});
    s.clear();
    EXPECT_FALSE(s.synced(kLan));
    EXPECT_FALSE(s.complete(kB));
}

}  // namespace
}  // namespace ldpsync::ldp
