#include "discovery.hpp"

#include <algorithm>
#include <utility>

namespace ldpsync::ldp {

std::uint16_t negotiate_hello_hold(std::uint16_t local, std::uint16_t peer) {
    auto effective = [](std::uint16_t h) { return h == 0 ? kLinkHelloDefaultHold : h; };
    return std::min(effective(local), effective(peer));
}

Discovery::Discovery(DiscoveryConfig config, const sync::ClockSource& clock) : config_(config), clock_(clock) {}

void Discovery::enable_interface(std::uint32_t ifindex) { next_hello_.try_emplace(ifindex, clock_.now()); }

void Discovery::disable_interface(std::uint32_t ifindex) {
    next_hello_.erase(ifindex);
    for (auto it = adjacencies_.begin(); it != adjacencies_.end();) {
        if (it->first.ifindex == ifindex) {
            events_.emplace_back(AdjacencyDown{it->first, AdjacencyDownReason::interface_down});
            it = adjacencies_.erase(it);
        } else {
            ++it;
        }
    }
}

void Discovery::drop(std::uint32_t ifindex, std::string why) {
    events_.emplace_back(HelloDropped{ifindex, std::move(why)});
}

void Discovery::hello_received(std::uint32_t ifindex, std::uint32_t source, ByteView pdu) {
    hello_received(ifindex, source, pdu, std::nullopt);
}

void Discovery::hello_received(std::uint32_t ifindex, std::uint32_t source, ByteView pdu, std::optional<int> ttl) {
    if (!next_hello_.contains(ifindex)) {
        return drop(ifindex, "LDP not enabled on the interface");
    }
    auto d = decode_pdu(pdu);
    if (!d) {
        return drop(ifindex, d.error().to_string());
    }
    if (d->messages.size() != 1 || !d->messages[0].message) {
        return drop(ifindex, d->messages.empty() || d->messages[0].message ? "not a single message"
                                                                            : d->messages[0].message.error().to_string());
    }
    const auto* hello = std::get_if<Hello>(&*d->messages[0].message);
    if (hello == nullptr) {
        return drop(ifindex, "not a Hello");
    }
    if (hello->params.targeted) {
        return drop(ifindex, "targeted Hello (extended discovery not supported)");
    }
    if (d->header.lsr_id == config_.lsr_id) {
        return drop(ifindex, "our own Hello");
    }
    Adjacency adj;
    adj.key = {ifindex, d->header.lsr_id, d->header.label_space};
    // GTSM (RFC 6720) is in use when we offer it and the peer's Hellos carry the G flag *and*
    // arrive with TTL 255. FRR 8.4 sets G on IPv4 Hellos but sends them with TTL 1 (it applies GTSM to IPv6
    // only), so G alone cannot be enforced. Once an adjacency runs GTSM, a Hello for it with a
    // lower TTL was forwarded from further away: dropped.
    const bool ttl_255 = !ttl || *ttl == 255;
    if (auto known = adjacencies_.find(adj.key); known != adjacencies_.end() && known->second.gtsm && !ttl_255) {
        return drop(ifindex, "GTSM: Hello from a GTSM peer arrived with TTL " + std::to_string(*ttl) + ", not 255");
    }
    adj.gtsm = config_.gtsm && hello->params.gtsm && ttl_255;  // both must offer it
    adj.source = source;
    adj.transport = source;  // RFC 5036 3.5.2: no Transport Address TLV -> the source address
    for (const auto& t : hello->optional) {
        if (const auto* ta = std::get_if<Ipv4TransportAddressTlv>(&t)) {
            adj.transport = ta->address;
        }
    }
    adj.hold_time = negotiate_hello_hold(config_.hold_time, hello->params.hold_time);
    if (adj.hold_time != kHelloHoldInfinite) {
        adj.expires = clock_.now() + std::chrono::seconds(adj.hold_time);
    }
    auto [it, inserted] = adjacencies_.insert_or_assign(adj.key, adj);
    if (inserted) {
        events_.emplace_back(AdjacencyUp{it->second});
    }
    // A peer that proposes a shorter hold than our interval allows would expire us between
    // two Hellos: the next one comes sooner (see hello_interval_on()).
    auto& due = next_hello_[ifindex];
    due = std::min(due, clock_.now() + hello_interval_on(ifindex));
}

std::chrono::milliseconds Discovery::hello_interval_on(std::uint32_t ifindex) const {
    // RFC 5036 3.5.2 leaves the interval to the sender; a third of the hold time, as IOS and
    // FRR send, keeps an adjacency through two lost Hellos. The shortest negotiated hold on
    // the interface decides, never slower than the configured interval.
    std::chrono::milliseconds interval = config_.hello_interval;
    for (const auto& [key, adj] : adjacencies_) {
        if (key.ifindex != ifindex || adj.hold_time == kHelloHoldInfinite) continue;
        interval = std::min(interval, std::chrono::milliseconds(adj.hold_time * 1000 / 3));
    }
    return std::max(interval, std::chrono::milliseconds(100));
}

Bytes Discovery::hello_pdu() const {
    Hello h;
    h.id = next_message_id_;
    h.params.hold_time = config_.hold_time;
    h.params.gtsm = config_.gtsm;
    if (config_.transport_address != 0) {
        h.optional.emplace_back(Ipv4TransportAddressTlv{{}, config_.transport_address});
    }
    PduHeader header;
    header.lsr_id = config_.lsr_id;
    header.label_space = config_.label_space;
    return encode_pdu(header, std::vector<Message>{h});
}

std::vector<OutgoingHello> Discovery::poll() {
    const auto now = clock_.now();
    for (auto it = adjacencies_.begin(); it != adjacencies_.end();) {
        if (it->second.expires && now >= *it->second.expires) {
            events_.emplace_back(AdjacencyDown{it->first, AdjacencyDownReason::hold_expired});
            it = adjacencies_.erase(it);
        } else {
            ++it;
        }
    }
    std::vector<OutgoingHello> out;
    for (auto& [ifindex, due] : next_hello_) {
        if (now >= due) {
            out.push_back({ifindex, hello_pdu()});
            ++next_message_id_;
            due = now + hello_interval_on(ifindex);
        }
    }
    return out;
}

std::optional<sync::TimePoint> Discovery::next_deadline() const {
    std::optional<sync::TimePoint> next;
    auto consider = [&](sync::TimePoint t) { next = next ? std::min(*next, t) : t; };
    for (const auto& [ifindex, due] : next_hello_) {
        consider(due);
    }
    for (const auto& [key, adj] : adjacencies_) {
        if (adj.expires) {
            consider(*adj.expires);
        }
    }
    return next;
}

std::vector<DiscoveryEvent> Discovery::take_events() { return std::exchange(events_, {}); }

std::vector<Adjacency> Discovery::adjacencies_of(std::uint32_t lsr_id) const {
    std::vector<Adjacency> out;
    for (const auto& [key, adj] : adjacencies_) {
        if (key.lsr_id == lsr_id) {
            out.push_back(adj);
        }
    }
    return out;
}

std::optional<std::uint32_t> Discovery::peer_transport(std::uint32_t lsr_id) const {
    for (const auto& [key, adj] : adjacencies_) {
        if (key.lsr_id == lsr_id) {
            return adj.transport;
        }
    }
    return std::nullopt;
}

}  // namespace ldpsync::ldp
