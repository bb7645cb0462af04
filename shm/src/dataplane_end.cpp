#include "ldpsync/shm/dataplane_end.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "os.hpp"

namespace ldpsync::shm {

namespace {

// A writer that does not answer a resync request within this time is asked again.
constexpr std::uint64_t kResyncRetryNs = 500'000'000;

Outcome<int> open_segment(const std::string& name) {
    const int fd = shm_open(name.c_str(), O_RDWR, 0);
    if (fd >= 0) {
        return fd;
    }
    const int err = errno;
    if (err == ENOENT) {
        return Error{ErrorCode::no_segment, name + " does not exist: is the control process (ldpsyncd) running "
                                                   "with this instance name?"};
    }
    return Error{ErrorCode::system_error, "shm_open " + name + ": " + os::errno_text(err)};
}

std::optional<Error> validate(const std::string& name, const os::Mapping& mapping) {
    const SegmentView view(mapping.base());
    const SegmentHeader& h = view.header();
    const std::uint64_t magic = h.magic.load(std::memory_order_acquire);
    if (magic != kMagic) {
        return Error{ErrorCode::bad_magic, name + ": magic " + std::to_string(magic) + ", expected " +
                                               std::to_string(kMagic) + " (not an ldpsync segment, or not "
                                               "yet initialised)"};
    }
    if (h.layout_version != kLayoutVersion) {
        return Error{ErrorCode::version_mismatch, name + ": layout version " + std::to_string(h.layout_version) +
                                                      ", this build speaks " + std::to_string(kLayoutVersion)};
    }
    if (h.total_size != Layout::total || mapping.size() != Layout::total) {
        return Error{ErrorCode::layout_mismatch, name + ": size " + std::to_string(mapping.size()) + " (header says " +
                                                     std::to_string(h.total_size) + "), this build expects " +
                                                     std::to_string(Layout::total)};
    }
    if (h.header_size != sizeof(SegmentHeader) || !(h.sections == Layout::section_table())) {
        return Error{ErrorCode::layout_mismatch,
                     name + ": section table differs from this build's (capacities or record sizes)"};
    }
    return std::nullopt;
}

}  // namespace

Outcome<DataplaneEnd> DataplaneEnd::attach(std::string_view instance) {
    if (!os::valid_instance_name(instance)) {
        return Error{ErrorCode::bad_instance_name, "instance name '" + std::string(instance) +
                                                       "': use 1-64 characters from [A-Za-z0-9._-]"};
    }
    const std::string name = os::segment_name(instance);
    auto opened = open_segment(name);
    if (!opened) {
        return opened.error();
    }
    const int fd = opened.value();
    struct stat st {};
    if (fstat(fd, &st) != 0) {
        const int err = errno;
        close(fd);
        return Error{ErrorCode::system_error, "fstat " + name + ": " + os::errno_text(err)};
    }
    if (st.st_size < static_cast<off_t>(sizeof(SegmentHeader))) {
        close(fd);
        return Error{ErrorCode::too_small, name + ": " + std::to_string(st.st_size) + " bytes, smaller than the " +
                                               std::to_string(sizeof(SegmentHeader)) + "-byte header"};
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    void* base = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) {
        const int err = errno;
        close(fd);
        return Error{ErrorCode::system_error, "mmap " + name + ": " + os::errno_text(err)};
    }
    auto mapping = std::make_unique<os::Mapping>(fd, static_cast<std::byte*>(base), size);
    if (auto error = validate(name, *mapping)) {
        return *error;
    }
    if (!os::byte_locked_by_other(fd, os::kWriterLockByte)) {
        const auto pid = SegmentView(mapping->base()).header().writer_pid.load(std::memory_order_relaxed);
        return Error{ErrorCode::writer_gone,
                     name + ": its control process (last pid " + std::to_string(pid) + ") is not running"};
    }
    if (const int err = os::try_lock_byte(fd, os::kReaderLockByte); err != 0) {
        if (err == EAGAIN || err == EACCES) {
            const auto pid = SegmentView(mapping->base()).header().reader_pid.load(std::memory_order_relaxed);
            return Error{ErrorCode::reader_already_attached,
                         name + ": a data plane (pid " + std::to_string(pid) + ") is already attached"};
        }
        return Error{ErrorCode::system_error, "fcntl(F_OFD_SETLK) " + name + ": " + os::errno_text(err)};
    }
    return DataplaneEnd(std::move(mapping));
}

DataplaneEnd::DataplaneEnd(std::unique_ptr<os::Mapping> mapping)
    : mapping_(std::move(mapping)), view_(mapping_->base()), reader_(view_) {
    SegmentHeader& h = view_.header();
    // This process is now the single writer of every counter block: a predecessor killed
    // mid-update may have left one odd.
    for (std::uint32_t w = 0; w < kMaxWorkers; ++w) {
        for (std::uint32_t l = 0; l < kLinkCapacity; ++l) {
            view_.counters(w, l).repair();
        }
    }
    h.reader_pid.store(getpid(), std::memory_order_relaxed);
    request_token_ = h.reader_attach_count.fetch_add(1, std::memory_order_relaxed) + 1;
    reader_.restart();
    heartbeat();
    service_resync_request();
}

DataplaneEnd::DataplaneEnd(DataplaneEnd&&) noexcept = default;
DataplaneEnd& DataplaneEnd::operator=(DataplaneEnd&&) noexcept = default;
DataplaneEnd::~DataplaneEnd() = default;

std::optional<LinkRecord> DataplaneEnd::link(std::uint32_t link_id) const {
    if (link_id >= kLinkCapacity) {
        return std::nullopt;
    }
    return view_.link(link_id).load();
}

bool DataplaneEnd::post_event(const EventRecord& event) { return view_.events().push(event); }

void DataplaneEnd::report_port_link(std::uint16_t port_id, bool up, std::uint32_t speed_mbps) {
    post_event(EventRecord{.kind = EventKind::port_link,
                           .link_up = static_cast<std::uint8_t>(up ? 1 : 0),
                           .port_id = port_id,
                           .speed_mbps = speed_mbps,
                           .value = 0});
}

void DataplaneEnd::report_applied(std::uint64_t generation) {
    view_.header().applied_generation.store(generation, std::memory_order_release);
    pending_applied_ = generation;
    if (post_event(EventRecord{.kind = EventKind::applied_generation, .value = generation})) {
        pending_applied_ = 0;
    }
}

void DataplaneEnd::service_resync_request() {
    if (pending_applied_ != 0 &&
        post_event(EventRecord{.kind = EventKind::applied_generation, .value = pending_applied_})) {
        pending_applied_ = 0;
    }
    const bool waiting = reader_.state() == ReaderState::waiting_for_replay;
    if (!reader_.resync_needed() && !waiting) {
        return;
    }
    const std::uint64_t now = os::monotonic_ns();
    if (!reader_.resync_needed() && now - last_request_ns_ < kResyncRetryNs) {
        return;
    }
    if (post_event(EventRecord{.kind = EventKind::resync_request, .value = request_token_})) {
        reader_.resync_requested();
        last_request_ns_ = now;
    }
}

void DataplaneEnd::heartbeat() {
    view_.header().reader_heartbeat_ns.store(os::monotonic_ns(), std::memory_order_relaxed);
    service_resync_request();
}

bool DataplaneEnd::writer_alive() const { return os::byte_locked_by_other(mapping_->fd(), os::kWriterLockByte); }

std::uint64_t DataplaneEnd::writer_epoch() const {
    return view_.header().writer_epoch.load(std::memory_order_acquire);
}

}  // namespace ldpsync::shm
