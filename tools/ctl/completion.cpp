#include "completion.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace ldpsync::ctl {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Splits on whitespace outside <...>, [...], {...} and (...), so "<ip address>" or
// "[a b]" stay one token.
std::vector<std::string> split_pattern(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    int depth = 0;
    for (char c : text) {
        if (c == '<' || c == '[' || c == '{' || c == '(') ++depth;
        if (c == '>' || c == ']' || c == '}' || c == ')') depth = std::max(0, depth - 1);
        if (is_space(c) && depth == 0) {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

bool is_parameter(std::string_view t) {
    if (t.empty()) return true;
    if (t.front() == '<') return true;
    // Upper-case words (WORD, LINE, A.B.C.D) name values in IOS-style syntax.
    const bool has_upper = std::any_of(t.begin(), t.end(), [](unsigned char c) { return std::isupper(c); });
    const bool has_lower = std::any_of(t.begin(), t.end(), [](unsigned char c) { return std::islower(c); });
    return has_upper && !has_lower;
}

std::string strip(std::string_view t, char open, char close) {
    if (t.size() >= 2 && t.front() == open && t.back() == close) return std::string(t.substr(1, t.size() - 2));
    return std::string(t);
}

}  // namespace

Completer Completer::from_help(std::string_view help_body) {
    Completer c;
    while (!help_body.empty()) {
        const auto nl = help_body.find('\n');
        std::string_view line = help_body.substr(0, nl);
        help_body.remove_prefix(nl == std::string_view::npos ? help_body.size() : nl + 1);
        while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
        while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
        if (line.empty()) continue;
        std::string mode;
        // "config: ...", "config-if: ..." - a mode name is one word ending in ':'.
        const auto colon = line.find(": ");
        if (colon != std::string_view::npos && line.substr(0, colon).find_first_of(" \t<[{") == std::string_view::npos) {
            mode = lower(line.substr(0, colon));
            line.remove_prefix(colon + 2);
        }
        c.add(mode, line);
    }
    return c;
}

void Completer::add(std::string_view mode, std::string_view pattern) {
    Pattern p;
    p.mode = std::string(mode);
    for (const auto& raw : split_pattern(pattern)) {
        std::string text = raw;
        bool optional = false;
        if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
            optional = true;
            text = strip(text, '[', ']');
        }
        // "[a b]" is treated as two independently optional words: good enough to complete.
        for (auto part : split_pattern(text)) {
            Token t;
            t.optional = optional;
            // The daemon's internal notation marks an optional token with a trailing '?'.
            if (part.size() > 1 && part.back() == '?') {
                t.optional = true;
                part.pop_back();
            }
            std::string alts = strip(strip(part, '{', '}'), '(', ')');
            if (is_parameter(alts)) {
                t.hint = part;
            } else {
                std::size_t start = 0;
                while (start <= alts.size()) {
                    const auto bar = alts.find('|', start);
                    const std::string alt = alts.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
                    if (!alt.empty()) {
                        if (is_parameter(alt)) {
                            t.hint = alt;
                        } else {
                            t.keywords.push_back(lower(alt));
                        }
                    }
                    if (bar == std::string::npos) break;
                    start = bar + 1;
                }
            }
            p.tokens.push_back(std::move(t));
        }
    }
    if (!p.tokens.empty()) patterns_.push_back(std::move(p));
}

bool Completer::mode_applies(std::string_view pattern_mode, std::string_view mode) {
    if (pattern_mode == mode) return true;
    // Sub-modes fall back to global configuration lines, as the daemon's parser does.
    return pattern_mode == "config" && mode.starts_with("config-");
}

Completer::Candidates Completer::complete(std::string_view mode, std::string_view line) const {
    std::vector<std::string> words;
    std::string partial;
    {
        std::string cur;
        for (char c : line) {
            if (is_space(c)) {
                if (!cur.empty()) words.push_back(lower(cur));
                cur.clear();
            } else {
                cur.push_back(c);
            }
        }
        partial = lower(cur);  // empty when the line ends in a space
    }

    std::set<std::string> keywords;
    std::set<std::string> hints;
    for (const auto& p : patterns_) {
        if (!mode_applies(p.mode, mode)) continue;
        const std::size_t n = p.tokens.size();
        // Positions in the pattern reachable after the words typed so far; optional tokens
        // may be skipped.
        std::vector<bool> at(n + 1, false);
        auto close_optional = [&](std::vector<bool>& v) {
            for (std::size_t k = 0; k < n; ++k) {
                if (v[k] && p.tokens[k].optional) v[k + 1] = true;
            }
        };
        at[0] = true;
        close_optional(at);
        for (const auto& w : words) {
            std::vector<bool> next(n + 1, false);
            for (std::size_t k = 0; k < n; ++k) {
                if (!at[k]) continue;
                const Token& t = p.tokens[k];
                const bool matches = !t.hint.empty() ||
                    std::any_of(t.keywords.begin(), t.keywords.end(), [&](const std::string& kw) { return kw.starts_with(w); });
                if (matches) next[k + 1] = true;
            }
            close_optional(next);
            at.swap(next);
        }
        for (std::size_t k = 0; k < n; ++k) {
            if (!at[k]) continue;
            const Token& t = p.tokens[k];
            for (const auto& kw : t.keywords) {
                if (kw.starts_with(partial)) keywords.insert(kw);
            }
            if (!t.hint.empty()) hints.insert(t.hint);
        }
    }
    return Candidates{{keywords.begin(), keywords.end()}, {hints.begin(), hints.end()}};
}

}  // namespace ldpsync::ctl
