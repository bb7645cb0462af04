#include "ls_request.hpp"

#include "lsa_header.hpp"
#include "types.hpp"

namespace ldpsync::ospf {

DecodeResult<LsRequest> LsRequest::decode(Reader& r) {
    LsRequest req;
    if (r.remaining() % kLsRequestEntrySize != 0) {
        return decode_error(Reason::bad_length, Field::ls_request_entry, r.offset(),
                            static_cast<std::uint32_t>(r.remaining()));
    }
    req.entries.reserve(r.remaining() / kLsRequestEntrySize);
    while (!r.empty()) {
        LsRequestEntry e;
        LDPSYNC_OSPF_TRY(type, r.u32(Field::ls_request_entry));
        LDPSYNC_OSPF_TRY(id, r.u32(Field::ls_request_entry));
        LDPSYNC_OSPF_TRY(adv, r.u32(Field::ls_request_entry));
        e.ls_type = type;
        e.ls_id = id;
        e.adv_router = adv;
        req.entries.push_back(e);
    }
    return req;
}

DecodeResult<LsRequest> LsRequest::decode(ByteView body, std::size_t base_offset) {
    Reader r(body, base_offset);
    return LsRequest::decode(r);
}

void encode_ls_request(Writer& w, const LsRequest& req) {
    for (const LsRequestEntry& e : req.entries) {
        w.u32(e.ls_type);
        w.u32(e.ls_id);
        w.u32(e.adv_router);
    }
}

std::string to_string(const LsRequest& req) {
    std::string out = "entries " + std::to_string(req.entries.size());
    for (const LsRequestEntry& e : req.entries) {
        const std::string type = e.ls_type <= 0xFF ? lsa_type_name(static_cast<std::uint8_t>(e.ls_type))
                                                   : "type-" + std::to_string(e.ls_type);
        out += "\n  " + type + ' ' + format_ipv4(e.ls_id) + " adv " + format_ipv4(e.adv_router);
    }
    return out;
}

}  // namespace ldpsync::ospf
