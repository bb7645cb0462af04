#include "tlv.hpp"

#include "header.hpp"

#include <type_traits>

namespace ldpsync::isis {

namespace {

Bytes copy(ByteView v) { return Bytes(v.begin(), v.end()); }

DecodeResult<AreaAddresses> decode_area_addresses(Reader& in) {
    AreaAddresses t;
    while (!in.empty()) {
        auto len = in.u8("tlv 1 area length");
        if (!len) return codec::Unexpected{len.error()};
        if (*len == 0 || *len > 13) return decode_error(Reason::bad_value, "tlv 1 area length", in.offset() - 1);
        auto area = in.bytes(*len, "tlv 1 area");
        if (!area) return codec::Unexpected{area.error()};
        t.areas.push_back(copy(*area));
    }
    return t;
}

DecodeResult<LanNeighbors> decode_lan_neighbors(Reader& in) {
    if (in.remaining() % 6 != 0) return decode_error(Reason::bad_tlv_length, "tlv 6", in.offset());
    LanNeighbors t;
    while (!in.empty()) {
        auto mac = in.system_id("tlv 6 mac");  // six bytes either way
        if (!mac) return codec::Unexpected{mac.error()};
        t.macs.push_back(*mac);
    }
    return t;
}

DecodeResult<LspEntries> decode_lsp_entries(Reader& in) {
    if (in.remaining() % kLspEntrySize != 0) return decode_error(Reason::bad_tlv_length, "tlv 9", in.offset());
    LspEntries t;
    while (!in.empty()) {
        auto life = in.u16("tlv 9 lifetime");
        auto id = in.lsp_id("tlv 9 lsp id");
        auto seq = in.u32("tlv 9 sequence");
        auto cks = in.u16("tlv 9 checksum");
        if (auto e = first_error(life, id, seq, cks)) return codec::Unexpected{*e};
        t.entries.push_back(LspEntry{life.value(), id.value(), seq.value(), cks.value()});
    }
    return t;
}

DecodeResult<Authentication> decode_authentication(Reader& in) {
    auto type = in.u8("tlv 10 type");
    if (!type) return codec::Unexpected{type.error()};
    return Authentication{*type, copy(in.rest())};
}

DecodeResult<IpInterfaceAddresses> decode_ip_interface_addresses(Reader& in) {
    if (in.remaining() % 4 != 0) return decode_error(Reason::bad_tlv_length, "tlv 132", in.offset());
    IpInterfaceAddresses t;
    while (!in.empty()) t.addresses.push_back(*in.u32("tlv 132 address"));
    return t;
}

DecodeResult<Restart> decode_restart(Reader& in) {
    // RFC 5306 3.1: flags, then the remaining time (2) and the restarting neighbour's id (6),
    // each present or not by the length.
    const std::size_t n = in.remaining();
    if (n != 1 && n != 3 && n != 9) return decode_error(Reason::bad_tlv_length, "tlv 211", in.offset());
    Restart t;
    t.flags = *in.u8("tlv 211 flags");
    if (n >= 3) t.remaining_time = *in.u16("tlv 211 remaining time");
    if (n == 9) t.restarting_neighbor = *in.system_id("tlv 211 neighbor");
    return t;
}

DecodeResult<P2pAdjacency> decode_p2p_adjacency(Reader& in) {
    const std::size_t n = in.remaining();
    if (n != 1 && n != 5 && n != 11 && n != 15) return decode_error(Reason::bad_tlv_length, "tlv 240", in.offset());
    const std::size_t at = in.offset();
    const std::uint8_t state = *in.u8("tlv 240 state");
    if (state > 2) return decode_error(Reason::bad_value, "tlv 240 state", at);
    P2pAdjacency t;
    t.state = static_cast<ThreeWayState>(state);
    if (n >= 5) t.local_circuit = *in.u32("tlv 240 extended local circuit id");
    if (n >= 11) t.neighbor = *in.system_id("tlv 240 neighbor system id");
    if (n == 15) t.neighbor_circuit = *in.u32("tlv 240 neighbor extended local circuit id");
    return t;
}

template <class T>
DecodeResult<Tlv> as_tlv(DecodeResult<T> r) {
    if (!r) return codec::Unexpected{r.error()};
    return Tlv{std::move(*r)};
}

DecodeResult<Tlv> decode_value(std::uint8_t type, Reader& in) {
    switch (type) {
    case tlv_type::area_addresses: return as_tlv(decode_area_addresses(in));
    case tlv_type::is_reach_narrow: return as_tlv(decode_is_reach_narrow(in));
    case tlv_type::lan_neighbors: return as_tlv(decode_lan_neighbors(in));
    case tlv_type::padding: return Tlv{Padding{copy(in.rest())}};
    case tlv_type::lsp_entries: return as_tlv(decode_lsp_entries(in));
    case tlv_type::authentication: return as_tlv(decode_authentication(in));
    case tlv_type::ext_is_reach: return as_tlv(decode_ext_is_reach(in));
    case tlv_type::ip_internal_narrow: return as_tlv(decode_ip_reach_narrow(in, false));
    case tlv_type::ip_external_narrow: return as_tlv(decode_ip_reach_narrow(in, true));
    case tlv_type::protocols_supported: {
        ProtocolsSupported t;
        for (auto b : in.rest()) t.nlpids.push_back(std::to_integer<std::uint8_t>(b));
        return Tlv{t};
    }
    case tlv_type::ip_interface_addresses: return as_tlv(decode_ip_interface_addresses(in));
    case tlv_type::ext_ip_reach: return as_tlv(decode_ext_ip_reach(in));
    case tlv_type::hostname: {
        const auto v = in.rest();
        return Tlv{Hostname{std::string(reinterpret_cast<const char*>(v.data()), v.size())}};
    }
    case tlv_type::restart: return as_tlv(decode_restart(in));
    case tlv_type::p2p_adjacency: return as_tlv(decode_p2p_adjacency(in));
    default: return Tlv{UnknownTlv{type, copy(in.rest())}};
    }
}

void encode_tlv_value(Writer& out, const Tlv& tlv) {
    std::visit(
        [&](const auto& t) {
            using T = std::decay_t<decltype(t)>;
            if constexpr (std::is_same_v<T, AreaAddresses>) {
                for (const auto& a : t.areas) {
                    out.u8(static_cast<std::uint8_t>(a.size()));
                    out.bytes(a);
                }
            } else if constexpr (std::is_same_v<T, LanNeighbors>) {
                for (const auto& m : t.macs) out.system_id(m);
            } else if constexpr (std::is_same_v<T, Padding> || std::is_same_v<T, UnknownTlv>) {
                out.bytes(t.value);
            } else if constexpr (std::is_same_v<T, LspEntries>) {
                for (const auto& e : t.entries) {
                    out.u16(e.remaining_lifetime);
                    out.lsp_id(e.id);
                    out.u32(e.sequence);
                    out.u16(e.checksum);
                }
            } else if constexpr (std::is_same_v<T, Authentication>) {
                out.u8(t.type);
                out.bytes(t.value);
            } else if constexpr (std::is_same_v<T, ProtocolsSupported>) {
                for (auto n : t.nlpids) out.u8(n);
            } else if constexpr (std::is_same_v<T, IpInterfaceAddresses>) {
                for (auto a : t.addresses) out.u32(a);
            } else if constexpr (std::is_same_v<T, Hostname>) {
                for (char c : t.name) out.u8(static_cast<std::uint8_t>(c));
            } else if constexpr (std::is_same_v<T, Restart>) {
                out.u8(t.flags);
                if (t.remaining_time || t.restarting_neighbor) out.u16(t.remaining_time.value_or(0));
                if (t.restarting_neighbor) out.system_id(*t.restarting_neighbor);
            } else if constexpr (std::is_same_v<T, P2pAdjacency>) {
                out.u8(static_cast<std::uint8_t>(t.state));
                if (t.local_circuit || t.neighbor) out.u32(t.local_circuit.value_or(0));
                if (t.neighbor) {
                    out.system_id(*t.neighbor);
                    if (t.neighbor_circuit) out.u32(*t.neighbor_circuit);
                }
            } else {
                encode_value(out, t);  // the reachability TLVs (tlv_reach.cpp)
            }
        },
        tlv);
}

}  // namespace

std::uint8_t tlv_wire_type(const Tlv& t) {
    return std::visit(
        [](const auto& v) -> std::uint8_t {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, AreaAddresses>)
                return tlv_type::area_addresses;
            else if constexpr (std::is_same_v<T, IsReachNarrow>)
                return tlv_type::is_reach_narrow;
            else if constexpr (std::is_same_v<T, LanNeighbors>)
                return tlv_type::lan_neighbors;
            else if constexpr (std::is_same_v<T, Padding>)
                return tlv_type::padding;
            else if constexpr (std::is_same_v<T, LspEntries>)
                return tlv_type::lsp_entries;
            else if constexpr (std::is_same_v<T, Authentication>)
                return tlv_type::authentication;
            else if constexpr (std::is_same_v<T, ExtIsReach>)
                return tlv_type::ext_is_reach;
            else if constexpr (std::is_same_v<T, IpReachNarrow>)
                return v.external ? tlv_type::ip_external_narrow : tlv_type::ip_internal_narrow;
            else if constexpr (std::is_same_v<T, ProtocolsSupported>)
                return tlv_type::protocols_supported;
            else if constexpr (std::is_same_v<T, IpInterfaceAddresses>)
                return tlv_type::ip_interface_addresses;
            else if constexpr (std::is_same_v<T, ExtIpReach>)
                return tlv_type::ext_ip_reach;
            else if constexpr (std::is_same_v<T, Hostname>)
                return tlv_type::hostname;
            else if constexpr (std::is_same_v<T, Restart>)
                return tlv_type::restart;
            else if constexpr (std::is_same_v<T, P2pAdjacency>)
                return tlv_type::p2p_adjacency;
            else
                return v.type;
        },
        t);
}

