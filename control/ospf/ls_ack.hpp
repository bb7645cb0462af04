#pragma once
// Link State Acknowledgment packet body (RFC 2328 A.3.6), after the 24-byte header: LSA
// headers, 20 bytes each, to the end of the packet.

#include <string>
#include <vector>

#include "cursor.hpp"
#include "lsa_header.hpp"

namespace ldpsync::ospf {

struct LsAck {
    static DecodeResult<LsAck> decode(Reader& body);
    static DecodeResult<LsAck> decode(ByteView body, std::size_t base_offset = 24);

    std::vector<LsaHeader> lsa_headers;
    bool operator==(const LsAck&) const = default;
};

void encode_ls_ack(Writer& w, const LsAck& ack);
std::string to_string(const LsAck& ack);

}  // namespace ldpsync::ospf
