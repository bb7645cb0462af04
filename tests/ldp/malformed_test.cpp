// Malformed input: every truncation and every single-byte corruption of every fixture gives a
// typed error or a message that re-encodes to the same bytes; never a crash (run under ASan/UBSan
// in build-ldp-asan). Then the specific RFC 5036 3.5.1.2 cases and the Notification they produce.

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "format.hpp"

namespace ldpsync::ldp {
namespace {

using fixtures::hex;

TEST(LdpMalformed, EveryTruncationOfEveryMessageIsATypedError) {
    for (const auto& f : fixtures::message_fixtures()) {
        for (std::size_t len = 0; len < f.bytes.size(); ++len) {
            auto m = decode_message(ByteView(f.bytes).first(len));
            ASSERT_FALSE(m.ok()) << f.name << " truncated to " << len;
            EXPECT_EQ(m.error().status, Status::bad_message_length) << f.name << " " << len;
            EXPECT_TRUE(m.error().fatal());
        }
    }
}

TEST(LdpMalformed, TruncatedParametersWithAdjustedLengthNeverCrash) {
    // Cut inside the parameters and fix the message length up, so the TLV layer sees the cut.
    for (const auto& f : fixtures::message_fixtures()) {
        for (std::size_t len = 8; len < f.bytes.size(); ++len) {
            Bytes b(f.bytes.begin(), f.bytes.begin() + static_cast<std::ptrdiff_t>(len));
            b[2] = std::byte(static_cast<std::uint8_t>((len - 4) >> 8));
            b[3] = std::byte(static_cast<std::uint8_t>(len - 4));
            auto m = decode_message(b);
            if (m.ok()) {
                EXPECT_EQ(encode_message(*m), b) << f.name << " " << len;
            } else {
                EXPECT_NE(m.error().status, Status::internal_error) << m.error().to_string();
            }
        }
    }
}

TEST(LdpMalformed, EveryTruncationOfAPduIsATypedError) {
    Bytes pdu = fixtures::pdu_keepalive_address();
    for (std::size_t len = 0; len < pdu.size(); ++len) {
        auto d = decode_pdu(ByteView(pdu).first(len));
        ASSERT_FALSE(d.ok()) << len;
        EXPECT_EQ(d.error().status, Status::bad_pdu_length) << len;
    }
}

TEST(LdpMalformed, EverySingleByteCorruptionDecodesOrFailsCleanly) {
    std::size_t decoded = 0;
    std::size_t rejected = 0;
    for (const auto& f : fixtures::message_fixtures()) {
        for (std::size_t i = 0; i < f.bytes.size(); ++i) {
            for (unsigned v = 0; v < 256; ++v) {
                Bytes b = f.bytes;
                b[i] = std::byte(static_cast<std::uint8_t>(v));
                auto m = decode_message(b);
                if (m.ok()) {
                    ++decoded;
                    // Whatever decodes must re-encode byte for byte.
                    ASSERT_EQ(encode_message(*m), b) << f.name << " byte " << i << " = " << v;
                    (void)to_string(*m);
                } else {
                    ++rejected;
                    EXPECT_NE(m.error().status, Status::internal_error) << m.error().to_string();
                    (void)notification_for(m.error());
                }
            }
        }
    }
    EXPECT_GT(decoded, 0U);
    EXPECT_GT(rejected, 0U);
}

// ---- PDU header (RFC 5036 3.5.1.2.1) ----

TEST(LdpMalformed, BadVersionIsFatal) {
    Bytes pdu = fixtures::pdu_keepalive_address();
    pdu[1] = std::byte{2};
    auto d = decode_pdu(pdu);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().status, Status::bad_protocol_version);
    auto n = notification_for(d.error());
    ASSERT_TRUE(n.has_value());
    EXPECT_TRUE(n->status.e);
    EXPECT_FALSE(n->status.forward);
    EXPECT_EQ(n->status.status(), Status::bad_protocol_version);
    EXPECT_EQ(n->status.message_id, 0U);
    EXPECT_EQ(n->status.message_type, 0);
}

TEST(LdpMalformed, WrongLdpIdentifierIsFatal) {
    auto d = decode_pdu(fixtures::pdu_keepalive_address());
    ASSERT_TRUE(d.ok());
    EXPECT_FALSE(check_ldp_identifier(d->header, fixtures::ip(2, 2, 2, 2), 0).has_value());
    auto e = check_ldp_identifier(d->header, fixtures::ip(3, 3, 3, 3), 0);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->status, Status::bad_ldp_identifier);
    auto n = notification_for(*e);
    ASSERT_TRUE(n);
    EXPECT_TRUE(n->status.e);
    EXPECT_EQ(n->encode(), hex("0001 0012 0000 0000 0300 000a 8000 0001 0000 0000 0000"));
}

