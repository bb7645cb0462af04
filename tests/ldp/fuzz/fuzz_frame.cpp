// libFuzzer target: frame_pdu over a TCP byte stream, then decode_pdu on each framed PDU.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ldpsync::ldp;
    ByteView rest = fuzz::view(data, size);
    while (!rest.empty()) {
        auto n = frame_pdu(rest);
        if (!n) {
            fuzz::check_error(n.error());
            break;
        }
        if (*n == 0) {
            break;
        }
        fuzz::require(*n <= rest.size());
        auto d = decode_pdu(rest.first(*n));
        if (!d) {
            fuzz::check_error(d.error());
        }
        rest = rest.subspan(*n);
    }
    return 0;
}
