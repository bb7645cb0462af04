#include "lsa.hpp"

#include <algorithm>
#include <limits>

#include "checksum.hpp"

namespace ldpsync::ospf {

DecodeResult<Lsa> Lsa::decode(Reader& r, const DecodeOptions& options) {
    const std::size_t start = r.offset();
    const ByteView rest = r.peek_rest();
    Reader hr(rest.first(std::min(rest.size(), lsa_header_size)), start);
    LDPSYNC_OSPF_TRY(header, LsaHeader::decode(hr));
    // The LSA's own length must fit in what its container (the LS Update) has left.
    if (header.length > r.remaining()) {
        return decode_error(Reason::length_exceeds_buffer, Field::lsa_length, start + 18, header.length);
    }
    LDPSYNC_OSPF_TRY(raw, r.bytes(header.length, Field::lsa_length));
    (void)raw;
    const ByteView whole = rest.first(header.length);
    if (options.verify_lsa_checksums && !lsa_checksum_ok(whole)) {
        return decode_error(Reason::bad_lsa_checksum, Field::lsa_checksum, start + kLsaChecksumOffset, header.checksum);
    }
    Reader body(whole.subspan(lsa_header_size), start + lsa_header_size);
    Lsa lsa{header, OpaqueLsaBody{}};
    switch (header.type) {
    case lsa_type::router: {
        LDPSYNC_OSPF_TRY(router, RouterLsa::decode(body));
        lsa.body = std::move(router);
        break;
    }
    case lsa_type::network: {
        LDPSYNC_OSPF_TRY(network, NetworkLsa::decode(body));
        lsa.body = std::move(network);
        break;
    }
    default: {
        ByteView data = body.rest();
        lsa.body = OpaqueLsaBody{Bytes(data.begin(), data.end())};
        break;
    }
    }
    return lsa;
}

DecodeResult<Lsa> Lsa::decode(ByteView data, const DecodeOptions& options) {
    Reader r(data);
    // The result is passed on as it is, not unwrapped into a local Lsa and wrapped again: the
    // extra move of the variant body was needless, and g++ 12 -O3 took it for a read of
    // uninitialised vector members (-Wmaybe-uninitialized).
    auto lsa = Lsa::decode(r, options);
    if (lsa && !r.empty()) {
        return decode_error(Reason::trailing_bytes, Field::lsa_length, r.offset());
    }
    return lsa;
}

EncodeResult<Ok> encode_lsa(Writer& w, const Lsa& lsa, ChecksumMode mode) {
    const std::size_t start = w.size();
    LsaHeader h = lsa.header;
    h.length = 0;  // placeholder, filled in below
    if (mode == ChecksumMode::compute) {
        h.checksum = 0;
    }
    encode_lsa_header(w, h);
    if (const auto* router = std::get_if<RouterLsa>(&lsa.body)) {
        LDPSYNC_OSPF_TRY(done, encode_router_lsa(w, *router));
        (void)done;
    } else if (const auto* network = std::get_if<NetworkLsa>(&lsa.body)) {
        encode_network_lsa(w, *network);
    } else {
        w.bytes(std::get<OpaqueLsaBody>(lsa.body).data);
    }
    const std::size_t length = w.size() - start;
    if (length > std::numeric_limits<std::uint16_t>::max()) {
        return Unexpected{EncodeError::lsa_too_long};
    }
    w.patch_u16(start + 18, static_cast<std::uint16_t>(length));
    if (mode == ChecksumMode::compute) {
        const ByteView whole = ByteView(w.buffer()).subspan(start, length);
        w.patch_u16(start + kLsaChecksumOffset, lsa_checksum(whole));
    }
    return Ok{};
}

EncodeResult<Bytes> encode_lsa(const Lsa& lsa, ChecksumMode mode) {
    Bytes out;
    Writer w(out);
    LDPSYNC_OSPF_TRY(done, encode_lsa(w, lsa, mode));
    (void)done;
    return out;
}

std::string to_string(const Lsa& lsa) {
    std::string out = to_string(lsa.header);
    if (const auto* router = std::get_if<RouterLsa>(&lsa.body)) {
        out += "\n  " + to_string(*router);
    } else if (const auto* network = std::get_if<NetworkLsa>(&lsa.body)) {
        out += "\n  " + to_string(*network);
    } else {
        out += "\n  opaque body " + std::to_string(std::get<OpaqueLsaBody>(lsa.body).data.size()) + " bytes";
    }
    return out;
}

}  // namespace ldpsync::ospf
