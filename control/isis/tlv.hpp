#pragma once
// The TLVs ldpsync reads and writes (ISO 10589 9, RFC 1195, 5303, 5304, 5305, 5306), each a
// typed value, and the ordered list a PDU carries. A TLV we do not know is kept as bytes, so a
// PDU re-encodes byte for byte and an LSP floods unchanged.
//
// Files: tlv.cpp (the list, the small TLVs), tlv_reach.cpp (IS and IP reachability, wide and
// narrow).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "errors.hpp"
#include "reader.hpp"
#include "types.hpp"

namespace ldpsync::isis {

namespace tlv_type {
inline constexpr std::uint8_t area_addresses = 1;
inline constexpr std::uint8_t is_reach_narrow = 2;
inline constexpr std::uint8_t lan_neighbors = 6;
inline constexpr std::uint8_t padding = 8;
inline constexpr std::uint8_t lsp_entries = 9;
inline constexpr std::uint8_t authentication = 10;
inline constexpr std::uint8_t ext_is_reach = 22;
inline constexpr std::uint8_t ip_internal_narrow = 128;
inline constexpr std::uint8_t protocols_supported = 129;
inline constexpr std::uint8_t ip_external_narrow = 130;
inline constexpr std::uint8_t ip_interface_addresses = 132;
inline constexpr std::uint8_t ext_ip_reach = 135;
inline constexpr std::uint8_t hostname = 137;
inline constexpr std::uint8_t restart = 211;
inline constexpr std::uint8_t p2p_adjacency = 240;
}  // namespace tlv_type

inline constexpr std::uint8_t kNlpidIpv4 = 0xcc;
inline constexpr std::size_t kMaxTlvValue = 255;

// The largest metrics (RFC 5305 3 and 4; ISO 10589 narrow 6-bit). MAX_PATH_METRIC - 1 is what
// RFC 5443 advertises for a link that is not in sync: 0xFFFFFF would remove the link (RFC 5305
// 3: not used in SPF).
inline constexpr std::uint32_t kMaxWideLinkMetric = 0xFFFFFE;
inline constexpr std::uint32_t kWideMetricNotInSpf = 0xFFFFFF;
inline constexpr std::uint8_t kMaxNarrowMetric = 63;

struct AreaAddresses {  // 1
    std::vector<Bytes> areas;
    bool operator==(const AreaAddresses&) const = default;
};

struct IsReachNarrow {  // 2
    struct Neighbor {
        std::uint8_t metric = 0;                                      // default metric, 6 bits
        std::array<std::uint8_t, 3> other_metrics{0x80, 0x80, 0x80};  // delay, expense, error: unsupported
        NodeId id;
        bool operator==(const Neighbor&) const = default;
    };
    bool virtual_flag = false;
    std::vector<Neighbor> neighbors;
    bool operator==(const IsReachNarrow&) const = default;
};

struct LanNeighbors {  // 6: the MACs of the IS we hear on a LAN
    std::vector<MacAddress> macs;
    bool operator==(const LanNeighbors&) const = default;
};

struct Padding {  // 8
    Bytes value;  // kept as received (zeros when we send)
    bool operator==(const Padding&) const = default;
};

struct LspEntry {
    std::uint16_t remaining_lifetime = 0;
    LspId id;
    std::uint32_t sequence = 0;
    std::uint16_t checksum = 0;
    bool operator==(const LspEntry&) const = default;
};
struct LspEntries {  // 9
    std::vector<LspEntry> entries;
    bool operator==(const LspEntries&) const = default;
};
inline constexpr std::size_t kLspEntrySize = 16;

namespace auth_type {
inline constexpr std::uint8_t cleartext = 1;
inline constexpr std::uint8_t hmac_md5 = 54;  // RFC 5304
}  // namespace auth_type
struct Authentication {  // 10
    std::uint8_t type = 0;
    Bytes value;
    bool operator==(const Authentication&) const = default;
};

struct ExtIsReach {  // 22 (RFC 5305 3)
    struct Neighbor {
        NodeId id;
        std::uint32_t metric = 0;  // 24 bits
        Bytes sub_tlvs;
        bool operator==(const Neighbor&) const = default;
    };
    std::vector<Neighbor> neighbors;
    bool operator==(const ExtIsReach&) const = default;
};

struct IpReachNarrow {  // 128 (internal) and 130 (external) (RFC 1195 5.3.4)
    struct Prefix {
        std::uint8_t metric = 0;       // default metric, 6 bits
        bool up_down = false;          // RFC 5302 2: the high bit of the default metric
        bool external_metric = false;  // I/E bit
        std::array<std::uint8_t, 3> other_metrics{0x80, 0x80, 0x80};
        std::uint32_t address = 0;
        std::uint32_t mask = 0;
        bool operator==(const Prefix&) const = default;
    };
    bool external = false;  // TLV 130
    std::vector<Prefix> prefixes;
    bool operator==(const IpReachNarrow&) const = default;
};

struct ProtocolsSupported {  // 129
    std::vector<std::uint8_t> nlpids;
    bool operator==(const ProtocolsSupported&) const = default;
};

struct IpInterfaceAddresses {  // 132
    std::vector<std::uint32_t> addresses;
    bool operator==(const IpInterfaceAddresses&) const = default;
};

struct ExtIpReach {  // 135 (RFC 5305 4)
    struct Prefix {
        std::uint32_t metric = 0;
        bool up_down = false;
        std::uint8_t length = 0;
        std::uint32_t address = 0;  // host order, bits past `length` zero
        Bytes sub_tlvs;             // without their length byte; empty = S bit clear
        bool operator==(const Prefix&) const = default;
    };
    std::vector<Prefix> prefixes;
    bool operator==(const ExtIpReach&) const = default;
};

struct Hostname {  // 137 (RFC 5301)
    std::string name;
    bool operator==(const Hostname&) const = default;
};

struct Restart {                               // 211 (RFC 5306 3.1)
    static constexpr std::uint8_t kRr = 0x01;  // restart request
    static constexpr std::uint8_t kRa = 0x02;  // restart acknowledgement
    static constexpr std::uint8_t kSa = 0x04;  // suppress adjacency advertisement
    std::uint8_t flags = 0;
    std::optional<std::uint16_t> remaining_time;
    std::optional<SystemId> restarting_neighbor;
    bool operator==(const Restart&) const = default;
};

// RFC 5303 3.3; a length of 1, 5, 11 or 15 says which fields follow.
enum class ThreeWayState : std::uint8_t { up = 0, initializing = 1, down = 2 };
struct P2pAdjacency {  // 240
    ThreeWayState state = ThreeWayState::down;
    std::optional<std::uint32_t> local_circuit;
    std::optional<SystemId> neighbor;
    std::optional<std::uint32_t> neighbor_circuit;
    bool operator==(const P2pAdjacency&) const = default;
};

struct UnknownTlv {
    std::uint8_t type = 0;
    Bytes value;
    bool operator==(const UnknownTlv&) const = default;
};

using Tlv = std::variant<AreaAddresses, IsReachNarrow, LanNeighbors, Padding, LspEntries, Authentication, ExtIsReach,
                         IpReachNarrow, ProtocolsSupported, IpInterfaceAddresses, ExtIpReach, Hostname, Restart,
                         P2pAdjacency, UnknownTlv>;

// The TLVs of a PDU in their order.
struct Tlvs {
    std::vector<Tlv> list;
    bool operator==(const Tlvs&) const = default;

