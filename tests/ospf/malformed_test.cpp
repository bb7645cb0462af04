// Malformed input: every fixture truncated at every byte offset gives a typed error (never a
// crash, never a read past the end: run under ASan/UBSan too), and each header and LSA lie
// maps to its own Reason, Field and offset.

#include <gtest/gtest.h>

#include <set>

#include "ospf/checksum.hpp"
#include "fixtures/fixtures.hpp"
#include "packet.hpp"

namespace ldpsync::ospf {
namespace {

Bytes bytes(std::span<const std::uint8_t> a) {
    auto v = std::as_bytes(a);
    return Bytes(v.begin(), v.end());
}

void put16(Bytes& p, std::size_t at, std::uint16_t v) {
    p[at] = std::byte{static_cast<std::uint8_t>(v >> 8)};
    p[at + 1] = std::byte{static_cast<std::uint8_t>(v)};
}

// Sets the packet length field and recomputes the packet checksum, so that only the lie under
// test is left for the decoder to find.
Bytes fixed(Bytes p, std::size_t length) {
    put16(p, 2, static_cast<std::uint16_t>(length));
    put16(p, kPacketChecksumOffset, packet_checksum(ByteView(p).first(length)));
    return p;
}
Bytes fixed(Bytes p) { return fixed(p, p.size()); }

DecodeError error_of(ByteView data, const DecodeOptions& options = {}) {
    auto r = Packet::decode(data, options);
    EXPECT_FALSE(r);
    return r ? DecodeError{} : r.error();
}

TEST(OspfMalformed, TruncatedAtEveryOffset) {
    for (const auto& f : fixtures::all) {
        const Bytes full = bytes(f.bytes);
        const std::size_t header_len = f.is_packet ? 24 : 20;
        const std::size_t declared = f.is_packet ? ((std::to_integer<std::size_t>(full[2]) << 8) |
                                                    std::to_integer<std::size_t>(full[3]))
                                                 : full.size();
        for (std::size_t n = 0; n < full.size(); ++n) {
            SCOPED_TRACE(std::string(f.name) + " cut to " + std::to_string(n));
            // A copy of exactly n bytes, so ASan sees any read past the end.
            const Bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
            const auto err = f.is_packet ? [&] {
                auto r = Packet::decode(cut);
                return r ? std::optional<DecodeError>{} : std::optional<DecodeError>{r.error()};
            }()
                                         : [&] {
                auto r = Lsa::decode(ByteView(cut));
                return r ? std::optional<DecodeError>{} : std::optional<DecodeError>{r.error()};
            }();
            ASSERT_TRUE(err.has_value());
            if (n < header_len) {
                EXPECT_EQ(err->reason, Reason::truncated);
            } else if (n < declared) {
                EXPECT_EQ(err->reason, Reason::length_exceeds_buffer);
            } else {
                EXPECT_EQ(err->reason, Reason::missing_digest);  // only the MD5 trailer can be cut here
            }
        }
    }
}

TEST(OspfMalformed, BodyCutWithConsistentHeaderNeverCrashes) {
    // The packet length is made to agree with the cut, so the body decoders see the short body.
    const std::set<Reason> allowed = {Reason::truncated, Reason::bad_length, Reason::count_mismatch,
                                      Reason::length_exceeds_buffer};
    for (const auto& f : fixtures::all) {
        if (!f.is_packet || f.name == "hello_md5") {
            continue;
        }
        const Bytes full = bytes(f.bytes);
        for (std::size_t n = 24; n < full.size(); ++n) {
            SCOPED_TRACE(std::string(f.name) + " body cut to " + std::to_string(n));
            Bytes cut = fixed(Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n)));
            auto r = Packet::decode(cut);
            if (!r) {
                EXPECT_TRUE(allowed.count(r.error().reason)) << r.error().to_string();
                EXPECT_GE(r.error().offset, 24u);
                EXPECT_LE(r.error().offset, n);
            } else {
                // Whatever decodes must re-encode to the same bytes.
                auto again = encode_packet(*r, ChecksumMode::keep);
                ASSERT_TRUE(again);
                EXPECT_EQ(*again, cut);
            }
            // The body entry points alone, on the same cut body.
            const ByteView body = ByteView(cut).subspan(24);
            (void)Hello::decode(body);
            (void)DbDescription::decode(body);
            (void)LsRequest::decode(body);
            (void)LsUpdate::decode(body);
            (void)LsAck::decode(body);
        }
    }
}

