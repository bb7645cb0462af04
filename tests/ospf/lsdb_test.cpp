// LSDB (RFC 2328 12-14) on a manual clock: the 13.1 comparison from a data file, the 13
// receive decisions, MinLSArrival (13 (5a)), MinLSInterval (12.4, deferred not dropped), aging
// to MaxAge, LSRefreshTime refresh, premature aging and the sequence-number wrap (12.1.6).

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ospf/checksum.hpp"
#include "lsdb.hpp"

namespace ldpsync::ospf {
namespace {

using namespace std::chrono_literals;

const TimePoint t0{std::chrono::hours{1000}};
constexpr std::uint32_t self_id = 0x01010101;   // 1.1.1.1
constexpr std::uint32_t other_id = 0x02020202;  // 2.2.2.2

RouterLsa body(std::uint16_t metric) {
    RouterLsa r;
    RouterLink l;
    l.type = RouterLinkType::stub;
    l.link_id = 0x0A000C00;
    l.link_data = 0xFFFFFF00;
    l.metric = metric;
    r.links.push_back(l);
    return r;
}

Lsa router_lsa(std::uint32_t adv, std::uint32_t seq, std::uint16_t age = 1, std::uint16_t metric = 10) {
    Lsa lsa;
    lsa.header.type = lsa_type::router;
    lsa.header.ls_id = adv;
    lsa.header.adv_router = adv;
    lsa.header.seq = seq;
    lsa.header.options = options::e;
    lsa.body = body(metric);
    lsa = finalize_lsa(lsa);
    lsa.header.age = age;
    return lsa;
}

bool checksum_valid(const Lsa& lsa) {
    auto bytes = encode_lsa(lsa, ChecksumMode::keep);
    return bytes && lsa_checksum_ok(*bytes);
}

Recency parse_recency(const std::string& s) {
    if (s == "first") {
        return Recency::first_newer;
    }
    if (s == "second") {
        return Recency::second_newer;
    }
    EXPECT_EQ(s, "same");
    return Recency::same;
}

Recency mirror(Recency r) {
    return r == Recency::first_newer ? Recency::second_newer
                                     : (r == Recency::second_newer ? Recency::first_newer : Recency::same);
}

TEST(OspfLsdb, NewerInstanceCasesFromDataFile) {
    std::ifstream in{LDPSYNC_OSPF_DATA_DIR "/newer_instance.txt"};
    ASSERT_TRUE(in) << LDPSYNC_OSPF_DATA_DIR "/newer_instance.txt";
    std::string line;
    int cases = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream ls{line};
        std::string sa, ca, sb, cb, expected;
        unsigned age_a = 0, age_b = 0;
        ls >> sa >> ca >> age_a >> sb >> cb >> age_b >> expected;
        ASSERT_FALSE(ls.fail()) << line;
        LsaHeader a, b;
        a.seq = static_cast<std::uint32_t>(std::stoul(sa, nullptr, 16));
        a.checksum = static_cast<std::uint16_t>(std::stoul(ca, nullptr, 16));
        a.age = static_cast<std::uint16_t>(age_a);
        b.seq = static_cast<std::uint32_t>(std::stoul(sb, nullptr, 16));
        b.checksum = static_cast<std::uint16_t>(std::stoul(cb, nullptr, 16));
        b.age = static_cast<std::uint16_t>(age_b);
        const Recency want = parse_recency(expected);
        EXPECT_EQ(compare_instances(a, b), want) << line;
        EXPECT_EQ(compare_instances(b, a), mirror(want)) << "swapped: " << line;
        ++cases;
    }
    EXPECT_GE(cases, 15);
}

TEST(OspfLsdb, ReceiveInstallsAndMinLsArrivalDiscards) {
    Lsdb db{LsdbConfig{self_id}};
    auto r = db.receive(router_lsa(other_id, 0x80000001), t0);
    EXPECT_EQ(r.outcome, ReceiveOutcome::installed);
    EXPECT_FALSE(r.database_copy);
    // A newer instance 0.5 s later: dropped without ack (13 (5a)); the sender retransmits.
    r = db.receive(router_lsa(other_id, 0x80000002), t0 + 500ms);
    EXPECT_EQ(r.outcome, ReceiveOutcome::discarded_min_ls_arrival);
    EXPECT_EQ(db.find(key_of(router_lsa(other_id, 1).header))->lsa.header.seq, 0x80000001u);
    // The retransmission, exactly MinLSArrival after the installation: accepted.
    r = db.receive(router_lsa(other_id, 0x80000002), t0 + 1s);
    EXPECT_EQ(r.outcome, ReceiveOutcome::installed);
    ASSERT_TRUE(r.database_copy);
    EXPECT_EQ(r.database_copy->header.seq, 0x80000001u);
}

TEST(OspfLsdb, MinLsArrivalZeroAcceptsBackToBackInstances) {
    // FRR's lab runs with "timers lsa min-arrival 0" (lab gotcha 2): every newer instance goes in.
    Lsdb db{LsdbConfig{self_id, 0s}};
    EXPECT_EQ(db.receive(router_lsa(other_id, 0x80000001), t0).outcome, ReceiveOutcome::installed);
    EXPECT_EQ(db.receive(router_lsa(other_id, 0x80000002), t0).outcome, ReceiveOutcome::installed);
    EXPECT_EQ(db.receive(router_lsa(other_id, 0x80000003), t0 + 1ms).outcome, ReceiveOutcome::installed);
}

TEST(OspfLsdb, DuplicateOlderAndSendBack) {
    Lsdb db{LsdbConfig{self_id}};
    ASSERT_EQ(db.receive(router_lsa(other_id, 0x80000005, 10), t0).outcome, ReceiveOutcome::installed);
    // Same instance (age within MaxAgeDiff): duplicate, 13 (7).
    EXPECT_EQ(db.receive(router_lsa(other_id, 0x80000005, 40), t0 + 20s).outcome, ReceiveOutcome::duplicate);
    // An older instance: our copy goes back (8), at most once per MinLSArrival.
    auto r = db.receive(router_lsa(other_id, 0x80000004), t0 + 30s);
    ASSERT_EQ(r.outcome, ReceiveOutcome::send_database_copy);
    EXPECT_EQ(r.database_copy->header.seq, 0x80000005u);
    EXPECT_EQ(r.database_copy->header.age, 40);  // current age: 10 + 30 s
    EXPECT_EQ(db.receive(router_lsa(other_id, 0x80000004), t0 + 30s + 500ms).outcome,
              ReceiveOutcome::older_discarded);
    EXPECT_EQ(db.receive(router_lsa(other_id, 0x80000004), t0 + 31s).outcome, ReceiveOutcome::send_database_copy);
    // Not newer but on the request list: BadLSReq (6).
    EXPECT_EQ(db.receive(router_lsa(other_id, 0x80000005, 10), t0 + 40s, {false, true}).outcome,
              ReceiveOutcome::bad_ls_req);
}

TEST(OspfLsdb, MaxAgeWithoutDatabaseCopy) {
    Lsdb db{LsdbConfig{self_id}};
    EXPECT_EQ(db.receive(router_lsa(other_id, 0x80000001, max_age), t0).outcome, ReceiveOutcome::ack_and_discard);
    EXPECT_EQ(db.size(), 0u);
    // While a neighbour is in Exchange/Loading it is installed (and flooded) instead.
    EXPECT_EQ(db.receive(router_lsa(other_id, 0x80000001, max_age), t0, {true, false}).outcome,
              ReceiveOutcome::installed);
    EXPECT_TRUE(db.remove(key_of(router_lsa(other_id, 1).header)));
}

TEST(OspfLsdb, SelfOriginatedNewerCopyIsReported) {
    Lsdb db{LsdbConfig{self_id}};
    auto o = db.originate(lsa_type::router, self_id, options::e, body(10), t0);
    ASSERT_EQ(o.outcome, OriginateOutcome::originated);
    // A copy of ours from before a restart, with a higher sequence number (13.4): not subject to
    // MinLSArrival (our copy was not received by flooding).
    auto r = db.receive(router_lsa(self_id, 0x80000010, 5, 99), t0 + 10ms);
    EXPECT_EQ(r.outcome, ReceiveOutcome::installed_self_originated);
    // Re-origination continues past the received sequence number once MinLSInterval allows it.
    o = db.originate(lsa_type::router, self_id, options::e, body(10), t0 + 10ms);
    EXPECT_EQ(o.outcome, OriginateOutcome::deferred);
    EXPECT_EQ(o.due, t0 + 5s);
    auto t = db.tick(t0 + 5s);
    ASSERT_EQ(t.originated.size(), 1u);
    EXPECT_EQ(t.originated[0].header.seq, 0x80000011u);
}

TEST(OspfLsdb, MinLsIntervalDefersAndKeepsTheLatestContents) {
    Lsdb db{LsdbConfig{self_id}};
    auto o = db.originate(lsa_type::router, self_id, options::e, body(10), t0);
    ASSERT_EQ(o.outcome, OriginateOutcome::originated);
    EXPECT_EQ(o.lsa->header.seq, initial_sequence_number);
    EXPECT_EQ(o.lsa->header.age, 0);
    EXPECT_TRUE(checksum_valid(*o.lsa));
    // Same contents: nothing to do.
    EXPECT_EQ(db.originate(lsa_type::router, self_id, options::e, body(10), t0 + 1s).outcome,
              OriginateOutcome::unchanged);
    // LDP sync goes out of sync 2 s later: max metric, deferred to t0 + 5 s.
    o = db.originate(lsa_type::router, self_id, options::e, body(kLsInfinity), t0 + 2s);
    EXPECT_EQ(o.outcome, OriginateOutcome::deferred);
    EXPECT_EQ(o.due, t0 + 5s);
    // Another change before then: still deferred, the latest contents win.
    o = db.originate(lsa_type::router, self_id, options::e, body(20), t0 + 3s);
    EXPECT_EQ(o.outcome, OriginateOutcome::deferred);
    EXPECT_EQ(db.next_deadline(t0 + 3s), t0 + 5s);
    EXPECT_TRUE(db.tick(t0 + 4s).originated.empty());
    auto t = db.tick(t0 + 5s);
    ASSERT_EQ(t.originated.size(), 1u);
    EXPECT_EQ(t.originated[0].header.seq, initial_sequence_number + 1);
    EXPECT_EQ(std::get<RouterLsa>(t.originated[0].body), body(20));
    EXPECT_TRUE(checksum_valid(t.originated[0]));
    EXPECT_FALSE(db.pending(key_of(t.originated[0].header)));
    // Past MinLSInterval an origination is immediate.
    o = db.originate(lsa_type::router, self_id, options::e, body(30), t0 + 10s);
    EXPECT_EQ(o.outcome, OriginateOutcome::originated);
    EXPECT_EQ(o.lsa->header.seq, initial_sequence_number + 2);
}

TEST(OspfLsdb, OurOriginationsNeverMeetAPeersMinLsArrival) {
    // Lab gotcha 2: a default FRR drops an LSA arriving < 1 s (MinLSArrival) after the previous
    // copy. LDP-IGP sync flaps the metric quickly; MinLSInterval (5 s) spaces our instances, so a
    // peer with the RFC default MinLSArrival accepts every one of them and ends up with the last.
    Lsdb ours{LsdbConfig{self_id}};
    Lsdb peer{LsdbConfig{other_id}};  // min_ls_arrival = 1 s
    int sent = 0;
    auto deliver = [&](const Lsa& lsa, TimePoint at) {
        EXPECT_EQ(peer.receive(lsa, at).outcome, ReceiveOutcome::installed) << to_string(lsa.header);
        ++sent;
    };
    std::uint16_t metric = 10;
    for (auto t = t0; t < t0 + 12s; t += 200ms) {
        metric = metric == 10 ? kLsInfinity : 10;
        auto o = ours.originate(lsa_type::router, self_id, options::e, body(metric), t);
        if (o.lsa) {
            deliver(*o.lsa, t);
        }
        for (const Lsa& lsa : ours.tick(t).originated) {
            deliver(lsa, t);
        }
    }
    for (const Lsa& lsa : ours.tick(t0 + 20s).originated) {
        deliver(lsa, t0 + 20s);
    }
    EXPECT_EQ(sent, 4);  // t0, t0+5 s, t0+10 s, and the last change at t0+15 s
    const LsaKey key{lsa_type::router, self_id, self_id};
    EXPECT_EQ(peer.find(key)->lsa.body, ours.find(key)->lsa.body);
    EXPECT_EQ(peer.find(key)->lsa.header.seq, initial_sequence_number + 3);
}

TEST(OspfLsdb, DeferredChangeUndoneIsNotOriginated) {
    Lsdb db{LsdbConfig{self_id}};
    ASSERT_EQ(db.originate(lsa_type::router, self_id, 0, body(10), t0).outcome, OriginateOutcome::originated);
    EXPECT_EQ(db.originate(lsa_type::router, self_id, 0, body(kLsInfinity), t0 + 1s).outcome,
              OriginateOutcome::deferred);
    EXPECT_EQ(db.originate(lsa_type::router, self_id, 0, body(10), t0 + 2s).outcome, OriginateOutcome::unchanged);
    EXPECT_TRUE(db.tick(t0 + 6s).originated.empty());
}

TEST(OspfLsdb, AgingToMaxAgeAndRemoval) {
    Lsdb db{LsdbConfig{self_id}};
    const Lsa lsa = router_lsa(other_id, 0x80000001, 3500);
    ASSERT_EQ(db.receive(lsa, t0).outcome, ReceiveOutcome::installed);
    EXPECT_EQ(db.current(key_of(lsa.header), t0 + 50s)->header.age, 3550);
    EXPECT_EQ(db.current(key_of(lsa.header), t0 + 50s + 999ms)->header.age, 3550);  // whole seconds
    EXPECT_EQ(db.next_deadline(t0), t0 + 100s);
    EXPECT_FALSE(db.remove(key_of(lsa.header)));  // not MaxAge yet
    EXPECT_TRUE(db.tick(t0 + 99s).maxaged.empty());
    auto t = db.tick(t0 + 100s);
    ASSERT_EQ(t.maxaged.size(), 1u);
    EXPECT_EQ(t.maxaged[0].header.age, max_age);
    EXPECT_TRUE(db.tick(t0 + 200s).maxaged.empty());  // reported once
    EXPECT_EQ(db.current(key_of(lsa.header), t0 + 9999s)->header.age, max_age);  // capped
    EXPECT_TRUE(db.remove(key_of(lsa.header)));
    EXPECT_EQ(db.size(), 0u);
}

TEST(OspfLsdb, RefreshAtLsRefreshTime) {
    Lsdb db{LsdbConfig{self_id}};
    auto o = db.originate(lsa_type::router, self_id, options::e, body(10), t0);
    ASSERT_EQ(o.outcome, OriginateOutcome::originated);
    EXPECT_EQ(db.next_deadline(t0), t0 + 1800s);
    EXPECT_TRUE(db.tick(t0 + 1799s).refreshed.empty());
    auto t = db.tick(t0 + 1800s);
    ASSERT_EQ(t.refreshed.size(), 1u);
    EXPECT_EQ(t.refreshed[0].header.seq, initial_sequence_number + 1);
    EXPECT_EQ(t.refreshed[0].header.age, 0);
    EXPECT_EQ(t.refreshed[0].body, o.lsa->body);
    EXPECT_TRUE(checksum_valid(t.refreshed[0]));
    EXPECT_TRUE(t.maxaged.empty());
    // Others' LSAs are never refreshed by us; they age out (checked above).
    EXPECT_EQ(db.next_deadline(t0 + 1800s), t0 + 3600s);
}

TEST(OspfLsdb, FlushIsPrematureAging) {
    Lsdb db{LsdbConfig{self_id}};
    ASSERT_TRUE(db.originate(lsa_type::network, 0x0A000001, 0, NetworkLsa{0xFFFFFF00, {self_id, other_id}}, t0).lsa);
    const LsaKey key{lsa_type::network, 0x0A000001, self_id};
    auto f = db.flush(key, t0 + 1s);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->header.age, max_age);
    EXPECT_TRUE(db.tick(t0 + 2s).maxaged.empty());  // already handed out for flooding
    EXPECT_TRUE(db.remove(key));
    // Not ours: refused.
    ASSERT_EQ(db.receive(router_lsa(other_id, 0x80000001), t0).outcome, ReceiveOutcome::installed);
    EXPECT_FALSE(db.flush(key_of(router_lsa(other_id, 1).header), t0));
}

