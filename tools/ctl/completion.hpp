#pragma once
// TAB completion from the daemon's "help" patterns, as a pure function of (patterns, mode,
// line) so it can be tested without readline or a daemon.
//
// Pattern notation, parsed leniently because the daemon owns it:
//   keyword          completed and matched case-insensitively, abbreviations allowed
//   <anything>       a parameter: matches any one word, shown as a hint, never completed
//   WORD, A.B.C.D    upper-case tokens are parameters too (the IOS manuals' style)
//   [x], x?          optional token (x may be any of the above)
//   a|b, {a|b}       alternatives
//   "config: ..."    the pattern belongs to mode "config" (likewise config-if, ...)

#include <string>
#include <string_view>
#include <vector>

namespace ldpsync::ctl {

class Completer {
public:
    // One pattern per line of help_body.
    static Completer from_help(std::string_view help_body);

    // Adds a pattern; mode "" is the top-level (exec) mode.
    void add(std::string_view mode, std::string_view pattern);

    struct Candidates {
        std::vector<std::string> keywords;  // sorted, unique: what TAB may insert
        std::vector<std::string> hints;     // sorted, unique: parameters expected here

        bool operator==(const Candidates&) const = default;
    };

    // line is the text before the cursor; its last word (empty after a space) is the one
    // being completed. In a sub-mode (config-if, config-router) the config-mode patterns
    // apply as well, because the daemon accepts global lines there.
    Candidates complete(std::string_view mode, std::string_view line) const;

    std::size_t size() const { return patterns_.size(); }

private:
    struct Token {
        std::vector<std::string> keywords;  // alternatives; empty for a parameter
        std::string hint;                   // the parameter as written, e.g. "<word>"
        bool optional = false;
    };
    struct Pattern {
        std::string mode;
        std::vector<Token> tokens;
    };

    static bool mode_applies(std::string_view pattern_mode, std::string_view mode);

    std::vector<Pattern> patterns_;
};

}  // namespace ldpsync::ctl