TEST(OspfMalformed, HeaderErrors) {
    const Bytes hello = bytes(fixtures::hello);

    Bytes p = hello;
    p[0] = std::byte{3};
    EXPECT_EQ(error_of(p), (DecodeError{Reason::bad_version, Field::version, 0, 3}));

    for (std::uint8_t type : {0, 6, 255}) {
        p = hello;
        p[1] = std::byte{type};
        EXPECT_EQ(error_of(p), (DecodeError{Reason::bad_type, Field::packet_type, 1, type}));
    }

    p = hello;
    put16(p, 2, 23);
    EXPECT_EQ(error_of(p), (DecodeError{Reason::bad_length, Field::packet_length, 2, 23}));
    put16(p, 2, 53);
    EXPECT_EQ(error_of(p), (DecodeError{Reason::length_exceeds_buffer, Field::packet_length, 2, 53}));

    p = hello;
    put16(p, 14, 3);
    EXPECT_EQ(error_of(p), (DecodeError{Reason::bad_autype, Field::autype, 14, 3}));

    p = hello;
    p[47] ^= std::byte{0x01};  // a BDR bit: checksum no longer verifies
    EXPECT_EQ(error_of(p), (DecodeError{Reason::bad_checksum, Field::checksum, 12, 0xdc86}));
    auto lenient = Packet::decode(p, DecodeOptions{false, true});
    ASSERT_TRUE(lenient);
    // Keep mode re-encodes even a packet with a bad checksum byte for byte.
    EXPECT_EQ(*encode_packet(*lenient, ChecksumMode::keep), p);
    EXPECT_NE(*encode_packet(*lenient, ChecksumMode::compute), p);

    // Hello body not a whole number of neighbors: packet length 50 (2 bytes of a neighbor).
    p = fixed(bytes(fixtures::hello), 50);
    EXPECT_EQ(error_of(ByteView(p).first(50)), (DecodeError{Reason::bad_length, Field::hello_neighbor, 44, 6}));

    // AuType 2 with the digest missing.
    Bytes md5 = bytes(fixtures::hello_md5);
    md5.resize(48 + 15);
    EXPECT_EQ(error_of(md5), (DecodeError{Reason::missing_digest, Field::crypto_digest, 48, 16}));
    // ... and no checksum is verified for it (D.4.3).
    md5 = bytes(fixtures::hello_md5);
    put16(md5, 12, 0xbeef);
    EXPECT_TRUE(Packet::decode(md5));
}

// Offsets in the ls_update fixture (see fixtures.hpp): LSA k starts at lsa_at[k].
constexpr std::array<std::size_t, 5> lsa_at = {28, 104, 140, 168, 204};

