#pragma once
// HMAC-MD5 authentication of IS-IS PDUs (RFC 5304): an Authentication TLV (10) of type 54
// carries the 16-byte HMAC-MD5 of the whole PDU computed with that digest set to zero and, in
// an LSP, the checksum and remaining lifetime set to zero too (so that an LSP ages and floods
// without being re-signed). HMAC-MD5 comes from nettle.

#include <cstddef>
#include <string_view>

#include "tlv.hpp"

namespace ldpsync::isis {

inline constexpr std::size_t kHmacMd5Size = 16;

// The TLV to place first in a PDU that will be signed: type 54, digest zero.
Authentication hmac_md5_placeholder();

// Writes the digest into an encoded PDU that holds the placeholder (an LSP's checksum is
// computed afterwards). False when the PDU has no HMAC-MD5 TLV or is malformed.
bool sign_hmac_md5(Bytes& pdu, std::string_view key);

enum class AuthCheck : std::uint8_t { ok, missing, wrong_type, bad_digest };
// Checks a received PDU (its PDU length decides where it ends) against `key`; the digests are
// compared in constant time.
AuthCheck verify_hmac_md5(ByteView pdu, std::string_view key);

}  // namespace ldpsync::isis
