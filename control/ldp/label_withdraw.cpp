#include "label_withdraw.hpp"

namespace ldpsync::ldp {

Result<LabelWithdraw> LabelWithdraw::decode(ByteView bytes) { return decode_fec_message<LabelWithdraw>(bytes); }

Bytes LabelWithdraw::encode() const { return encode_fec_message(*this); }

}  // namespace ldpsync::ldp
