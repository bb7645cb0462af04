#pragma once
// Link State Request packet body (RFC 2328 A.3.4), after the 24-byte header; 12 bytes per
// requested LSA, to the end of the packet:
//
//   0-3   LS type (32 bits here, unlike the LSA header)
//   4-7   Link State ID     8-11  Advertising Router

#include <cstdint>
#include <string>
#include <vector>

#include "cursor.hpp"

namespace ldpsync::ospf {

inline constexpr std::size_t kLsRequestEntrySize = 12;

struct LsRequestEntry {
    std::uint32_t ls_type = 0;
    std::uint32_t ls_id = 0;
    std::uint32_t adv_router = 0;
    bool operator==(const LsRequestEntry&) const = default;
};

struct LsRequest {
    static DecodeResult<LsRequest> decode(Reader& body);
    static DecodeResult<LsRequest> decode(ByteView body, std::size_t base_offset = 24);

    std::vector<LsRequestEntry> entries;
    bool operator==(const LsRequest&) const = default;
};

void encode_ls_request(Writer& w, const LsRequest& req);
std::string to_string(const LsRequest& req);

}  // namespace ldpsync::ospf
