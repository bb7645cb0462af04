// libFuzzer target for DbDescription::decode (body only) (built only when the compiler is clang; see control/ospf/README.md).
// Property: never crashes or reads out of bounds.

#include <cstddef>
#include <cstdint>
#include <span>

#include "db_description.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = std::as_bytes(std::span(data, size));
    (void)ldpsync::ospf::DbDescription::decode(input);
    return 0;
}
