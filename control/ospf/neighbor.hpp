#pragma once
// Per-interface and per-neighbour state of the OSPF runner (RFC 2328 9, 10): the data
// structures of 9 and 10 ("Interface" and "Neighbor" data structures), with every timer as a
// TimePoint the runner compares with `now`.

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db_description.hpp"
#include "fsm.hpp"
#include "interface_fsm.hpp"
#include "lsa.hpp"
#include "lsdb.hpp"
#include "neighbor_fsm.hpp"
#include "types.hpp"

namespace ldpsync::ospf {

struct InterfaceConfig {
    std::string name;
    NetworkType type = NetworkType::point_to_point;
    bool loopback = false;  // a loopback: LoopInd instead of InterfaceUp, a /32 stub of cost 0
    std::uint32_t address = 0;
    std::uint32_t mask = 0xFFFFFF00;
    std::uint32_t area = 0;
    std::uint16_t cost = 10;
    std::uint16_t hello_interval = 10;  // seconds
    std::uint32_t dead_interval = 40;   // seconds
    std::uint16_t rxmt_interval = 5;    // seconds
    std::uint8_t priority = 1;
    bool passive = false;               // advertised, but no Hellos sent or accepted
    std::uint16_t mtu = 1500;
    // Cryptographic authentication (RFC 2328 D.3, AuType 2) with one MD5 key when set;
    // otherwise null authentication.
    std::optional<std::uint8_t> md5_key_id;
    std::string md5_key;
    bool operator==(const InterfaceConfig&) const = default;
};

struct Neighbor {
    std::uint32_t router_id = 0;
    std::uint32_t address = 0;
    std::uint8_t priority = 0;
    std::uint32_t dr = 0;   // as declared in its last Hello
    std::uint32_t bdr = 0;
    std::uint8_t options = 0;
    NbrState state = NbrState::down;

    // 10.6, 10.8 database exchange.
    bool master = false;  // this router is master
    std::uint32_t dd_seq = 0;
    std::optional<DbDescription> last_rx_dd;  // duplicate detection (flags, options, seq)
    std::optional<DbDescription> last_tx_dd;  // resent on duplicates (slave) or RxmtInterval (master)
    std::deque<LsaHeader> summary;            // Database summary list
    std::map<LsaKey, LsaHeader> requests;     // Link state request list
    std::map<LsaKey, Lsa> retransmissions;    // Link state retransmission list (13.3)
    std::vector<LsaKey> lsr_sent;             // the entries of the outstanding LS Request

    std::optional<TimePoint> inactivity_due;
    std::optional<TimePoint> dd_rxmt_due;   // master: resend last_tx_dd
    std::optional<TimePoint> lsr_rxmt_due;  // resend the outstanding LS Request
    std::optional<TimePoint> rxmt_due;      // resend the retransmission list
};

struct Interface {
    InterfaceConfig cfg;
    IfState state = IfState::down;
    std::uint32_t dr = 0;   // addresses (0 = none)
    std::uint32_t bdr = 0;
    bool max_metric = false;      // RFC 5443: advertise LSInfinity on this interface's links
    bool hold_adjacency = false;  // RFC 5443 sync: keep neighbours at 2-Way
    bool neighbor_change_pending = false;
    // Keyed by router id on point-to-point networks and by interface address on broadcast
    // ones (10.5).
    std::map<std::uint32_t, Neighbor> neighbors;
    std::optional<TimePoint> hello_due;
    std::optional<TimePoint> wait_due;
    std::optional<TimePoint> ack_due;
    std::vector<LsaHeader> delayed_acks;
    // D.3: the last cryptographic sequence number accepted from each source address; a
    // smaller one is a replay.
    std::map<std::uint32_t, std::uint32_t> crypto_seq;
    // The last cryptographic sequence number sent; mutable because sending is otherwise a
    // read of the interface (OspfInstance::send takes it const).
    mutable std::uint32_t tx_crypto_seq = 0;

    bool active() const { return !cfg.passive && !cfg.loopback && state != IfState::down && state != IfState::loopback; }
};

}  // namespace ldpsync::ospf
