#pragma once
// Golden files for the OSPF protocol core tests: golden/<name>, produced by the code, reviewed
// by hand against RFC 2328, regenerable with LDPSYNC_REGEN_GOLDEN=1 (which rewrites the file and
// fails, so that the diff gets reviewed before the next run).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace ldpsync::ospf::test {

inline bool regenerating() {
    const char* v = std::getenv("LDPSYNC_REGEN_GOLDEN");
    return v != nullptr && *v != '\0' && std::string_view{v} != "0";
}

inline std::string read_text(const std::filesystem::path& p) {
    std::ifstream in{p, std::ios::binary};
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in{text};
    std::string line;
    while (std::getline(in, line)) {
        out.push_back(line);
    }
    return out;
}

inline void expect_golden(const std::string& name, const std::string& actual) {
    const auto path = std::filesystem::path{LDPSYNC_OSPF_GOLDEN_DIR} / name;
    if (regenerating()) {
        std::ofstream out{path, std::ios::binary | std::ios::trunc};
        out << actual;
        ADD_FAILURE() << "regenerated " << path.string() << "; review it, then run again without LDPSYNC_REGEN_GOLDEN";
        return;
    }
    ASSERT_TRUE(std::filesystem::exists(path)) << path.string() << " missing; create it with LDPSYNC_REGEN_GOLDEN=1";
    const auto expected = lines_of(read_text(path));
    const auto got = lines_of(actual);
    int reported = 0;
    for (std::size_t i = 0; i < std::max(expected.size(), got.size()) && reported < 20; ++i) {
        const std::string e = i < expected.size() ? expected[i] : "<missing>";
        const std::string a = i < got.size() ? got[i] : "<missing>";
        if (e != a) {
            ADD_FAILURE() << path.string() << " line " << i + 1 << "\n  expected: [" << e << "]\n  actual:   [" << a << "]";
            ++reported;
        }
    }
    EXPECT_EQ(expected.size(), got.size()) << path.string();
}

}  // namespace ldpsync::ospf::test
