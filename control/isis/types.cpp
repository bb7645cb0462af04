#include "types.hpp"

#include <cstdio>

namespace ldpsync::isis {

namespace {

std::string hex_pairs(const std::uint8_t* p, std::size_t n, std::size_t group) {
    std::string out;
    char buf[3];
    for (std::size_t i = 0; i < n; ++i) {
        if (i != 0 && i % group == 0) out += '.';
        std::snprintf(buf, sizeof buf, "%02x", p[i]);
        out += buf;
    }
    return out;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

LspId next_lsp_id(const LspId& id) {
    LspId n = id;
    if (++n.fragment != 0) return n;
    if (++n.pseudonode != 0) return n;
    for (std::size_t i = n.system.size(); i-- > 0;) {
        if (++n.system[i] != 0) return n;
    }
    return id;  // ffff.ffff.ffff.ff-ff: nothing after it
}

std::string format(const SystemId& id) { return hex_pairs(id.data(), id.size(), 2); }

std::string format(const NodeId& id) {
    char buf[4];
    std::snprintf(buf, sizeof buf, ".%02x", id.pseudonode);
    return format(id.system) + buf;
}

std::string format(const LspId& id) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "-%02x", id.fragment);
    return format(id.node()) + buf;
}

std::optional<SystemId> parse_system_id(std::string_view text) {
    // Exactly xxxx.xxxx.xxxx.
    if (text.size() != 14 || text[4] != '.' || text[9] != '.') return std::nullopt;
    SystemId id{};
    std::size_t nibbles = 0;
    for (const char c : text) {
        if (c == '.') continue;
        const int v = hex_digit(c);
        if (v < 0) return std::nullopt;
        id[nibbles / 2] = static_cast<std::uint8_t>(id[nibbles / 2] * 16 + v);
        ++nibbles;
    }
    return id;
}

std::string format_area(ByteView area) {
    // The AFI byte alone, then groups of two bytes: "49.0001".
    std::string out;
    char buf[3];
    for (std::size_t i = 0; i < area.size(); ++i) {
        if (i == 1 || (i > 1 && (i - 1) % 2 == 0)) out += '.';
        std::snprintf(buf, sizeof buf, "%02x", std::to_integer<unsigned>(area[i]));
        out += buf;
    }
    return out;
}

std::uint8_t mask_length(std::uint32_t mask) {
    std::uint8_t n = 0;
    while (n < 32 && (mask & (0x80000000u >> n)) != 0) ++n;
    return n;
}

std::string format_ipv4(std::uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xff) + "." + std::to_string((a >> 8) & 0xff) +
           "." + std::to_string(a & 0xff);
}

}  // namespace ldpsync::isis
