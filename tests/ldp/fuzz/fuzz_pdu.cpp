// libFuzzer target: decode_pdu (one PDU, as from a UDP datagram or framed from TCP).
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ldpsync::ldp;
    ByteView in = fuzz::view(data, size);
    auto d = decode_pdu(in);
    if (!d) {
        fuzz::check_error(d.error());
        return 0;
    }
    std::vector<Message> ok;
    bool all_ok = true;
    for (const auto& e : d->messages) {
        if (e.message) {
            fuzz::require(fuzz::same(encode_message(*e.message), e.raw));
            (void)to_string(*e.message);
            ok.push_back(*e.message);
        } else {
            all_ok = false;
            fuzz::check_error(e.message.error());
        }
    }
    if (all_ok) {
        fuzz::require(fuzz::same(encode_pdu(d->header, ok), in));
    }
    return 0;
}