TEST(LdpMalformed, PduLengthTooSmallTooLargeOrInconsistent) {
    Bytes pdu = fixtures::pdu_keepalive_address();
    for (std::uint16_t len : {0, 6, 13, 35, 37, 4097, 0xffff}) {
        Bytes b = pdu;
        b[2] = std::byte(static_cast<std::uint8_t>(len >> 8));
        b[3] = std::byte(static_cast<std::uint8_t>(len));
        auto d = decode_pdu(b);
        ASSERT_FALSE(d.ok()) << len;
        EXPECT_EQ(d.error().status, Status::bad_pdu_length) << len;
        EXPECT_TRUE(d.error().fatal());
    }
    // A negotiated max PDU length below the PDU is also Bad PDU Length.
    auto d = decode_pdu(pdu, 30);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().status, Status::bad_pdu_length);
}

TEST(LdpMalformed, MessageLengthPastThePduKeepsEarlierMessages) {
    Bytes pdu = fixtures::pdu_keepalive_address();
    // Address message length (offset 10 + 8 + 2) raised from 18 to 40: past the PDU end.
    pdu[21] = std::byte{40};
    auto d = decode_pdu(pdu);
    ASSERT_TRUE(d.ok()) << d.error().to_string();
    ASSERT_EQ(d->messages.size(), 2U);
    ASSERT_TRUE(d->messages[0].message.ok());
    EXPECT_TRUE(std::holds_alternative<KeepAlive>(*d->messages[0].message));
    ASSERT_FALSE(d->messages[1].message.ok());
    const auto& e = d->messages[1].message.error();
    EXPECT_EQ(e.status, Status::bad_message_length);
    EXPECT_EQ(e.message_type, msg_type::address);
    EXPECT_EQ(e.message_id, 5U);
    auto n = notification_for(e);
    ASSERT_TRUE(n);
    EXPECT_TRUE(n->status.e);
}

TEST(LdpMalformed, OneBadMessageDoesNotLoseTheOthers) {
    // KeepAlive, Label Mapping with a 3-octet Generic Label TLV, KeepAlive.
    Bytes bad_lm = hex("0400 0017 0000 0006 0100 0008 02 0001 20 0101 0101 0200 0003 0000 10");
    Bytes ka = hex("0201 0004 0000 0004");
    std::vector<Bytes> ms{ka, bad_lm, ka};
    Bytes pdu = encode_pdu(PduHeader{1, 0, fixtures::ip(1, 1, 1, 1), 0}, ms);
    auto d = decode_pdu(pdu);
    ASSERT_TRUE(d.ok());
    ASSERT_EQ(d->messages.size(), 3U);
    EXPECT_TRUE(d->messages[0].message.ok());
    ASSERT_FALSE(d->messages[1].message.ok());
    EXPECT_EQ(d->messages[1].message.error().status, Status::bad_tlv_length);
    EXPECT_EQ(d->messages[1].message.error().message_id, 6U);
    EXPECT_TRUE(d->messages[2].message.ok());
}

// ---- TLVs (RFC 5036 3.5.1.2.2) ----

TEST(LdpMalformed, TlvLengthPastTheMessageIsBadTlvLength) {
    // FEC TLV claims 9 octets, 8 follow.
    auto m = decode_message(hex("0400 0018 0000 0006 0100 0009 02 0001 20 0101 0101 0200 0004 0000 0010"));
    ASSERT_FALSE(m.ok());
    // The FEC value then swallows the label TLV's first octet; either way it is a length error.
    EXPECT_TRUE(m.error().status == Status::bad_tlv_length) << m.error().to_string();

    auto m2 = decode_message(hex("0201 0009 0000 0004 0103 0005 01"));  // Hop Count claims 5, 1 follows
    ASSERT_FALSE(m2.ok());
    EXPECT_EQ(m2.error().status, Status::bad_tlv_length);
    EXPECT_EQ(m2.error().message_type, msg_type::keepalive);
    EXPECT_TRUE(m2.error().fatal());
}

