// The raw socket's datagram parsing (the part that needs no socket): IP header checks, the
// header stripped, our own packets recognised, IP_PKTINFO's destination preferred.

#include <gtest/gtest.h>

#include "ospf_socket.hpp"

namespace {

using ldpsync::daemon::OspfDatagram;
using ldpsync::daemon::OspfRxDrop;
using ldpsync::daemon::parse_ospf_datagram;

std::vector<std::byte> datagram(std::uint8_t ver_ihl, std::uint8_t proto, std::uint32_t src, std::uint32_t dst,
                                std::size_t payload, std::size_t options = 0) {
    std::vector<std::byte> b(20 + options + payload, std::byte{0});
    b[0] = std::byte{ver_ihl};
    const std::size_t total = b.size();
    b[2] = std::byte(total >> 8);
    b[3] = std::byte(total & 0xff);
    b[8] = std::byte{1};
    b[9] = std::byte{proto};
    for (int i = 0; i < 4; ++i) {
        b[12 + i] = std::byte(src >> (24 - 8 * i));
        b[16 + i] = std::byte(dst >> (24 - 8 * i));
    }
    for (std::size_t i = 0; i < payload; ++i) b[20 + options + i] = std::byte(i + 1);
    return b;
}

TEST(OspfDatagram, StripsTheHeaderAndTakesSourceAndDestination) {
    const auto b = datagram(0x45, 89, 0x0a000c02, 0xe0000005, 44);
    OspfDatagram d;
    ASSERT_EQ(parse_ospf_datagram(b, 0x0a000c01, std::nullopt, d), OspfRxDrop::none);
    EXPECT_EQ(d.source, 0x0a000c02u);
    EXPECT_EQ(d.destination, 0xe0000005u);
    ASSERT_EQ(d.payload.size(), 44u);
    EXPECT_EQ(d.payload[0], std::byte{1});
}

TEST(OspfDatagram, HonoursIpOptionsAndPktinfo) {
    const auto b = datagram(0x46, 89, 0x0a000c02, 0xe0000005, 10, 4);
    OspfDatagram d;
    ASSERT_EQ(parse_ospf_datagram(b, 0x0a000c01, 0xe0000006u, d), OspfRxDrop::none);
    EXPECT_EQ(d.destination, 0xe0000006u);
    ASSERT_EQ(d.payload.size(), 10u);
    EXPECT_EQ(d.payload[0], std::byte{1});
}

TEST(OspfDatagram, DropsOwnPacketsAndBadHeaders) {
    OspfDatagram d;
    EXPECT_EQ(parse_ospf_datagram(datagram(0x45, 89, 0x0a000c01, 0xe0000005, 4), 0x0a000c01, std::nullopt, d),
              OspfRxDrop::own_packet);
    EXPECT_EQ(parse_ospf_datagram(datagram(0x65, 89, 1, 2, 4), 0, std::nullopt, d), OspfRxDrop::bad_ip_header);
    EXPECT_EQ(parse_ospf_datagram(datagram(0x44, 89, 1, 2, 4), 0, std::nullopt, d), OspfRxDrop::bad_ip_header);
    EXPECT_EQ(parse_ospf_datagram(datagram(0x45, 6, 1, 2, 4), 0, std::nullopt, d), OspfRxDrop::bad_ip_header);
    auto longer_ihl = datagram(0x4f, 89, 1, 2, 4);  // IHL 60 > 24 bytes read
    EXPECT_EQ(parse_ospf_datagram(longer_ihl, 0, std::nullopt, d), OspfRxDrop::bad_ip_header);
    const auto b = datagram(0x45, 89, 1, 2, 4);
    for (std::size_t n = 0; n < 20; ++n) {
        EXPECT_EQ(parse_ospf_datagram(std::span(b.data(), n), 0, std::nullopt, d), OspfRxDrop::bad_ip_header) << n;
    }
}

TEST(OspfDatagram, TotalLengthOnlyShortens) {
    auto b = datagram(0x45, 89, 1, 2, 8);
    b[3] = std::byte{24};  // says 4 bytes of payload
    OspfDatagram d;
    ASSERT_EQ(parse_ospf_datagram(b, 0, std::nullopt, d), OspfRxDrop::none);
    EXPECT_EQ(d.payload.size(), 4u);
    b[2] = std::byte{0xff};  // says more than was read: ignored
    ASSERT_EQ(parse_ospf_datagram(b, 0, std::nullopt, d), OspfRxDrop::none);
    EXPECT_EQ(d.payload.size(), 8u);
}

}  // namespace
