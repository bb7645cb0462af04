#pragma once
// Shared property for the libFuzzer targets: a decoder either returns a typed error (whose
// Notification must encode) or a value that re-encodes to exactly the input.

#include <cstdlib>

#include "format.hpp"
#include "message.hpp"

namespace ldpsync::ldp::fuzz {

inline ByteView view(const std::uint8_t* data, std::size_t size) {
    return ByteView(reinterpret_cast<const std::byte*>(data), size);
}

inline bool same(ByteView a, ByteView b) { return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()); }

inline void check_error(const DecodeError& e) {
    if (auto n = notification_for(e)) {
        (void)n->encode();
    }
    (void)e.to_string();
}

inline void require(bool ok) {
    if (!ok) {
        std::abort();
    }
}

}  // namespace ldpsync::ldp::fuzz
