#pragma once
// The JSON report `ldpsync-pktgen ... --json` prints as its last line, parsed. A run that
// printed none gives an empty object, whose fields then fail the test's `at()` loudly.

#include <string>

#include <nlohmann/json.hpp>

namespace ldpsync::test {

inline nlohmann::json pktgen_report(const std::string& output) {
    const auto start = output.rfind("\n{");
    const std::string line = output.substr(start == std::string::npos ? 0 : start + 1);
    auto report = nlohmann::json::parse(line, nullptr, false);
    return report.is_object() ? report : nlohmann::json::object();
}

}  // namespace ldpsync::test
