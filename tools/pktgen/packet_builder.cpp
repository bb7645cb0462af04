#include "packet_builder.hpp"

namespace ldpsync::pktgen {

namespace {
void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& b, std::uint32_t v) {
    put16(b, static_cast<std::uint16_t>(v >> 16));
    put16(b, static_cast<std::uint16_t>(v));
}
}  // namespace

std::uint16_t ipv4_header_checksum(const std::uint8_t* header, std::size_t len) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < len; i += 2) {
        sum += static_cast<std::uint32_t>(header[i] << 8 | header[i + 1]);
    }
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

Bytes ethernet(const Mac& dst, const Mac& src, std::uint16_t ethertype) {
    Bytes b(dst.begin(), dst.end());
    b.insert(b.end(), src.begin(), src.end());
    put16(b, ethertype);
    return b;
}

Bytes ipv4_packet(const Ipv4Spec& s) {
    const std::uint16_t l4 = s.proto == 6 ? 20 : (s.proto == 17 ? 8 : 0);
    const std::uint16_t total = static_cast<std::uint16_t>(20 + l4 + s.payload);
    Bytes b;
    b.push_back(0x45);
    b.push_back(s.tos);
    put16(b, total);
    put16(b, 0x1234);  // id
    put16(b, 0x4000);  // DF
    b.push_back(s.ttl);
    b.push_back(s.proto);
    put16(b, 0);
    put32(b, s.src);
    put32(b, s.dst);
    const std::uint16_t csum = ipv4_header_checksum(b.data(), 20);
    b[10] = static_cast<std::uint8_t>(csum >> 8);
    b[11] = static_cast<std::uint8_t>(csum);
    if (s.proto == 17) {
        put16(b, s.sport);
        put16(b, s.dport);
        put16(b, static_cast<std::uint16_t>(8 + s.payload));
        put16(b, 0);  // no UDP checksum (allowed for IPv4)
    } else if (s.proto == 6) {
        put16(b, s.sport);
        put16(b, s.dport);
        put32(b, 1);
        put32(b, 0);
        put16(b, 0x5002);  // data offset 5, SYN
        put16(b, 8192);
        put16(b, 0);
        put16(b, 0);
    }
    for (std::uint16_t i = 0; i < s.payload; ++i) b.push_back(static_cast<std::uint8_t>(i));
    return b;
}

Bytes frame(const Mac& dst, const Mac& src, const std::vector<Label>& labels, const Bytes& payload) {
    Bytes b = ethernet(dst, src, labels.empty() ? 0x0800 : 0x8847);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto& l = labels[i];
        const bool bos = i + 1 == labels.size();
        put32(b, (l.label << 12) | (std::uint32_t{l.tc & 7u} << 9) | (bos ? 0x100u : 0u) | l.ttl);
    }
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

Bytes isis_llc_frame(const Mac& src) {
    // AllL1ISs / AllL2ISs style multicast destination, 802.3 length, LLC FE FE 03.
    const Mac dst = {0x01, 0x80, 0xc2, 0x00, 0x00, 0x14};
    Bytes pdu = {0x83, 0x14, 0x01, 0x00, 0x11, 0x01, 0x00, 0x00};  // IS-IS header start (hello)
    pdu.resize(40, 0);
    Bytes b = ethernet(dst, src, static_cast<std::uint16_t>(3 + pdu.size()));
    b.push_back(0xfe);
    b.push_back(0xfe);
    b.push_back(0x03);
    b.insert(b.end(), pdu.begin(), pdu.end());
    return b;
}

Bytes arp_request(const Mac& src, std::uint32_t sender_ip, std::uint32_t target_ip) {
    Bytes b = ethernet({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, src, 0x0806);
    put16(b, 1);
    put16(b, 0x0800);
    b.push_back(6);
    b.push_back(4);
    put16(b, 1);
    b.insert(b.end(), src.begin(), src.end());
    put32(b, sender_ip);
    for (int i = 0; i < 6; ++i) b.push_back(0);
    put32(b, target_ip);
    return b;
}

}  // namespace ldpsync::pktgen
