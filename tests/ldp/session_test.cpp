// Two Sessions back to back through a fake byte pipe on a manual clock.

#include <gtest/gtest.h>

#include <functional>

#include "session.hpp"

namespace ldpsync::ldp {
namespace {

using namespace std::chrono_literals;

constexpr std::uint32_t addr_a = 0x02020202;  // higher: active
constexpr std::uint32_t addr_b = 0x01010101;  // passive

SessionConfig config(std::uint32_t self, std::uint32_t peer, std::uint16_t keepalive = 180) {
    SessionConfig c;
    c.local.lsr_id = self;
    c.local.keepalive_time = keepalive;
    c.local_transport = self;
    c.peer_transport = peer;
    c.peer_lsr_id = peer;
    return c;
}

template <class T>
std::vector<T> reports_of(const std::vector<SessionReport>& rs) {
    std::vector<T> out;
    for (const auto& r : rs) {
        if (const auto* t = std::get_if<T>(&r)) {
            out.push_back(*t);
        }
    }
    return out;
}

std::string hex(ByteView b) {
    std::string s;
    char buf[4];
    for (auto x : b) {
        std::snprintf(buf, sizeof buf, "%02x", std::to_integer<unsigned>(x));
        s += buf;
    }
    return s;
}

// The messages of a byte stream of PDUs.
std::vector<Message> messages_in(ByteView stream) {
    std::vector<Message> out;
    while (!stream.empty()) {
        auto n = frame_pdu(stream);
        EXPECT_TRUE(n.ok() && *n > 0);
        if (!n.ok() || *n == 0) {
            break;
        }
        auto d = decode_pdu(stream.first(*n));
        EXPECT_TRUE(d.ok());
        for (auto& e : d->messages) {
            out.push_back(*e.message);
        }
        stream = stream.subspan(*n);
    }
    return out;
}

struct Pair {
    sync::ManualClock clock;
    Session a{config(addr_a, addr_b), clock};
    Session b{config(addr_b, addr_a), clock};
    std::vector<SessionReport> ra;
    std::vector<SessionReport> rb;
    bool a_silent = false;

