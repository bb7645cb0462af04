#include "capability.hpp"

namespace ldpsync::ldp {

Result<Capability> Capability::decode(ByteView bytes) {
    auto m = parse_message(bytes, type);
    if (!m) {
        return std::move(m).error();
    }
    if (m->params.empty()) {
        return missing_parameter(m->header, "Capability Parameter TLV");
    }
    Capability msg;
    msg.u = m->header.u;
    msg.id = m->header.id;
    msg.capabilities = std::move(m->params);
    return msg;
}

Bytes Capability::encode() const {
    return MessageWriter(u, type, id).tlvs(capabilities).finish();
}

}  // namespace ldpsync::ldp
