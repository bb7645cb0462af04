// The IS-IS codecs: every IS-IS PDU of the FRR lab capture (tests/captures/frr-isis-bringup.pcap)
// decoded and re-encoded byte for byte, the fields the capture shows (tcpdump's reading of it),
// and malformed input refused with the field and the reason.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "isis/auth.hpp"
#include "isis/pdu.hpp"
#include "pcap_read.hpp"

namespace {

using namespace ldpsync::isis;

struct CapturedPdu {
    Frame frame;
    Bytes pdu;
};

std::vector<CapturedPdu> captured_pdus() {
    std::vector<CapturedPdu> out;
    const auto file = ldpsync::pktgen::read_pcap(std::string(LDPSYNC_CAPTURE_DIR) + "/frr-isis-bringup.pcap");
    if (!file) return out;
    for (const auto& f : file->frames) {
        const auto bytes = ByteView(reinterpret_cast<const std::byte*>(f.bytes.data()), f.bytes.size());
        const auto frame = parse_frame(bytes);
        if (!frame) continue;
        out.push_back({*frame, Bytes(frame->pdu.begin(), frame->pdu.end())});
    }
    return out;
}

Bytes hex(std::string_view text) {
    Bytes out;
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        out.push_back(static_cast<std::byte>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
    }
    return out;
}

SystemId sys(std::uint8_t last) { return SystemId{0, 0, 0, 0, 0, last}; }

TEST(IsisCapture, EveryPduRoundTripsByteForByte) {
    const auto pdus = captured_pdus();
    ASSERT_GT(pdus.size(), 20u) << "the capture holds no IS-IS PDUs";
    std::map<std::uint8_t, int> by_type;
    for (const auto& c : pdus) {
        EXPECT_EQ(c.frame.destination, kAllIss);
        auto decoded = decode_pdu(c.pdu);
        ASSERT_TRUE(decoded) << to_string(decoded.error());
        EXPECT_EQ(encode_pdu(*decoded), c.pdu);
        ++by_type[c.pdu[4] == std::byte{0} ? 0 : std::to_integer<std::uint8_t>(c.pdu[4])];
        // An LSP we encode with a computed checksum matches FRR's.
        if (const auto* lsp = std::get_if<Lsp>(&*decoded)) {
            EXPECT_EQ(lsp->encode(false), c.pdu);
        }
    }
    EXPECT_GT(by_type[pdu_type::p2p_iih], 0);
    EXPECT_GT(by_type[pdu_type::lsp_l2], 0);
    EXPECT_GT(by_type[pdu_type::csnp_l2], 0);
    EXPECT_GT(by_type[pdu_type::psnp_l2], 0);
}

TEST(IsisCapture, HellosCarryTheThreeWayStatesAndPadding) {
    std::vector<ThreeWayState> r1_states;
    for (const auto& c : captured_pdus()) {
        auto d = decode_pdu(c.pdu);
        ASSERT_TRUE(d);
        const auto* h = std::get_if<P2pHello>(&*d);
        if (h == nullptr || h->source != sys(1)) continue;
        EXPECT_EQ(c.pdu.size(), kMaxPduSize);
        EXPECT_EQ(h->circuit_type, circuit_type::l2);
        EXPECT_EQ(h->holding_time, 4);
        ASSERT_NE(h->tlvs.find<AreaAddresses>(), nullptr);
        EXPECT_EQ(format_area(h->tlvs.find<AreaAddresses>()->areas.at(0)), "49.0001");
        ASSERT_NE(h->tlvs.find<IpInterfaceAddresses>(), nullptr);
        EXPECT_EQ(format_ipv4(h->tlvs.find<IpInterfaceAddresses>()->addresses.at(0)), "10.0.12.1");
        EXPECT_EQ(h->tlvs.find<ProtocolsSupported>()->nlpids, std::vector<std::uint8_t>{kNlpidIpv4});
        const auto* adj = h->tlvs.find<P2pAdjacency>();
        ASSERT_NE(adj, nullptr);
        if (r1_states.empty() || r1_states.back() != adj->state) r1_states.push_back(adj->state);
        if (adj->state != ThreeWayState::down) {
            EXPECT_EQ(adj->neighbor, sys(2));
        }
        EXPECT_GE(h->tlvs.all<Padding>().size(), 5u);
    }
    // Down, then Initializing on hearing r2, then Up.
    ASSERT_GE(r1_states.size(), 3u);
    EXPECT_EQ(r1_states[0], ThreeWayState::down);
    EXPECT_EQ(r1_states[1], ThreeWayState::initializing);
    EXPECT_EQ(r1_states[2], ThreeWayState::up);
}

TEST(IsisCapture, LspsCarryTheMaxMetricUntilSync) {
    bool seen = false;
    for (const auto& c : captured_pdus()) {
        auto d = decode_pdu(c.pdu);
        ASSERT_TRUE(d);
        const auto* lsp = std::get_if<Lsp>(&*d);
        if (lsp == nullptr || lsp->id.system != sys(1) || lsp->sequence != 3) continue;
        seen = true;
        EXPECT_EQ(format(lsp->id), "0000.0000.0001.00-00");
        EXPECT_EQ(lsp->checksum, 0x5d9d);
        EXPECT_EQ(lsp->level(), Level::l2);
        EXPECT_EQ(lsp->flags & lsp_flags::is_type_mask, lsp_flags::is_type_l2);
        EXPECT_EQ(lsp->tlvs.find<Hostname>()->name, "r1");
        const auto* is = lsp->tlvs.find<ExtIsReach>();
        ASSERT_NE(is, nullptr);
        ASSERT_EQ(is->neighbors.size(), 1u);
        EXPECT_EQ(is->neighbors[0].id, (NodeId{sys(2), 0}));
        EXPECT_EQ(is->neighbors[0].metric, kMaxWideLinkMetric);
        const auto* ip = lsp->tlvs.find<ExtIpReach>();
        ASSERT_NE(ip, nullptr);
        ASSERT_EQ(ip->prefixes.size(), 2u);
        EXPECT_EQ(format_ipv4(ip->prefixes[0].address), "10.0.12.0");
        EXPECT_EQ(ip->prefixes[0].length, 24);
        EXPECT_EQ(ip->prefixes[0].metric, kMaxWideLinkMetric);
        EXPECT_EQ(ip->prefixes[1].length, 32);
        EXPECT_EQ(ip->prefixes[1].metric, 10u);
        // Router capability (242) and TE router id (134): kept as bytes.
        EXPECT_EQ(lsp->tlvs.all<UnknownTlv>().size(), 2u);
    }
    EXPECT_TRUE(seen);
}

TEST(IsisCodec, EveryTlvWeWriteRoundTrips) {
    Lsp lsp;
    lsp.header.pdu_type = pdu_type::lsp_l1;
    lsp.remaining_lifetime = 1200;
    lsp.id = LspId{sys(7), 0, 1};
    lsp.sequence = 0x10;
    lsp.flags = lsp_flags::overload | lsp_flags::is_type_l2;
    lsp.tlvs.add(AreaAddresses{{hex("490001"), hex("39")}});
    lsp.tlvs.add(IsReachNarrow{
        false, {{10, {0x80, 0x80, 0x80}, NodeId{sys(2), 0}}, {63, {0x80, 0x80, 0x80}, NodeId{sys(3), 5}}}});
    lsp.tlvs.add(
        ExtIsReach{{{NodeId{sys(2), 0}, kMaxWideLinkMetric, {}}, {NodeId{sys(4), 1}, 7, hex("0604c0a80001")}}});
    IpReachNarrow internal{false, {}};
    internal.prefixes.push_back({12, false, false, {0x80, 0x80, 0x80}, 0x0a000000, 0xffffff00});
    lsp.tlvs.add(internal);
    IpReachNarrow external{true, {}};
    external.prefixes.push_back({3, true, true, {0x80, 0x80, 0x80}, 0xc0a80000, 0xffff0000});
    lsp.tlvs.add(external);
    lsp.tlvs.add(ProtocolsSupported{{kNlpidIpv4}});
    lsp.tlvs.add(IpInterfaceAddresses{{0x01010101, 0x0a000c01}});
    lsp.tlvs.add(ExtIpReach{
        {{10, false, 32, 0x01010101, {}}, {20, true, 0, 0, {}}, {30, false, 17, 0x0a018000, hex("0104deadbeef")}}});
    lsp.tlvs.add(Hostname{"core-1"});
    lsp.tlvs.add(Restart{Restart::kRr | Restart::kSa, 30, sys(9)});
    lsp.tlvs.add(Restart{Restart::kRa, 0, std::nullopt});
    lsp.tlvs.add(Restart{0, std::nullopt, std::nullopt});
    lsp.tlvs.add(Authentication{auth_type::hmac_md5, Bytes(16, std::byte{0})});
    lsp.tlvs.add(UnknownTlv{242, hex("0102030405")});
    const Bytes wire = lsp.encode();
    EXPECT_TRUE(lsp_checksum_ok(wire));
    auto back = Lsp::decode(wire);
    ASSERT_TRUE(back) << to_string(back.error());
    lsp.checksum = back->checksum;
    EXPECT_EQ(*back, lsp);
    EXPECT_EQ(back->encode(), wire);

    P2pHello hello;
    hello.source = sys(1);
    hello.holding_time = 30;
    hello.tlvs.add(P2pAdjacency{ThreeWayState::up, 5, sys(2), 9});
    hello.tlvs.add(P2pAdjacency{ThreeWayState::down, 5, std::nullopt, std::nullopt});
    hello.tlvs.add(P2pAdjacency{ThreeWayState::initializing, std::nullopt, std::nullopt, std::nullopt});
    auto h = P2pHello::decode(hello.encode());
    ASSERT_TRUE(h) << to_string(h.error());
    EXPECT_EQ(*h, hello);

    LanHello lan;
    lan.header.pdu_type = pdu_type::lan_iih_l1;
    lan.source = sys(1);
    lan.priority = 100;
    lan.lan_id = NodeId{sys(3), 2};
    lan.tlvs.add(LanNeighbors{{MacAddress{2, 0, 0, 0, 0, 1}, MacAddress{2, 0, 0, 0, 0, 2}}});
    auto l = LanHello::decode(lan.encode());
    ASSERT_TRUE(l) << to_string(l.error());
    EXPECT_EQ(*l, lan);
    EXPECT_EQ(l->level(), Level::l1);

    Csnp csnp;
    csnp.source = NodeId{sys(1), 0};
    csnp.tlvs.add(LspEntries{{{1199, LspId{sys(1), 0, 0}, 3, 0x1234}, {0, LspId{sys(2), 1, 0}, 9, 0}}});
    auto c = Csnp::decode(csnp.encode());
    ASSERT_TRUE(c);
    EXPECT_EQ(*c, csnp);
    EXPECT_EQ(lsp_entries(c->tlvs).size(), 2u);

    Psnp psnp;
    psnp.header.pdu_type = pdu_type::psnp_l1;
    psnp.source = NodeId{sys(1), 0};
    auto p = Psnp::decode(psnp.encode());
    ASSERT_TRUE(p);
    EXPECT_EQ(*p, psnp);
}

// Every prefix of the capture's first LSP: each truncation is refused with an error (never
// read past the end), none crashes.
TEST(IsisMalformed, EveryTruncationOfEveryPduIsRefused) {
    for (const auto& c : captured_pdus()) {
        // The PDU length field says how long it is: any shorter buffer is refused.
        for (std::size_t n = 0; n < c.pdu.size(); ++n) {
            auto d = decode_pdu(ByteView(c.pdu).first(n));
            EXPECT_FALSE(d) << "accepted " << n << " of " << c.pdu.size() << " bytes";
        }
    }
}

DecodeError error_of(const Bytes& pdu) {
    auto d = decode_pdu(pdu);
    EXPECT_FALSE(d);
    return d ? DecodeError{} : d.error();
}

Bytes first_lsp() {
    for (const auto& c : captured_pdus()) {
        if (c.pdu[4] == std::byte{pdu_type::lsp_l2} && c.pdu.size() > 60) return c.pdu;
    }
    return {};
}

TEST(IsisMalformed, HeaderFieldsAreChecked) {
    const Bytes good = first_lsp();
    ASSERT_FALSE(good.empty());
    auto with = [&](std::size_t at, std::uint8_t v) {
        Bytes b = good;
        b[at] = std::byte{v};
        return b;
    };
    EXPECT_EQ(error_of(with(0, 0x82)).reason, Reason::bad_irpd);
    EXPECT_EQ(error_of(with(1, 20)).reason, Reason::bad_header_length);
    EXPECT_EQ(error_of(with(2, 2)).reason, Reason::bad_version);
    EXPECT_EQ(error_of(with(3, 8)).reason, Reason::bad_id_length);
    EXPECT_EQ(error_of(with(4, 19)).reason, Reason::bad_pdu_type);
    EXPECT_EQ(error_of(with(7, 5)).reason, Reason::bad_max_areas);
    // PDU length above the buffer.
    EXPECT_EQ(error_of(with(8, 0x7f)).reason, Reason::bad_pdu_length);
    // A flipped bit in the body: the checksum catches it.
    const auto cks = error_of(with(good.size() - 1, std::to_integer<std::uint8_t>(good.back()) ^ 1));
    EXPECT_EQ(cks.reason, Reason::bad_checksum);
    EXPECT_EQ(cks.field, "lsp checksum");
    EXPECT_EQ(counter_name(cks.reason), "rx_bad_lsp_checksum");
    // The remaining lifetime is not covered by the checksum.
    EXPECT_TRUE(decode_pdu(with(10, 0x01)));
}

TEST(IsisMalformed, TlvLengthsAndValuesAreChecked) {
    auto psnp_with = [](const Bytes& tlvs) {
        Psnp p;
        p.source = NodeId{sys(1), 0};
        Bytes b = p.encode();
        b.insert(b.end(), tlvs.begin(), tlvs.end());
        b[8] = std::byte{0};
        b[9] = std::byte{static_cast<std::uint8_t>(b.size())};
        return b;
    };
    // TLV 9 of 15 bytes: not a whole entry.
    EXPECT_EQ(error_of(psnp_with(hex("090f"))).reason, Reason::bad_tlv_length);
    Bytes short_entry = hex("090f");
    short_entry.resize(2 + 15);
    EXPECT_EQ(error_of(psnp_with(short_entry)).reason, Reason::bad_tlv_length);
    // A TLV whose length runs past the PDU.
    EXPECT_EQ(error_of(psnp_with(hex("0910000000"))).reason, Reason::bad_tlv_length);
    // Three-way state 3 does not exist; a length of 7 neither.
    EXPECT_EQ(error_of(psnp_with(hex("f00103"))).reason, Reason::bad_value);
    EXPECT_EQ(error_of(psnp_with(hex("f007000000000000000"))).reason, Reason::bad_tlv_length);
    // Extended IP reachability with a /33.
    const auto bad_len = error_of(psnp_with(hex("87050000000a21")));
    EXPECT_EQ(bad_len.reason, Reason::bad_value);
    EXPECT_EQ(bad_len.field, "tlv 135 prefix length");
    // A zero-length area address.
    EXPECT_EQ(error_of(psnp_with(hex("010100"))).reason, Reason::bad_value);
    // Restart TLV of 2 bytes.
    EXPECT_EQ(error_of(psnp_with(hex("d3020000"))).reason, Reason::bad_tlv_length);
}

TEST(IsisAuth, HmacMd5SignsAndVerifiesEveryPduKind) {
    Lsp lsp;
    lsp.remaining_lifetime = 1200;
    lsp.id = LspId{sys(1), 0, 0};
    lsp.sequence = 7;
    lsp.tlvs.add(hmac_md5_placeholder());
    lsp.tlvs.add(Hostname{"r1"});
    Bytes wire = lsp.encode();
    ASSERT_TRUE(sign_hmac_md5(wire, "key"));
    EXPECT_TRUE(lsp_checksum_ok(wire));  // the checksum is computed after the digest
    EXPECT_EQ(verify_hmac_md5(wire, "key"), AuthCheck::ok);
    EXPECT_EQ(verify_hmac_md5(wire, "kex"), AuthCheck::bad_digest);
    // The lifetime and checksum are outside the digest: an aged copy still verifies.
    set_remaining_lifetime(wire, 5);
    EXPECT_EQ(verify_hmac_md5(wire, "key"), AuthCheck::ok);
    // Any other byte is inside it.
    Bytes tampered = wire;
    tampered.back() ^= std::byte{1};
    EXPECT_EQ(verify_hmac_md5(tampered, "key"), AuthCheck::bad_digest);
    // Without the TLV, or with a cleartext one.
    Lsp plain = lsp;
    plain.tlvs.list.erase(plain.tlvs.list.begin());
    EXPECT_EQ(verify_hmac_md5(plain.encode(), "key"), AuthCheck::missing);
    Lsp clear = plain;
    clear.tlvs.list.insert(clear.tlvs.list.begin(), Authentication{auth_type::cleartext, hex("6b6579")});
    EXPECT_EQ(verify_hmac_md5(clear.encode(), "key"), AuthCheck::wrong_type);

    P2pHello hello;
    hello.source = sys(1);
    hello.tlvs.add(hmac_md5_placeholder());
    hello.tlvs.add(Padding{Bytes(100, std::byte{0})});
    Bytes h = hello.encode();
    ASSERT_TRUE(sign_hmac_md5(h, "key"));
    EXPECT_EQ(verify_hmac_md5(h, "key"), AuthCheck::ok);
    Psnp psnp;
    psnp.source = NodeId{sys(1), 0};
    psnp.tlvs.add(hmac_md5_placeholder());
    Bytes p = psnp.encode();
    ASSERT_TRUE(sign_hmac_md5(p, "key"));
    EXPECT_EQ(verify_hmac_md5(p, "key"), AuthCheck::ok);
    // Frame padding after the PDU length is not covered.
    p.resize(p.size() + 10);
    EXPECT_EQ(verify_hmac_md5(p, "key"), AuthCheck::ok);
}

TEST(IsisFrame, LlcFramingBothWays) {
    const Bytes pdu = hex("83140101");
    const Bytes frame = build_frame(kAllL2Iss, MacAddress{2, 0, 0, 0, 0, 1}, pdu);
    ASSERT_EQ(frame.size(), 14u + 3u + 4u);
    EXPECT_EQ(frame[12], std::byte{0});
    EXPECT_EQ(frame[13], std::byte{7});
    Bytes padded = frame;
    padded.resize(60);  // Ethernet minimum: the 802.3 length decides where the PDU ends
    const auto f = parse_frame(padded);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->destination, kAllL2Iss);
    EXPECT_EQ(Bytes(f->pdu.begin(), f->pdu.end()), pdu);
    Bytes ip = frame;
    ip[12] = std::byte{0x08};
    ip[13] = std::byte{0x00};
    EXPECT_FALSE(parse_frame(ip));
    Bytes lying = frame;
    lying[13] = std::byte{200};
    EXPECT_FALSE(parse_frame(lying));
}

TEST(IsisTypes, IdentifiersPrintAsIosDoes) {
    EXPECT_EQ(format(LspId{SystemId{0x19, 0x21, 0x68, 0x00, 0x10, 0x01}, 0x0a, 0x01}), "1921.6800.1001.0a-01");
    EXPECT_EQ(parse_system_id("1921.6800.1001"), (SystemId{0x19, 0x21, 0x68, 0x00, 0x10, 0x01}));
    EXPECT_FALSE(parse_system_id("1921.6800.100"));
    EXPECT_FALSE(parse_system_id("1921.6800.100g"));
    EXPECT_EQ(format_area(hex("49000100")), "49.0001.00");
}

}  // namespace
