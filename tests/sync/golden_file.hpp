#pragma once
// Golden files for tests/sync.
//
// golden/<name>: produced by this code, reviewed by hand, regenerable: run the tests with
// LDPSYNC_REGEN_GOLDEN=1, which rewrites the file and fails so that nobody forgets to review.
// golden/guide/<name>: byte-for-byte copies of the Cisco feature guide's example output; never
// regenerated. Two normalizations apply to the guide side only, both artifacts of the guide's
// HTML rendering: a U+00A0 no-break space counts as one ASCII space, and trailing whitespace at
// the end of a line is dropped ("Timer is not running " in the guide's last example line).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace ldpsync::sync::test {

inline std::filesystem::path golden_dir()
{
    return std::filesystem::path{LDPSYNC_SYNC_GOLDEN_DIR};
}

inline bool regenerating()
{
    const char* v = std::getenv("LDPSYNC_REGEN_GOLDEN");
    return v != nullptr && *v != '\0' && std::string_view{v} != "0";
}

inline std::string read_file(const std::filesystem::path& p)
{
    std::ifstream in{p, std::ios::binary};
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::vector<std::string> split_lines(const std::string& text)
{
    std::vector<std::string> lines;
    std::string line;
    std::istringstream in{text};
    while (std::getline(in, line)) {
        lines.push_back(line);
    }
    return lines;
}

inline std::string normalize_guide_line(std::string line)
{
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (static_cast<unsigned char>(line[i]) == 0xC2 && i + 1 < line.size() &&
            static_cast<unsigned char>(line[i + 1]) == 0xA0) {
            out += ' ';
            ++i;
        } else {
            out += line[i];
        }
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t' || out.back() == '\r')) {
        out.pop_back();
    }
    return out;
}

inline void compare_lines(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                          const std::string& what)
{
    std::size_t n = std::max(expected.size(), actual.size());
    int reported = 0;
    for (std::size_t i = 0; i < n && reported < 20; ++i) {
        std::string e = i < expected.size() ? expected[i] : std::string{"<missing>"};
        std::string a = i < actual.size() ? actual[i] : std::string{"<missing>"};
        if (e != a) {
            ADD_FAILURE() << what << " line " << (i + 1) << "\n  expected: [" << e << "]\n  actual:   [" << a
                          << "]";
            ++reported;
        }
    }
    EXPECT_EQ(expected.size(), actual.size()) << what << ": line count";
}

// Compares with golden/<name>; with LDPSYNC_REGEN_GOLDEN=1 rewrites it and fails.
inline void expect_golden(const std::string& name, const std::string& actual)
{
    auto path = golden_dir() / name;
    if (regenerating()) {
        std::filesystem::create_directories(path.parent_path());
        std::ofstream out{path, std::ios::binary | std::ios::trunc};
        out << actual;
        ADD_FAILURE() << "regenerated " << path.string()
                      << "; review the diff (git diff) against the guide, then run again without "
                         "LDPSYNC_REGEN_GOLDEN";
        return;
    }
    ASSERT_TRUE(std::filesystem::exists(path))
        << path.string() << " is missing; create it with LDPSYNC_REGEN_GOLDEN=1 and review it";
    compare_lines(split_lines(read_file(path)), split_lines(actual), path.string());
}

// Compares with golden/guide/<name>, a verbatim excerpt of the guide. Never regenerated.
inline void expect_guide_output(const std::string& name, const std::string& actual)
{
    auto path = golden_dir() / "guide" / name;
    ASSERT_TRUE(std::filesystem::exists(path)) << path.string();
    std::vector<std::string> expected;
    for (std::string& l : split_lines(read_file(path))) {
        expected.push_back(normalize_guide_line(std::move(l)));
    }
    compare_lines(expected, split_lines(actual), path.string());
}

}  // namespace ldpsync::sync::test
