// Creating, taking over and attaching to a segment, and every way an attach can be refused.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "ldpsync/shm/control_end.hpp"
#include "ldpsync/shm/dataplane_end.hpp"
#include "shm_test_util.hpp"

namespace ldpsync::shm {
namespace {

using test::RawSegment;
using test::ScopedInstance;

TEST(Segment, CreateThenAttach) {
    ScopedInstance inst("attach");
    auto control = ControlEnd::create(inst.name());
    ASSERT_TRUE(control) << control.error().message();
    EXPECT_FALSE(control.value().took_over());
    EXPECT_EQ(control.value().epoch(), 1u);
    EXPECT_FALSE(control.value().reader_attached());

    auto dp = DataplaneEnd::attach(inst.name());
    ASSERT_TRUE(dp) << dp.error().message();
    EXPECT_TRUE(control.value().reader_attached());
    EXPECT_TRUE(dp.value().writer_alive());
    EXPECT_EQ(dp.value().writer_epoch(), 1u);
    EXPECT_EQ(dp.value().header().reader_pid.load(), getpid());
    EXPECT_EQ(control.value().header().writer_pid.load(), getpid());
}

TEST(Segment, HeaderDescribesTheLayout) {
    ScopedInstance inst("header");
    auto control = ControlEnd::create(inst.name());
    ASSERT_TRUE(control);
    const SegmentHeader& h = control.value().header();
    EXPECT_EQ(h.magic.load(), kMagic);
    EXPECT_EQ(h.layout_version, kLayoutVersion);
    EXPECT_EQ(h.total_size, Layout::total);
    EXPECT_EQ(h.sections, Layout::section_table());
    RawSegment raw(inst.name());
    EXPECT_EQ(raw.size(), Layout::total);
}

TEST(SegmentAttachError, BadInstanceName) {
    for (const char* name : {"", "has/slash", "has space", "x\n"}) {
        auto dp = DataplaneEnd::attach(name);
        ASSERT_FALSE(dp);
        EXPECT_EQ(dp.error().code, ErrorCode::bad_instance_name) << name;
        auto control = ControlEnd::create(name);
        ASSERT_FALSE(control);
        EXPECT_EQ(control.error().code, ErrorCode::bad_instance_name) << name;
    }
    auto long_name = DataplaneEnd::attach(std::string(65, 'a'));
    EXPECT_EQ(long_name.error().code, ErrorCode::bad_instance_name);
}

TEST(SegmentAttachError, NoSegment) {
    ScopedInstance inst("none");
    auto dp = DataplaneEnd::attach(inst.name());
    ASSERT_FALSE(dp);
    EXPECT_EQ(dp.error().code, ErrorCode::no_segment);
    EXPECT_NE(dp.error().message().find("ldpsyncd"), std::string::npos);
}

TEST(SegmentAttachError, TooSmall) {
    ScopedInstance inst("small");
    RawSegment raw(inst.name(), 16);
    auto dp = DataplaneEnd::attach(inst.name());
    ASSERT_FALSE(dp);
    EXPECT_EQ(dp.error().code, ErrorCode::too_small);
}

TEST(SegmentAttachError, BadMagic) {
    ScopedInstance inst("magic");
    auto control = ControlEnd::create(inst.name());
    ASSERT_TRUE(control);
    RawSegment raw(inst.name());
    raw.view().header().magic.store(0x1234);
    auto dp = DataplaneEnd::attach(inst.name());
    ASSERT_FALSE(dp);
    EXPECT_EQ(dp.error().code, ErrorCode::bad_magic);
}

TEST(SegmentAttachError, VersionMismatch) {
    ScopedInstance inst("version");
    auto control = ControlEnd::create(inst.name());
    ASSERT_TRUE(control);
    RawSegment raw(inst.name());
    raw.view().header().layout_version = kLayoutVersion + 1;
    auto dp = DataplaneEnd::attach(inst.name());
    ASSERT_FALSE(dp);
    EXPECT_EQ(dp.error().code, ErrorCode::version_mismatch);
}

TEST(SegmentAttachError, SizeMismatch) {
    ScopedInstance inst("size");
    auto control = ControlEnd::create(inst.name());
    ASSERT_TRUE(control);
    RawSegment raw(inst.name());
    raw.view().header().total_size = Layout::total * 2;
    auto dp = DataplaneEnd::attach(inst.name());
    ASSERT_FALSE(dp);
    EXPECT_EQ(dp.error().code, ErrorCode::layout_mismatch);
}

TEST(SegmentAttachError, SectionTableMismatch) {
    ScopedInstance inst("sections");
    auto control = ControlEnd::create(inst.name());
    ASSERT_TRUE(control);
    RawSegment raw(inst.name());
    raw.view().header().sections.link_capacity = kLinkCapacity / 2;
    auto dp = DataplaneEnd::attach(inst.name());
    ASSERT_FALSE(dp);
    EXPECT_EQ(dp.error().code, ErrorCode::layout_mismatch);
}

TEST(SegmentAttachError, WriterGone) {
    ScopedInstance inst("gone");
    {
        auto control = ControlEnd::create(inst.name());
        ASSERT_TRUE(control);
    }  // the writer's lock goes with it, as it would with a kill -9
    auto dp = DataplaneEnd::attach(inst.name());
    ASSERT_FALSE(dp);
    EXPECT_EQ(dp.error().code, ErrorCode::writer_gone);
}

TEST(SegmentAttachError, ReaderAlreadyAttached) {
    ScopedInstance inst("tworeaders");
    auto control = ControlEnd::create(inst.name());
    ASSERT_TRUE(control);
    auto first = DataplaneEnd::attach(inst.name());
    ASSERT_TRUE(first);
    auto second = DataplaneEnd::attach(inst.name());
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, ErrorCode::reader_already_attached);
}

TEST(SegmentCreateError, WriterAlreadyRunning) {
    ScopedInstance inst("twowriters");
    auto first = ControlEnd::create(inst.name());
    ASSERT_TRUE(first);
    auto second = ControlEnd::create(inst.name());
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, ErrorCode::writer_already_running);
}

