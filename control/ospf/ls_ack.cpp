#include "ls_ack.hpp"

namespace ldpsync::ospf {

DecodeResult<LsAck> LsAck::decode(Reader& r) {
    LsAck ack;
    if (r.remaining() % lsa_header_size != 0) {
        return decode_error(Reason::bad_length, Field::lsa_header, r.offset(),
                            static_cast<std::uint32_t>(r.remaining()));
    }
    ack.lsa_headers.reserve(r.remaining() / lsa_header_size);
    while (!r.empty()) {
        LDPSYNC_OSPF_TRY(h, LsaHeader::decode(r));
        ack.lsa_headers.push_back(h);
    }
    return ack;
}

DecodeResult<LsAck> LsAck::decode(ByteView body, std::size_t base_offset) {
    Reader r(body, base_offset);
    return LsAck::decode(r);
}

void encode_ls_ack(Writer& w, const LsAck& ack) {
    for (const LsaHeader& h : ack.lsa_headers) {
        encode_lsa_header(w, h);
    }
}

std::string to_string(const LsAck& ack) {
    std::string out = "headers " + std::to_string(ack.lsa_headers.size());
    for (const LsaHeader& h : ack.lsa_headers) {
        out += "\n  " + to_string(h);
    }
    return out;
}

}  // namespace ldpsync::ospf
