#pragma once
// The IS-IS instance's counters: one enum value each with a stable name (show isis
// statistics, JSON, tests); decode drops keep their names from errors.hpp.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "errors.hpp"

namespace ldpsync::isis {

// X(identifier, "stable name")
#define LDPSYNC_ISIS_COUNTERS(X)                              \
    X(tx_hello, "tx_hello")                                   \
    X(tx_lsp, "tx_lsp")                                       \
    X(tx_lsp_retransmit, "tx_lsp_retransmit")                 \
    X(tx_csnp, "tx_csnp")                                     \
    X(tx_psnp, "tx_psnp")                                     \
    X(rx_hello, "rx_hello")                                   \
    X(rx_lsp, "rx_lsp")                                       \
    X(rx_csnp, "rx_csnp")                                     \
    X(rx_psnp, "rx_psnp")                                     \
    X(rx_unknown_interface, "rx_unknown_interface")           \
    X(rx_interface_inactive, "rx_interface_inactive")         \
    X(rx_lan_hello_on_p2p, "rx_lan_hello_on_p2p")             \
    X(rx_p2p_hello_on_lan, "rx_p2p_hello_on_lan")             \
    X(dis_changes, "dis_changes") \
    X(rx_psnp_not_dis, "rx_psnp_not_dis") \
    X(rx_area_mismatch, "rx_area_mismatch")                   \
    X(rx_level_mismatch, "rx_level_mismatch")                 \
    X(rx_three_way_not_for_us, "rx_three_way_not_for_us")     \
    X(rx_own_system_id, "rx_own_system_id")                   \
    X(rx_no_adjacency, "rx_no_adjacency")                     \
    X(rx_lsp_newer, "rx_lsp_newer")                           \
    X(rx_lsp_duplicate, "rx_lsp_duplicate")                   \
    X(rx_lsp_older, "rx_lsp_older")                           \
    X(rx_own_lsp_newer, "rx_own_lsp_newer")                   \
    X(rx_purge_unknown, "rx_purge_unknown")                   \
    X(rx_restart_request, "rx_restart_request")               \
    X(rx_auth_missing, "rx_auth_missing")                     \
    X(rx_auth_failed, "rx_auth_failed")                       \
    X(adj_up, "adj_up")                                       \
    X(adj_down, "adj_down")                                   \
    X(adj_hold_expired, "adj_hold_expired")                   \
    X(lsp_generated, "lsp_generated")                         \
    X(lsp_expired, "lsp_expired")                             \
    X(lsp_purged_stale_fragment, "lsp_purged_stale_fragment") \
    X(spf_runs, "spf_runs")

enum class Counter : std::uint8_t {
#define LDPSYNC_ISIS_COUNTER_ENUM(id, name) id,
    LDPSYNC_ISIS_COUNTERS(LDPSYNC_ISIS_COUNTER_ENUM)
#undef LDPSYNC_ISIS_COUNTER_ENUM
};

std::string_view counter_name(Counter c);

class Counters {
public:
    void bump(Counter c) { ++counts_[static_cast<std::size_t>(c)]; }
    void bump(Reason r) { ++drops_[static_cast<std::size_t>(r)]; }
    std::uint64_t get(Counter c) const { return counts_[static_cast<std::size_t>(c)]; }
    // By stable name, counters and decode drops alike; nothing for a name that is neither.
    std::optional<std::uint64_t> get(std::string_view name) const;
    std::map<std::string, std::uint64_t> nonzero() const;

private:
    static constexpr std::size_t kCounters = 0
#define LDPSYNC_ISIS_COUNTER_ONE(id, name) +1
        LDPSYNC_ISIS_COUNTERS(LDPSYNC_ISIS_COUNTER_ONE);
#undef LDPSYNC_ISIS_COUNTER_ONE
    std::array<std::uint64_t, kCounters> counts_{};
    std::array<std::uint64_t, kReasonCount> drops_{};
};

}  // namespace ldpsync::isis
