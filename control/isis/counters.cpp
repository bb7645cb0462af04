#include "counters.hpp"

namespace ldpsync::isis {

std::string_view counter_name(Counter c) {
    switch (c) {
#define LDPSYNC_ISIS_COUNTER_CASE(id, name) \
    case Counter::id: return name;
        LDPSYNC_ISIS_COUNTERS(LDPSYNC_ISIS_COUNTER_CASE)
#undef LDPSYNC_ISIS_COUNTER_CASE
    }
    return "unknown";
}

std::optional<std::uint64_t> Counters::get(std::string_view name) const {
    for (std::size_t i = 0; i < kCounters; ++i) {
        if (counter_name(static_cast<Counter>(i)) == name) return counts_[i];
    }
    for (std::size_t i = 0; i < kReasonCount; ++i) {
        if (counter_name(static_cast<Reason>(i)) == name) return drops_[i];
    }
    return std::nullopt;
}

std::map<std::string, std::uint64_t> Counters::nonzero() const {
    std::map<std::string, std::uint64_t> out;
    for (std::size_t i = 0; i < kCounters; ++i) {
        if (counts_[i] != 0) out.emplace(counter_name(static_cast<Counter>(i)), counts_[i]);
    }
    for (std::size_t i = 0; i < kReasonCount; ++i) {
        if (drops_[i] != 0) out.emplace(counter_name(static_cast<Reason>(i)), drops_[i]);
    }
    return out;
}

}  // namespace ldpsync::isis
