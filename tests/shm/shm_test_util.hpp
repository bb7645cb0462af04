#pragma once
// Helpers shared by the shm tests: unique instance names that are removed afterwards, and
// raw access to a segment for corrupting it on purpose.

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <string>

#include "ldpsync/shm/control_end.hpp"

namespace ldpsync::shm::test {

inline std::string unique_instance(const std::string& tag) {
    static std::atomic<int> counter{0};
    return "test-" + tag + "-" + std::to_string(getpid()) + "-" + std::to_string(counter.fetch_add(1));
}

// Owns an instance name for the duration of a test and unlinks the segment at the end.
class ScopedInstance {
public:
    explicit ScopedInstance(const std::string& tag) : name_(unique_instance(tag)) {}
    ~ScopedInstance() { ControlEnd::remove(name_); }
    const std::string& name() const { return name_; }

private:
    std::string name_;
};

// Maps the named segment directly, bypassing every check, to simulate foreign segments.
class RawSegment {
public:
    explicit RawSegment(const std::string& instance, std::size_t create_size = 0) {
        const std::string path = "/ldpsync." + instance;
        fd_ = shm_open(path.c_str(), O_RDWR | (create_size ? O_CREAT : 0), 0660);
        if (fd_ < 0) {
            return;
        }
        if (create_size != 0 && ftruncate(fd_, static_cast<off_t>(create_size)) != 0) {
            return;
        }
        size_ = static_cast<std::size_t>(lseek(fd_, 0, SEEK_END));
        if (size_ > 0) {
            void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
            base_ = p == MAP_FAILED ? nullptr : static_cast<std::byte*>(p);
        }
    }
    ~RawSegment() {
        if (base_ != nullptr) {
            munmap(base_, size_);
        }
        if (fd_ >= 0) {
            close(fd_);
        }
    }
    RawSegment(const RawSegment&) = delete;
    RawSegment& operator=(const RawSegment&) = delete;

    SegmentView view() const { return SegmentView(base_); }
    std::byte* base() const { return base_; }
    std::size_t size() const { return size_; }

private:
    int fd_ = -1;
    std::byte* base_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace ldpsync::shm::test
