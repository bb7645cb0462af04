#include "label_mapping.hpp"

namespace ldpsync::ldp {

Result<LabelMapping> LabelMapping::decode(ByteView bytes) {
    auto m = parse_message(bytes, type);
    if (!m) {
        return std::move(m).error();
    }
    const auto* fec = parameter_at<FecTlv>(*m, 0);
    if (fec == nullptr) {
        return missing_parameter(m->header, "FEC TLV");
    }
    if (m->params.size() < 2 || !is_label_tlv(m->params[1])) {
        return missing_parameter(m->header, "Label TLV");
    }
    LabelMapping msg;
    msg.u = m->header.u;
    msg.id = m->header.id;
    msg.fec = *fec;
    msg.label = m->params[1];
    msg.optional = parameters_from(*m, 2);
    return msg;
}

Bytes LabelMapping::encode() const {
    return MessageWriter(u, type, id).tlv(fec).tlv(label).tlvs(optional).finish();
}

}  // namespace ldpsync::ldp
