// Encode and decode from the same byte fixtures (style lesson 5).

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "format.hpp"

namespace ldpsync::ldp {
namespace {

using fixtures::hex;

std::string dump(ByteView b) {
    std::string s;
    char buf[4];
    for (auto x : b) {
        std::snprintf(buf, sizeof buf, "%02x", std::to_integer<unsigned>(x));
        s += buf;
    }
    return s;
}

class MessageFixture : public ::testing::TestWithParam<fixtures::Fixture> {};

TEST_P(MessageFixture, DecodesToTheDocumentedStruct) {
    const auto& f = GetParam();
    auto m = decode_message(f.bytes);
    ASSERT_TRUE(m.ok()) << m.error().to_string();
    EXPECT_TRUE(*m == f.message) << "decoded: " << to_string(*m) << "\nexpected: " << to_string(f.message);
}

TEST_P(MessageFixture, EncodesToTheFixtureBytes) {
    const auto& f = GetParam();
    EXPECT_EQ(dump(encode_message(f.message)), dump(f.bytes));
}

TEST_P(MessageFixture, TypedDecoderAgreesWithDispatch) {
    const auto& f = GetParam();
    std::visit(
        [&](const auto& expected) {
            using M = std::decay_t<decltype(expected)>;
            if constexpr (!std::is_same_v<M, UnknownMessage>) {
                auto m = M::decode(f.bytes);
                ASSERT_TRUE(m.ok()) << m.error().to_string();
                EXPECT_TRUE(*m == expected);
            }
        },
        f.message);
}

TEST_P(MessageFixture, InsidePduRoundTrips) {
    const auto& f = GetParam();
    PduHeader h{1, 0, fixtures::ip(9, 9, 9, 9), 0};
    Bytes pdu = encode_pdu(h, std::vector<Message>{f.message, f.message});
    auto d = decode_pdu(pdu);
    ASSERT_TRUE(d.ok()) << d.error().to_string();
    EXPECT_EQ(d->header.lsr_id, h.lsr_id);
    EXPECT_EQ(d->header.length, pdu.size() - 4);
    ASSERT_EQ(d->messages.size(), 2U);
    for (const auto& e : d->messages) {
        ASSERT_TRUE(e.message.ok()) << e.message.error().to_string();
        EXPECT_TRUE(*e.message == f.message);
        EXPECT_EQ(dump(e.raw), dump(f.bytes));
    }
}

TEST_P(MessageFixture, FormatsOnOneLine) {
    const auto& f = GetParam();
    std::string s = to_string(f.message);
    EXPECT_FALSE(s.empty());
    EXPECT_EQ(s.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Ldp, MessageFixture, ::testing::ValuesIn(fixtures::message_fixtures()),
                         [](const auto& param_info) {
                             std::string n = param_info.param.name;
                             for (auto& c : n) {
                                 if (c == '-') {
                                     c = '_';
                                 }
                             }
                             return n;
                         });

TEST(LdpFormat, ReadableLines) {
    auto all = fixtures::message_fixtures();
    auto find = [&](const std::string& name) {
        for (const auto& f : all) {
            if (f.name == name) {
                return to_string(f.message);
            }
        }
        return std::string();
    };
    EXPECT_EQ(find("label-mapping"), "Label Mapping id=6 fec=[1.1.1.1/32] label=16");
    EXPECT_EQ(find("hello"), "Hello id=1 hold=3s link gtsm transport=1.1.1.1 cfg-seq=2");
    EXPECT_EQ(find("address"), "Address id=5 addresses=[10.0.12.2,2.2.2.2]");
    EXPECT_EQ(find("notification-end-of-lib"),
              "Notification id=15 status=\"End-of-LIB\"(0x0000002f) advisory msg-id=0 msg-type=0x0000 "
              "fec=[typed-wildcard(type 2 ipv4)]");
    EXPECT_EQ(find("unknown-message-u1"), "Message 0x0f00[U] id=17 body=4B");
}

TEST(LdpPdu, SplitsSeveralMessages) {
    Bytes pdu = fixtures::pdu_keepalive_address();
    auto d = decode_pdu(pdu);
    ASSERT_TRUE(d.ok()) << d.error().to_string();
    EXPECT_EQ(d->header.version, 1);
    EXPECT_EQ(d->header.length, 36);
    EXPECT_EQ(d->header.lsr_id, fixtures::ip(2, 2, 2, 2));
    EXPECT_EQ(d->header.label_space, 0);
    ASSERT_EQ(d->messages.size(), 2U);
    ASSERT_TRUE(d->messages[0].message.ok());
    ASSERT_TRUE(d->messages[1].message.ok());
    EXPECT_TRUE(std::holds_alternative<KeepAlive>(*d->messages[0].message));
    const auto& a = std::get<Address>(*d->messages[1].message);
    EXPECT_EQ(a.addresses.ipv4.size(), 2U);

    std::vector<Message> ms{*d->messages[0].message, *d->messages[1].message};
    EXPECT_EQ(dump(encode_pdu(d->header, ms)), dump(pdu));
}

TEST(LdpPdu, FramesAByteStream) {
    Bytes one = fixtures::pdu_keepalive_address();
    Bytes stream = one;
    stream.insert(stream.end(), one.begin(), one.end());
    // Whole PDU at the front.
    auto n = frame_pdu(stream);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, one.size());
    // Every proper prefix of one PDU asks for more bytes.
    for (std::size_t len = 0; len < one.size(); ++len) {
        auto p = frame_pdu(ByteView(one).first(len));
        ASSERT_TRUE(p.ok()) << len;
        EXPECT_EQ(*p, 0U) << len;
    }
    // A bad version cannot be framed.
    Bytes bad = one;
    bad[1] = std::byte{2};
    auto e = frame_pdu(bad);
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().status, Status::bad_protocol_version);
}

TEST(LdpTlv, IpvSixPrefixAndAddressList) {
    // FEC TLV with an IPv6 prefix 2001:db8::/32 (4 octets) and an IPv6 Address List TLV.
    Bytes fec = hex("0100 0008 02 0002 20 2001 0db8");
    auto t = decode_tlv(fec);
    ASSERT_TRUE(t.ok()) << t.error().to_string();
    const auto& p = std::get<PrefixFec>(std::get<FecTlv>(*t).elements.at(0));
    EXPECT_EQ(p.family, af_ipv6);
    EXPECT_EQ(p.prefix_length, 32);
    EXPECT_EQ(to_string(*t), "fec=[2001:db8::/32]");
    EXPECT_EQ(dump(encode_tlv(*t)), dump(fec));

    Bytes list = hex("0101 0012 0002 2001 0db8 0000 0000 0000 0000 0000 0001");
    auto l = decode_tlv(list);
    ASSERT_TRUE(l.ok()) << l.error().to_string();
    EXPECT_EQ(std::get<AddressListTlv>(*l).ipv6.size(), 1U);
    EXPECT_EQ(dump(encode_tlv(*l)), dump(list));
}

TEST(LdpTlv, KnownButUninterpretedTypesStayOpaqueWithUZero) {
    // Path Vector (0x0104) with U=0 is a registered type: kept opaque, not Unknown TLV.
    Bytes pv = hex("0104 0008 0101 0101 0202 0202");
    auto t = decode_tlv(pv);
    ASSERT_TRUE(t.ok()) << t.error().to_string();
    EXPECT_EQ(std::get<OpaqueTlv>(*t).type, tlv_type::path_vector);
    EXPECT_EQ(dump(encode_tlv(*t)), dump(pv));
}

}  // namespace
}  // namespace ldpsync::ldp
