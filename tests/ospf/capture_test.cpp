// Every OSPF packet of every capture in tests/captures/ (copied from the lab's FRR bring-up runs):
// decoded with both checksums verified, re-encoded byte for byte with the decoded checksums
// kept, and again with checksums computed (a correct capture must come out identical, which
// checks both checksum algorithms against FRR's). Counts per packet type and per LSA type are
// printed; the test fails if the captures hold no OSPF packet at all.

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <iostream>
#include <map>

#include "capture.hpp"
#include "ospf/checksum.hpp"
#include "packet.hpp"

namespace ldpsync::ospf {
namespace {

std::vector<std::filesystem::path> capture_files() {
    std::vector<std::filesystem::path> out;
    for (const auto& entry : std::filesystem::directory_iterator(LDPSYNC_OSPF_CAPTURE_DIR)) {
        if (entry.path().extension() == ".pcap") {
            out.push_back(entry.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST(OspfCapture, EveryPacketDecodesAndReencodesByteForByte) {
    const auto files = capture_files();
    ASSERT_FALSE(files.empty()) << "no .pcap in " << LDPSYNC_OSPF_CAPTURE_DIR;

    std::map<std::string, std::size_t> per_packet_type;
    std::map<std::string, std::size_t> per_lsa_type;         // full LSAs in LS Updates
    std::map<std::string, std::size_t> per_lsa_header_type;  // headers in DD and LS Ack
    std::size_t total = 0;
    std::size_t ls_infinity_links = 0;

    for (const auto& path : files) {
        const test::CaptureFile cap = test::read_ospf_capture(path.string());
        EXPECT_TRUE(cap.link_type == DLT_EN10MB || cap.link_type == DLT_LINUX_SLL
#ifdef DLT_LINUX_SLL2
                    || cap.link_type == DLT_LINUX_SLL2
#endif
        );
        std::cout << "[ capture  ] " << path.filename().string() << ": link type " << cap.link_type << ", "
                  << cap.frames << " frames, " << cap.packets.size() << " OSPF packets\n";
        for (const test::CapturedPacket& cp : cap.packets) {
            SCOPED_TRACE(path.filename().string() + " frame " + std::to_string(cp.frame));
            auto decoded = Packet::decode(cp.ospf);
            ASSERT_TRUE(decoded) << decoded.error().to_string();
            const Packet& p = *decoded;
            ++total;
            ++per_packet_type[std::string(to_string(p.type()))];
            if (p.header.autype != AuType::cryptographic) {
                EXPECT_TRUE(packet_checksum_ok(ByteView(cp.ospf).first(p.header.length)));
            }

            if (const auto* u = std::get_if<LsUpdate>(&p.body)) {
                for (const Lsa& lsa : u->lsas) {
                    ++per_lsa_type[lsa_type_name(lsa.header.type)];
                    auto bytes = encode_lsa(lsa, ChecksumMode::compute);
                    ASSERT_TRUE(bytes);
                    EXPECT_TRUE(lsa_checksum_ok(*bytes));
                    EXPECT_EQ(lsa_checksum(*bytes), lsa.header.checksum);
                    if (const auto* r = std::get_if<RouterLsa>(&lsa.body)) {
                        for (const RouterLink& l : r->links) {
                            ls_infinity_links += l.metric == kLsInfinity ? 1 : 0;
                        }
                    }
                }
            } else if (const auto* dd = std::get_if<DbDescription>(&p.body)) {
                for (const LsaHeader& h : dd->lsa_headers) {
                    ++per_lsa_header_type[lsa_type_name(h.type)];
                }
            } else if (const auto* ack = std::get_if<LsAck>(&p.body)) {
                for (const LsaHeader& h : ack->lsa_headers) {
                    ++per_lsa_header_type[lsa_type_name(h.type)];
                }
            }

            auto kept = encode_packet(p, ChecksumMode::keep);
            ASSERT_TRUE(kept);
            EXPECT_EQ(*kept, cp.ospf) << to_string(p);
            auto computed = encode_packet(p, ChecksumMode::compute);
            ASSERT_TRUE(computed);
            EXPECT_EQ(*computed, cp.ospf) << to_string(p);
            // The debug text never comes out empty.
            EXPECT_FALSE(to_string(p).empty());
        }
    }

    std::cout << "[ capture  ] " << total << " OSPF packets:";
    for (const auto& [name, n] : per_packet_type) {
        std::cout << ' ' << name << '=' << n;
    }
    std::cout << "\n[ capture  ] LSAs in LS Updates:";
    for (const auto& [name, n] : per_lsa_type) {
        std::cout << ' ' << name << '=' << n;
    }
    std::cout << " (links at LSInfinity: " << ls_infinity_links << ")\n[ capture  ] LSA headers in DD/LS Ack:";
    for (const auto& [name, n] : per_lsa_header_type) {
        std::cout << ' ' << name << '=' << n;
    }
    std::cout << '\n';
    EXPECT_GT(total, 0u) << "the captures hold no OSPF packet";
}

}  // namespace
}  // namespace ldpsync::ospf
