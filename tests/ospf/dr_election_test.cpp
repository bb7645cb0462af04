// DR/BDR election (RFC 2328 9.4): fresh networks, priority 0, no preemption, BDR promotion,
// the step-4 re-run, and the `changed` flag that drives AdjOK?.

#include <gtest/gtest.h>

#include "dr_election.hpp"
#include "types.hpp"

namespace ldpsync::ospf {
namespace {

constexpr std::uint32_t addr(unsigned host) { return 0x0A000000u | host; }  // 10.0.0.host
constexpr std::uint32_t rid(unsigned n) { return (n << 24) | (n << 16) | (n << 8) | n; }  // n.n.n.n

ElectionRouter router(unsigned n, std::uint8_t priority, unsigned dr = 0, unsigned bdr = 0) {
    ElectionRouter r;
    r.router_id = rid(n);
    r.address = addr(n);
    r.priority = priority;
    r.declared_dr = dr != 0 ? addr(dr) : 0;
    r.declared_bdr = bdr != 0 ? addr(bdr) : 0;
    return r;
}

TEST(OspfDrElection, AloneOnTheNetworkBecomesDr) {
    // At the end of Waiting with no neighbour: BDR = self (step 2), DR = BDR (step 3), then the
    // re-run (step 4) with self declaring DR leaves no BDR.
    ElectionResult r = elect_dr({router(1, 1), {}});
    EXPECT_EQ(r.dr, addr(1));
    EXPECT_EQ(r.bdr, 0u);
    EXPECT_EQ(r.role, DrRole::dr);
    EXPECT_TRUE(r.changed);
}

TEST(OspfDrElection, FreshNetworkHighestPriorityThenRouterId) {
    // Nobody declares anything yet. Router 1 is not involved, so the RFC's steps give it BDR = 3
    // (step 2) and DR = the new BDR = 3 (step 3) with no step-4 re-run: a transient view.
    ElectionInput in{router(1, 1), {router(2, 1), router(3, 1)}};
    ElectionResult r = elect_dr(in);
    EXPECT_EQ(r, (ElectionResult{addr(3), addr(3), DrRole::other, true})) << to_string(r);
    // Router 3 runs the same steps, is itself involved, re-runs and settles DR 3 / BDR 2 ...
    ElectionResult r3 = elect_dr({router(3, 1), {router(1, 1), router(2, 1)}});
    EXPECT_EQ(r3, (ElectionResult{addr(3), addr(2), DrRole::dr, true})) << to_string(r3);
    // ... router 2 likewise becomes BDR ...
    ElectionResult r2 = elect_dr({router(2, 1), {router(1, 1), router(3, 1, 3, 2)}});
    EXPECT_EQ(r2, (ElectionResult{addr(3), addr(2), DrRole::backup, true})) << to_string(r2);
    // ... and once their Hellos declare it, router 1 agrees.
    r = elect_dr({router(1, 1, 3, 3), {router(2, 1, 3, 2), router(3, 1, 3, 2)}});
    EXPECT_EQ(r, (ElectionResult{addr(3), addr(2), DrRole::other, true})) << to_string(r);

    // Priority beats router id.
    in = ElectionInput{router(1, 5), {router(2, 1), router(3, 1)}};
    r = elect_dr(in);
    EXPECT_EQ(r.dr, addr(1)) << to_string(r);
    EXPECT_EQ(r.bdr, addr(3)) << to_string(r);
    EXPECT_EQ(r.role, DrRole::dr);
}

TEST(OspfDrElection, PriorityZeroNeverElected) {
    // Self has priority 0 and the highest router id: not a candidate.
    ElectionResult r = elect_dr({router(9, 0), {router(2, 1, 3, 2), router(3, 1, 3, 2)}});
    EXPECT_EQ(r.role, DrRole::other);
    EXPECT_EQ(r.dr, addr(3));
    EXPECT_EQ(r.bdr, addr(2));
    // Even alone with nobody declaring, it never elects itself.
    r = elect_dr({router(9, 0), {router(2, 1)}});
    EXPECT_EQ(r.dr, addr(2));
    EXPECT_EQ(r.role, DrRole::other);
    // A neighbour with priority 0 even declaring itself DR is ignored.
    r = elect_dr({router(1, 1), {router(2, 0, 2, 0)}});
    EXPECT_EQ(r.dr, addr(1));
    EXPECT_EQ(r.bdr, 0u);
    // Only priority 0 routers: no DR at all.
    r = elect_dr({router(1, 0), {router(2, 0)}});
    EXPECT_EQ(r.dr, 0u);
    EXPECT_EQ(r.bdr, 0u);
    EXPECT_EQ(r.role, DrRole::other);
    EXPECT_FALSE(r.changed);
}

TEST(OspfDrElection, NoPreemption) {
    // 2 is DR, 3 is BDR; self (9, priority 200) joins: they keep their roles and self is other.
    ElectionInput in{router(9, 200), {router(2, 1, 2, 3), router(3, 1, 2, 3)}};
    in.self.declared_dr = 0;
    ElectionResult r = elect_dr(in);
    EXPECT_EQ(r.dr, addr(2)) << to_string(r);
    EXPECT_EQ(r.bdr, addr(3)) << to_string(r);
    EXPECT_EQ(r.role, DrRole::other);
    // Self's own view of the network was empty: DR and BDR changed for it (AdjOK? to neighbours).
    EXPECT_TRUE(r.changed);
    // Next run, with self's declarations now the network's: nothing changes.
    in.self.declared_dr = r.dr;
    in.self.declared_bdr = r.bdr;
    EXPECT_EQ(elect_dr(in), (ElectionResult{addr(2), addr(3), DrRole::other, false}));
}

TEST(OspfDrElection, NoPreemptionOfBdrByHigherPriority) {
    // 2 is DR, 3 is BDR; self with a higher priority than 3 does not take over the BDR either:
    // routers declaring themselves BDR are preferred (step 2).
    ElectionInput in{router(9, 10, 2, 3), {router(2, 1, 2, 3), router(3, 1, 2, 3)}};
    ElectionResult r = elect_dr(in);
    EXPECT_EQ(r.bdr, addr(3));
    EXPECT_EQ(r.role, DrRole::other);
}

TEST(OspfDrElection, DrFailsBdrPromotedAndNewBdrElected) {
    // 2 was DR and is gone (no longer 2-Way); self (1) was BDR: self becomes DR (step 3),
    // and the re-run (step 4) elects a new BDR among the others.
    ElectionInput in{router(1, 1, 2, 1), {router(3, 1, 2, 1), router(4, 1, 2, 1)}};
    ElectionResult r = elect_dr(in);
    EXPECT_EQ(r.dr, addr(1)) << to_string(r);
    EXPECT_EQ(r.bdr, addr(4)) << to_string(r);
    EXPECT_EQ(r.role, DrRole::dr);
    EXPECT_TRUE(r.changed);
}

TEST(OspfDrElection, NeighbourBelowTwoWayIsNotACandidate) {
    ElectionRouter n = router(5, 1, 5, 0);
    n.two_way = false;
    ElectionResult r = elect_dr({router(1, 1), {n}});
    EXPECT_EQ(r.dr, addr(1));
    EXPECT_EQ(r.role, DrRole::dr);
}

TEST(OspfDrElection, BackupSeenDuringWaiting) {
    // A network already running (2 DR, 3 BDR); self starts Waiting and a BackupSeen arrives:
    // self becomes other and takes the network's DR/BDR.
    ElectionResult r = elect_dr({router(1, 1), {router(2, 1, 2, 3), router(3, 1, 2, 3)}});
    EXPECT_EQ(r, (ElectionResult{addr(2), addr(3), DrRole::other, true}));
}

TEST(OspfDrElection, TwoRoutersDeclaringDrHighestWins) {
    // A partition heals: 2 and 3 both declare themselves DR; 3 (higher id) stays DR, 2 becomes
    // BDR (it no longer declares DR after its own recomputation, but here we see its Hello).
    ElectionResult r = elect_dr({router(1, 1, 3, 0), {router(2, 1, 2, 0), router(3, 1, 3, 0)}});
    EXPECT_EQ(r.dr, addr(3)) << to_string(r);
    // BDR among routers not declaring themselves DR: self (1) is the only one.
    EXPECT_EQ(r.bdr, addr(1)) << to_string(r);
    EXPECT_EQ(r.role, DrRole::backup);
}

}  // namespace
}  // namespace ldpsync::ospf
