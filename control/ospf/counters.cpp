#include "counters.hpp"

namespace ldpsync::ospf {

std::string_view counter_name(Counter c) {
    switch (c) {
#define LDPSYNC_OSPF_COUNTER_CASE(id, name) \
    case Counter::id: return name;
        LDPSYNC_OSPF_COUNTERS(LDPSYNC_OSPF_COUNTER_CASE)
#undef LDPSYNC_OSPF_COUNTER_CASE
    }
    return "unknown";
}

Counter tx_counter(PacketType t) {
    switch (t) {
    case PacketType::hello: return Counter::tx_hello;
    case PacketType::db_description: return Counter::tx_db_description;
    case PacketType::ls_request: return Counter::tx_ls_request;
    case PacketType::ls_update: return Counter::tx_ls_update;
    case PacketType::ls_ack: return Counter::tx_ls_ack;
    }
    return Counter::tx_encode_error;
}

std::optional<std::uint64_t> Counters::get(std::string_view name) const {
    for (std::size_t i = 0; i < kCounters; ++i) {
        if (counter_name(static_cast<Counter>(i)) == name) return counts_[i];
    }
    for (std::size_t i = 0; i < kReasons; ++i) {
        if (counter_name(static_cast<Reason>(i)) == name) return drops_[i];
    }
    return std::nullopt;
}

std::map<std::string, std::uint64_t> Counters::nonzero() const {
    std::map<std::string, std::uint64_t> out;
    for (std::size_t i = 0; i < kCounters; ++i) {
        if (counts_[i] != 0) out.emplace(counter_name(static_cast<Counter>(i)), counts_[i]);
    }
    for (std::size_t i = 0; i < kReasons; ++i) {
        if (drops_[i] != 0) out.emplace(counter_name(static_cast<Reason>(i)), drops_[i]);
    }
    return out;
}

}  // namespace ldpsync::ospf
