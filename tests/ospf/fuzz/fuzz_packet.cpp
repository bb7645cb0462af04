// libFuzzer target for Packet::decode (built only when the compiler is clang; see control/ospf/README.md).
// Property: never crashes or reads out of bounds; whatever decodes (checksums not verified) re-encodes
// byte for byte with ChecksumMode::keep.

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <span>

#include "packet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = std::as_bytes(std::span(data, size));
    const ldpsync::ospf::DecodeOptions lenient{false, false};
    auto p = ldpsync::ospf::Packet::decode(input, lenient);
    if (p) {
        auto again = ldpsync::ospf::encode_packet(*p, ldpsync::ospf::ChecksumMode::keep);
        if (!again || !std::equal(again->begin(), again->end(), input.begin(), input.end())) {
            __builtin_trap();
        }
        (void)ldpsync::ospf::to_string(*p);
    }
    return 0;
}
