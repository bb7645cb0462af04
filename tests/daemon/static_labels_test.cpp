// A static binding on a label LDP has already allocated is refused with a diagnostic on the
// line and the label (static_labels.hpp); labels reserved by the running configuration, and
// labels LDP does not hold, pass.

#include <gtest/gtest.h>

#include "static_labels.hpp"

namespace ldpsync::daemon {
namespace {

const ldp::Fec kLdpFec{0x0a090000, 16};  // 10.9.0.0/16

class StaticLabels : public ::testing::Test {
protected:
    void SetUp() override {
        lib_.set_reserved({});
        ASSERT_EQ(lib_.bind_local(kLdpFec, false), 16u);  // LDP's first label
    }
    config::ParseResult apply(std::string_view lines) { return config::apply_config(running_, lines); }
    // `text` applied on the running configuration, checked against LDP's labels.
    std::vector<config::Diagnostic> conflicts(std::string_view text) {
        const auto next = apply(text);
        EXPECT_TRUE(next.ok()) << next.format_errors();
        if (!next.ok()) return {};
        return static_label_conflicts(running_, *next.config, text, lib_);
    }

    ldp::Lib lib_{ldp::Lib::Options{}};
    config::Config running_;
};

TEST_F(StaticLabels, LabelHeldByLdpIsRefusedOnItsLineAndColumn) {
    const auto d = conflicts("hostname r1\n  mpls stat bind ipv4 10.1.0.0 255.255.0.0 input 16\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].line, 2);
    EXPECT_EQ(d[0].column, 50);  // the label
    EXPECT_EQ(d[0].text, "  mpls stat bind ipv4 10.1.0.0 255.255.0.0 input 16");
    EXPECT_NE(d[0].message.find("local (input) label 16 of the static binding for 10.1.0.0/16"), std::string::npos)
        << d[0].message;
    EXPECT_NE(d[0].message.find("LDP's local label for 10.9.0.0/16"), std::string::npos) << d[0].message;
    EXPECT_NE(d[0].message.find("outside mpls label range 16-100000"), std::string::npos) << d[0].message;
}

TEST_F(StaticLabels, FormWithoutInputKeywordIsLocatedToo) {
    const auto d = conflicts("mpls static binding ipv4 10.1.0.0 255.255.0.0 16");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].line, 1);
    EXPECT_EQ(d[0].column, 47);
}

TEST_F(StaticLabels, LabelsLdpDoesNotHoldPass) {
    EXPECT_TRUE(conflicts("mpls static binding ipv4 10.1.0.0 255.255.0.0 input 17\n"
                          "mpls static binding ipv4 10.2.0.0 255.255.0.0 output 10.0.12.2 16\n")
                    .empty());  // 16 is only an out label there
}

TEST_F(StaticLabels, BindingAlreadyRunningIsNotRefusedAgain) {
    // The running configuration reserved 16 before LDP could allocate it; re-applying it (or
    // adding lines beside it) is no new claim on LDP's label.
    running_ = *apply("mpls static binding ipv4 10.1.0.0 255.255.0.0 input 16").config;
    EXPECT_TRUE(conflicts("hostname r2").empty());
}

}  // namespace
}  // namespace ldpsync::daemon
