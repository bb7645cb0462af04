// libFuzzer target: decode_message (dispatches to every per-message decoder).
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ldpsync::ldp;
    ByteView in = fuzz::view(data, size);
    auto m = decode_message(in);
    if (!m) {
        fuzz::check_error(m.error());
        return 0;
    }
    fuzz::require(fuzz::same(encode_message(*m), in));
    (void)to_string(*m);
    return 0;
}