    template <class T>
    const T* find() const {
        for (const auto& t : list) {
            if (const auto* v = std::get_if<T>(&t)) return v;
        }
        return nullptr;
    }
    template <class T>
    std::vector<const T*> all() const {
        std::vector<const T*> out;
        for (const auto& t : list) {
            if (const auto* v = std::get_if<T>(&t)) out.push_back(v);
        }
        return out;
    }
    template <class T>
    void add(T value) {
        list.emplace_back(std::move(value));
    }

    // Decodes TLVs until the reader is empty; `base` is for offsets in errors.
    static DecodeResult<Tlvs> decode(Reader& in);
    // The TLVs of a PDU: from the end of its fixed header to its PDU length (header.hpp).
    static DecodeResult<Tlvs> decode_pdu_body(ByteView pdu, std::uint16_t pdu_length, std::uint8_t header_length,
                                              std::size_t length_offset);
    // Appends every TLV; a value longer than 255 bytes is a caller's bug (origination splits).
    void encode(Writer& out) const;
};

// The same TLVs in the same order, leaving out the Authentication TLVs (a digest changes with
// every signing, the content it protects does not).
bool same_content(const Tlvs& a, const Tlvs& b);

// One TLV's wire type and its value's encoded size (for packing TLVs into LSP fragments).
std::uint8_t tlv_wire_type(const Tlv& t);
std::size_t tlv_value_size(const Tlv& t);

// tlv_reach.cpp: the reachability TLVs' values.
DecodeResult<IsReachNarrow> decode_is_reach_narrow(Reader& in);
DecodeResult<ExtIsReach> decode_ext_is_reach(Reader& in);
DecodeResult<IpReachNarrow> decode_ip_reach_narrow(Reader& in, bool external);
DecodeResult<ExtIpReach> decode_ext_ip_reach(Reader& in);
void encode_value(Writer& out, const IsReachNarrow& t);
void encode_value(Writer& out, const ExtIsReach& t);
void encode_value(Writer& out, const IpReachNarrow& t);
void encode_value(Writer& out, const ExtIpReach& t);

}  // namespace ldpsync::isis
