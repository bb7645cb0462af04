#include <gtest/gtest.h>

#include "dp_rig.hpp"

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s path/to/ldpsync-dp [gtest options]\n", argv[0]);
        return 2;
    }
    ldpsync::dptest::g_dp_binary = argv[1];
    return RUN_ALL_TESTS();
}