TEST(LdpMalformed, FixedSizeTlvWithWrongLength) {
    auto t = decode_tlv(hex("0400 0003 0003 20"));  // Common Hello Params needs 4
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().status, Status::bad_tlv_length);
    auto s = decode_tlv(hex("0500 000d 0001 00b4 0000 0000 0101 0101 00"));  // CSP needs 14
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().status, Status::bad_tlv_length);
}

TEST(LdpMalformed, MalformedTlvValues) {
    auto label = decode_tlv(hex("0200 0004 0010 0000"));  // label 0x100000 > 20 bits
    ASSERT_FALSE(label.ok());
    EXPECT_EQ(label.error().status, Status::malformed_tlv_value);
    EXPECT_TRUE(label.error().fatal());

    auto plen = decode_tlv(hex("0100 0008 02 0001 21 0101 0101"));  // IPv4 /33
    ASSERT_FALSE(plen.ok());
    EXPECT_EQ(plen.error().status, Status::malformed_tlv_value);

    auto empty = decode_tlv(hex("0100 0000"));
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().status, Status::malformed_tlv_value);

    auto mixed = decode_tlv(hex("0100 0009 01 02 0001 20 0101 0101"));  // wildcard + prefix
    ASSERT_FALSE(mixed.ok());
    EXPECT_EQ(mixed.error().status, Status::malformed_tlv_value);

    auto short_prefix = decode_tlv(hex("0100 0006 02 0001 20 01"));  // /32 needs 4 octets
    ASSERT_FALSE(short_prefix.ok());
    EXPECT_EQ(short_prefix.error().status, Status::bad_tlv_length);
}

TEST(LdpMalformed, UnknownFecAndUnsupportedFamilyAreAdvisory) {
    auto fec = decode_message(hex("0400 0013 0000 0006 0100 0003 80 0000 0200 0004 0000 0010"));
    ASSERT_FALSE(fec.ok());
    EXPECT_EQ(fec.error().status, Status::unknown_fec);
    EXPECT_FALSE(fec.error().fatal());

    auto af = decode_message(hex("0300 000e 0000 0005 0101 0006 0003 0a00 0c02"));  // AF 3
    ASSERT_FALSE(af.ok());
    EXPECT_EQ(af.error().status, Status::unsupported_address_family);
    auto n = notification_for(af.error());
    ASSERT_TRUE(n);
    EXPECT_FALSE(n->status.e);
    EXPECT_EQ(n->status.message_id, 5U);
    EXPECT_EQ(n->status.message_type, msg_type::address);
}

TEST(LdpMalformed, UnknownTlvUZeroNotifiesUOneIsKept) {
    // Label Mapping + unknown optional TLV 0x0123 with U=0: Unknown TLV, advisory, message dropped.
    Bytes u0 = hex("0400 0020 0000 0012 0100 0008 02 0001 20 0101 0101 0200 0004 0000 0010 0123 0004 aabb ccdd");
    auto m = decode_message(u0);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().status, Status::unknown_tlv);
    EXPECT_FALSE(m.error().fatal());
    EXPECT_FALSE(m.error().ignore);
    auto n = notification_for(m.error());
    ASSERT_TRUE(n);
    n->id = 99;
    EXPECT_EQ(n->encode(), hex("0001 0012 0000 0063"   // Notification, id 99
                               "0300 000a 0000 0006"   // Status: E=0 F=0, Unknown TLV
                               "0000 0012 0400"));     // refers to Label Mapping id 18

    // Same with U=1: decoded, kept, re-encoded.
    Bytes u1 = u0;
    u1[28] = std::byte{0x81};  // first octet of the unknown TLV: set U
    auto k = decode_message(u1);
    ASSERT_TRUE(k.ok()) << k.error().to_string();
    const auto& lm = std::get<LabelMapping>(*k);
    ASSERT_EQ(lm.optional.size(), 1U);
    EXPECT_EQ(std::get<OpaqueTlv>(lm.optional[0]).type, 0x0123);
    EXPECT_TRUE(std::get<OpaqueTlv>(lm.optional[0]).bits.u);
    EXPECT_EQ(encode_message(*k), u1);
}

