#pragma once
// The vocabulary of the IS-IS codecs (ISO 10589 9, RFC 1195): system, node and LSP
// identifiers, levels, PDU types, and the text forms show commands print.

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "codec/byte_cursor.hpp"

namespace ldpsync::isis {

using Bytes = codec::Bytes;
using ByteView = codec::ByteView;

inline constexpr std::size_t kSystemIdLength = 6;  // ID Length 0 on the wire means 6 (9.5)
using SystemId = std::array<std::uint8_t, kSystemIdLength>;
using MacAddress = std::array<std::uint8_t, 6>;

// A system id and a pseudonode number: an IS-IS node in the graph (the pseudonode of a LAN
// when not 0).
struct NodeId {
    SystemId system{};
    std::uint8_t pseudonode = 0;
    auto operator<=>(const NodeId&) const = default;
};

// A node and a fragment number: one LSP.
struct LspId {
    SystemId system{};
    std::uint8_t pseudonode = 0;
    std::uint8_t fragment = 0;
    NodeId node() const { return NodeId{system, pseudonode}; }
    auto operator<=>(const LspId&) const = default;
};

enum class Level : std::uint8_t { l1 = 1, l2 = 2 };
inline constexpr std::array<Level, 2> kLevels{Level::l1, Level::l2};
inline std::size_t level_index(Level l) { return l == Level::l1 ? 0 : 1; }

// The levels a router or circuit runs (circuit type field of the IIH, IS type of the LSP).
namespace circuit_type {
inline constexpr std::uint8_t l1 = 1;
inline constexpr std::uint8_t l2 = 2;
inline constexpr std::uint8_t l1_l2 = 3;
}  // namespace circuit_type
inline bool runs(std::uint8_t levels, Level l) { return (levels & static_cast<std::uint8_t>(l)) != 0; }

// PDU types (ISO 10589 9.5-9.13, RFC 5303 for the point-to-point IIH).
namespace pdu_type {
inline constexpr std::uint8_t lan_iih_l1 = 15;
inline constexpr std::uint8_t lan_iih_l2 = 16;
inline constexpr std::uint8_t p2p_iih = 17;
inline constexpr std::uint8_t lsp_l1 = 18;
inline constexpr std::uint8_t lsp_l2 = 20;
inline constexpr std::uint8_t csnp_l1 = 24;
inline constexpr std::uint8_t csnp_l2 = 25;
inline constexpr std::uint8_t psnp_l1 = 26;
inline constexpr std::uint8_t psnp_l2 = 27;
}  // namespace pdu_type

// The LSP id right after `id` in the id space (the last one stays itself): consecutive CSNP
// ranges start there.
LspId next_lsp_id(const LspId& id);

// "0000.0000.0001", "0000.0000.0001.00", "0000.0000.0001.00-00" as IOS and FRR print them.
std::string format(const SystemId& id);
std::string format(const NodeId& id);
std::string format(const LspId& id);
// "0000.0000.0001" back to a system id (shows and tests take it as input).
std::optional<SystemId> parse_system_id(std::string_view text);
// "49.0001" for an area address.
std::string format_area(ByteView area);
std::string format_ipv4(std::uint32_t address);
// 24 -> 0xFFFFFF00, and back (the narrow TLVs carry masks, the wide ones lengths).
inline std::uint32_t prefix_mask(std::uint8_t length) { return length == 0 ? 0 : ~std::uint32_t{0} << (32 - length); }
std::uint8_t mask_length(std::uint32_t mask);

}  // namespace ldpsync::isis
