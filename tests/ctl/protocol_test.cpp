// Framing: request encoding and the incremental frame decoder.

#include <gtest/gtest.h>

#include <string>

#include "ctl/protocol.hpp"

namespace ldpsync::ctl {
namespace {

using namespace std::string_literals;

TEST(EncodeRequest, AppendsOneNul) {
    EXPECT_EQ(encode_request("show mpls ldp igp sync json"), "show mpls ldp igp sync json\0"s);
    EXPECT_EQ(encode_request(""), "\0"s);
}

TEST(EncodeRequest, RefusesEmbeddedNul) {
    EXPECT_THROW(encode_request("show\0x"s), ProtocolError);
}

TEST(EncodeRequest, ConfigureBlockIsSentVerbatim) {
    EXPECT_EQ(configure_text("interface eth0\n mpls ldp igp sync"), "configure\ninterface eth0\n mpls ldp igp sync");
    EXPECT_EQ(encode_request(configure_text("a\n\nb")), "configure\na\n\nb\0"s);
}

TEST(Commands, ConfigureAndAbbreviations) {
    EXPECT_TRUE(is_configure_command("configure"));
    EXPECT_TRUE(is_configure_command("configure terminal"));
    EXPECT_TRUE(is_configure_command("conf t"));
    EXPECT_TRUE(is_configure_command("  CONF   T "));
    EXPECT_FALSE(is_configure_command("con t"));
    EXPECT_FALSE(is_configure_command("configure replace x"));
    EXPECT_FALSE(is_configure_command("configure x"));
    EXPECT_FALSE(is_configure_command(""));
}

TEST(Commands, Streaming) {
    EXPECT_TRUE(is_streaming_command("debug mpls ldp igp sync"));
    EXPECT_TRUE(is_streaming_command("deb mpls ldp igp sync"));
    EXPECT_FALSE(is_streaming_command("undebug all"));
    EXPECT_FALSE(is_streaming_command("no debug mpls ldp igp sync"));
    EXPECT_FALSE(is_streaming_command("de"));
}

std::vector<Frame> drain(FrameDecoder& d) {
    std::vector<Frame> out;
    while (auto f = d.next()) out.push_back(*f);
    return out;
}

TEST(FrameDecoder, OneFrame) {
    FrameDecoder d;
    EXPECT_TRUE(d.feed("ok\nhello\nworld\0"s));
    EXPECT_EQ(drain(d), (std::vector<Frame>{{Status::ok, "hello\nworld"}}));
    EXPECT_FALSE(d.failed());
    EXPECT_EQ(d.partial_bytes(), 0u);
}

TEST(FrameDecoder, StatusWithoutBody) {
    FrameDecoder d;
    d.feed("ok\0error\n\0"s);
    EXPECT_EQ(drain(d), (std::vector<Frame>{{Status::ok, ""}, {Status::error, ""}}));
}

TEST(FrameDecoder, ByteByByte) {
    const std::string stream = "ok\nfirst\0event\nline 1\0event\nline 2\0"s;
    FrameDecoder d;
    std::vector<Frame> got;
    for (char c : stream) {
        ASSERT_TRUE(d.feed(std::string(1, c)));
        for (auto& f : drain(d)) got.push_back(f);
    }
    EXPECT_EQ(got, (std::vector<Frame>{{Status::ok, "first"}, {Status::event, "line 1"}, {Status::event, "line 2"}}));
}

TEST(FrameDecoder, EverySplitPoint) {
    const std::string stream = "error\n% bad\0event\nx\0ok\n\0"s;
    const std::vector<Frame> want{{Status::error, "% bad"}, {Status::event, "x"}, {Status::ok, ""}};
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        FrameDecoder d;
        d.feed(std::string_view(stream).substr(0, cut));
        auto got = drain(d);
        d.feed(std::string_view(stream).substr(cut));
        for (auto& f : drain(d)) got.push_back(f);
        EXPECT_EQ(got, want) << "cut at " << cut;
    }
}

TEST(FrameDecoder, PartialFrameIsHeldBack) {
    FrameDecoder d;
    d.feed("ok\nbody without end"s);
    EXPECT_FALSE(d.next());
    EXPECT_EQ(d.partial_bytes(), 19u);
    d.feed("\0"s);
    EXPECT_EQ(d.next(), (Frame{Status::ok, "body without end"}));
}

TEST(FrameDecoder, EmptyFrameIsAnError) {
    FrameDecoder d;
    EXPECT_FALSE(d.feed("ok\na\0\0"s));
    EXPECT_TRUE(d.failed());
    EXPECT_NE(d.error().find("empty frame"), std::string::npos);
    // The frame before the fault is still delivered.
    EXPECT_EQ(d.next(), (Frame{Status::ok, "a"}));
    EXPECT_FALSE(d.next());
    EXPECT_FALSE(d.feed("ok\0"s));  // failure is permanent
}

TEST(FrameDecoder, NulInsideStatusLine) {
    // "o\0k\n..." splits into the frames "o" and "k\n...": neither is a status.
    FrameDecoder d;
    EXPECT_FALSE(d.feed("o\0k\nbody\0"s));
    EXPECT_EQ(d.error(), "unknown frame status 'o'");
}

TEST(FrameDecoder, UnknownStatus) {
    FrameDecoder d;
    EXPECT_FALSE(d.feed("OK\nx\0"s));
    EXPECT_EQ(d.error(), "unknown frame status 'OK'");
    FrameDecoder d2;
    EXPECT_FALSE(d2.feed("ok \nx\0"s));
}

TEST(FrameDecoder, BodyAtTheLimitIsAccepted) {
    FrameDecoder d(1024);
    EXPECT_TRUE(d.feed("ok\n" + std::string(1024, 'x') + '\0'));
    EXPECT_EQ(d.next()->body.size(), 1024u);
}

TEST(FrameDecoder, BodyOverTheLimitIsRejectedWithoutTheTerminator) {
    FrameDecoder d(1024);
    EXPECT_TRUE(d.feed("ok\n"));
    std::string chunk(100, 'x');
    bool ok = true;
    for (int i = 0; i < 20 && ok; ++i) ok = d.feed(chunk);
    EXPECT_FALSE(ok);
    EXPECT_TRUE(d.failed());
    EXPECT_NE(d.error().find("1024-byte limit"), std::string::npos) << d.error();
    EXPECT_EQ(d.partial_bytes(), 0u);  // nothing kept buffered
}

TEST(FrameDecoder, BodyJustOverTheLimitInOneChunk) {
    FrameDecoder d(1024);
    EXPECT_FALSE(d.feed("event\n" + std::string(1025, 'x') + '\0'));
    EXPECT_NE(d.error().find("limit"), std::string::npos);
}

TEST(FrameDecoder, DefaultLimitIs16MiB) {
    FrameDecoder d;
    const std::string body(kMaxFrameBody, 'y');
    EXPECT_TRUE(d.feed("ok\n"));
    EXPECT_TRUE(d.feed(body));
    EXPECT_TRUE(d.feed("\0"s));
    EXPECT_EQ(d.next()->body.size(), 16u * 1024 * 1024);
    EXPECT_TRUE(d.feed("ok\n"));
    EXPECT_TRUE(d.feed(body));
    EXPECT_FALSE(d.feed(std::string(16, 'y')));
    EXPECT_EQ(d.error(), "frame larger than the 16777216-byte limit");
}

TEST(FrameDecoder, ResetClearsFailure) {
    FrameDecoder d;
    d.feed("nope\0"s);
    ASSERT_TRUE(d.failed());
    d.reset();
    EXPECT_TRUE(d.feed("ok\n1\0"s));
    EXPECT_EQ(d.next(), (Frame{Status::ok, "1"}));
}

}  // namespace
}  // namespace ldpsync::ctl
