#include "ls_update.hpp"

#include <limits>

namespace ldpsync::ospf {

DecodeResult<LsUpdate> LsUpdate::decode(Reader& r, const DecodeOptions& options) {
    LsUpdate u;
    const std::size_t count_offset = r.offset();
    LDPSYNC_OSPF_TRY(count, r.u32(Field::lsu_lsa_count));
    // An LSA is at least 20 bytes: a count the body cannot hold is rejected before anything
    // is sized from it.
    if (r.remaining() / lsa_header_size < count) {
        return decode_error(Reason::count_mismatch, Field::lsu_lsa_count, count_offset, count);
    }
    u.lsas.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        if (r.remaining() < lsa_header_size) {
            return decode_error(Reason::count_mismatch, Field::lsu_lsa_count, count_offset, count);
        }
        // Moved from the result into the list directly (no local Lsa between them: see
        // Lsa::decode(ByteView)).
        auto lsa = Lsa::decode(r, options);
        if (!lsa) return Unexpected{lsa.error()};
        u.lsas.push_back(std::move(*lsa));
    }
    if (!r.empty()) {
        return decode_error(Reason::count_mismatch, Field::lsu_lsa_count, count_offset, count);
    }
    return u;
}

DecodeResult<LsUpdate> LsUpdate::decode(ByteView body, const DecodeOptions& options, std::size_t base_offset) {
    Reader r(body, base_offset);
    return LsUpdate::decode(r, options);
}

EncodeResult<Ok> encode_ls_update(Writer& w, const LsUpdate& u, ChecksumMode mode) {
    if (u.lsas.size() > std::numeric_limits<std::uint32_t>::max()) {
        return Unexpected{EncodeError::too_many_entries};
    }
    w.u32(static_cast<std::uint32_t>(u.lsas.size()));
    for (const Lsa& lsa : u.lsas) {
        LDPSYNC_OSPF_TRY(done, encode_lsa(w, lsa, mode));
        (void)done;
    }
    return Ok{};
}

std::string to_string(const LsUpdate& u) {
    std::string out = "lsas " + std::to_string(u.lsas.size());
    for (const Lsa& lsa : u.lsas) {
        std::string text = to_string(lsa);
        // Indent every line of the LSA text under the packet line.
        out += "\n  ";
        for (char c : text) {
            out += c;
            if (c == '\n') {
                out += "  ";
            }
        }
    }
    return out;
}

}  // namespace ldpsync::ospf
