#include "notification.hpp"

namespace ldpsync::ldp {

Result<Notification> Notification::decode(ByteView bytes) {
    auto m = parse_message(bytes, type);
    if (!m) {
        return std::move(m).error();
    }
    const auto* status = parameter_at<StatusTlv>(*m, 0);
    if (status == nullptr) {
        return missing_parameter(m->header, "Status TLV");
    }
    Notification msg;
    msg.u = m->header.u;
    msg.id = m->header.id;
    msg.status = *status;
    msg.optional = parameters_from(*m, 1);
    return msg;
}

Bytes Notification::encode() const {
    return MessageWriter(u, type, id).tlv(status).tlvs(optional).finish();
}

}  // namespace ldpsync::ldp