TEST(OspfLsdb, SequenceNumberWrap) {
    Lsdb db{LsdbConfig{self_id}};
    ASSERT_EQ(db.receive(router_lsa(self_id, kMaxSequenceNumber), t0).outcome,
              ReceiveOutcome::installed_self_originated);
    auto o = db.originate(lsa_type::router, self_id, options::e, body(10), t0);
    ASSERT_EQ(o.outcome, OriginateOutcome::wrapping);
    EXPECT_EQ(o.lsa->header.age, max_age);
    EXPECT_EQ(o.lsa->header.seq, kMaxSequenceNumber);
    // Until the MaxAge instance is removed, nothing new goes out.
    EXPECT_EQ(db.originate(lsa_type::router, self_id, options::e, body(20), t0 + 10s).outcome,
              OriginateOutcome::deferred);
    EXPECT_TRUE(db.tick(t0 + 20s).originated.empty());
    ASSERT_TRUE(db.remove(LsaKey{lsa_type::router, self_id, self_id}));
    auto t = db.tick(t0 + 21s);
    ASSERT_EQ(t.originated.size(), 1u);
    EXPECT_EQ(t.originated[0].header.seq, initial_sequence_number);
    EXPECT_EQ(std::get<RouterLsa>(t.originated[0].body), body(20));
}

}  // namespace
}  // namespace ldpsync::ospf
