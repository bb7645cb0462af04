// libFuzzer target for isis::decode_pdu (built only with clang; see control/isis/README.md).
// Properties: never crashes or reads out of bounds; whatever decodes re-encodes to bytes that
// decode to the same PDU (the encoder normalises reserved bits and prefix bits past the length,
// so byte equality is the capture test's property, not this one's).

#include <cstddef>
#include <cstdint>
#include <span>

#include "isis/pdu.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ldpsync::isis;
    const auto input = std::as_bytes(std::span(data, size));
    auto first = decode_pdu(input);
    if (!first) return 0;
    // An LSP keeps its checksum as received (it was verified, or it is a checksum-less purge).
    const Bytes again = std::holds_alternative<Lsp>(*first) ? std::get<Lsp>(*first).encode(true) : encode_pdu(*first);
    auto second = decode_pdu(again);
    if (!second || !(encode_pdu(*second) == encode_pdu(*first))) __builtin_trap();
    return 0;
}
