// Which interfaces LDP reports in sync (RFC 6138 section 3): every peer with an adjacency on
// the interface must have completed its initial label exchange, and a peer that appears on an
// interface already in sync takes the sync back until its own exchange is complete. A peer
// that leaves holds the sync back until the IGP has no neighbour at its address any more.

#include <gtest/gtest.h>

#include "interface_sync.hpp"

namespace ldpsync::ldp {
namespace {

using Verdict = InterfaceSync::Verdict;
using Ifs = std::vector<InterfaceSync::Ifindex>;

constexpr InterfaceSync::Ifindex kLan = 1, kP2p = 2;
constexpr PeerId kA = 0x02020202, kB = 0x03030303, kC = 0x04040404;
// Their addresses on the interfaces (Hello source, and what the IGP knows them by).
constexpr std::uint32_t kAddrA = 0x0a000102, kAddrB = 0x0a000103, kAddrC = 0x0a000104;

// kA and kB on the LAN, both with their exchange complete: the LAN is in sync.
InterfaceSync lan_in_sync() {
    InterfaceSync s;
    s.adjacency_up(kLan, kA, kAddrA);
    s.adjacency_up(kLan, kB, kAddrB);
    EXPECT_EQ(s.exchange_complete(kA), Ifs{});
    EXPECT_EQ(s.exchange_complete(kB), Ifs{kLan});
    return s;
}

TEST(InterfaceSync, PointToPointIsInSyncWhenItsPeerIs) {
    InterfaceSync s;
    EXPECT_EQ(s.adjacency_up(kP2p, kA, kAddrA), Verdict::none);
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
    s.adjacency_up(kP2p, kB, kAddrB);
    ASSERT_TRUE(s.synced(kP2p));
    EXPECT_EQ(s.adjacency_up(kLan, kC, kAddrC), Verdict::revoked);
    EXPECT_FALSE(s.synced(kLan));
    EXPECT_TRUE(s.synced(kP2p));                      // other interfaces keep theirs
    EXPECT_EQ(s.adjacency_up(kLan, kC, kAddrC), Verdict::none);  // the same adjacency again: nothing new
    EXPECT_EQ(s.exchange_complete(kC), Ifs{kLan});
    EXPECT_TRUE(s.synced(kLan));
}

TEST(InterfaceSync, NewPeerOnAnUnsyncedLanRevokesNothing) {
    InterfaceSync s;
    s.adjacency_up(kLan, kA, kAddrA);
    EXPECT_EQ(s.adjacency_up(kLan, kC, kAddrC), Verdict::none);
    EXPECT_EQ(s.exchange_complete(kA), Ifs{});
    EXPECT_EQ(s.exchange_complete(kC), Ifs{kLan});
}

TEST(InterfaceSync, PeerWhoseExchangeIsCompleteElsewhereKeepsOrBringsTheSync) {
    InterfaceSync s;
    s.adjacency_up(kP2p, kB, kAddrB);
    s.exchange_complete(kB);
    s.adjacency_up(kLan, kA, kAddrA);
    s.exchange_complete(kA);
    ASSERT_TRUE(s.synced(kLan));
    // kB's labels came with its session (over kP2p): its adjacency on the LAN needs no new
    // exchange and takes nothing back.
    EXPECT_EQ(s.adjacency_up(kLan, kB, kAddrB), Verdict::none);
    EXPECT_TRUE(s.synced(kLan));
    // An interface whose only peer is such a peer is in sync as soon as the adjacency is up.
    EXPECT_EQ(s.adjacency_up(3, kB, kAddrB), Verdict::synced);
}

TEST(InterfaceSync, PeerLeavingTheLanEndsItsReportedSync) {
    auto s = lan_in_sync();
    EXPECT_EQ(s.source(kLan, kB), kAddrB);
    // The speaker reports the session down on the interface.
    EXPECT_EQ(s.adjacency_down(kLan, kB, true), Verdict::none);
    EXPECT_FALSE(s.synced(kLan));
    EXPECT_EQ(s.source(kLan, kB), 0u);
    EXPECT_EQ(s.adjacency_down(kLan, kB, true), Verdict::none);  // not there any more: nothing
    EXPECT_EQ(s.adjacency_down(kLan, kA, false), Verdict::none);  // no peer left: nothing to sync with
    EXPECT_EQ(s.adjacency_up(kLan, kC, kAddrC), Verdict::none);
}

TEST(InterfaceSync, PeerThatLeftWhileStillAnIgpNeighbourHoldsTheLanUntilTheIgpLosesIt) {
    auto s = lan_in_sync();
    EXPECT_EQ(s.adjacency_down(kLan, kB, true), Verdict::none);
    EXPECT_EQ(s.departed(kLan), std::vector<PeerId>{kB});
    // Its LDP may have died with its IGP adjacency alive: the IGP still routes through it.
    EXPECT_EQ(s.igp_neighbor_gone(kLan, kAddrA), Verdict::none);  // not the one that left
    EXPECT_EQ(s.igp_neighbor_gone(kP2p, kAddrB), Verdict::none);  // another interface
    EXPECT_FALSE(s.synced(kLan));
    // Gone from the IGP too: it left the LAN, and kA has its labels.
    EXPECT_EQ(s.igp_neighbor_gone(kLan, kAddrB), Verdict::synced);
    EXPECT_TRUE(s.synced(kLan));
    EXPECT_TRUE(s.departed(kLan).empty());
    EXPECT_EQ(s.igp_neighbor_gone(kLan, kAddrB), Verdict::none);  // once
}

TEST(InterfaceSync, PeerThatLeftTheIgpFirstHandsTheLanOverAtOnce) {
    auto s = lan_in_sync();
    EXPECT_EQ(s.adjacency_down(kLan, kB, false), Verdict::synced);
    EXPECT_TRUE(s.synced(kLan));
    EXPECT_TRUE(s.departed(kLan).empty());
}

TEST(InterfaceSync, HandOverWaitsForTheRemainingPeersExchanges) {
    auto s = lan_in_sync();
    EXPECT_EQ(s.adjacency_up(kLan, kC, kAddrC), Verdict::revoked);
    EXPECT_EQ(s.adjacency_down(kLan, kB, false), Verdict::none);  // kC's labels still to come
    EXPECT_EQ(s.exchange_complete(kC), Ifs{kLan});
}

TEST(InterfaceSync, DepartedPeerBlocksAnotherPeersCompletionUntilItsIgpNeighbourGoes) {
    auto s = lan_in_sync();
    s.adjacency_down(kLan, kB, true);
    s.adjacency_up(kLan, kC, kAddrC);
    EXPECT_EQ(s.exchange_complete(kC), Ifs{});
    EXPECT_EQ(s.igp_neighbor_gone(kLan, kAddrB), Verdict::synced);
}

TEST(InterfaceSync, DepartedPeerComingBackSyncsThroughItsOwnExchange) {
    auto s = lan_in_sync();
    EXPECT_EQ(s.exchange_lost(kB), Ifs{kLan});  // its LDP died: session first,
    s.adjacency_down(kLan, kB, true);           // then its Hellos
    EXPECT_EQ(s.adjacency_up(kLan, kB, kAddrB), Verdict::none);
    EXPECT_TRUE(s.departed(kLan).empty());
    EXPECT_EQ(s.exchange_complete(kB), Ifs{kLan});
    // A peer coming back with its exchange complete (its session stayed up over another
    // link) brings the sync back with its adjacency.
    s.adjacency_down(kLan, kB, true);
    ASSERT_FALSE(s.synced(kLan));
    EXPECT_EQ(s.adjacency_up(kLan, kB, kAddrB), Verdict::synced);
}

TEST(InterfaceSync, ClearForgetsDepartedPeers) {
    auto s = lan_in_sync();
    s.adjacency_down(kLan, kB, true);
    s.clear();
    EXPECT_TRUE(s.departed(kLan).empty());
    s.adjacency_up(kLan, kA, kAddrA);
    EXPECT_EQ(s.exchange_complete(kA), Ifs{kLan});
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
