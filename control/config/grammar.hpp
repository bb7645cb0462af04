#pragma once
// Command patterns and the matcher behind the parser. A pattern is a line of tokens:
// keywords (matched case-insensitively, IOS-style abbreviations allowed) and parameters:
//   A.B.C.D   IPv4 address        MASK      contiguous netmask     WILDCARD  any IPv4
//   MAC       H.H.H or xx:xx:..
//   <lo-hi>   unsigned in range   AREA      decimal or dotted      WORD      one token
//   LABEL     16-1048575, implicit-null or explicit-null            LINE      rest of line
// A trailing token written TOKEN? may be left out.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ldpsync::config::grammar {

struct Token {
    std::string text;
    int column = 0;  // 1-based
};

std::vector<Token> tokenize(std::string_view line);

struct Value {
    std::string text;
    std::uint32_t number = 0;
    bool present = true;  // false for a left-out optional token
};

struct Match {
    bool complete = false;
    bool exact = true;           // no abbreviated keywords
    std::size_t depth = 0;       // tokens matched before failing
    std::string error;           // why it failed at depth
    int error_column = 0;
    std::vector<Value> values;   // parameters, in order
};

Match match(std::string_view pattern, std::span<const Token> tokens, int end_column);

// Pattern with parameters shown as operators read them, for suggestions and help.
std::string display(std::string_view pattern);
// The keywords before the first parameter.
std::string keyword_prefix(std::string_view pattern);
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace ldpsync::config::grammar
