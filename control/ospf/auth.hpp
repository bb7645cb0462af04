#pragma once
// Cryptographic authentication (RFC 2328 D.4.3): the 16-byte MD5 digest of the packet (with
// AuType 2 and its key id / auth data length / sequence already in the header, checksum zero)
// followed by the key, zero padded to 16 bytes. The digest is appended after the packet and is
// not counted in the packet length. MD5 itself comes from nettle.

#include <array>
#include <cstddef>
#include <string_view>

#include "cursor.hpp"
#include "header.hpp"

namespace ldpsync::ospf {

inline constexpr std::size_t kMd5DigestSize = 16;
using Md5Digest = std::array<std::byte, kMd5DigestSize>;

// `packet` is bytes 0 .. packet length (no trailer); keys longer than 16 bytes are cut to 16.
Md5Digest md5_digest(ByteView packet, std::string_view key);

// True when the view's trailer starts with the digest of its packet under `key`.
bool md5_ok(const HeaderView& view, std::string_view key);

// Replaces `encoded` (an encode_packet result with AuType 2 and no trailer) by the packet
// followed by its digest under `key`.
void append_md5_digest(Bytes& encoded, std::string_view key);

}  // namespace ldpsync::ospf
