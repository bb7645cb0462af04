#pragma once
// Memory for the FTN table (rte_fib's 64 MiB DIR-24-8 tbl24 and its rules) when the EAL runs
// without hugepages (--no-huge, the vdev labs and benchmarks): DPDK's memory is then a shmem
// file on 4 KiB pages, and a lookup at a random /24 costs a page walk on top of its cache
// miss. This heap is anonymous memory marked MADV_HUGEPAGE, added to DPDK as an external
// malloc heap, so rte_fib allocates on transparent huge pages (best effort: without THP it is
// ordinary memory). With hugepage EAL memory the table is already on hugepages and no heap
// is made.
//
// The memory is CPU-only (no IOVA) and private to this process: a secondary process such as
// dpdk-dumpcap does not attach it, and does not need to (it never reads the FTN).

#include <cstddef>
#include <string>

namespace ldpsync::dp {

class TableHeap {
public:
    // bytes: the most the tables will take (reserved as address space; only what is touched
    // costs memory). Check ok()/error() afterwards.
    TableHeap(const std::string& name, std::size_t bytes);
    ~TableHeap();
    TableHeap(const TableHeap&) = delete;
    TableHeap& operator=(const TableHeap&) = delete;

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    // The socket id to allocate from (the external heap's own id).
    int socket() const { return socket_; }

private:
    std::string name_;
    void* base_ = nullptr;   // 2 MiB aligned start given to DPDK
    std::size_t len_ = 0;
    void* mapping_ = nullptr;  // what mmap returned (with the alignment slack)
    std::size_t mapping_len_ = 0;
    bool created_ = false;
    bool added_ = false;
    int socket_ = -1;
    std::string error_;
};

}  // namespace ldpsync::dp
