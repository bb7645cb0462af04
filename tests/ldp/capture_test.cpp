// Every LDP PDU in the captures decodes without error and re-encodes byte for byte.
//
// Hello PDUs are UDP 646, one PDU per datagram. Session PDUs are TCP 646: each direction of each
// connection is reassembled by sequence number (a segment may carry several PDUs or part of
// one), then cut into PDUs with frame_pdu(). Link types: Ethernet (with 802.1Q tags), Linux
// cooked v1/v2, raw IP.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <tuple>

#include "format.hpp"
#include "message.hpp"
#include "pcap_read.hpp"  // tools/pktgen: the one pcap reader

#ifndef LDP_CAPTURE_DIR
#error "LDP_CAPTURE_DIR must name the directory holding the .pcap files"
#endif

namespace ldpsync::ldp {
namespace {

struct StreamKey {
    std::uint32_t src = 0;
    std::uint32_t dst = 0;
    std::uint16_t sport = 0;
    std::uint16_t dport = 0;
    auto operator<=>(const StreamKey&) const = default;
};

struct Stream {
    bool have_base = false;
    std::uint32_t base = 0;                      // sequence number of the first payload octet
    std::map<std::uint32_t, Bytes> segments;     // offset from base -> payload
};

struct CaptureContents {
    std::vector<Bytes> udp_pdus;
    std::map<StreamKey, Stream> streams;
    std::size_t packets = 0;
};

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

void read_capture(const std::string& path, CaptureContents& out) {
    std::string error;
    const auto pcap = pktgen::read_pcap(path, &error);
    ASSERT_TRUE(pcap.has_value()) << error;
    for (const auto& frame : pcap->frames) {
        ++out.packets;
        const auto ipo = pktgen::ipv4_offset(pcap->link_type, frame.bytes.data(), frame.bytes.size());
        if (!ipo) {
            continue;
        }
        const std::uint8_t* data = frame.bytes.data();
        const std::size_t caplen = frame.bytes.size();
        const std::uint8_t* ip = data + *ipo;
        std::size_t avail = caplen - *ipo;
        if (avail < 20 || (ip[0] >> 4) != 4) {
            continue;
        }
        std::size_t ihl = std::size_t{ip[0] & 0x0Fu} * 4;
        std::size_t total = be16(ip + 2);  // bounds the payload: Ethernet may pad short frames
        if (ihl < 20 || total < ihl || total > avail || (be16(ip + 6) & 0x3FFF) != 0) {
            continue;  // truncated capture or fragment
        }
        const std::uint8_t proto = ip[9];
        const std::uint8_t* l4 = ip + ihl;
        std::size_t l4len = total - ihl;
        StreamKey key{be32(ip + 12), be32(ip + 16), 0, 0};
        if (proto == 17 && l4len >= 8) {
            key.sport = be16(l4);
            key.dport = be16(l4 + 2);
            if (key.sport == kLdpPort || key.dport == kLdpPort) {
                std::size_t ulen = std::min<std::size_t>(be16(l4 + 4), l4len);
                if (ulen >= 8) {
                    out.udp_pdus.emplace_back(reinterpret_cast<const std::byte*>(l4 + 8),
                                              reinterpret_cast<const std::byte*>(l4 + ulen));
                }
            }
        } else if (proto == 6 && l4len >= 20) {
            key.sport = be16(l4);
            key.dport = be16(l4 + 2);
            if (key.sport != kLdpPort && key.dport != kLdpPort) {
                continue;
            }
            std::uint32_t seq = be32(l4 + 4);
            std::size_t doff = std::size_t{static_cast<unsigned>(l4[12] >> 4)} * 4;
            bool syn = (l4[13] & 0x02) != 0;
            if (doff < 20 || doff > l4len) {
                continue;
            }
            Stream& s = out.streams[key];
            if (syn) {
                s.have_base = true;
                s.base = seq + 1;
                continue;
            }
            std::size_t plen = l4len - doff;
            if (plen == 0) {
                continue;
            }
            if (!s.have_base) {  // capture started mid-connection: first data octet is the base
                s.have_base = true;
                s.base = seq;
            }
            Bytes payload(reinterpret_cast<const std::byte*>(l4 + doff),
                          reinterpret_cast<const std::byte*>(l4 + doff + plen));
            auto& slot = s.segments[seq - s.base];  // unsigned wrap-around gives the offset
            if (payload.size() > slot.size()) {     // keep the longest retransmission
                slot = std::move(payload);
            }
        }
    }
}

// Concatenates the segments in sequence order, dropping retransmitted overlap; stops at a gap.
Bytes reassemble(const Stream& s, bool& gap) {
    Bytes out;
    gap = false;
    for (const auto& [offset, payload] : s.segments) {
        std::size_t have = out.size();
        if (offset > have) {
            gap = true;
            break;
        }
        std::size_t skip = have - offset;
        if (skip < payload.size()) {
            out.insert(out.end(), payload.begin() + static_cast<std::ptrdiff_t>(skip), payload.end());
        }
    }
    return out;
}

std::string hexdump(ByteView b) {
    std::string s;
    char buf[4];
    for (auto x : b) {
        std::snprintf(buf, sizeof buf, "%02x", std::to_integer<unsigned>(x));
        s += buf;
    }
    return s;
}

struct Tally {
    std::map<std::string, std::size_t> by_type;
    std::size_t udp_pdus = 0;
    std::size_t tcp_pdus = 0;
    std::size_t messages = 0;
};

void check_pdu(ByteView pdu, const std::string& where, Tally& tally) {
    auto d = decode_pdu(pdu);
    ASSERT_TRUE(d.ok()) << where << ": " << d.error().to_string() << "\n" << hexdump(pdu);
    std::vector<Message> messages;
    for (const auto& e : d->messages) {
        ASSERT_TRUE(e.message.ok()) << where << ": " << e.message.error().to_string() << "\n" << hexdump(e.raw);
        const Message& m = *e.message;
        EXPECT_EQ(hexdump(encode_message(m)), hexdump(e.raw)) << where << ": " << to_string(m);
        ++tally.by_type[message_name(message_type_of(m))];
        ++tally.messages;
        messages.push_back(m);
    }
    EXPECT_EQ(hexdump(encode_pdu(d->header, messages)), hexdump(pdu)) << where;
}

TEST(LdpCaptures, EveryPduDecodesAndReencodesByteForByte) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(LDP_CAPTURE_DIR)) {
        if (entry.path().extension() == ".pcap") {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    ASSERT_FALSE(files.empty()) << "no .pcap files in " << LDP_CAPTURE_DIR;

    Tally total;
    for (const auto& file : files) {
        CaptureContents c;
        read_capture(file, c);
        Tally t;
        for (std::size_t i = 0; i < c.udp_pdus.size(); ++i) {
            check_pdu(c.udp_pdus[i], file + " udp #" + std::to_string(i), t);
            ++t.udp_pdus;
        }
        for (const auto& [key, stream] : c.streams) {
            bool gap = false;
            Bytes bytes = reassemble(stream, gap);
            std::string where = file + " tcp " + ipv4_to_string(key.src) + ":" + std::to_string(key.sport) +
                                " > " + ipv4_to_string(key.dst) + ":" + std::to_string(key.dport);
            EXPECT_FALSE(gap) << where << ": sequence gap, reassembly stopped early";
            ByteView rest(bytes);
            while (!rest.empty()) {
                auto n = frame_pdu(rest);
                ASSERT_TRUE(n.ok()) << where << ": " << n.error().to_string();
                if (*n == 0) {
                    std::cout << where << ": " << rest.size() << " trailing octets (capture ends mid-PDU)\n";
                    break;
                }
                check_pdu(rest.first(*n), where, t);
                ++t.tcp_pdus;
                rest = rest.subspan(*n);
            }
        }
        std::cout << file << ": " << c.packets << " packets, " << t.udp_pdus << " UDP PDUs, " << t.tcp_pdus
                  << " TCP PDUs, " << t.messages << " messages\n";
        for (const auto& [name, count] : t.by_type) {
            std::cout << "    " << name << ": " << count << "\n";
            total.by_type[name] += count;
        }
        total.udp_pdus += t.udp_pdus;
        total.tcp_pdus += t.tcp_pdus;
        total.messages += t.messages;
    }
    std::cout << "all captures: " << total.udp_pdus << " UDP PDUs, " << total.tcp_pdus << " TCP PDUs, "
              << total.messages << " messages\n";
    for (const auto& [name, count] : total.by_type) {
        std::cout << "    " << name << ": " << count << "\n";
    }
    // The test proves nothing if the captures held no LDP: require discovery and session traffic.
    EXPECT_GT(total.udp_pdus, 0U);
    EXPECT_GT(total.tcp_pdus, 0U);
    EXPECT_GT(total.by_type["Hello"], 0U);
    EXPECT_GT(total.by_type["Initialization"], 0U);
    EXPECT_GT(total.by_type["Label Mapping"], 0U);
}

}  // namespace
}  // namespace ldpsync::ldp
