// libFuzzer target for LsRequest::decode (body only) (built only when the compiler is clang; see control/ospf/README.md).
// Property: never crashes or reads out of bounds.

#include <cstddef>
#include <cstdint>
#include <span>

#include "ls_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = std::as_bytes(std::span(data, size));
    (void)ldpsync::ospf::LsRequest::decode(input);
    return 0;
}
