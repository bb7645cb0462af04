#pragma once
// LDP TLVs (RFC 5036 3.3 and 3.4; RFC 3479 FT Session; RFC 5561/5918/5919 capabilities).
//
//   0                   1                   2                   3
//   |U|F|        Type (14 bits)     |            Length             |
//   |                             Value ...                          |
//
// Every typed TLV keeps its U and F bits and its reserved bits, so that encode(decode(x)) == x
// byte for byte. TLVs this codec does not interpret are kept as OpaqueTlv: RFC-registered types
// it leaves uninterpreted (Path Vector, ATM/Frame Relay labels, Returned PDU/Message, ...) and
// unknown types whose U bit is set. An unknown type with U = 0 is a decode error (Unknown TLV).

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "cursor.hpp"
#include "errors.hpp"

namespace ldpsync::ldp {

namespace tlv_type {
inline constexpr std::uint16_t fec = 0x0100;
inline constexpr std::uint16_t address_list = 0x0101;
inline constexpr std::uint16_t hop_count = 0x0103;
inline constexpr std::uint16_t path_vector = 0x0104;
inline constexpr std::uint16_t generic_label = 0x0200;
inline constexpr std::uint16_t atm_label = 0x0201;
inline constexpr std::uint16_t frame_relay_label = 0x0202;
inline constexpr std::uint16_t ft_protection = 0x0203;           // RFC 3479
inline constexpr std::uint16_t status = 0x0300;
inline constexpr std::uint16_t extended_status = 0x0301;
inline constexpr std::uint16_t returned_pdu = 0x0302;
inline constexpr std::uint16_t returned_message = 0x0303;
inline constexpr std::uint16_t returned_tlvs = 0x0304;           // RFC 5561
inline constexpr std::uint16_t common_hello_params = 0x0400;
inline constexpr std::uint16_t ipv4_transport_address = 0x0401;
inline constexpr std::uint16_t config_sequence_number = 0x0402;
inline constexpr std::uint16_t ipv6_transport_address = 0x0403;
inline constexpr std::uint16_t common_session_params = 0x0500;
inline constexpr std::uint16_t atm_session_params = 0x0501;
inline constexpr std::uint16_t frame_relay_session_params = 0x0502;
inline constexpr std::uint16_t ft_session = 0x0503;              // RFC 3479
inline constexpr std::uint16_t ft_ack = 0x0504;                  // RFC 3479
inline constexpr std::uint16_t ft_cork = 0x0505;                 // RFC 3479
inline constexpr std::uint16_t dynamic_announcement_cap = 0x0506;  // RFC 5561
inline constexpr std::uint16_t typed_wildcard_fec_cap = 0x050B;    // RFC 5918
inline constexpr std::uint16_t label_request_message_id = 0x0600;
inline constexpr std::uint16_t unrecognized_notification_cap = 0x0603;  // RFC 5919
inline constexpr std::uint16_t dual_stack = 0x0701;                // RFC 7552
}  // namespace tlv_type

// RFC-registered TLV types this codec knows about (typed or opaque). Vendor-private
// (0x3E00-0x3EFF) and experimental (0x3F00-0x3FFF) count as known: their U bit decides.
bool is_known_tlv_type(std::uint16_t type);
// Capability Parameter TLVs (RFC 5561 section 3) that this codec decodes as CapabilityTlv.
bool is_capability_tlv_type(std::uint16_t type);

inline constexpr std::uint16_t af_ipv4 = 1;  // IANA address family numbers
inline constexpr std::uint16_t af_ipv6 = 2;

struct TlvBits {
    bool u = false;  // unknown TLV: ignore silently (1) or notify and drop the message (0)
    bool f = false;  // unknown TLV with U = 1: forward (1) or not (0)
    bool operator==(const TlvBits&) const = default;
};

// ---- FEC TLV (0x0100), RFC 5036 3.4.1 and RFC 5918 ----
namespace fec_element {
inline constexpr std::uint8_t wildcard = 0x01;
inline constexpr std::uint8_t prefix = 0x02;
inline constexpr std::uint8_t typed_wildcard = 0x05;  // RFC 5918
}  // namespace fec_element

struct WildcardFec {
    bool operator==(const WildcardFec&) const = default;
};

// Prefix FEC element: family, prefix length in bits, then ceil(len/8) prefix octets. The
// octets are kept as sent (bits past the prefix length are not masked), the rest are zero.
struct PrefixFec {
    std::uint16_t family = af_ipv4;
    std::uint8_t prefix_length = 0;
    std::array<std::uint8_t, 16> address{};
    bool operator==(const PrefixFec&) const = default;

    static PrefixFec ipv4(std::uint32_t address, std::uint8_t length);
    std::uint32_t ipv4_address() const;
};

// Typed Wildcard FEC element (RFC 5918 3.1): covered FEC element type plus additional
// information; for the Prefix FEC type that is a 2-octet address family (RFC 5918 4).
struct TypedWildcardFec {
    std::uint8_t fec_type = fec_element::prefix;
    std::vector<std::uint8_t> info;
    bool operator==(const TypedWildcardFec&) const = default;

