#include "keepalive.hpp"

namespace ldpsync::ldp {

Result<KeepAlive> KeepAlive::decode(ByteView bytes) {
    auto m = parse_message(bytes, type);
    if (!m) {
        return std::move(m).error();
    }
    KeepAlive msg;
    msg.u = m->header.u;
    msg.id = m->header.id;
    msg.optional = parameters_from(*m, 0);
    return msg;
}

Bytes KeepAlive::encode() const {
    return MessageWriter(u, type, id).tlvs(optional).finish();
}

}  // namespace ldpsync::ldp
