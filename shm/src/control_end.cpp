#include "ldpsync/shm/control_end.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <new>
#include <thread>

#include "os.hpp"

namespace ldpsync::shm {

namespace {

Error system_error(const char* what, const std::string& name, int err) {
    return Error{ErrorCode::system_error, std::string(what) + " " + name + ": " + os::errno_text(err)};
}

// Only a segment this very build would have created may be taken over.
bool compatible(const os::Mapping& mapping) {
    if (mapping.size() != Layout::total) {
        return false;
    }
    const SegmentView view(mapping.base());
    const SegmentHeader& h = view.header();
    return h.magic.load(std::memory_order_acquire) == kMagic && h.layout_version == kLayoutVersion &&
           h.header_size == sizeof(SegmentHeader) && h.total_size == Layout::total &&
           h.sections == Layout::section_table();
}

void build_fresh(const SegmentView& view) {
    auto* header = new (&view.header()) SegmentHeader{};
    header->layout_version = kLayoutVersion;
    header->header_size = sizeof(SegmentHeader);
    header->total_size = Layout::total;
    header->sections = Layout::section_table();
    for (std::size_t i = 0; i < kLinkCapacity; ++i) {
        new (&view.gate(i)) std::atomic<std::uint8_t>(0);
        new (&view.link(i)) LinkCell();
    }
    new (&view.updates()) UpdateQueue();
    new (&view.events()) EventQueue();
    for (std::size_t w = 0; w < kMaxWorkers; ++w) {
        for (std::size_t l = 0; l < kLinkCapacity; ++l) {
            new (&view.counters(w, l)) CounterBlock();
        }
    }
    header->magic.store(kMagic, std::memory_order_release);
}

// A previous writer may have died inside a seqlock write.
void repair_after_takeover(const SegmentView& view) {
    for (std::size_t i = 0; i < kLinkCapacity; ++i) {
        view.link(i).repair();
    }
}

}  // namespace

UpdateWriter::UpdateWriter(SegmentView view, std::chrono::microseconds full_queue_wait, int fd)
    : view_(view), full_queue_wait_(full_queue_wait), fd_(fd) {}

bool UpdateWriter::push(UpdateRecord record) {
    if (overflowed_) {
        return false;
    }
    record.seq = next_seq_++;
    batch_[batched_++] = record;
    if (batched_ == kBatch) {
        return flush();
    }
    return true;
}

bool UpdateWriter::flush() {
    if (overflowed_) {
        return false;
    }
    std::size_t done = 0;
    std::uint64_t full_since = 0;
    while (done < batched_) {
        done += view_.updates().push(batch_.data() + done, batched_ - done);
        if (done == batched_) {
            break;
        }
        if (full_since == 0) {
            full_since = os::monotonic_ns();
        }
        if (!wait_for_room_or_overflow(full_since)) {
            return false;
        }
    }
    records_pushed_ += batched_;
    batched_ = 0;
    return true;
}

bool UpdateWriter::wait_for_room_or_overflow(std::uint64_t started_ns) {
    // Waiting only helps if someone is draining: without a reader, overflow at once (a reader
    // that attaches asks for a full replay anyway).
    if (!os::byte_locked_by_other(fd_, os::kReaderLockByte)) {
        overflow();
        return false;
    }
    const auto waited = std::chrono::nanoseconds(os::monotonic_ns() - started_ns);
    if (waited >= full_queue_wait_) {
        overflow();
        return false;
    }
    if (waited < std::chrono::microseconds(20)) {
        cpu_relax();
    } else {
        std::this_thread::sleep_for(std::chrono::microseconds(5));
    }
    return true;
}

void UpdateWriter::overflow() {
    overflowed_ = true;
    batched_ = 0;
    view_.header().overflow_count.fetch_add(1, std::memory_order_relaxed);
}

bool UpdateWriter::begin_resync(std::uint64_t token) {
    overflowed_ = false;
    batched_ = 0;
    next_seq_ = 0;
    view_.header().replay_count.fetch_add(1, std::memory_order_relaxed);
    return push(UpdateRecord::resync_begin(token));
}

Outcome<ControlEnd> ControlEnd::create(std::string_view instance, ControlOptions options) {
    if (!os::valid_instance_name(instance)) {
        return Error{ErrorCode::bad_instance_name, "instance name '" + std::string(instance) +
                                                       "': use 1-64 characters from [A-Za-z0-9._-]"};
    }
    const std::string name = os::segment_name(instance);
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int fd = shm_open(name.c_str(), O_RDWR | O_CREAT, 0660);
        if (fd < 0) {
            return system_error("shm_open", name, errno);
        }
        if (const int err = os::try_lock_byte(fd, os::kWriterLockByte); err != 0) {
            close(fd);
            if (err == EAGAIN || err == EACCES) {
                return Error{ErrorCode::writer_already_running,
                             name + " is owned by a running control process"};
            }
            return system_error("fcntl(F_OFD_SETLK)", name, err);
        }
        struct stat st {};
        if (fstat(fd, &st) != 0) {
            const int err = errno;
            close(fd);
            return system_error("fstat", name, err);
        }
        bool took_over = false;
        if (st.st_size == static_cast<off_t>(Layout::total)) {
            void* base = mmap(nullptr, Layout::total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            if (base == MAP_FAILED) {
                const int err = errno;
                close(fd);
                return system_error("mmap", name, err);
            }
            auto mapping = std::make_unique<os::Mapping>(fd, static_cast<std::byte*>(base), Layout::total);
            if (compatible(*mapping)) {
                took_over = true;
                return ControlEnd(std::string(instance), std::move(mapping), took_over, options);
            }
        } else if (st.st_size == 0) {
            if (ftruncate(fd, static_cast<off_t>(Layout::total)) != 0) {
                const int err = errno;
                close(fd);
                return system_error("ftruncate", name, err);
            }
            void* base = mmap(nullptr, Layout::total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            if (base == MAP_FAILED) {
                const int err = errno;
                close(fd);
                return system_error("mmap", name, err);
            }
            auto mapping = std::make_unique<os::Mapping>(fd, static_cast<std::byte*>(base), Layout::total);
            build_fresh(SegmentView(mapping->base()));
            return ControlEnd(std::string(instance), std::move(mapping), took_over, options);
        } else {
            close(fd);
        }
        // A segment from another build or layout: unlink it and start afresh. A reader still
        // mapping the old one keeps its copy and sees its writer gone.
        shm_unlink(name.c_str());
    }
    return Error{ErrorCode::system_error, name + ": could not replace an incompatible segment"};
}

void ControlEnd::record_local_label(std::uint32_t label, const LedgerFec& fec) {
    if (label > kMaxLabelValue) return;
    std::atomic_ref<std::uint64_t>(view_.ledger_slot(label)).store(encode_ledger(fec), std::memory_order_release);
}

void ControlEnd::clear_local_label(std::uint32_t label) {
    if (label > kMaxLabelValue) return;
    std::atomic_ref<std::uint64_t>(view_.ledger_slot(label)).store(0, std::memory_order_release);
}

std::vector<LedgerEntry> ControlEnd::local_labels() const {
    std::vector<LedgerEntry> out;
    // Only the file's data regions: reading a hole of a shared tmpfs mapping would give it a
    // page, and most of the 8 MiB are holes (labels never used).
    const int fd = mapping_->fd();
    const off_t end = static_cast<off_t>(Layout::total);
    off_t at = static_cast<off_t>(Layout::ledger);
    while (at < end) {
        const off_t data = lseek(fd, at, SEEK_DATA);
        if (data < 0 || data >= end) break;  // ENXIO: no data past `at`; tmpfs has no other error here
        off_t hole = lseek(fd, data, SEEK_HOLE);
        if (hole < 0 || hole > end) hole = end;
        const auto first = static_cast<std::uint32_t>((static_cast<std::size_t>(data) - Layout::ledger) / sizeof(std::uint64_t));
        const auto last = static_cast<std::uint32_t>((static_cast<std::size_t>(hole) - Layout::ledger) / sizeof(std::uint64_t));
        for (std::uint32_t label = first; label < last && label <= kMaxLabelValue; ++label) {
            const std::uint64_t slot =
                std::atomic_ref<std::uint64_t>(view_.ledger_slot(label)).load(std::memory_order_acquire);
            LedgerFec fec;
            if (slot != 0 && decode_ledger(slot, fec)) out.push_back({label, fec});
        }
        at = hole;
    }
    return out;
}

bool ControlEnd::remove(std::string_view instance) {
    if (!os::valid_instance_name(instance)) {
        return false;
    }
    return shm_unlink(os::segment_name(instance).c_str()) == 0;
}

ControlEnd::ControlEnd(std::string instance, std::unique_ptr<os::Mapping> mapping, bool took_over,
                       ControlOptions options)
    : instance_(std::move(instance)),
      mapping_(std::move(mapping)),
      view_(mapping_->base()),
      took_over_(took_over),
      writer_(std::make_unique<UpdateWriter>(view_, options.full_queue_wait, mapping_->fd())) {
    SegmentHeader& h = view_.header();
    if (took_over_) {
        repair_after_takeover(view_);
    }
    h.writer_epoch.fetch_add(1, std::memory_order_acq_rel);
    h.writer_pid.store(getpid(), std::memory_order_relaxed);
    heartbeat();
}

ControlEnd::ControlEnd(ControlEnd&&) noexcept = default;
ControlEnd& ControlEnd::operator=(ControlEnd&&) noexcept = default;
ControlEnd::~ControlEnd() = default;

std::uint64_t ControlEnd::epoch() const {
    return view_.header().writer_epoch.load(std::memory_order_acquire);
}

void ControlEnd::publish_link(const LinkRecord& record) {
    const std::uint32_t id = record.link_id;
    if (id >= kLinkCapacity) {
        return;
    }
    auto& gate = view_.gate(id);
    const bool usable = record.in_use != 0 && record.usable != 0;
    if (!usable) {
        gate.store(0, std::memory_order_release);
    }
    view_.link(id).store(record);
    if (usable) {
        gate.store(1, std::memory_order_release);
    }
}

void ControlEnd::clear_link(std::uint32_t link_id) {
    LinkRecord cleared{};
    cleared.link_id = link_id;
    publish_link(cleared);
}

std::optional<LinkRecord> ControlEnd::link(std::uint32_t link_id) const {
    if (link_id >= kLinkCapacity) {
        return std::nullopt;
    }
    return view_.link(link_id).load();
}

bool ControlEnd::poll_event(EventRecord& out) { return view_.events().pop(out); }

CounterValues ControlEnd::worker_link_counters(std::uint32_t worker, std::uint32_t link_id) const {
    if (worker >= kMaxWorkers || link_id >= kLinkCapacity) {
        return {};
    }
    return view_.counters(worker, link_id).snapshot();
}

CounterValues ControlEnd::link_counters(std::uint32_t link_id) const {
    CounterValues total{};
    for (std::uint32_t w = 0; w < kMaxWorkers; ++w) {
        total += worker_link_counters(w, link_id);
    }
    return total;
}

void ControlEnd::heartbeat() {
    view_.header().writer_heartbeat_ns.store(os::monotonic_ns(), std::memory_order_relaxed);
}

bool ControlEnd::reader_attached() const {
    return os::byte_locked_by_other(mapping_->fd(), os::kReaderLockByte);
}

}  // namespace ldpsync::shm
