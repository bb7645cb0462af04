#include "static_labels.hpp"

#include <set>

#include "grammar.hpp"

namespace ldpsync::daemon {
namespace {

// The line and column of the command that sets `label` as a local label, as the parser's
// patterns read it (abbreviations included); line 0 when the text does not hold it (a
// binding carried over from the running configuration).
std::pair<int, int> locate(std::string_view text, std::uint32_t label, std::string& raw) {
    static constexpr std::string_view kPatterns[] = {"mpls static binding ipv4 A.B.C.D MASK input LABEL",
                                                     "mpls static binding ipv4 A.B.C.D MASK LABEL"};
    int line_no = 0;
    for (std::size_t pos = 0; pos <= text.size();) {
        const auto end = std::min(text.find('\n', pos), text.size());
        const auto line = text.substr(pos, end - pos);
        ++line_no;
        const auto tokens = config::grammar::tokenize(line);
        for (const auto pattern : kPatterns) {
            const auto m = config::grammar::match(pattern, tokens, static_cast<int>(line.size()) + 1);
            if (m.complete && !m.values.empty() && m.values.back().number == label) {
                raw = std::string(line);
                return {line_no, tokens.back().column};
            }
        }
        pos = end + 1;
    }
    return {0, 0};
}

}  // namespace

std::vector<config::Diagnostic> static_label_conflicts(const config::Config& running, const config::Config& next,
                                                       std::string_view text, const ldp::Lib& lib) {
    std::set<std::uint32_t> already;  // reserved by the running configuration: LDP cannot hold them
    for (const auto& b : running.static_bindings) {
        if (b.input_label) already.insert(*b.input_label);
    }
    std::vector<config::Diagnostic> out;
    for (const auto& b : next.static_bindings) {
        if (!b.input_label || already.contains(*b.input_label)) continue;
        const auto fec = lib.local_fec(*b.input_label);
        if (!fec) continue;
        config::Diagnostic d;
        const auto [line, column] = locate(text, *b.input_label, d.text);
        d.line = line;
        d.column = column;
        d.message = "local (input) label " + std::to_string(*b.input_label) + " of the static binding for " +
                    config::format_ipv4(b.prefix.address) + "/" + std::to_string(b.prefix.length) +
                    " is LDP's local label for " + config::format_ipv4(fec->prefix) + "/" +
                    std::to_string(fec->length) +
                    ", already advertised to its peers: choose a label outside mpls label range " +
                    std::to_string(next.ldp.label_range_min) + "-" + std::to_string(next.ldp.label_range_max) +
                    " or one LDP has not allocated (show mpls ldp bindings)";
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace ldpsync::daemon
