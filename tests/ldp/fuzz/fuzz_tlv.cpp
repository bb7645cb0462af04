// libFuzzer target: decode_tlv (one TLV).
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ldpsync::ldp;
    ByteView in = fuzz::view(data, size);
    auto t = decode_tlv(in);
    if (!t) {
        fuzz::check_error(t.error());
        return 0;
    }
    fuzz::require(fuzz::same(encode_tlv(*t), in));
    (void)to_string(*t);
    return 0;
}
