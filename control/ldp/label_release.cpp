#include "label_release.hpp"

namespace ldpsync::ldp {

Result<LabelRelease> LabelRelease::decode(ByteView bytes) { return decode_fec_message<LabelRelease>(bytes); }

Bytes LabelRelease::encode() const { return encode_fec_message(*this); }

}  // namespace ldpsync::ldp