bool same_content(const Tlvs& a, const Tlvs& b) {
    auto next = [](const Tlvs& t, std::size_t i) {
        while (i < t.list.size() && std::holds_alternative<Authentication>(t.list[i])) ++i;
        return i;
    };
    std::size_t i = next(a, 0);
    std::size_t j = next(b, 0);
    for (; i < a.list.size() && j < b.list.size(); i = next(a, i + 1), j = next(b, j + 1)) {
        if (!(a.list[i] == b.list[j])) return false;
    }
    return i == a.list.size() && j == b.list.size();
}

std::size_t tlv_value_size(const Tlv& t) {
    Bytes scratch;
    Writer w(scratch);
    encode_tlv_value(w, t);
    return scratch.size();
}

DecodeResult<Tlvs> Tlvs::decode(Reader& in) {
    Tlvs out;
    while (!in.empty()) {
        auto type = in.u8("tlv type");
        if (!type) return codec::Unexpected{type.error()};
        auto len = in.u8("tlv length");
        if (!len) return codec::Unexpected{len.error()};
        auto value = in.sub(*len, "tlv value", Reason::bad_tlv_length);
        if (!value) return codec::Unexpected{value.error()};
        auto tlv = decode_value(*type, *value);
        if (!tlv) return codec::Unexpected{tlv.error()};
        out.list.push_back(std::move(*tlv));
    }
    return out;
}

DecodeResult<Tlvs> Tlvs::decode_pdu_body(ByteView pdu, std::uint16_t pdu_length, std::uint8_t header_length,
                                         std::size_t length_offset) {
    auto body = tlv_area(pdu, pdu_length, header_length, length_offset);
    if (!body) return codec::Unexpected{body.error()};
    return decode(*body);
}

void Tlvs::encode(Writer& out) const {
    for (const auto& t : list) {
        out.u8(tlv_wire_type(t));
        const std::size_t len_at = out.size();
        out.u8(0);
        encode_tlv_value(out, t);
        out.patch_u8(len_at, static_cast<std::uint8_t>(out.size() - len_at - 1));
    }
}

}  // namespace ldpsync::isis
