// Initialization negotiation (RFC 5036 3.5.3) and capabilities (RFC 5561).

#include <gtest/gtest.h>

#include "session_params.hpp"

namespace ldpsync::ldp {
namespace {

LocalSessionParams local() {
    LocalSessionParams p;
    p.lsr_id = 0x01010101;
    p.keepalive_time = 180;
    return p;
}

Initialization peer_init() {
    LocalSessionParams peer = local();
    peer.lsr_id = 0x02020202;
    return make_initialization(peer, 0x01010101, 0, 7);
}

Status rejection(const Initialization& init) {
    auto r = negotiate(local(), init);
    EXPECT_FALSE(r.ok());
    if (r.ok()) {
        return Status::success;
    }
    EXPECT_EQ(r.error().message_id, 7U);
    EXPECT_EQ(r.error().message_type, msg_type::initialization);
    EXPECT_TRUE(r.error().fatal());
    return r.error().status;
}

TEST(SessionParams, AcceptsMatchingInitialization) {
    auto init = peer_init();
    init.params.keepalive_time = 30;
    init.params.max_pdu_length = 1500;
    auto r = negotiate(local(), init);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->keepalive_time, 30);  // min of both
    EXPECT_EQ(r->max_pdu_length, 1500);
    EXPECT_EQ(r->capabilities, Capabilities::all());
}

TEST(SessionParams, SmallMaxPduMeansDefault) {
    auto init = peer_init();
    init.params.max_pdu_length = 255;
    auto r = negotiate(local(), init);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->max_pdu_length, 4096);
}

TEST(SessionParams, Rejections) {
    auto i = peer_init();
    i.params.version = 2;
    EXPECT_EQ(rejection(i), Status::bad_protocol_version);
    i = peer_init();
    i.params.keepalive_time = 0;
    EXPECT_EQ(rejection(i), Status::session_rejected_bad_keepalive_time);
    i = peer_init();
    i.params.downstream_on_demand = true;
    EXPECT_EQ(rejection(i), Status::session_rejected_advertisement_mode);
    i = peer_init();
    i.params.loop_detection = true;
    EXPECT_EQ(rejection(i), Status::session_rejected_advertisement_mode);
    i = peer_init();
    i.params.receiver_lsr_id = 0x03030303;
    EXPECT_EQ(rejection(i), Status::session_rejected_no_hello);
    i = peer_init();
    i.params.receiver_label_space = 1;
    EXPECT_EQ(rejection(i), Status::session_rejected_no_hello);
}

TEST(SessionParams, CapabilitiesBothSidesAnnounced) {
    LocalSessionParams peer = local();
    peer.capabilities = {false, true, true};
    auto init = make_initialization(peer, 0x01010101, 0, 7);
    LocalSessionParams me = local();
    me.capabilities = {true, false, true};
    auto r = negotiate(me, init);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->peer_capabilities, (Capabilities{false, true, true}));
    EXPECT_EQ(r->capabilities, (Capabilities{false, false, true}));
    // A withdrawn (S = 0) capability does not count.
    std::get<CapabilityTlv>(init.optional[0]).state = false;
    EXPECT_FALSE(announced_capabilities(init).typed_wildcard_fec);
}

}  // namespace
// RFC 3478: graceful restart applies when both Initializations carry an FT Session TLV with
// the L flag; the TLV goes out with U = 1 (a peer without FT ignores it) and re-encodes as sent.
TEST(SessionParams, GracefulRestartNeedsFtSessionWithLearnFromNetworkOnBothSides) {
    LocalSessionParams us = local();
    us.ft_session = graceful_restart_tlv(120000, 0);
    LocalSessionParams peer = local();
    peer.lsr_id = 0x02020202;
    peer.ft_session = graceful_restart_tlv(60000, 90000);
    auto init = make_initialization(peer, 0x01010101, 0, 7);
    ASSERT_EQ(init.optional.size(), 4U);  // three capabilities, then FT Session
    const auto* ft = std::get_if<FtSessionTlv>(&init.optional.back());
    ASSERT_NE(ft, nullptr);
    EXPECT_TRUE(ft->bits.u);
    EXPECT_EQ(ft->flags, kFtFlagLearnFromNetwork);
    EXPECT_EQ(Initialization::decode(init.encode()).value(), init);

    auto n = negotiate(us, init);
    ASSERT_TRUE(n);
    EXPECT_TRUE(n->graceful_restart);
    ASSERT_TRUE(n->peer_ft_session);
    EXPECT_EQ(n->peer_ft_session->reconnect_timeout_ms, 60000U);
    EXPECT_EQ(n->peer_ft_session->recovery_time_ms, 90000U);

    peer.ft_session->flags = 0;  // FT without L: fault tolerance, not RFC 3478 restart
    n = negotiate(us, make_initialization(peer, 0x01010101, 0, 7));
    ASSERT_TRUE(n);
    EXPECT_FALSE(n->graceful_restart);
    peer.ft_session.reset();
    n = negotiate(us, make_initialization(peer, 0x01010101, 0, 7));
    ASSERT_TRUE(n);
    EXPECT_FALSE(n->graceful_restart);
    us.ft_session.reset();  // we do not do GR, the peer does
    peer.ft_session = graceful_restart_tlv(60000, 0);
    n = negotiate(us, make_initialization(peer, 0x01010101, 0, 7));
    ASSERT_TRUE(n);
    EXPECT_FALSE(n->graceful_restart);
}

}  // namespace ldpsync::ldp
