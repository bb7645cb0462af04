#include "label_request.hpp"

namespace ldpsync::ldp {

Result<LabelRequest> LabelRequest::decode(ByteView bytes) { return decode_fec_message<LabelRequest>(bytes); }

Bytes LabelRequest::encode() const { return encode_fec_message(*this); }

}  // namespace ldpsync::ldp
