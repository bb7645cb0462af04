#pragma once
// 2 MiB hugepages for a test or benchmark run that wants DPDK on hugepages: reserves enough
// free pages on top of what the system has, and puts the previous count back when done
// (destroyed), so a run leaves the machine as it found it.

#include <unistd.h>

#include <fstream>
#include <optional>
#include <string>

namespace ldpsync::test {

class HugepageReservation {
public:
    static constexpr const char* kNrHugepages = "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages";
    static constexpr const char* kFreeHugepages = "/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages";

    HugepageReservation() = default;
    HugepageReservation(const HugepageReservation&) = delete;
    HugepageReservation& operator=(const HugepageReservation&) = delete;
    ~HugepageReservation() {
        if (changed_) write_number(kNrHugepages, previous_);
    }

    // Makes `pages` 2 MiB pages free; nothing, or why it could not.
    std::optional<std::string> reserve(long pages) {
        if (::geteuid() != 0) return "needs root to reserve 2 MiB hugepages";
        const auto total = read_number(kNrHugepages);
        const auto free = read_number(kFreeHugepages);
        if (!total || !free) return std::string("no 2 MiB hugepage support (") + kNrHugepages + ")";
        if (!changed_) previous_ = *total;
        const long wanted = *total + pages - *free;
        if (wanted > *total) {
            if (!write_number(kNrHugepages, wanted)) return "cannot write " + std::string(kNrHugepages);
            changed_ = true;
        }
        const auto now_free = read_number(kFreeHugepages);
        if (!now_free || *now_free < pages) {
            return "the kernel gave " + std::to_string(now_free.value_or(0)) + " free 2 MiB pages of " +
                   std::to_string(pages) + " wanted";
        }
        return std::nullopt;
    }

private:
    static std::optional<long> read_number(const char* path) {
        std::ifstream in(path);
        long v = 0;
        if (in >> v) return v;
        return std::nullopt;
    }
    static bool write_number(const char* path, long v) {
        std::ofstream out(path);
        out << v << '\n';
        out.flush();
        return static_cast<bool>(out);
    }

    long previous_ = 0;
    bool changed_ = false;
};

}  // namespace ldpsync::test