    void pump() {
        for (int i = 0; i < 10; ++i) {
            Bytes ab = a.take_output();
            Bytes ba = b.take_output();
            if (a_silent) {
                ab.clear();
            }
            if (ab.empty() && ba.empty()) {
                break;
            }
            b.receive(ab);
            a.receive(ba);
        }
        for (auto& r : a.take_reports()) {
            ra.push_back(r);
        }
        for (auto& r : b.take_reports()) {
            rb.push_back(r);
        }
    }
    void connect() {
        b.connected();
        a.connected();
        pump();
    }
    void advance(std::chrono::milliseconds d) {
        clock.advance(d);
        if (!a_silent) {
            a.poll_timers();
        }
        b.poll_timers();
        pump();
    }
};

TEST(Session, BackToBackReachOperational) {
    Pair p;
    EXPECT_EQ(p.a.role(), SessionRole::active);
    EXPECT_EQ(p.b.role(), SessionRole::passive);
    p.connect();
    EXPECT_EQ(p.a.state(), SessionState::operational);
    EXPECT_EQ(p.b.state(), SessionState::operational);
    ASSERT_EQ(reports_of<SessionUp>(p.ra).size(), 1U);
    ASSERT_EQ(reports_of<SessionUp>(p.rb).size(), 1U);
    EXPECT_EQ(reports_of<SessionUp>(p.ra)[0].params.keepalive_time, 180);
    EXPECT_EQ(reports_of<SessionUp>(p.rb)[0].params.capabilities, Capabilities::all());
    EXPECT_TRUE(reports_of<FsmError>(p.ra).empty());
    EXPECT_TRUE(reports_of<FsmError>(p.rb).empty());
}

TEST(Session, ActiveSendsInitFirstPassiveWaits) {
    Pair p;
    p.b.connected();
    EXPECT_EQ(p.b.state(), SessionState::initialized);
    EXPECT_TRUE(p.b.take_output().empty());
    p.a.connected();
    EXPECT_EQ(p.a.state(), SessionState::opensent);
    auto m = messages_in(p.a.take_output());
    ASSERT_EQ(m.size(), 1U);
    EXPECT_TRUE(std::holds_alternative<Initialization>(m[0]));
}

TEST(Session, KeepAlivesKeepTheSessionUp) {
    Pair p;
    p.connect();
    for (int i = 0; i < 20; ++i) {  // 20 minutes, KeepAlive time 180 s, sent every 60 s
        p.clock.advance(60s);
        p.a.poll_timers();
        auto m = messages_in(p.a.take_output());
        ASSERT_EQ(m.size(), 1U);
        EXPECT_TRUE(std::holds_alternative<KeepAlive>(m[0]));
        p.b.receive(encode_pdu(PduHeader{1, 0, addr_a, 0}, m));
        p.b.poll_timers();
        p.pump();
    }
    EXPECT_EQ(p.a.state(), SessionState::operational);
    EXPECT_EQ(p.b.state(), SessionState::operational);
}

TEST(Session, HoldTimeoutWhenPeerGoesSilent) {
    Pair p;
    p.connect();
    p.a_silent = true;
    for (int i = 0; i < 2; ++i) {
        p.advance(60s);
        EXPECT_EQ(p.b.state(), SessionState::operational);
    }
    p.clock.advance(60s);
    p.b.poll_timers();
    EXPECT_EQ(p.b.state(), SessionState::non_existent);
    auto m = messages_in(p.b.take_output());
    ASSERT_FALSE(m.empty());
    const auto* n = std::get_if<Notification>(&m.back());
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(n->status.status(), Status::keepalive_timer_expired);
    EXPECT_TRUE(n->status.e);
    auto closed = reports_of<SessionClosed>(p.b.take_reports());
    ASSERT_EQ(closed.size(), 1U);
    EXPECT_EQ(closed[0].reason, CloseReason::keepalive_timeout);
}

Bytes pdu_from(std::uint32_t lsr, std::vector<Message> m) { return encode_pdu(PduHeader{1, 0, lsr, 0}, m); }

TEST(Session, RefusesBadInitializationWithNotificationBytes) {
    sync::ManualClock clock;
    Session b(config(addr_b, addr_a), clock);
    b.connected();
    LocalSessionParams peer;
    peer.lsr_id = addr_a;
    auto init = make_initialization(peer, addr_b, 0, 7);
    init.params.keepalive_time = 0;
    b.receive(pdu_from(addr_a, {init}));
    EXPECT_EQ(b.state(), SessionState::non_existent);
    // PDU v1 len 28, LSR 1.1.1.1:0; Notification id 1; Status TLV E=1 code 0x18
    // (Session Rejected/Bad KeepAlive Time), offending message id 7, type Initialization.
    EXPECT_EQ(hex(b.take_output()), "0001001c01010101000000010012000000010300000a8000001800000007" "0200");
    auto closed = reports_of<SessionClosed>(b.take_reports());
    ASSERT_EQ(closed.size(), 1U);
    EXPECT_EQ(closed[0].reason, CloseReason::init_rejected);
    EXPECT_EQ(closed[0].status, Status::session_rejected_bad_keepalive_time);
    // It died before OPERATIONAL: the next attempt waits (RFC 5036 2.5.3).
    EXPECT_EQ(b.backoff().failures(), 1U);
    EXPECT_FALSE(b.may_connect());
}

TEST(Session, RefusesDownstreamOnDemand) {
    sync::ManualClock clock;
    Session a(config(addr_a, addr_b), clock);
    a.connected();
    (void)a.take_output();
    LocalSessionParams peer;
    peer.lsr_id = addr_b;
    auto init = make_initialization(peer, addr_a, 0, 3);
    init.params.downstream_on_demand = true;
    a.receive(pdu_from(addr_b, {init}));
    EXPECT_EQ(hex(a.take_output()), "0001001c02020202000000010012000000020300000a8000001100000003" "0200");
}

TEST(Session, MessageBeforeInitializationGetsShutdown) {
    sync::ManualClock clock;
    Session b(config(addr_b, addr_a), clock);
    b.connected();
    b.receive(pdu_from(addr_a, {KeepAlive{false, 9, {}}}));
    EXPECT_EQ(b.state(), SessionState::non_existent);
    auto m = messages_in(b.take_output());
    ASSERT_EQ(m.size(), 1U);
    EXPECT_EQ(std::get<Notification>(m[0]).status.status(), Status::shutdown);
    EXPECT_EQ(std::get<Notification>(m[0]).status.message_id, 9U);
}

TEST(Session, WrongLdpIdentifierIsFatal) {
    Pair p;
    p.connect();
    p.b.receive(pdu_from(0x09090909, {KeepAlive{}}));
    EXPECT_EQ(p.b.state(), SessionState::non_existent);
    auto m = messages_in(p.b.take_output());
    ASSERT_EQ(m.size(), 1U);
    EXPECT_EQ(std::get<Notification>(m[0]).status.status(), Status::bad_ldp_identifier);
}

// What the active side sends for the whole bring-up once the passive side's Init arrived.
Bytes active_stream() {
    LocalSessionParams a;
    a.lsr_id = addr_a;
    LabelMapping lm;
    lm.id = 5;
    lm.fec.elements.emplace_back(PrefixFec::ipv4(0x0a000000, 24));
    lm.label = GenericLabelTlv{{}, 16};
    Address ad;
    ad.id = 4;
    ad.addresses.ipv4 = {0x0a000c02, addr_a};
    Bytes s = pdu_from(addr_a, {make_initialization(a, addr_b, 0, 2)});
    for (const auto& pdu : {pdu_from(addr_a, {KeepAlive{false, 3, {}}}), pdu_from(addr_a, {ad, lm})}) {
        s.insert(s.end(), pdu.begin(), pdu.end());
    }
    return s;
}

void expect_bring_up(Session& b) {
    EXPECT_EQ(b.state(), SessionState::operational);
    auto rs = b.take_reports();
    EXPECT_EQ(reports_of<SessionUp>(rs).size(), 1U);
    EXPECT_EQ(reports_of<PeerAddresses>(rs).size(), 1U);
    ASSERT_EQ(reports_of<MappingReceived>(rs).size(), 1U);
    EXPECT_EQ(std::get<GenericLabelTlv>(reports_of<MappingReceived>(rs)[0].message.label).label, 16U);
    EXPECT_EQ(b.peer_addresses(), (std::set<std::uint32_t>{0x0a000c02, addr_a}));
}

TEST(Session, PdusSplitAtEveryOffset) {
    const Bytes stream = active_stream();
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        SCOPED_TRACE("cut at " + std::to_string(cut));
        sync::ManualClock clock;
        Session b(config(addr_b, addr_a), clock);
        b.connected();
        ByteView v(stream);
        b.receive(v.first(cut));
        b.receive(v.subspan(cut));
        expect_bring_up(b);
    }
}

TEST(Session, OneByteAtATimeAndAllInOneChunk) {
    const Bytes stream = active_stream();
    sync::ManualClock clock;
    Session b(config(addr_b, addr_a), clock);
    b.connected();
    for (std::size_t i = 0; i < stream.size(); ++i) {
        b.receive(ByteView(stream).subspan(i, 1));
    }
    expect_bring_up(b);

    Session c(config(addr_b, addr_a), clock);
    c.connected();
    c.receive(stream);  // four PDUs, five messages, one chunk
    expect_bring_up(c);
}

TEST(Session, EndOfLibAndLabelMessagesReported) {
    Pair p;
    p.connect();
    Notification eol;
    eol.status.code = static_cast<std::uint32_t>(Status::end_of_lib);
    eol.optional.emplace_back(FecTlv{{}, {TypedWildcardFec::prefix(af_ipv4)}});
    LabelWithdraw w;
    w.fec.elements.emplace_back(PrefixFec::ipv4(0x0a000000, 24));
    LabelRelease r;
    r.fec = w.fec;
    ASSERT_TRUE(p.a.send(eol));
    ASSERT_TRUE(p.a.send(w));
    ASSERT_TRUE(p.a.send(r));
    p.pump();
    auto e = reports_of<EndOfLibReceived>(p.rb);
    ASSERT_EQ(e.size(), 1U);
    ASSERT_TRUE(e[0].fec.has_value());
    EXPECT_EQ(*e[0].fec, TypedWildcardFec::prefix(af_ipv4));
    EXPECT_EQ(reports_of<WithdrawReceived>(p.rb).size(), 1U);
    EXPECT_EQ(reports_of<ReleaseReceived>(p.rb).size(), 1U);
    EXPECT_EQ(p.b.state(), SessionState::operational);
}

TEST(Session, ShutdownClosesBothSides) {
    Pair p;
    p.connect();
    p.a.shutdown();
    p.pump();
    EXPECT_EQ(p.a.state(), SessionState::non_existent);
    EXPECT_EQ(p.b.state(), SessionState::non_existent);
    auto ca = reports_of<SessionClosed>(p.ra);
    auto cb = reports_of<SessionClosed>(p.rb);
    ASSERT_EQ(ca.size(), 1U);
    ASSERT_EQ(cb.size(), 1U);
    EXPECT_EQ(ca[0].reason, CloseReason::local_shutdown);
    EXPECT_EQ(cb[0].reason, CloseReason::peer_notification);
    EXPECT_EQ(cb[0].status, Status::shutdown);
    EXPECT_EQ(p.a.backoff().failures(), 0U);  // it had been OPERATIONAL
    EXPECT_FALSE(p.a.send(KeepAlive{}));
}

TEST(Session, BadPduLengthOnStreamIsFatal) {
    Pair p;
    p.connect();
    const Bytes junk = {std::byte{0}, std::byte{1}, std::byte{0}, std::byte{2}};  // PDU length 2 < 14
    p.b.receive(junk);
    EXPECT_EQ(p.b.state(), SessionState::non_existent);
    auto m = messages_in(p.b.take_output());
    ASSERT_EQ(m.size(), 1U);
    EXPECT_EQ(std::get<Notification>(m[0]).status.status(), Status::bad_pdu_length);
}

TEST(ReconnectBackoff, DoublesUpToMaximum) {
    ReconnectBackoff b;
    sync::TimePoint t{};
    EXPECT_TRUE(b.may_connect(t));
    std::vector<long> delays;
    for (int i = 0; i < 6; ++i) {
        b.failed(t);
        delays.push_back(static_cast<long>(b.current_delay().count() / 1000));
    }
    EXPECT_EQ(delays, (std::vector<long>{15, 30, 60, 120, 120, 120}));
    EXPECT_FALSE(b.may_connect(t + 119s));
    EXPECT_TRUE(b.may_connect(t + 120s));
    b.reset();
    EXPECT_TRUE(b.may_connect(t));
}

}  // namespace
}  // namespace ldpsync::ldp
