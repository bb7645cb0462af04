#include "label_abort.hpp"

namespace ldpsync::ldp {

Result<LabelAbortRequest> LabelAbortRequest::decode(ByteView bytes) {
    auto m = parse_message(bytes, type);
    if (!m) {
        return std::move(m).error();
    }
    const auto* fec = parameter_at<FecTlv>(*m, 0);
    if (fec == nullptr) {
        return missing_parameter(m->header, "FEC TLV");
    }
    const auto* request_id = parameter_at<LabelRequestIdTlv>(*m, 1);
    if (request_id == nullptr) {
        return missing_parameter(m->header, "Label Request Message ID TLV");
    }
    LabelAbortRequest msg;
    msg.u = m->header.u;
    msg.id = m->header.id;
    msg.fec = *fec;
    msg.request_id = *request_id;
    msg.optional = parameters_from(*m, 2);
    return msg;
}

Bytes LabelAbortRequest::encode() const {
    return MessageWriter(u, type, id).tlv(fec).tlv(request_id).tlvs(optional).finish();
}

}  // namespace ldpsync::ldp
