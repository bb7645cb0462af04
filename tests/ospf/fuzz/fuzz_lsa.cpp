// libFuzzer target for Lsa::decode (built only when the compiler is clang; see control/ospf/README.md).
// Property: never crashes or reads out of bounds; whatever decodes re-encodes byte for byte.

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <span>

#include "lsa.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = std::as_bytes(std::span(data, size));
    auto lsa = ldpsync::ospf::Lsa::decode(input, ldpsync::ospf::DecodeOptions{false, false});
    if (lsa) {
        auto again = ldpsync::ospf::encode_lsa(*lsa, ldpsync::ospf::ChecksumMode::keep);
        if (!again || !std::equal(again->begin(), again->end(), input.begin(), input.end())) {
            __builtin_trap();
        }
    }
    return 0;
}
