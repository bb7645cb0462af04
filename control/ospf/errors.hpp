#pragma once
// Typed decode and encode errors for the OSPFv2 codecs, and the small result type the codecs
// return. A DecodeError names the field that failed, why, and the byte offset (relative to the
// buffer the entry point was given); counter_name() gives the protocol one stable name per
// drop reason so it can count drops without parsing text.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "codec/expected.hpp"

namespace ldpsync::ospf {

// Why a decode failed. Each value maps to one drop counter (see counter_name).
enum class Reason : std::uint8_t {
    truncated,              // a fixed-size field runs past the end of its container
    bad_version,            // header version != 2 (RFC 2328 8.2)
    bad_type,               // packet type not 1..5
    bad_length,             // a length field is below its minimum or not a whole number of entries
    length_exceeds_buffer,  // a length field says more bytes than were received / than the container holds
    bad_checksum,           // IP-style packet checksum (RFC 2328 D.4.1/D.4.2) does not verify
    bad_lsa_checksum,       // Fletcher LSA checksum (RFC 2328 12.1.7) does not verify
    bad_autype,             // AuType not 0, 1 or 2 (RFC 2328 D.3)
    missing_digest,         // AuType 2 but fewer trailer bytes than the header's auth data length
    count_mismatch,         // an entry count disagrees with the bytes its container holds
    trailing_bytes,         // bytes left inside a container after its last entry (keep last: kReasonCount)
};
inline constexpr std::size_t kReasonCount = static_cast<std::size_t>(Reason::trailing_bytes) + 1;

// Which field a decode error is about.
enum class Field : std::uint8_t {
    packet,
    version,
    packet_type,
    packet_length,
    router_id,
    area_id,
    checksum,
    autype,
    authentication,
    crypto_digest,
    hello_fixed,
    hello_neighbor,
    dd_fixed,
    ls_request_entry,
    lsu_lsa_count,
    lsa_header,
    lsa_length,
    lsa_checksum,
    router_lsa_fixed,
    router_lsa_link_count,
    router_link,
    router_link_tos,
    network_lsa_mask,
    network_lsa_router,
};

std::string_view to_string(Reason r);
std::string_view to_string(Field f);
// Stable counter name for a drop reason, e.g. "ospf_rx_bad_checksum".
std::string_view counter_name(Reason r);

struct DecodeError {
    Reason reason = Reason::truncated;
    Field field = Field::packet;
    std::size_t offset = 0;    // byte offset of the failing field in the entry point's buffer
    std::uint32_t value = 0;   // the offending value, where there is one (version, length, ...)

    std::string_view counter() const { return counter_name(reason); }
    std::string to_string() const;
    bool operator==(const DecodeError&) const = default;
};

enum class EncodeError : std::uint8_t {
    packet_too_long,  // more than 65535 bytes of OSPF packet
    lsa_too_long,     // more than 65535 bytes of LSA
    too_many_entries, // a count field (router links, TOS entries, LSAs) overflows its width
};
std::string_view to_string(EncodeError e);

using codec::Expected;
using codec::Unexpected;

template <class T>
using DecodeResult = Expected<T, DecodeError>;
template <class T>
using EncodeResult = Expected<T, EncodeError>;

// Success without a value.
struct Ok {
    bool operator==(const Ok&) const = default;
};

inline Unexpected<DecodeError> decode_error(Reason r, Field f, std::size_t offset, std::uint32_t value = 0) {
    return Unexpected<DecodeError>{DecodeError{r, f, offset, value}};
}

}  // namespace ldpsync::ospf

// Evaluates `expr` (an Expected); on error returns the error from the enclosing function,
// otherwise declares `name` holding the value. The one macro of the codecs: it keeps every
// checked read a single line.
#define LDPSYNC_OSPF_TRY(name, expr)                                          \
    auto name##_result_ = (expr);                                             \
    if (!name##_result_) {                                                    \
        return ::ldpsync::ospf::Unexpected{name##_result_.error()};           \
    }                                                                         \
    auto name = std::move(name##_result_).value()
