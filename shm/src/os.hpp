#pragma once
// Thin wrappers over the POSIX calls the segment needs. Private to the library.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ldpsync::shm::os {

// Byte offsets in the segment file used as open-file-description locks. OFD locks belong to
// the open file, not the process, and vanish when the holder dies: a writer or reader that
// is kill -9'd frees its slot without anyone cleaning up.
inline constexpr off_t kWriterLockByte = 0;
inline constexpr off_t kReaderLockByte = 1;

bool valid_instance_name(std::string_view instance);
std::string segment_name(std::string_view instance);

// 0 on success, else errno (EAGAIN/EACCES when someone else holds it).
int try_lock_byte(int fd, off_t byte);
// True when another open file description holds a lock on that byte.
bool byte_locked_by_other(int fd, off_t byte);

std::uint64_t monotonic_ns();
std::string errno_text(int err);

class Mapping {
public:
    Mapping() = default;
    Mapping(int fd, std::byte* base, std::size_t size) : fd_(fd), base_(base), size_(size) {}
    Mapping(Mapping&& other) noexcept;
    Mapping& operator=(Mapping&& other) noexcept;
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    ~Mapping();

    int fd() const { return fd_; }
    std::byte* base() const { return base_; }
    std::size_t size() const { return size_; }

private:
    void reset();
    int fd_ = -1;
    std::byte* base_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace ldpsync::shm::os
