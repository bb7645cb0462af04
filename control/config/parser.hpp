#pragma once
// IOS-style configuration: parse a whole file, or apply lines to a running configuration
// (the control socket's `configure`). Either way it is all or nothing: any error and the
// result carries no configuration, only diagnostics naming line, column and reason, with the
// nearest valid command as a suggestion.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model.hpp"

namespace ldpsync::config {

struct Diagnostic {
    int line = 0;    // 1-based
    int column = 0;  // 1-based, of the offending token
    std::string message;
    std::string suggestion;  // a valid command near what was typed, or empty
    std::string text;        // the line as written
    std::string format() const;
};

struct ParseResult {
    std::optional<Config> config;
    std::vector<Diagnostic> errors;
    std::vector<Diagnostic> warnings;
    bool ok() const { return config.has_value(); }
    std::string format_errors() const;
};

ParseResult parse_config(std::string_view text);
ParseResult apply_config(const Config& base, std::string_view text);

// Every command the parser knows, as patterns, for help and completion.
std::vector<std::string> command_patterns();

}  // namespace ldpsync::config
