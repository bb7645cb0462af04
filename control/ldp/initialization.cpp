#include "initialization.hpp"

namespace ldpsync::ldp {

Result<Initialization> Initialization::decode(ByteView bytes) {
    auto m = parse_message(bytes, type);
    if (!m) {
        return std::move(m).error();
    }
    const auto* params = parameter_at<CommonSessionParamsTlv>(*m, 0);
    if (params == nullptr) {
        return missing_parameter(m->header, "Common Session Parameters TLV");
    }
    Initialization msg;
    msg.u = m->header.u;
    msg.id = m->header.id;
    msg.params = *params;
    msg.optional = parameters_from(*m, 1);
    return msg;
}

Bytes Initialization::encode() const {
    return MessageWriter(u, type, id).tlv(params).tlvs(optional).finish();
}

}  // namespace ldpsync::ldp
