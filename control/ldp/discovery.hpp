#pragma once
// Basic discovery (RFC 5036 2.4.1, 3.5.2): link Hello adjacencies per interface, I/O-free.
//
// The caller sends the PDUs poll() returns as UDP 646 to 224.0.0.2 on each interface, hands
// received Hello PDUs to hello_received(), and calls poll() at next_deadline(). Adjacencies are
// keyed by (interface, peer LDP identifier); sessions are per peer LSR id, so
// adjacencies_of(lsr_id) and peer_transport(lsr_id) map adjacencies to the session.

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "message.hpp"
#include "sync_clock.hpp"

namespace ldpsync::ldp {

inline constexpr std::uint16_t kLinkHelloDefaultHold = 15;  // RFC 5036 3.5.2: hold 0 on a link Hello
inline constexpr std::uint16_t kHelloHoldInfinite = 0xffff;

// RFC 5036 3.5.2: each side proposes a hold time (0 = the default, 15 s for link Hellos); the
// adjacency uses the smaller; 0xffff is infinite (only when both say so).
std::uint16_t negotiate_hello_hold(std::uint16_t local, std::uint16_t peer);

struct DiscoveryConfig {
    std::uint32_t lsr_id = 0;
    std::uint16_t label_space = 0;
    std::uint32_t transport_address = 0;  // sent in the IPv4 Transport Address TLV (0: none)
    std::uint16_t hold_time = kLinkHelloDefaultHold;  // proposed, seconds
    std::chrono::milliseconds hello_interval{5000};
    // RFC 6720 / RFC 7552 G flag: we send Hellos with TTL 255 and say so.
    bool gtsm = false;
};

struct AdjacencyKey {
    std::uint32_t ifindex = 0;
    std::uint32_t lsr_id = 0;
    std::uint16_t label_space = 0;
    auto operator<=>(const AdjacencyKey&) const = default;
};

struct Adjacency {
    AdjacencyKey key;
    std::uint32_t source = 0;      // IP source of the last Hello
    std::uint32_t transport = 0;   // Transport Address TLV, else the source address
    std::uint16_t hold_time = 0;   // negotiated, seconds; 0xffff infinite
    std::optional<sync::TimePoint> expires;  // none when infinite
    bool gtsm = false;             // G flag and TTL 255: the session runs GTSM (IP_MINTTL 255)
};

struct OutgoingHello {
    std::uint32_t ifindex = 0;
    Bytes pdu;
};

enum class AdjacencyDownReason : std::uint8_t { hold_expired, interface_down };
struct AdjacencyUp {
    Adjacency adjacency;
};
struct AdjacencyDown {
    AdjacencyKey key;
    AdjacencyDownReason reason;
};
// A Hello that was dropped (malformed, targeted, not a Hello): RFC 5036 3.5.1.2.1 says silently,
// so this is only reported for counters and logs.
struct HelloDropped {
    std::uint32_t ifindex = 0;
    std::string why;
};
using DiscoveryEvent = std::variant<AdjacencyUp, AdjacencyDown, HelloDropped>;

class Discovery {
public:
    Discovery(DiscoveryConfig config, const sync::ClockSource& clock);

    void enable_interface(std::uint32_t ifindex);   // first Hello goes out at the next poll()
    void disable_interface(std::uint32_t ifindex);  // its adjacencies go down
    void hello_received(std::uint32_t ifindex, std::uint32_t source, ByteView pdu);
    // With the IP TTL the Hello arrived with: an adjacency runs GTSM (RFC 6720) when the
    // peer's Hello has the G flag and TTL 255; later Hellos for it with a lower TTL are dropped.
    // G with a lower TTL (FRR 8.4 on IPv4) is accepted, without GTSM.
    void hello_received(std::uint32_t ifindex, std::uint32_t source, ByteView pdu, std::optional<int> ttl);

    // Expires adjacencies and returns the Hellos due now.
    std::vector<OutgoingHello> poll();
    std::optional<sync::TimePoint> next_deadline() const;
    std::vector<DiscoveryEvent> take_events();

    const std::map<AdjacencyKey, Adjacency>& adjacencies() const { return adjacencies_; }
    std::vector<Adjacency> adjacencies_of(std::uint32_t lsr_id) const;
    // Transport address to use for the session with `lsr_id` (from any of its adjacencies).
    std::optional<std::uint32_t> peer_transport(std::uint32_t lsr_id) const;
    Bytes hello_pdu() const;
    // How often Hellos go out on an interface: the configured interval, or a third of the
    // shortest hold time negotiated with a peer there when that is shorter.
    std::chrono::milliseconds hello_interval_on(std::uint32_t ifindex) const;

private:
    void drop(std::uint32_t ifindex, std::string why);

    DiscoveryConfig config_;
    const sync::ClockSource& clock_;
    std::map<std::uint32_t, sync::TimePoint> next_hello_;  // per enabled interface
    std::map<AdjacencyKey, Adjacency> adjacencies_;
    std::vector<DiscoveryEvent> events_;
    std::uint32_t next_message_id_ = 1;
};

}  // namespace ldpsync::ldp
