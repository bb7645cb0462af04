#include "table_heap.hpp"

#include <rte_errno.h>
#include <rte_malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace ldpsync::dp {

namespace {
constexpr std::size_t kHugePage = std::size_t{2} << 20;
}

TableHeap::TableHeap(const std::string& name, std::size_t bytes) : name_(name) {
    len_ = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    mapping_len_ = len_ + kHugePage;
    // Address space only until touched; the slack lets the heap start on a 2 MiB boundary.
    mapping_ = ::mmap(nullptr, mapping_len_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                      -1, 0);
    if (mapping_ == MAP_FAILED) {
        mapping_ = nullptr;
        error_ = "table heap: mmap of " + std::to_string(mapping_len_ >> 20) + " MiB failed";
        return;
    }
    const auto start = reinterpret_cast<std::uintptr_t>(mapping_);
    base_ = reinterpret_cast<void*>((start + kHugePage - 1) / kHugePage * kHugePage);
#ifdef MADV_HUGEPAGE
    ::madvise(base_, len_, MADV_HUGEPAGE);
#endif
    if (rte_malloc_heap_create(name_.c_str()) != 0) {
        error_ = "table heap: rte_malloc_heap_create: " + std::string(rte_strerror(rte_errno));
        return;
    }
    created_ = true;
    // No IOVA table: the tables are never handed to a device.
    if (rte_malloc_heap_memory_add(name_.c_str(), base_, len_, nullptr, 0, kHugePage) != 0) {
        error_ = "table heap: rte_malloc_heap_memory_add: " + std::string(rte_strerror(rte_errno));
        return;
    }
    added_ = true;
    socket_ = rte_malloc_heap_get_socket(name_.c_str());
    if (socket_ < 0) {
        error_ = "table heap: rte_malloc_heap_get_socket: " + std::string(rte_strerror(rte_errno));
    }
}

TableHeap::~TableHeap() {
    // Whatever was allocated from the heap must be freed before this runs.
    if (added_) {
        rte_malloc_heap_memory_remove(name_.c_str(), base_, len_);
    }
    if (created_) {
        rte_malloc_heap_destroy(name_.c_str());
    }
    if (mapping_ != nullptr) {
        ::munmap(mapping_, mapping_len_);
    }
}

}  // namespace ldpsync::dp
