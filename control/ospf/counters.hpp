#pragma once
// The OSPF instance's counters: one enum value each, so a typo is a compile error rather than
// a new counter. Names are stable (show ip ospf statistics, JSON, tests); decode drops keep
// their own names from errors.hpp (counter_name(Reason)).

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "errors.hpp"
#include "header.hpp"

namespace ldpsync::ospf {

// X(identifier, "stable name")
#define LDPSYNC_OSPF_COUNTERS(X)                                          \
    X(tx_hello, "tx_hello")                                               \
    X(tx_db_description, "tx_db-description")                             \
    X(tx_ls_request, "tx_ls-request")                                     \
    X(tx_ls_update, "tx_ls-update")                                       \
    X(tx_ls_ack, "tx_ls-ack")                                             \
    X(tx_encode_error, "tx_encode_error")                                 \
    X(tx_flood, "tx_flood")                                               \
    X(tx_ls_update_retransmit, "tx_ls_update_retransmit")                 \
    X(tx_dd_retransmit, "tx_dd_retransmit")                               \
    X(tx_ls_request_retransmit, "tx_ls_request_retransmit")               \
    X(rx_self_originated, "rx_self_originated")                           \
    X(rx_unknown_neighbor, "rx_unknown_neighbor")                         \
    X(rx_unknown_interface, "rx_unknown_interface")                       \
    X(rx_source_not_on_network, "rx_source_not_on_network")               \
    X(rx_own_packet, "rx_own_packet")                                     \
    X(rx_interface_inactive, "rx_interface_inactive")                     \
    X(rx_area_mismatch, "rx_area_mismatch")                               \
    X(rx_all_d_routers_not_dr, "rx_all_d_routers_not_dr")                 \
    X(rx_auth_type_mismatch, "rx_auth_type_mismatch")                     \
    X(rx_auth_key_id_mismatch, "rx_auth_key_id_mismatch")                 \
    X(rx_auth_digest_mismatch, "rx_auth_digest_mismatch")                 \
    X(rx_auth_sequence_replayed, "rx_auth_sequence_replayed")             \
    X(rx_hello_mask_mismatch, "rx_hello_mask_mismatch")                   \
    X(rx_hello_interval_mismatch, "rx_hello_interval_mismatch")           \
    X(rx_hello_dead_interval_mismatch, "rx_hello_dead_interval_mismatch") \
    X(rx_hello_options_mismatch, "rx_hello_options_mismatch")             \
    X(rx_dd_mtu_mismatch, "rx_dd_mtu_mismatch")                           \
    X(rx_dd_ignored_state, "rx_dd_ignored_state")                         \
    X(rx_dd_exstart_ignored, "rx_dd_exstart_ignored")                     \
    X(rx_dd_unknown_lsa_type, "rx_dd_unknown_lsa_type")                   \
    X(rx_dd_ms_mismatch, "rx_dd_ms_mismatch")                             \
    X(rx_dd_init_in_exchange, "rx_dd_init_in_exchange")                   \
    X(rx_dd_options_changed, "rx_dd_options_changed")                     \
    X(rx_dd_seq_mismatch, "rx_dd_seq_mismatch")                           \
    X(rx_dd_after_exchange, "rx_dd_after_exchange")                       \
    X(rx_ls_request_state, "rx_ls_request_state")                         \
    X(rx_ls_request_unknown_lsa, "rx_ls_request_unknown_lsa")             \
    X(rx_ls_update_state, "rx_ls_update_state")                           \
    X(rx_ls_ack_state, "rx_ls_ack_state")                                 \
    X(rx_ls_ack_questionable, "rx_ls_ack_questionable")                   \
    X(rx_lsa_unknown_type, "rx_lsa_unknown_type")                         \
    X(rx_lsa_older_discarded, "rx_lsa_older_discarded")                   \
    X(rx_lsa_min_ls_arrival, "rx_lsa_min_ls_arrival")                     \
    X(rx_lsa_bad_ls_req, "rx_lsa_bad_ls_req")                             \
    X(nbr_state_changes, "nbr_state_changes")                             \
    X(nbr_fsm_unexpected, "nbr_fsm_unexpected")                           \
    X(if_fsm_unexpected, "if_fsm_unexpected")                             \
    X(spf_runs, "spf_runs")                                               \
    X(rfc6138_transit_withheld, "rfc6138_transit_withheld")

enum class Counter : std::uint8_t {
#define LDPSYNC_OSPF_COUNTER_ENUM(id, name) id,
    LDPSYNC_OSPF_COUNTERS(LDPSYNC_OSPF_COUNTER_ENUM)
#undef LDPSYNC_OSPF_COUNTER_ENUM
};

std::string_view counter_name(Counter c);
Counter tx_counter(PacketType t);  // tx_hello ... tx_ls_ack

class Counters {
public:
    void bump(Counter c) { ++counts_[static_cast<std::size_t>(c)]; }
    void bump(Reason r) { ++drops_[static_cast<std::size_t>(r)]; }
    std::uint64_t get(Counter c) const { return counts_[static_cast<std::size_t>(c)]; }
    // By stable name, counters and decode drops alike; nothing for a name that is neither.
    std::optional<std::uint64_t> get(std::string_view name) const;
    // Every counter that is not zero, by name (show ip ospf statistics).
    std::map<std::string, std::uint64_t> nonzero() const;

private:
    static constexpr std::size_t kCounters = 0
#define LDPSYNC_OSPF_COUNTER_ONE(id, name) +1
        LDPSYNC_OSPF_COUNTERS(LDPSYNC_OSPF_COUNTER_ONE);
#undef LDPSYNC_OSPF_COUNTER_ONE
    static constexpr std::size_t kReasons = kReasonCount;
    std::array<std::uint64_t, kCounters> counts_{};
    std::array<std::uint64_t, kReasons> drops_{};
};

}  // namespace ldpsync::ospf
