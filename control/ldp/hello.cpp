#include "hello.hpp"

namespace ldpsync::ldp {

Result<Hello> Hello::decode(ByteView bytes) {
    // Discovery: never answered with a Notification.
    auto fail = [](DecodeError e) {
        e.ignore = true;
        return e;
    };
    auto m = parse_message(bytes, type);
    if (!m) {
        return fail(std::move(m).error());
    }
    const auto* params = parameter_at<CommonHelloParamsTlv>(*m, 0);
    if (params == nullptr) {
        return fail(missing_parameter(m->header, "Common Hello Parameters TLV"));
    }
    Hello msg;
    msg.u = m->header.u;
    msg.id = m->header.id;
    msg.params = *params;
    msg.optional = parameters_from(*m, 1);
    return msg;
}

Bytes Hello::encode() const {
    return MessageWriter(u, type, id).tlv(params).tlvs(optional).finish();
}

}  // namespace ldpsync::ldp