TEST(OspfMalformed, LsaLengthLies) {
    const Bytes u = bytes(fixtures::ls_update);
    ASSERT_EQ(u.size(), 232u);

    // The last LSA says it is longer than what is left of the packet.
    Bytes p = u;
    put16(p, lsa_at[4] + 18, 29);
    EXPECT_EQ(error_of(fixed(p)), (DecodeError{Reason::length_exceeds_buffer, Field::lsa_length, 222, 29}));

    // An LSA length below the 20-byte header.
    p = u;
    put16(p, lsa_at[1] + 18, 19);
    EXPECT_EQ(error_of(fixed(p)), (DecodeError{Reason::bad_length, Field::lsa_length, 122, 19}));

    // The router-LSA claims 4 bytes less: its checksum no longer covers the same bytes...
    p = u;
    put16(p, lsa_at[0] + 18, 72);
    EXPECT_EQ(error_of(fixed(p)).reason, Reason::bad_lsa_checksum);
    // ... and without LSA checksum verification, its links no longer fit its length.
    EXPECT_EQ(error_of(fixed(p), DecodeOptions{true, false}),
              (DecodeError{Reason::count_mismatch, Field::router_link_tos, 28 + 20 + 4 + 36 + 9, 1}));

    // # links lies (5 links announced, 4 present).
    p = u;
    put16(p, lsa_at[0] + 22, 5);
    EXPECT_EQ(error_of(fixed(p), DecodeOptions{true, false}),
              (DecodeError{Reason::count_mismatch, Field::router_lsa_link_count, 50, 5}));
    // # links lies the other way (3 announced: one link's worth of bytes left over).
    put16(p, lsa_at[0] + 22, 3);
    EXPECT_EQ(error_of(fixed(p), DecodeOptions{true, false}),
              (DecodeError{Reason::count_mismatch, Field::router_lsa_link_count, 50, 3}));

    // # LSAs lies: more than the packet can hold, and fewer than it holds.
    p = u;
    p[27] = std::byte{6};
    EXPECT_EQ(error_of(fixed(p)), (DecodeError{Reason::count_mismatch, Field::lsu_lsa_count, 24, 6}));
    p[27] = std::byte{4};
    EXPECT_EQ(error_of(fixed(p)), (DecodeError{Reason::count_mismatch, Field::lsu_lsa_count, 24, 4}));
    p[24] = std::byte{0xff};  // 0xff000004: never allocated for
    EXPECT_EQ(error_of(fixed(p)).reason, Reason::count_mismatch);

    // Network-LSA body not a whole number of routers (LSA length 34).
    p = u;
    put16(p, lsa_at[1] + 18, 34);
    EXPECT_EQ(error_of(fixed(p), DecodeOptions{true, false}),
              (DecodeError{Reason::bad_length, Field::network_lsa_router, 128, 10}));

    // A bit flipped inside an LSA (packet checksum fixed): the LSA checksum catches it.
    p = u;
    p[lsa_at[3] + 25] ^= std::byte{0x10};
    EXPECT_EQ(error_of(fixed(p)), (DecodeError{Reason::bad_lsa_checksum, Field::lsa_checksum, 184, 0x099e}));
}

TEST(OspfMalformed, DdAndAckAndRequestLengths) {
    // Header lists that are not a whole number of 20-byte headers / 12-byte entries.
    Bytes dd = fixed(bytes(fixtures::db_description), 71);
    EXPECT_EQ(error_of(ByteView(dd).first(71)).reason, Reason::bad_length);
    Bytes ack = fixed(bytes(fixtures::ls_ack), 63);
    EXPECT_EQ(error_of(ByteView(ack).first(63)).reason, Reason::bad_length);
    Bytes req = fixed(bytes(fixtures::ls_request), 47);
    EXPECT_EQ(error_of(ByteView(req).first(47)), (DecodeError{Reason::bad_length, Field::ls_request_entry, 24, 23}));
    // An LSA header inside a DD whose length field is below 20.
    dd = bytes(fixtures::db_description);
    put16(dd, 50, 12);
    EXPECT_EQ(error_of(fixed(dd)), (DecodeError{Reason::bad_length, Field::lsa_length, 50, 12}));
}

TEST(OspfMalformed, CounterNamesAreDistinct) {
    std::set<std::string_view> names;
    for (int r = 0; r <= static_cast<int>(Reason::trailing_bytes); ++r) {
        names.insert(counter_name(static_cast<Reason>(r)));
    }
    EXPECT_EQ(names.size(), static_cast<std::size_t>(Reason::trailing_bytes) + 1);
    const DecodeError e{Reason::bad_checksum, Field::checksum, 12, 0xdc86};
    EXPECT_EQ(e.counter(), "ospf_rx_bad_checksum");
    EXPECT_EQ(e.to_string(), "bad packet checksum in checksum at offset 12 (value 56454)");
}

}  // namespace
}  // namespace ldpsync::ospf
