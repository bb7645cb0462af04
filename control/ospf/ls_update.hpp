#pragma once
// Link State Update packet body (RFC 2328 A.3.5), after the 24-byte header:
//
//   0-3   # LSAs
//   4..   LSAs, each delimited by its own LS length
//
// # LSAs must account for every byte to the packet length: an LSA whose length runs past the
// packet is length_exceeds_buffer; bytes left after the last counted LSA are count_mismatch.

#include <cstdint>
#include <string>
#include <vector>

#include "cursor.hpp"
#include "lsa.hpp"

namespace ldpsync::ospf {

struct LsUpdate {
    static DecodeResult<LsUpdate> decode(Reader& body, const DecodeOptions& options = {});
    static DecodeResult<LsUpdate> decode(ByteView body, const DecodeOptions& options = {},
                                         std::size_t base_offset = 24);

    std::vector<Lsa> lsas;
    bool operator==(const LsUpdate&) const = default;
};

EncodeResult<Ok> encode_ls_update(Writer& w, const LsUpdate& update, ChecksumMode mode);
std::string to_string(const LsUpdate& update);

}  // namespace ldpsync::ospf
