#include "session_params.hpp"

#include <algorithm>

namespace ldpsync::ldp {

Capabilities announced_capabilities(const Initialization& init) {
    Capabilities c;
    for (const auto& t : init.optional) {
        const auto* cap = std::get_if<CapabilityTlv>(&t);
        if (cap == nullptr || !cap->state) {
            continue;
        }
        switch (cap->type) {
        case tlv_type::dynamic_announcement_cap: c.dynamic_announcement = true; break;
        case tlv_type::typed_wildcard_fec_cap: c.typed_wildcard_fec = true; break;
        case tlv_type::unrecognized_notification_cap: c.unrecognized_notification = true; break;
        default: break;
        }
    }
    return c;
}

Initialization make_initialization(const LocalSessionParams& local, std::uint32_t peer_lsr_id,
                                   std::uint16_t peer_label_space, std::uint32_t message_id) {
    Initialization init;
    init.id = message_id;
    init.params.version = kLdpVersion;
    init.params.keepalive_time = local.keepalive_time;
    init.params.downstream_on_demand = false;
    init.params.loop_detection = false;
    init.params.max_pdu_length = local.max_pdu_length == kDefaultMaxPduLength ? 0 : local.max_pdu_length;
    init.params.receiver_lsr_id = peer_lsr_id;
    init.params.receiver_label_space = peer_label_space;
    auto cap = [&](std::uint16_t type) { init.optional.emplace_back(CapabilityTlv{{true, false}, type, true, 0}); };
    if (local.capabilities.dynamic_announcement) {
        cap(tlv_type::dynamic_announcement_cap);
    }
    if (local.capabilities.typed_wildcard_fec) {
        cap(tlv_type::typed_wildcard_fec_cap);
    }
    if (local.capabilities.unrecognized_notification) {
        cap(tlv_type::unrecognized_notification_cap);
    }
    if (local.ft_session) {
        init.optional.emplace_back(*local.ft_session);
    }
    return init;
}

FtSessionTlv graceful_restart_tlv(std::uint32_t reconnect_timeout_ms, std::uint32_t recovery_time_ms) {
    FtSessionTlv t;
    t.bits = {true, false};
    t.flags = kFtFlagLearnFromNetwork;
    t.reconnect_timeout_ms = reconnect_timeout_ms;
    t.recovery_time_ms = recovery_time_ms;
    return t;
}

namespace {

DecodeError reject(const Initialization& peer, Status status, std::string field, std::string detail) {
    DecodeError e = make_error(status, std::move(field), std::move(detail));
    e.message_id = peer.id;
    e.message_type = Initialization::type;
    return e;
}

std::uint16_t effective_max_pdu(std::uint16_t proposed) {
    return proposed <= 255 ? kDefaultMaxPduLength : proposed;  // RFC 5036 3.5.3
}

}  // namespace

Result<NegotiatedSession> negotiate(const LocalSessionParams& local, const Initialization& peer) {
    const auto& p = peer.params;
    if (p.version != kLdpVersion) {
        return reject(peer, Status::bad_protocol_version, "Common Session Parameters/Protocol Version",
                      "peer proposes LDP version " + std::to_string(p.version));
    }
    if (p.receiver_lsr_id != local.lsr_id || p.receiver_label_space != local.label_space) {
        return reject(peer, Status::session_rejected_no_hello, "Common Session Parameters/Receiver LDP Identifier",
                      "Initialization addressed to " + ipv4_to_string(p.receiver_lsr_id) + ":" +
                          std::to_string(p.receiver_label_space) + ", not to this LSR");
    }
    if (p.keepalive_time == 0) {
        return reject(peer, Status::session_rejected_bad_keepalive_time, "Common Session Parameters/KeepAlive Time",
                      "peer proposes a KeepAlive time of 0");
    }
    if (p.downstream_on_demand) {
        return reject(peer, Status::session_rejected_advertisement_mode, "Common Session Parameters/A",
                      "peer requests downstream on demand; this LSR only does downstream unsolicited");
    }
    if (p.loop_detection) {
        return reject(peer, Status::session_rejected_advertisement_mode, "Common Session Parameters/D",
                      "peer requests loop detection; this LSR does not do path vectors");
    }
    NegotiatedSession n;
    n.keepalive_time = std::min(local.keepalive_time, p.keepalive_time);
    n.max_pdu_length = std::min(effective_max_pdu(local.max_pdu_length), effective_max_pdu(p.max_pdu_length));
    n.peer_capabilities = announced_capabilities(peer);
    n.capabilities = n.peer_capabilities & local.capabilities;
    for (const auto& t : peer.optional) {
        if (const auto* ft = std::get_if<FtSessionTlv>(&t)) n.peer_ft_session = *ft;
    }
    n.graceful_restart = local.ft_session && (local.ft_session->flags & kFtFlagLearnFromNetwork) && n.peer_ft_session &&
                         (n.peer_ft_session->flags & kFtFlagLearnFromNetwork);
    return n;
}

}  // namespace ldpsync::ldp
