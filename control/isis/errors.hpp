#pragma once
// Typed decode errors of the IS-IS codecs: why (one drop counter per reason), which field,
// and the byte offset in the PDU the decoder was given.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "codec/expected.hpp"

namespace ldpsync::isis {

#define LDPSYNC_ISIS_REASONS(X)                                                                       \
    X(truncated, "rx_truncated")                 /* a field runs past the end of its container */     \
    X(bad_irpd, "rx_bad_irpd")                   /* not 0x83, the IS-IS discriminator (9.5) */        \
    X(bad_header_length, "rx_bad_header_length") /* length indicator wrong for the PDU type */        \
    X(bad_version, "rx_bad_version")             /* version / protocol id extension not 1 */          \
    X(bad_id_length, "rx_bad_id_length")         /* ID Length not 0 or 6: we only speak 6 (7.3.13) */ \
    X(bad_pdu_type, "rx_bad_pdu_type")           /* a type we do not know */                          \
    X(bad_max_areas, "rx_bad_max_areas")         /* maximum area addresses not 0 or 3 */              \
    X(bad_pdu_length, "rx_bad_pdu_length")       /* PDU length below the header or above the frame */ \
    X(bad_tlv_length, "rx_bad_tlv_length")       /* a TLV's value is not a whole number of entries */ \
    X(bad_checksum, "rx_bad_lsp_checksum")       /* LSP Fletcher checksum does not verify (7.3.14) */ \
    X(bad_value, "rx_bad_value")                 /* a field holds a value the standard forbids */

enum class Reason : std::uint8_t {
#define LDPSYNC_ISIS_REASON_ENUM(name, counter) name,
    LDPSYNC_ISIS_REASONS(LDPSYNC_ISIS_REASON_ENUM)
#undef LDPSYNC_ISIS_REASON_ENUM
};
inline constexpr std::size_t kReasonCount = 0
#define LDPSYNC_ISIS_REASON_COUNT(name, counter) +1
    LDPSYNC_ISIS_REASONS(LDPSYNC_ISIS_REASON_COUNT)
#undef LDPSYNC_ISIS_REASON_COUNT
    ;

struct DecodeError {
    Reason reason = Reason::truncated;
    std::string_view field;  // a literal naming the field ("lsp id", "tlv 135 prefix")
    std::size_t offset = 0;  // in the PDU passed to the entry point
    bool operator==(const DecodeError&) const = default;
};

template <class T>
using DecodeResult = codec::Expected<T, DecodeError>;

inline codec::Unexpected<DecodeError> decode_error(Reason r, std::string_view field, std::size_t offset) {
    return codec::Unexpected{DecodeError{r, field, offset}};
}

// The stable counter name of a drop reason ("rx_bad_lsp_checksum").
std::string_view counter_name(Reason r);
// "bad_checksum in lsp checksum at offset 24" for logs and show commands.
std::string to_string(const DecodeError& e);

}  // namespace ldpsync::isis