    static TypedWildcardFec prefix(std::uint16_t family);
};

using FecElement = std::variant<WildcardFec, PrefixFec, TypedWildcardFec>;

struct FecTlv {
    TlvBits bits;
    std::vector<FecElement> elements;
    bool operator==(const FecTlv&) const = default;
};

// ---- Generic Label TLV (0x0200), RFC 5036 3.4.2.1 ----
struct GenericLabelTlv {
    TlvBits bits;
    std::uint32_t label = 0;  // 20 bits
    bool operator==(const GenericLabelTlv&) const = default;
};

// ---- Address List TLV (0x0101), RFC 5036 3.4.3 ----
struct AddressListTlv {
    TlvBits bits;
    std::uint16_t family = af_ipv4;
    std::vector<std::uint32_t> ipv4;                   // when family == af_ipv4
    std::vector<std::array<std::uint8_t, 16>> ipv6;   // when family == af_ipv6
    bool operator==(const AddressListTlv&) const = default;
};

// ---- Hop Count TLV (0x0103), RFC 5036 3.4.4 ----
struct HopCountTlv {
    TlvBits bits;
    std::uint8_t count = 0;  // 0 = unknown
    bool operator==(const HopCountTlv&) const = default;
};

// ---- Status TLV (0x0300), RFC 5036 3.4.6 ----
struct StatusTlv {
    TlvBits bits;
    bool e = false;          // fatal error
    bool forward = false;    // F bit of the Status Code (not the TLV F bit)
    std::uint32_t code = 0;  // 30-bit Status Data
    std::uint32_t message_id = 0;
    std::uint16_t message_type = 0;
    bool operator==(const StatusTlv&) const = default;

    Status status() const { return static_cast<Status>(code); }
};

// ---- Common Hello Parameters TLV (0x0400), RFC 5036 3.5.2 ----
struct CommonHelloParamsTlv {
    TlvBits bits;
    std::uint16_t hold_time = 0;     // seconds; 0 = default, 0xffff = infinite
    bool targeted = false;           // T
    bool request_targeted = false;   // R
    bool gtsm = false;               // G (RFC 7552): sender uses GTSM (RFC 6720), TTL 255
    std::uint16_t reserved = 0;      // low 13 bits
    bool operator==(const CommonHelloParamsTlv&) const = default;
};

// ---- IPv4 Transport Address TLV (0x0401) ----
struct Ipv4TransportAddressTlv {
    TlvBits bits;
    std::uint32_t address = 0;
    bool operator==(const Ipv4TransportAddressTlv&) const = default;
};

// ---- Configuration Sequence Number TLV (0x0402) ----
struct ConfigSequenceTlv {
    TlvBits bits;
    std::uint32_t sequence = 0;
    bool operator==(const ConfigSequenceTlv&) const = default;
};

// ---- Common Session Parameters TLV (0x0500), RFC 5036 3.5.3 ----
struct CommonSessionParamsTlv {
    TlvBits bits;
    std::uint16_t version = 1;
    std::uint16_t keepalive_time = 0;
    bool downstream_on_demand = false;  // A
    bool loop_detection = false;        // D
    std::uint8_t reserved = 0;          // low 6 bits
    std::uint8_t path_vector_limit = 0;
    std::uint16_t max_pdu_length = 0;   // 0..255 means the default, 4096
    std::uint32_t receiver_lsr_id = 0;
    std::uint16_t receiver_label_space = 0;
    bool operator==(const CommonSessionParamsTlv&) const = default;
};

// ---- FT Session TLV (0x0503), RFC 3479 4.2 (used for graceful restart, RFC 3478) ----
struct FtSessionTlv {
    TlvBits bits;
    std::uint16_t flags = 0;  // FT Flags (R, S, A, C, L), kept as sent
    std::uint16_t reserved = 0;
    std::uint32_t reconnect_timeout_ms = 0;
    std::uint32_t recovery_time_ms = 0;
    bool operator==(const FtSessionTlv&) const = default;
};

// ---- Capability Parameter TLVs, RFC 5561 section 3 ----
// Dynamic Announcement (0x0506), Typed Wildcard FEC (0x050B), Unrecognized Notification (0x0603):
// a single octet holding the S (state) bit and 7 reserved bits. U = 1 by RFC 5561.
struct CapabilityTlv {
    TlvBits bits{true, false};
    std::uint16_t type = tlv_type::dynamic_announcement_cap;
    bool state = true;          // S: 1 = advertise, 0 = withdraw
    std::uint8_t reserved = 0;  // low 7 bits
    bool operator==(const CapabilityTlv&) const = default;
};

// ---- Label Request Message ID TLV (0x0600), RFC 5036 3.5.9 ----
struct LabelRequestIdTlv {
    TlvBits bits;
    std::uint32_t message_id = 0;
    bool operator==(const LabelRequestIdTlv&) const = default;
};

// Any other TLV, value uninterpreted.
struct OpaqueTlv {
    TlvBits bits;
    std::uint16_t type = 0;
    Bytes value;
    bool operator==(const OpaqueTlv&) const = default;
};

using Tlv = std::variant<FecTlv, GenericLabelTlv, AddressListTlv, HopCountTlv, StatusTlv,
                         CommonHelloParamsTlv, Ipv4TransportAddressTlv, ConfigSequenceTlv,
                         CommonSessionParamsTlv, FtSessionTlv, CapabilityTlv, LabelRequestIdTlv,
                         OpaqueTlv>;

// Reads one TLV from a message's parameter area.
Result<Tlv> decode_tlv(Reader& r);
// Decodes a span that holds exactly one TLV.
Result<Tlv> decode_tlv(ByteView bytes);

std::uint16_t tlv_type_of(const Tlv& tlv);
std::string tlv_name(std::uint16_t type);

void encode_tlv(Writer& w, const Tlv& tlv);
Bytes encode_tlv(const Tlv& tlv);

// Dotted quad of a host-order IPv4 address.
std::string ipv4_to_string(std::uint32_t address);

}  // namespace ldpsync::ldp
