#include "grammar.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "model.hpp"

namespace ldpsync::config::grammar {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::vector<std::string_view> split(std::string_view pattern) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < pattern.size()) {
        while (i < pattern.size() && pattern[i] == ' ') ++i;
        std::size_t j = i;
        while (j < pattern.size() && pattern[j] != ' ') ++j;
        if (j > i) out.push_back(pattern.substr(i, j - i));
        i = j;
    }
    return out;
}

bool is_parameter(std::string_view p) {
    return p == "A.B.C.D" || p == "MASK" || p == "MAC" || p == "WILDCARD" || p == "AREA" || p == "WORD" || p == "LABEL" ||
           p == "LINE" || (p.size() > 2 && p.front() == '<');
}

std::optional<std::uint32_t> parse_uint(std::string_view s) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || v > 0xffffffffull) {
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(v);
}

// Parses one parameter; on failure returns the reason.
std::string parse_parameter(std::string_view kind, const std::string& text, Value& out) {
    out.text = text;
    if (kind == "A.B.C.D" || kind == "WILDCARD") {
        auto v = parse_ipv4(text);
        if (!v) return "'" + text + "' is not an IPv4 address";
        out.number = *v;
        return {};
    }
    if (kind == "MASK") {
        auto v = parse_ipv4(text);
        if (!v) return "'" + text + "' is not a netmask";
        if (!mask_to_length(*v)) return "netmask " + text + " is not contiguous";
        out.number = *v;
        return {};
    }
    if (kind == "MAC") {
        if (!parse_mac(text)) return "'" + text + "' is not a MAC address (H.H.H or xx:xx:xx:xx:xx:xx)";
        return {};
    }
    if (kind == "AREA") {
        if (auto v = parse_uint(text)) {
            out.number = *v;
            return {};
        }
        if (auto v = parse_ipv4(text)) {
            out.number = *v;
            return {};
        }
        return "'" + text + "' is not an area id (decimal or A.B.C.D)";
    }
    if (kind == "LABEL") {
        const std::string l = lower(text);
        if (l == "implicit-null") {
            out.number = kImplicitNull;
            return {};
        }
        if (l == "explicit-null") {
            out.number = kExplicitNull;
            return {};
        }
        auto v = parse_uint(text);
        if (!v || *v < 16 || *v > 1048575) return "label '" + text + "' must be 16-1048575, implicit-null or explicit-null";
        out.number = *v;
        return {};
    }
    if (kind == "WORD" || kind == "LINE") {
        return {};
    }
    // <lo-hi>
    const auto dash = kind.find('-');
    const auto lo = parse_uint(kind.substr(1, dash - 1));
    const auto hi = parse_uint(kind.substr(dash + 1, kind.size() - dash - 2));
    auto v = parse_uint(text);
    if (!v) return "'" + text + "' is not a number";
    if (*v < *lo || *v > *hi) {
        return "value " + text + " is out of range " + std::string(kind.substr(1, kind.size() - 2));
    }
    out.number = *v;
    return {};
}

}  // namespace

std::vector<Token> tokenize(std::string_view line) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
        std::size_t j = i;
        while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
        if (j > i) out.push_back(Token{std::string(line.substr(i, j - i)), static_cast<int>(i) + 1});
        i = j;
    }
    return out;
}

Match match(std::string_view pattern, std::span<const Token> tokens, int end_column) {
    Match m;
    const auto parts = split(pattern);
    std::size_t t = 0;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        std::string_view part = parts[p];
        const bool optional = part.ends_with('?');
        if (optional) part.remove_suffix(1);
        if (t >= tokens.size()) {
            if (optional) {
                m.values.push_back(Value{.text = {}, .number = 0, .present = false});
                continue;
            }
            m.depth = t;
            m.error = "incomplete command: expected " + display(part);
            m.error_column = end_column;
            return m;
        }
        const Token& tok = tokens[t];
        if (part == "LINE") {
            std::string rest;
            for (std::size_t k = t; k < tokens.size(); ++k) rest += (k > t ? " " : "") + tokens[k].text;
            m.values.push_back(Value{.text = rest, .number = 0, .present = true});
            t = tokens.size();
            continue;
        }
        if (is_parameter(part)) {
            Value v;
            if (auto err = parse_parameter(part, tok.text, v); !err.empty()) {
                m.depth = t;
                m.error = err;
                m.error_column = tok.column;
                return m;
            }
            m.values.push_back(v);
            ++t;
            continue;
        }
        const std::string word = lower(tok.text);
        const bool exact = word == part;
        if (exact || (!word.empty() && part.starts_with(word))) {
            m.exact = m.exact && exact;
            if (optional) {
                m.values.push_back(Value{.text = std::string(part), .number = 0, .present = true});
            }
            ++t;
            continue;
        }
        if (optional && p + 1 == parts.size()) {
            // A left-out optional keyword: what follows is an error of its own below.
            m.values.push_back(Value{.text = {}, .number = 0, .present = false});
            continue;
        }
        m.depth = t;
        m.error = "unknown keyword '" + tok.text + "': expected " + std::string(part);
        m.error_column = tok.column;
        return m;
    }
    if (t < tokens.size()) {
        m.depth = t;
        m.error = "unexpected '" + tokens[t].text + "' after a complete command";
        m.error_column = tokens[t].column;
        return m;
    }
    m.complete = true;
    m.depth = t;
    return m;
}

std::string display(std::string_view pattern) {
    std::string out;
    for (auto part : split(pattern)) {
        const bool optional = part.ends_with('?');
        if (optional) part.remove_suffix(1);
        std::string shown;
        if (part == "MASK") shown = "<netmask>";
        else if (part == "WILDCARD") shown = "<wildcard>";
        else if (part == "MAC") shown = "<H.H.H>";
        else if (part == "AREA") shown = "<area>";
        else if (part == "WORD") shown = "<word>";
        else if (part == "LINE") shown = "<text>";
        else if (part == "LABEL") shown = "<label|implicit-null|explicit-null>";
        else shown = std::string(part);
        if (optional) shown = "[" + shown + "]";
        out += (out.empty() ? "" : " ") + shown;
    }
    return out;
}

std::string keyword_prefix(std::string_view pattern) {
    std::string out;
    for (auto part : split(pattern)) {
        if (is_parameter(part) || part.ends_with('?')) break;
        if (!out.empty()) out += ' ';
        out += part;
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t sub = prev[j - 1] + (std::tolower(a[i - 1]) == std::tolower(b[j - 1]) ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

}  // namespace ldpsync::config::grammar
