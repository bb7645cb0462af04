#include "types.hpp"

#include <array>
#include <cstdio>

namespace ldpsync::ospf {

std::string format_ipv4(std::uint32_t a) {
    return std::to_string(a >> 24) + '.' + std::to_string((a >> 16) & 0xFF) + '.' +
           std::to_string((a >> 8) & 0xFF) + '.' + std::to_string(a & 0xFF);
}

std::string format_options(std::uint8_t opts) {
    static constexpr std::array<const char*, 8> names = {"MT", "E", "MC", "NP", "L", "DC", "O", "DN"};
    std::string out;
    for (unsigned bit = 0; bit < 8; ++bit) {
        if ((opts >> bit) & 1u) {
            if (!out.empty()) {
                out += '|';
            }
            out += names[bit];
        }
    }
    return out.empty() ? "-" : out;
}

std::string format_hex(std::uint32_t value, int digits) {
    std::array<char, 16> buf{};
    std::snprintf(buf.data(), buf.size(), "0x%0*x", digits, static_cast<unsigned>(value));
    return buf.data();
}

}  // namespace ldpsync::ospf
