#pragma once
// LDP PDU header and framing (RFC 5036 3.1, 3.5).
//
//   | Version (1)                   | PDU Length                    |
//   | LSR Id (4)                                                    |
//   | Label Space Id (2)            | messages ...
//
// PDU Length counts everything after the length field. A PDU carries one or more messages; on
// TCP, PDUs follow each other in the byte stream and a segment may hold several or part of one.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "cursor.hpp"
#include "errors.hpp"

namespace ldpsync::ldp {

inline constexpr std::uint16_t kLdpVersion = 1;
inline constexpr std::uint16_t kLdpPort = 646;
inline constexpr std::size_t kPduHeaderSize = 10;            // version, length, LDP identifier
inline constexpr std::uint16_t kDefaultMaxPduLength = 4096;  // RFC 5036 3.5.3
// Smallest PDU Length: the LDP identifier (6) plus one message header and message id (8).
inline constexpr std::uint16_t kMinPduLength = 14;

struct PduHeader {
    std::uint16_t version = kLdpVersion;
    std::uint16_t length = 0;  // as on the wire; encode_pdu computes it
    std::uint32_t lsr_id = 0;
    std::uint16_t label_space = 0;
    bool operator==(const PduHeader&) const = default;
};

// A PDU split into its messages (views into the input; each view is one whole message).
// If message framing breaks (a message length past the end of the PDU), the messages before
// it are kept and `framing_error` holds the error for the remainder.
struct RawPdu {
    PduHeader header;
    std::vector<ByteView> messages;
    std::optional<DecodeError> framing_error;
    ByteView unframed;  // bytes not split into messages when framing_error is set
};

// Checks the header (version, PDU length against the span and against max_pdu_length) and
// splits the PDU. `pdu` must hold exactly one PDU.
Result<RawPdu> split_pdu(ByteView pdu, std::uint16_t max_pdu_length = kDefaultMaxPduLength);

// For a TCP byte stream: the size of the complete PDU at the front of `stream`, 0 when more
// bytes are needed, or an error when the header is unusable (bad version or PDU length; the
// session must be closed since the stream can no longer be framed).
Result<std::size_t> frame_pdu(ByteView stream, std::uint16_t max_pdu_length = kDefaultMaxPduLength);

// RFC 5036 3.5.1.2.1: on a session, a PDU whose LDP identifier is not the peer's is a fatal
// Bad LDP Identifier. The codec cannot know the peer; the session layer calls this.
std::optional<DecodeError> check_ldp_identifier(const PduHeader& header, std::uint32_t peer_lsr_id,
                                                std::uint16_t peer_label_space);

// Writes a PDU header (length filled in) followed by the already encoded messages.
Bytes encode_pdu(const PduHeader& header, const std::vector<Bytes>& messages);

}  // namespace ldpsync::ldp
