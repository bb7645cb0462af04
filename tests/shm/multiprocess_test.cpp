// Writer and reader as separate processes: a long stress run, and kill -9 of each side in
// the middle of the stream. The reader's final tables must equal the writer's.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <string>
#include <thread>

#include "../common/process.hpp"
#include "ldpsync/shm/control_end.hpp"
#include "shm_test_util.hpp"

namespace ldpsync::shm {
namespace {

using namespace std::chrono_literals;
using ldpsync::test::ChildProcess;

std::string g_peer;  // path to shm-peer, from argv

std::vector<std::string> writer_args(const std::string& inst, std::uint64_t records, std::uint64_t flips,
                                     std::uint32_t key_base = 16, std::uint32_t links = 64) {
    return {g_peer, "writer", "--instance", inst, "--records", std::to_string(records), "--link-flips",
            std::to_string(flips), "--key-base", std::to_string(key_base), "--links", std::to_string(links)};
}
std::vector<std::string> reader_args(const std::string& inst) { return {g_peer, "reader", "--instance", inst}; }

// Stops the reader and checks it converged on exactly what the writer reported.
void expect_converged(ChildProcess& writer, ChildProcess& reader) {
    auto ws = writer.wait_exit(120s);
    ASSERT_TRUE(ws.has_value()) << "writer did not finish";
    EXPECT_TRUE(ChildProcess::exited_cleanly(*ws)) << writer.output();
    ASSERT_EQ(writer.field("acked"), "1") << writer.output();
    reader.signal(SIGTERM);
    auto rs = reader.wait_exit(30s);
    ASSERT_TRUE(rs.has_value());
    EXPECT_TRUE(ChildProcess::exited_cleanly(*rs)) << reader.output();
    EXPECT_EQ(reader.field("state"), "synced");
    EXPECT_EQ(reader.field("digest"), writer.field("digest")) << writer.output() << reader.output();
    EXPECT_EQ(reader.field("links"), writer.field("links"));
    EXPECT_EQ(reader.field("generation"), writer.field("generation"));
    EXPECT_EQ(reader.field("torn"), "0");
    EXPECT_EQ(reader.field("link_torn"), "0");
    EXPECT_EQ(reader.field("link_backwards"), "0");
}

TEST(MultiProcess, TenMillionUpdatesAndOneMillionLinkFlips) {
    test::ScopedInstance inst("stress");
    ChildProcess writer(writer_args(inst.name(), 10'000'000, 1'000'000));
    ASSERT_TRUE(writer.wait_output("writer started", 10s));
    ChildProcess reader(reader_args(inst.name()));
    ASSERT_TRUE(reader.wait_output("reader attached", 10s));
    expect_converged(writer, reader);
    EXPECT_GE(std::stoull(writer.field("records")), 10'000'000u);
    EXPECT_EQ(writer.field("flips"), "1000000");
    EXPECT_EQ(reader.field("gaps"), "0") << "sequence continuity broken";
    // A reader starved of CPU (a loaded 2-core CI box) lets the channel fill: the writer then
    // falls back to a replay, which must have happened and converged (checked above). How often
    // that happens is the benchmark's business, not this test's.
    if (writer.field("overflows") != "0") {
        EXPECT_NE(writer.field("replays"), "0") << "the channel overflowed and no replay followed";
    }
    EXPECT_GT(std::stoull(reader.field("link_reads")), 0u);
    std::printf("%s%s", writer.output().c_str(), reader.output().c_str());
}

TEST(MultiProcess, ReaderKilledMidStreamAndRestarted) {
    test::ScopedInstance inst("readercrash");
    ChildProcess writer(writer_args(inst.name(), 6'000'000, 100'000));
    ASSERT_TRUE(writer.wait_output("writer started", 10s));
    {
        ChildProcess first(reader_args(inst.name()));
        ASSERT_TRUE(first.wait_output("reader attached", 10s));
        std::this_thread::sleep_for(300ms);
        ASSERT_TRUE(first.running()) << "the writer finished before the crash: raise --records";
        first.signal(SIGKILL);
        ASSERT_TRUE(first.wait_exit(10s).has_value());
    }
    ASSERT_TRUE(writer.running());
    ChildProcess second(reader_args(inst.name()));
    ASSERT_TRUE(second.wait_output("reader attached", 10s)) << "the dead reader's slot was not freed";
    expect_converged(writer, second);
    EXPECT_GE(std::stoull(second.field("replays")), 1u);
}

TEST(MultiProcess, WriterKilledMidStreamAndRestartedWithOtherState) {
    test::ScopedInstance inst("writercrash");
    ChildProcess reader(reader_args(inst.name()));
    ChildProcess first(writer_args(inst.name(), 50'000'000, 100'000));
    ASSERT_TRUE(first.wait_output("writer started", 10s));
    ASSERT_TRUE(reader.wait_output("reader attached", 10s));
    std::this_thread::sleep_for(400ms);
    ASSERT_TRUE(first.running());
    first.signal(SIGKILL);
    ASSERT_TRUE(first.wait_exit(10s).has_value());

    // The restarted control process owns other keys and fewer links: everything the dead
    // one left must be swept from the reader's tables and the link table.
    ChildProcess second(writer_args(inst.name(), 2'000'000, 10'000, 500'000, 32));
    ASSERT_TRUE(second.wait_output("writer started", 10s));
    EXPECT_EQ(second.field("epoch"), "2");
    EXPECT_EQ(second.field("took_over"), "1");
    expect_converged(second, reader);
    EXPECT_GT(std::stoull(reader.field("swept")), 0u);
}

TEST(MultiProcess, ReaderThenWriterKilled) {
    test::ScopedInstance inst("bothcrash");
    ChildProcess first_writer(writer_args(inst.name(), 50'000'000, 100'000));
    ASSERT_TRUE(first_writer.wait_output("writer started", 10s));
    {
        ChildProcess first_reader(reader_args(inst.name()));
        ASSERT_TRUE(first_reader.wait_output("reader attached", 10s));
        std::this_thread::sleep_for(200ms);
        first_reader.signal(SIGKILL);
        ASSERT_TRUE(first_reader.wait_exit(10s).has_value());
    }
    ChildProcess reader(reader_args(inst.name()));
    ASSERT_TRUE(reader.wait_output("reader attached", 10s));
    std::this_thread::sleep_for(200ms);
    first_writer.signal(SIGKILL);
    ASSERT_TRUE(first_writer.wait_exit(10s).has_value());
    ChildProcess writer(writer_args(inst.name(), 1'000'000, 10'000, 16, 64));
    ASSERT_TRUE(writer.wait_output("writer started", 10s));
    expect_converged(writer, reader);
}

}  // namespace
}  // namespace ldpsync::shm

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: shm-multiprocess PATH-TO-shm-peer\n");
        return 64;
    }
    ldpsync::shm::g_peer = argv[1];
    return RUN_ALL_TESTS();
}
