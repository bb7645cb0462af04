#pragma once
// Initialization negotiation (RFC 5036 2.5.3, 3.5.3) and capability negotiation (RFC 5561).
//
// negotiate() checks the peer's Initialization against our configuration and returns either the
// session parameters both sides use or a DecodeError carrying the rejection status, so that the
// Notification is built by notification_for() like any other protocol error.

#include <cstdint>
#include <optional>

#include "errors.hpp"
#include "initialization.hpp"
#include "pdu.hpp"

namespace ldpsync::ldp {

// The RFC 5561 capabilities this LSR understands.
struct Capabilities {
    bool dynamic_announcement = false;       // 0x0506, RFC 5561
    bool typed_wildcard_fec = false;         // 0x050B, RFC 5918
    bool unrecognized_notification = false;  // 0x0603, RFC 5919 (End-of-LIB needs it)
    bool operator==(const Capabilities&) const = default;

    static Capabilities all() { return {true, true, true}; }
    Capabilities operator&(const Capabilities& o) const {
        return {dynamic_announcement && o.dynamic_announcement, typed_wildcard_fec && o.typed_wildcard_fec,
                unrecognized_notification && o.unrecognized_notification};
    }
};

// Capabilities announced (S = 1) in an Initialization's optional TLVs.
Capabilities announced_capabilities(const Initialization& init);

struct LocalSessionParams {
    std::uint32_t lsr_id = 0;
    std::uint16_t label_space = 0;
    std::uint16_t keepalive_time = 180;                    // seconds, proposed
    std::uint16_t max_pdu_length = kDefaultMaxPduLength;   // 4096
    Capabilities capabilities = Capabilities::all();
    // Graceful restart (RFC 3478): when set, the FT Session TLV sent in our Initialization.
    std::optional<FtSessionTlv> ft_session;
};

// RFC 3479 4.2 FT Flags: L (Learn from Network), the one RFC 3478 graceful restart sets.
inline constexpr std::uint16_t kFtFlagLearnFromNetwork = 0x0001;
// Our FT Session TLV for graceful restart: L set, U = 1 so that a peer without FT ignores it.
FtSessionTlv graceful_restart_tlv(std::uint32_t reconnect_timeout_ms, std::uint32_t recovery_time_ms);

struct NegotiatedSession {
    std::uint16_t keepalive_time = 0;    // min of both (RFC 5036 3.5.3)
    std::uint16_t max_pdu_length = 0;    // min of both; a proposal of 0..255 means 4096
    Capabilities peer_capabilities;      // what the peer announced
    Capabilities capabilities;           // announced by both: usable on this session
    std::optional<FtSessionTlv> peer_ft_session;  // the peer's FT Session TLV, if any
    bool graceful_restart = false;       // both sent FT Session with L: RFC 3478 applies
    bool operator==(const NegotiatedSession&) const = default;
};

// Our Initialization to a peer: Common Session Parameters (downstream unsolicited, loop detection
// off) addressed to the peer's LDP identifier, then one Capability TLV per local capability.
Initialization make_initialization(const LocalSessionParams& local, std::uint32_t peer_lsr_id,
                                   std::uint16_t peer_label_space, std::uint32_t message_id);

// Checks, in this order (each failure is fatal and names the Initialization message):
//   protocol version != 1                 -> Bad Protocol Version 0x02
//   receiver LDP identifier is not ours   -> Session Rejected/No Hello 0x10 (3.5.3)
//   keepalive time 0                      -> Session Rejected/Bad KeepAlive Time 0x18
//   A bit (downstream on demand) set      -> Session Rejected/Parameters Advertisement Mode 0x11
//                                            (we only do downstream unsolicited)
//   D bit (loop detection) set            -> Session Rejected/Parameters Advertisement Mode 0x11
//                                            (no path vectors here; FRR and OpenBSD never set it)
// A max PDU length proposal of 0..255 means 4096 and is never a reason to reject.
Result<NegotiatedSession> negotiate(const LocalSessionParams& local, const Initialization& peer);

}  // namespace ldpsync::ldp