// ---- Messages ----

TEST(LdpMalformed, UnknownMessageUZeroNotifiesUOneIsKept) {
    Bytes u0 = hex("0f00 0008 0000 0011 dead beef");
    auto m = decode_message(u0);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().status, Status::unknown_message_type);
    EXPECT_FALSE(m.error().fatal());
    auto n = notification_for(m.error());
    ASSERT_TRUE(n);
    n->id = 7;
    EXPECT_EQ(n->encode(), hex("0001 0012 0000 0007 0300 000a 0000 0004 0000 0011 0f00"));

    Bytes u1 = hex("8f00 0008 0000 0011 dead beef");
    auto k = decode_message(u1);
    ASSERT_TRUE(k.ok());
    EXPECT_TRUE(std::get<UnknownMessage>(*k).u);
    EXPECT_EQ(encode_message(*k), u1);
}

TEST(LdpMalformed, MissingMandatoryParameters) {
    // Label Mapping with the label only (FEC missing).
    auto a = decode_message(hex("0400 000c 0000 0006 0200 0004 0000 0010"));
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().status, Status::missing_message_parameters);
    EXPECT_FALSE(a.error().fatal());
    // Label Mapping with the FEC only.
    auto b = decode_message(hex("0400 0010 0000 0006 0100 0008 02 0001 20 0101 0101"));
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().status, Status::missing_message_parameters);
    // Notification without a Status TLV.
    auto c = decode_message(hex("0001 0004 0000 0001"));
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().status, Status::missing_message_parameters);
    // Capability with no capability.
    auto d = decode_message(hex("0202 0004 0000 0001"));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().status, Status::missing_message_parameters);
    auto n = notification_for(d.error());
    ASSERT_TRUE(n);
    EXPECT_FALSE(n->status.e);
}

TEST(LdpMalformed, MessageLengthTooSmall) {
    auto m = decode_message(hex("0201 0003 0000 0004"));
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().status, Status::bad_message_length);
}

TEST(LdpMalformed, BadHelloIsDroppedSilently) {
    // Hello whose Common Hello Parameters TLV runs past the message.
    auto m = decode_message(hex("0100 000c 0000 0001 0400 0008 0003 0000"));
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().status, Status::bad_tlv_length);
    EXPECT_TRUE(m.error().ignore);
    EXPECT_FALSE(notification_for(m.error()).has_value());
    // Hello with an unknown U=0 TLV: also silent (discovery has no session to notify).
    auto u = decode_message(hex("0100 0014 0000 0001 0400 0004 0003 0000 0123 0004 0000 0000"));
    ASSERT_FALSE(u.ok());
    EXPECT_EQ(u.error().status, Status::unknown_tlv);
    EXPECT_FALSE(notification_for(u.error()).has_value());
}

TEST(LdpErrors, FatalityFollowsRfc5036) {
    EXPECT_TRUE(is_fatal(Status::bad_ldp_identifier));
    EXPECT_TRUE(is_fatal(Status::bad_protocol_version));
    EXPECT_TRUE(is_fatal(Status::bad_pdu_length));
    EXPECT_TRUE(is_fatal(Status::bad_message_length));
    EXPECT_TRUE(is_fatal(Status::bad_tlv_length));
    EXPECT_TRUE(is_fatal(Status::malformed_tlv_value));
    EXPECT_TRUE(is_fatal(Status::shutdown));
    EXPECT_FALSE(is_fatal(Status::unknown_message_type));
    EXPECT_FALSE(is_fatal(Status::unknown_tlv));
    EXPECT_FALSE(is_fatal(Status::missing_message_parameters));
    EXPECT_FALSE(is_fatal(Status::unknown_fec));
    EXPECT_FALSE(is_fatal(Status::end_of_lib));
    EXPECT_EQ(status_name(Status::bad_tlv_length), "Bad TLV Length");
    EXPECT_EQ(status_name(0x1234U), "Status 0x00001234");
}

}  // namespace
}  // namespace ldpsync::ldp
