// The two checksums against hand-computed values, RFC examples and LSAs captured from FRR.

#include <gtest/gtest.h>

#include <array>

#include "ospf/checksum.hpp"
#include "fixtures/fixtures.hpp"
#include "lsa.hpp"

namespace ldpsync::ospf {
namespace {

template <std::size_t N>
Bytes bytes(const std::array<std::uint8_t, N>& a) {
    auto v = std::as_bytes(std::span(a));
    return Bytes(v.begin(), v.end());
}

constexpr std::uint32_t ipv4(unsigned a, unsigned b, unsigned c, unsigned d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
}

// Router-LSA of 2.2.2.2, seq 0x80000002, from frame 11 of frr-ospf-ldp-bringup.pcap (FRR with
// LDP-IGP sync holding its only link at LSInfinity).
constexpr std::array<std::uint8_t, 48> captured_router_lsa_2 = {
    0x00, 0x01, 0x02, 0x01, 0x02, 0x02, 0x02, 0x02,  // age 1, opts E, router, id 2.2.2.2
    0x02, 0x02, 0x02, 0x02, 0x80, 0x00, 0x00, 0x02,  // adv 2.2.2.2, seq 0x80000002
    0xf6, 0x1d, 0x00, 0x30,                          // checksum 0xf61d, length 48
    0x00, 0x00, 0x00, 0x02,                          // flags 0, 2 links
    0x0a, 0x00, 0x0c, 0x00, 0xff, 0xff, 0xff, 0x00,  // stub 10.0.12.0/24
    0x03, 0x00, 0xff, 0xff,                          //   type 3, 0 TOS, metric 65535
    0x02, 0x02, 0x02, 0x02, 0xff, 0xff, 0xff, 0xff,  // stub 2.2.2.2/32
    0x03, 0x00, 0x00, 0x00,                          //   type 3, 0 TOS, metric 0
};

// Router-LSA of 1.1.1.1, seq 0x80000003, from frame 13 (p2p link to 2.2.2.2 at LSInfinity).
constexpr std::array<std::uint8_t, 60> captured_router_lsa_1 = {
    0x00, 0x01, 0x02, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x80, 0x00, 0x00, 0x03,
    0xfa, 0xf6, 0x00, 0x3c, 0x00, 0x00, 0x00, 0x03, 0x02, 0x02, 0x02, 0x02, 0x0a, 0x00, 0x0c, 0x01,
    0x01, 0x00, 0xff, 0xff, 0x0a, 0x00, 0x0c, 0x00, 0xff, 0xff, 0xff, 0x00, 0x03, 0x00, 0xff, 0xff,
    0x01, 0x01, 0x01, 0x01, 0xff, 0xff, 0xff, 0xff, 0x03, 0x00, 0x00, 0x00,
};

TEST(OspfChecksum, FletcherHandComputed) {
    // A bare 20-byte router-LSA header: age 0, options 0, type 1, id 0.0.0.1, adv 0.0.0.1,
    // seq 0x80000001, checksum 0, length 20. Over bytes 2..19 (n = 18 octets, checksum at
    // position k = 15), the non-zero octets are b2=1, b6=1, b10=1, b11=0x80, b14=1, b18=0x14:
    //   C0 = 1+1+1+128+1+20 = 152
    //   C1 = sum b_i * (n-i+1) = 17+13+9+1024+5+20 = 1088 = 68 (mod 255)
    //   X  = (n-k)*C0 - C1 = 3*152 - 68 = 388 = 133 = 0x85 (mod 255)
    //   Y  = C1 - (n-k+1)*C0 = 68 - 608 = -540 = 225 = 0xe1 (mod 255)
    std::array<std::uint8_t, 20> lsa = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x80, 0, 0, 1, 0, 0, 0, 0x14};
    EXPECT_EQ(lsa_checksum(bytes(lsa)), 0x85e1);
    EXPECT_FALSE(lsa_checksum_ok(bytes(lsa)));
    lsa[16] = 0x85;
    lsa[17] = 0xe1;
    EXPECT_TRUE(lsa_checksum_ok(bytes(lsa)));
    // The checksum field itself is taken as zero when computing.
    EXPECT_EQ(lsa_checksum(bytes(lsa)), 0x85e1);
}

TEST(OspfChecksum, FletcherAgainstCapturedLsas) {
    for (const Bytes& lsa : {bytes(captured_router_lsa_2), bytes(captured_router_lsa_1)}) {
        EXPECT_TRUE(lsa_checksum_ok(lsa));
        const std::uint16_t stored = static_cast<std::uint16_t>((std::to_integer<unsigned>(lsa[16]) << 8) |
                                                                std::to_integer<unsigned>(lsa[17]));
        EXPECT_EQ(lsa_checksum(lsa), stored);

        // LS age is outside the checksum (RFC 2328 12.1.7): aging never invalidates it.
        Bytes aged = lsa;
        aged[0] = std::byte{0x0e};
        aged[1] = std::byte{0x10};
        EXPECT_TRUE(lsa_checksum_ok(aged));

        // Any other byte changed does.
        for (std::size_t i = 2; i < lsa.size(); ++i) {
            Bytes bad = lsa;
            bad[i] ^= std::byte{0x01};
            EXPECT_FALSE(lsa_checksum_ok(bad)) << "byte " << i;
        }
    }
}

TEST(OspfChecksum, FletcherAgainstGeneratorFixtures) {
    for (const auto& f : fixtures::all) {
        if (!f.is_packet) {
            EXPECT_TRUE(lsa_checksum_ok(std::as_bytes(f.bytes))) << f.name;
        }
    }
}

TEST(OspfChecksum, LsInfinityRouterLsaBuiltFromScratchMatchesFrr) {
    // RFC 5443: the link held at LSInfinity (0xFFFF) while LDP is not synchronized. Built
    // field by field, encoded with the checksum computed, it is FRR's LSA byte for byte.
    RouterLsa r;
    r.links = {
        {ipv4(10, 0, 12, 0), ipv4(255, 255, 255, 0), RouterLinkType::stub, kLsInfinity, {}},
        {ipv4(2, 2, 2, 2), ipv4(255, 255, 255, 255), RouterLinkType::stub, 0, {}},
    };
    Lsa lsa{{1, options::e, lsa_type::router, ipv4(2, 2, 2, 2), ipv4(2, 2, 2, 2), 0x80000002, 0, 0}, r};
    auto encoded = encode_lsa(lsa, ChecksumMode::compute);
    ASSERT_TRUE(encoded);
    EXPECT_TRUE(lsa_checksum_ok(*encoded));
    EXPECT_EQ(*encoded, bytes(captured_router_lsa_2));

    // And the metric alone changes the checksum, which still verifies.
    std::get<RouterLsa>(lsa.body).links[0].metric = 10;
    auto normal = encode_lsa(lsa, ChecksumMode::compute);
    ASSERT_TRUE(normal);
    EXPECT_TRUE(lsa_checksum_ok(*normal));
    EXPECT_NE(lsa_checksum(*normal), 0xf61d);
}

TEST(OspfChecksum, InternetChecksumRfc1071Example) {
    // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2, checksum 0x220d.
    const std::array<std::uint8_t, 8> data = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    EXPECT_EQ(internet_checksum(bytes(data)), 0x220d);
    // Odd length: the last byte is padded with zero.
    const std::array<std::uint8_t, 3> odd = {0x01, 0x02, 0x03};
    EXPECT_EQ(internet_checksum(bytes(odd)), static_cast<std::uint16_t>(~0x0402));
}

TEST(OspfChecksum, PacketChecksumLeavesOutAuthentication) {
    Bytes p = bytes(fixtures::hello);
    EXPECT_TRUE(packet_checksum_ok(p));
    EXPECT_EQ(packet_checksum(p), 0xdc86);
    // Bytes 16..23 (Authentication) are outside the checksum (RFC 2328 D.4.2).
    for (std::size_t i = 16; i < 24; ++i) {
        p[i] = std::byte{0x5a};
    }
    EXPECT_TRUE(packet_checksum_ok(p));
    p[30] ^= std::byte{0x40};
    EXPECT_FALSE(packet_checksum_ok(p));
    // Simple-password fixture: the password is not summed either.
    EXPECT_TRUE(packet_checksum_ok(bytes(fixtures::hello_simple_auth)));
}

}  // namespace
}  // namespace ldpsync::ospf
