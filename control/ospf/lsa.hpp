#pragma once
// A whole LSA: the header plus a body decoded by LS type. Router-LSAs and Network-LSAs are
// decoded field by field; every other type (summary 3/4, AS-external 5, NSSA 7, opaque 9/10/11,
// unknown) is kept as opaque bytes and re-encoded byte for byte.

#include <string>
#include <variant>

#include "cursor.hpp"
#include "lsa_header.hpp"
#include "network_lsa.hpp"
#include "router_lsa.hpp"
#include "types.hpp"

namespace ldpsync::ospf {

struct OpaqueLsaBody {
    Bytes data;  // the LSA after its 20-byte header
    bool operator==(const OpaqueLsaBody&) const = default;
};

using LsaBody = std::variant<RouterLsa, NetworkLsa, OpaqueLsaBody>;

struct Lsa {
    // Reads one LSA: the header, then exactly header.length - 20 body bytes. Errors: truncated
    // header; LS length < 20 (bad_length); LS length past the container (length_exceeds_buffer);
    // bad Fletcher checksum when options.verify_lsa_checksums; body errors of the LSA type.
    static DecodeResult<Lsa> decode(Reader& r, const DecodeOptions& options = {});
    // Entry point over a buffer that must hold exactly one LSA.
    static DecodeResult<Lsa> decode(ByteView data, const DecodeOptions& options = {});

    LsaHeader header;
    LsaBody body;
    bool operator==(const Lsa&) const = default;
};

// Appends the LSA: header with a placeholder length filled in once the body is written; with
// ChecksumMode::compute the Fletcher checksum is computed over the result (age excluded).
EncodeResult<Ok> encode_lsa(Writer& w, const Lsa& lsa, ChecksumMode mode = ChecksumMode::compute);
EncodeResult<Bytes> encode_lsa(const Lsa& lsa, ChecksumMode mode = ChecksumMode::compute);

std::string to_string(const Lsa& lsa);

}  // namespace ldpsync::ospf
