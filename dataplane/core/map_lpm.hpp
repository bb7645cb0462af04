#pragma once
// A plain longest-prefix-match table satisfying FtnTable, for unit tests and tools. Not
// safe against a concurrent writer: the data plane uses rte_lpm (dataplane/app/ftn_fib.hpp).

#include <array>
#include <cstdint>
#include <unordered_map>

namespace ldpsync::dp {

class MapLpm {
public:
    bool add(std::uint32_t ip, std::uint8_t len, std::uint32_t value) {
        if (len > 32) return false;
        by_len_[len][ip & mask(len)] = value;
        return true;
    }
    bool del(std::uint32_t ip, std::uint8_t len) { return len <= 32 && by_len_[len].erase(ip & mask(len)) != 0; }
    bool lookup(std::uint32_t ip, std::uint32_t& value) const {
        for (int len = 32; len >= 0; --len) {
            const auto& m = by_len_[static_cast<std::size_t>(len)];
            if (m.empty()) continue;
            auto it = m.find(ip & mask(static_cast<std::uint8_t>(len)));
            if (it != m.end()) {
                value = it->second;
                return true;
            }
        }
        return false;
    }
    // The burst pipeline's interface (burst.hpp), as rte_fib offers it.
    void prefetch(std::uint32_t) const {}
    void lookup_bulk(const std::uint32_t* ips, std::uint32_t* values, bool* found, unsigned n) const {
        for (unsigned i = 0; i < n; ++i) found[i] = lookup(ips[i], values[i]);
    }
    std::size_t size() const {
        std::size_t n = 0;
        for (const auto& m : by_len_) n += m.size();
        return n;
    }

private:
    static constexpr std::uint32_t mask(std::uint8_t len) { return len == 0 ? 0u : ~0u << (32 - len); }
    std::array<std::unordered_map<std::uint32_t, std::uint32_t>, 33> by_len_;
};

}  // namespace ldpsync::dp