TEST(Segment, TakeoverBumpsEpochAndKeepsState) {
    ScopedInstance inst("takeover");
    LinkRecord link{};
    link.link_id = 7;
    link.in_use = 1;
    link.usable = 1;
    link.set_ifname("eth7");
    {
        auto control = ControlEnd::create(inst.name());
        ASSERT_TRUE(control);
        control.value().publish_link(link);
    }
    auto control = ControlEnd::create(inst.name());
    ASSERT_TRUE(control);
    EXPECT_TRUE(control.value().took_over());
    EXPECT_EQ(control.value().epoch(), 2u);
    auto kept = control.value().link(7);
    ASSERT_TRUE(kept);
    EXPECT_EQ(*kept, link);
}

// The ledger: what one control process records, the next one that takes the segment over
// reads back; a new segment has none.
TEST(Segment, LabelLedgerIsEmptyWhenNewAndOutlivesItsWriter) {
    ScopedInstance inst("ledger");
    const LedgerFec a{0x0a000000, 8};
    const LedgerFec b{0x01020304, 32};
    {
        auto control = ControlEnd::create(inst.name());
        ASSERT_TRUE(control);
        EXPECT_TRUE(control.value().local_labels().empty());
        control.value().record_local_label(16, a);
        control.value().record_local_label(kMaxLabelValue, b);
        control.value().record_local_label(17, b);
        control.value().clear_local_label(17);
        control.value().record_local_label(kMaxLabelValue + 1, a);  // not a label: ignored
    }
    auto control = ControlEnd::create(inst.name());
    ASSERT_TRUE(control);
    ASSERT_TRUE(control.value().took_over());
    const std::vector<LedgerEntry> want = {{16, a}, {kMaxLabelValue, b}};
    EXPECT_EQ(control.value().local_labels(), want);
}

// Reading the ledger back does not give its holes pages: 8 MiB of mostly unused labels stay
// unallocated in /dev/shm (a plain read of every slot would allocate all of them).
TEST(Segment, ReadingTheLabelLedgerLeavesItsHolesUnallocated) {
    ScopedInstance inst("ledgerholes");
    auto control = ControlEnd::create(inst.name());
    ASSERT_TRUE(control);
    control.value().record_local_label(100000, {0x0a000000, 8});
    auto allocated = [&] {
        struct stat st{};
        EXPECT_EQ(stat(("/dev/shm/ldpsync." + inst.name()).c_str(), &st), 0);
        return static_cast<std::size_t>(st.st_blocks) * 512;
    };
    const std::size_t before = allocated();
    EXPECT_EQ(control.value().local_labels().size(), 1u);
    EXPECT_LE(allocated(), before + 4096);
}

TEST(Segment, TakeoverRepairsATornLinkCell) {
    ScopedInstance inst("torn");
    {
        auto control = ControlEnd::create(inst.name());
        ASSERT_TRUE(control);
    }
    {
        RawSegment raw(inst.name());
        // What a writer killed between the two sequence stores leaves behind.
        auto* seq = reinterpret_cast<std::atomic<std::uint32_t>*>(&raw.view().link(3));
        seq->store(5);
        LinkRecord out;
        EXPECT_FALSE(raw.view().link(3).try_load(out));
    }
    auto control = ControlEnd::create(inst.name());
    ASSERT_TRUE(control);
    EXPECT_TRUE(control.value().link(3).has_value());
}

TEST(Segment, IncompatibleSegmentIsReplaced) {
    ScopedInstance inst("replace");
    {
        RawSegment raw(inst.name(), 8192);  // someone else's, wrong size
    }
    auto control = ControlEnd::create(inst.name());
    ASSERT_TRUE(control) << control.error().message();
    EXPECT_FALSE(control.value().took_over());
    auto dp = DataplaneEnd::attach(inst.name());
    EXPECT_TRUE(dp) << dp.error().message();
}

TEST(Segment, ErrorsHaveNames) {
    EXPECT_EQ(to_string(ErrorCode::writer_gone), "writer-gone");
    Error e{ErrorCode::no_segment, "x"};
    EXPECT_EQ(e.message(), "no-segment: x");
}

}  // namespace
}  // namespace ldpsync::shm
