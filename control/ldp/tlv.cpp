// TLV codec. Every length is checked before the cursor moves (RFC 5036 3.5.1.2.2): a length
// that runs past its container is Bad TLV Length, a value this codec cannot make sense of is
// Malformed TLV Value, both fatal.

#include "tlv.hpp"

#include <cstdio>

namespace ldpsync::ldp {

namespace {

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

DecodeError tlv_error(Status status, std::uint16_t type, const std::string& what, std::string detail) {
    std::string field = tlv_name(type);
    if (!what.empty()) {
        field += "/" + what;
    }
    return make_error(status, std::move(field), std::move(detail));
}

std::optional<DecodeError> expect_length(std::uint16_t type, const Reader& v, std::size_t want) {
    if (v.remaining() != want) {
        return tlv_error(Status::bad_tlv_length, type, "Length",
                         "length is " + std::to_string(v.remaining()) + ", must be " + std::to_string(want));
    }
    return std::nullopt;
}

Result<Tlv> decode_fec(TlvBits bits, Reader v) {
    const auto type = tlv_type::fec;
    FecTlv fec{bits, {}};
    if (v.empty()) {
        return tlv_error(Status::malformed_tlv_value, type, "", "FEC TLV carries no FEC element");
    }
    bool wildcard = false;
    while (!v.empty()) {
        const std::uint8_t element = *v.u8();
        switch (element) {
        case fec_element::wildcard:
            wildcard = true;
            fec.elements.emplace_back(WildcardFec{});
            break;
        case fec_element::prefix: {
            auto family = v.u16();
            auto plen = v.u8();
            if (!family || !plen) {
                return tlv_error(Status::bad_tlv_length, type, "Prefix",
                                 "Prefix FEC element truncated before its prefix length");
            }
            std::size_t max_bits = 0;
            if (*family == af_ipv4) {
                max_bits = 32;
            } else if (*family == af_ipv6) {
                max_bits = 128;
            } else {
                return tlv_error(Status::unsupported_address_family, type, "Prefix/Address Family",
                                 "address family " + std::to_string(*family) + " is not supported");
            }
            if (*plen > max_bits) {
                return tlv_error(Status::malformed_tlv_value, type, "Prefix/PreLen",
                                 "prefix length " + std::to_string(*plen) + " exceeds " +
                                     std::to_string(max_bits));
            }
            const std::size_t octets = (std::size_t{*plen} + 7) / 8;
            auto prefix = v.bytes(octets);
            if (!prefix) {
                return tlv_error(Status::bad_tlv_length, type, "Prefix",
                                 "prefix needs " + std::to_string(octets) + " octets, " +
                                     std::to_string(v.remaining()) + " left in the TLV");
            }
            PrefixFec p;
            p.family = *family;
            p.prefix_length = *plen;
            for (std::size_t i = 0; i < octets; ++i) {
                p.address[i] = std::to_integer<std::uint8_t>((*prefix)[i]);
            }
            fec.elements.emplace_back(p);
            break;
        }
        case fec_element::typed_wildcard: {
            auto covered = v.u8();
            auto len = v.u8();
            if (!covered || !len) {
                return tlv_error(Status::bad_tlv_length, type, "Typed Wildcard",
                                 "Typed Wildcard FEC element truncated");
            }
            auto info = v.bytes(*len);
            if (!info) {
                return tlv_error(Status::bad_tlv_length, type, "Typed Wildcard/Len",
                                 "additional information of " + std::to_string(*len) +
                                     " octets runs past the TLV");
            }
            TypedWildcardFec t;
            t.fec_type = *covered;
            for (auto b : *info) {
                t.info.push_back(std::to_integer<std::uint8_t>(b));
            }
            wildcard = true;
            fec.elements.emplace_back(std::move(t));
            break;
        }
        default:
            // RFC 5036 3.4.1: an FEC element type we do not know; its length is unknown too,
            // so the rest of the TLV cannot be parsed.
            return tlv_error(Status::unknown_fec, type, "Element Type",
                             "unknown FEC element type " + std::to_string(element));
        }
    }
    // RFC 5036 3.4.1 / RFC 5918 3: a (typed) wildcard must be the only element of the FEC TLV.
    if (wildcard && fec.elements.size() > 1) {
        return tlv_error(Status::malformed_tlv_value, type, "",
                         "a wildcard FEC element must be the only element of the FEC TLV");
    }
    return Tlv{std::move(fec)};
}

Result<Tlv> decode_address_list(TlvBits bits, Reader v) {
    const auto type = tlv_type::address_list;
    auto family = v.u16();
    if (!family) {
        return tlv_error(Status::bad_tlv_length, type, "Address Family",
                         "Address List TLV shorter than its address family");
    }
    AddressListTlv t{bits, *family, {}, {}};
    std::size_t size = 0;
    if (*family == af_ipv4) {
        size = 4;
    } else if (*family == af_ipv6) {
        size = 16;
    } else {
        return tlv_error(Status::unsupported_address_family, type, "Address Family",
                         "address family " + std::to_string(*family) + " is not supported");
    }
    if (v.remaining() % size != 0) {
        return tlv_error(Status::bad_tlv_length, type, "Addresses",
                         std::to_string(v.remaining()) + " octets is not a whole number of addresses");
    }
    while (!v.empty()) {
        if (size == 4) {
            t.ipv4.push_back(*v.u32());
        } else {
            auto b = *v.bytes(16);
            std::array<std::uint8_t, 16> a{};
            for (std::size_t i = 0; i < 16; ++i) {
                a[i] = std::to_integer<std::uint8_t>(b[i]);
            }
            t.ipv6.push_back(a);
        }
    }
    return Tlv{std::move(t)};
}

Result<Tlv> decode_value(TlvBits bits, std::uint16_t type, Reader v) {
    switch (type) {
    case tlv_type::fec:
        return decode_fec(bits, v);
    case tlv_type::address_list:
        return decode_address_list(bits, v);
    case tlv_type::generic_label: {
        if (auto e = expect_length(type, v, 4)) {
            return *e;
        }
        std::uint32_t label = *v.u32();
        if (label > 0xFFFFF) {
            return tlv_error(Status::malformed_tlv_value, type, "Label",
                             "label " + std::to_string(label) + " does not fit in 20 bits");
        }
        return Tlv{GenericLabelTlv{bits, label}};
    }
    case tlv_type::hop_count: {
        if (auto e = expect_length(type, v, 1)) {
            return *e;
        }
        return Tlv{HopCountTlv{bits, *v.u8()}};
    }
    case tlv_type::status: {
        if (auto e = expect_length(type, v, 10)) {
            return *e;
        }
        std::uint32_t code = *v.u32();
        StatusTlv s;
        s.bits = bits;
        s.e = (code & 0x80000000U) != 0;
        s.forward = (code & 0x40000000U) != 0;
        s.code = code & 0x3FFFFFFFU;
        s.message_id = *v.u32();
        s.message_type = *v.u16();
        return Tlv{s};
    }
    case tlv_type::common_hello_params: {
        if (auto e = expect_length(type, v, 4)) {
            return *e;
        }
        CommonHelloParamsTlv h;
        h.bits = bits;
        h.hold_time = *v.u16();
        std::uint16_t flags = *v.u16();
        h.targeted = (flags & 0x8000) != 0;
        h.request_targeted = (flags & 0x4000) != 0;
        h.gtsm = (flags & 0x2000) != 0;
        h.reserved = flags & 0x1FFF;
        return Tlv{h};
    }
    case tlv_type::ipv4_transport_address: {
        if (auto e = expect_length(type, v, 4)) {
            return *e;
        }
        return Tlv{Ipv4TransportAddressTlv{bits, *v.u32()}};
    }
    case tlv_type::config_sequence_number: {
        if (auto e = expect_length(type, v, 4)) {
            return *e;
        }
        return Tlv{ConfigSequenceTlv{bits, *v.u32()}};
    }
    case tlv_type::common_session_params: {
        if (auto e = expect_length(type, v, 14)) {
            return *e;
        }
        CommonSessionParamsTlv c;
        c.bits = bits;
        c.version = *v.u16();
        c.keepalive_time = *v.u16();
        std::uint8_t flags = *v.u8();
        c.downstream_on_demand = (flags & 0x80) != 0;
        c.loop_detection = (flags & 0x40) != 0;
        c.reserved = flags & 0x3F;
        c.path_vector_limit = *v.u8();
        c.max_pdu_length = *v.u16();
        c.receiver_lsr_id = *v.u32();
        c.receiver_label_space = *v.u16();
        return Tlv{c};
    }
    case tlv_type::ft_session: {
        if (auto e = expect_length(type, v, 12)) {
            return *e;
        }
        FtSessionTlv f;
        f.bits = bits;
        f.flags = *v.u16();
        f.reserved = *v.u16();
        f.reconnect_timeout_ms = *v.u32();
        f.recovery_time_ms = *v.u32();
        return Tlv{f};
    }
    case tlv_type::dynamic_announcement_cap:
    case tlv_type::typed_wildcard_fec_cap:
    case tlv_type::unrecognized_notification_cap: {
        if (auto e = expect_length(type, v, 1)) {
            return *e;
        }
        std::uint8_t b = *v.u8();
        return Tlv{CapabilityTlv{bits, type, (b & 0x80) != 0, static_cast<std::uint8_t>(b & 0x7F)}};
    }
    case tlv_type::label_request_message_id: {
        if (auto e = expect_length(type, v, 4)) {
            return *e;
        }
        return Tlv{LabelRequestIdTlv{bits, *v.u32()}};
    }
    default: {
        ByteView rest = v.rest();
        return Tlv{OpaqueTlv{bits, type, Bytes(rest.begin(), rest.end())}};
    }
    }
}

std::size_t begin_tlv(Writer& w, TlvBits bits, std::uint16_t type) {
    w.u16(static_cast<std::uint16_t>((bits.u ? 0x8000 : 0) | (bits.f ? 0x4000 : 0) | (type & 0x3FFF)));
    return w.begin_length16();
}

}  // namespace

bool is_known_tlv_type(std::uint16_t type) {
    switch (type) {
    case tlv_type::fec:
    case tlv_type::address_list:
    case tlv_type::hop_count:
    case tlv_type::path_vector:
    case tlv_type::generic_label:
    case tlv_type::atm_label:
    case tlv_type::frame_relay_label:
    case tlv_type::ft_protection:
    case tlv_type::status:
    case tlv_type::extended_status:
    case tlv_type::returned_pdu:
    case tlv_type::returned_message:
    case tlv_type::returned_tlvs:
    case tlv_type::common_hello_params:
    case tlv_type::ipv4_transport_address:
    case tlv_type::config_sequence_number:
    case tlv_type::ipv6_transport_address:
    case tlv_type::common_session_params:
    case tlv_type::atm_session_params:
    case tlv_type::frame_relay_session_params:
    case tlv_type::ft_session:
    case tlv_type::ft_ack:
    case tlv_type::ft_cork:
    case tlv_type::dynamic_announcement_cap:
    case tlv_type::typed_wildcard_fec_cap:
    case tlv_type::label_request_message_id:
    case tlv_type::unrecognized_notification_cap:
    case tlv_type::dual_stack:
        return true;
    default:
        return type >= 0x3E00 && type <= 0x3FFF;  // vendor-private and experimental
    }
}

bool is_capability_tlv_type(std::uint16_t type) {
    return type == tlv_type::dynamic_announcement_cap || type == tlv_type::typed_wildcard_fec_cap ||
           type == tlv_type::unrecognized_notification_cap;
}

std::string tlv_name(std::uint16_t type) {
    switch (type) {
    case tlv_type::fec: return "FEC TLV";
    case tlv_type::address_list: return "Address List TLV";
    case tlv_type::hop_count: return "Hop Count TLV";
    case tlv_type::path_vector: return "Path Vector TLV";
    case tlv_type::generic_label: return "Generic Label TLV";
    case tlv_type::atm_label: return "ATM Label TLV";
    case tlv_type::frame_relay_label: return "Frame Relay Label TLV";
    case tlv_type::ft_protection: return "FT Protection TLV";
    case tlv_type::status: return "Status TLV";
    case tlv_type::extended_status: return "Extended Status TLV";
    case tlv_type::returned_pdu: return "Returned PDU TLV";
    case tlv_type::returned_message: return "Returned Message TLV";
    case tlv_type::returned_tlvs: return "Returned TLVs TLV";
    case tlv_type::common_hello_params: return "Common Hello Parameters TLV";
    case tlv_type::ipv4_transport_address: return "IPv4 Transport Address TLV";
    case tlv_type::config_sequence_number: return "Configuration Sequence Number TLV";
    case tlv_type::ipv6_transport_address: return "IPv6 Transport Address TLV";
    case tlv_type::common_session_params: return "Common Session Parameters TLV";
    case tlv_type::atm_session_params: return "ATM Session Parameters TLV";
    case tlv_type::frame_relay_session_params: return "Frame Relay Session Parameters TLV";
    case tlv_type::ft_session: return "FT Session TLV";
    case tlv_type::ft_ack: return "FT ACK TLV";
    case tlv_type::ft_cork: return "FT Cork TLV";
    case tlv_type::dynamic_announcement_cap: return "Dynamic Announcement Capability TLV";
    case tlv_type::typed_wildcard_fec_cap: return "Typed Wildcard FEC Capability TLV";
    case tlv_type::label_request_message_id: return "Label Request Message ID TLV";
    case tlv_type::unrecognized_notification_cap: return "Unrecognized Notification Capability TLV";
    case tlv_type::dual_stack: return "Dual-Stack Capability TLV";
    default: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "TLV 0x%04x", type);
        return buf;
    }
    }
}

Result<Tlv> decode_tlv(Reader& r) {
    if (r.remaining() < 4) {
        return make_error(Status::bad_tlv_length, "TLV header",
                          std::to_string(r.remaining()) + " octets left, a TLV header needs 4");
    }
    const std::uint16_t first = *r.u16();
    const std::uint16_t length = *r.u16();
    const TlvBits bits{(first & 0x8000) != 0, (first & 0x4000) != 0};
    const auto type = static_cast<std::uint16_t>(first & 0x3FFF);
    auto value = r.sub(length);
    if (!value) {
        return tlv_error(Status::bad_tlv_length, type, "Length",
                         "TLV length " + std::to_string(length) + " runs past the " +
                             std::to_string(r.remaining()) + " octets left in the message");
    }
    if (!is_known_tlv_type(type)) {
        if (!bits.u) {
            // RFC 5036 3.3: U = 0, notify the sender and ignore the whole message.
            return tlv_error(Status::unknown_tlv, type, "", "unknown TLV type with U bit clear");
        }
        // U = 1: ignore silently; kept opaque so it can be forwarded (F) or re-encoded.
        ByteView rest = value->rest();
        return Tlv{OpaqueTlv{bits, type, Bytes(rest.begin(), rest.end())}};
    }
    return decode_value(bits, type, *value);
}

Result<Tlv> decode_tlv(ByteView bytes) {
    Reader r(bytes);
    auto t = decode_tlv(r);
    if (t && !r.empty()) {
        return make_error(Status::bad_tlv_length, "TLV",
                          std::to_string(r.remaining()) + " octets follow the TLV");
    }
    return t;
}

std::uint16_t tlv_type_of(const Tlv& tlv) {
    return std::visit(overloaded{
                          [](const FecTlv&) { return tlv_type::fec; },
                          [](const GenericLabelTlv&) { return tlv_type::generic_label; },
                          [](const AddressListTlv&) { return tlv_type::address_list; },
                          [](const HopCountTlv&) { return tlv_type::hop_count; },
                          [](const StatusTlv&) { return tlv_type::status; },
                          [](const CommonHelloParamsTlv&) { return tlv_type::common_hello_params; },
                          [](const Ipv4TransportAddressTlv&) { return tlv_type::ipv4_transport_address; },
                          [](const ConfigSequenceTlv&) { return tlv_type::config_sequence_number; },
                          [](const CommonSessionParamsTlv&) { return tlv_type::common_session_params; },
                          [](const FtSessionTlv&) { return tlv_type::ft_session; },
                          [](const CapabilityTlv& c) { return c.type; },
                          [](const LabelRequestIdTlv&) { return tlv_type::label_request_message_id; },
                          [](const OpaqueTlv& o) { return o.type; },
                      },
                      tlv);
}

void encode_tlv(Writer& w, const Tlv& tlv) {
    const std::uint16_t type = tlv_type_of(tlv);
    std::visit(
        overloaded{
            [&](const FecTlv& t) {
                auto at = begin_tlv(w, t.bits, type);
                for (const auto& element : t.elements) {
                    std::visit(overloaded{
                                   [&](const WildcardFec&) { w.u8(fec_element::wildcard); },
                                   [&](const PrefixFec& p) {
                                       w.u8(fec_element::prefix);
                                       w.u16(p.family);
                                       w.u8(p.prefix_length);
                                       std::size_t octets = (std::size_t{p.prefix_length} + 7) / 8;
                                       for (std::size_t i = 0; i < octets && i < p.address.size(); ++i) {
                                           w.u8(p.address[i]);
                                       }
                                   },
                                   [&](const TypedWildcardFec& tw) {
                                       w.u8(fec_element::typed_wildcard);
                                       w.u8(tw.fec_type);
                                       if (tw.info.size() > 0xFF) {
                                           throw std::length_error("ldp: typed wildcard info over 255 octets");
                                       }
                                       w.u8(static_cast<std::uint8_t>(tw.info.size()));
                                       for (auto b : tw.info) {
                                           w.u8(b);
                                       }
                                   },
                               },
                               element);
                }
                w.end_length16(at);
            },
            [&](const GenericLabelTlv& t) {
                auto at = begin_tlv(w, t.bits, type);
                w.u32(t.label);
                w.end_length16(at);
            },
            [&](const AddressListTlv& t) {
                auto at = begin_tlv(w, t.bits, type);
                w.u16(t.family);
                if (t.family == af_ipv6) {
                    for (const auto& a : t.ipv6) {
                        for (auto b : a) {
                            w.u8(b);
                        }
                    }
                } else {
                    for (auto a : t.ipv4) {
                        w.u32(a);
                    }
                }
                w.end_length16(at);
            },
            [&](const HopCountTlv& t) {
                auto at = begin_tlv(w, t.bits, type);
                w.u8(t.count);
                w.end_length16(at);
            },
            [&](const StatusTlv& t) {
                auto at = begin_tlv(w, t.bits, type);
                w.u32((t.e ? 0x80000000U : 0U) | (t.forward ? 0x40000000U : 0U) | (t.code & 0x3FFFFFFFU));
                w.u32(t.message_id);
                w.u16(t.message_type);
                w.end_length16(at);
            },
            [&](const CommonHelloParamsTlv& t) {
                auto at = begin_tlv(w, t.bits, type);
                w.u16(t.hold_time);
                w.u16(static_cast<std::uint16_t>((t.targeted ? 0x8000 : 0) | (t.request_targeted ? 0x4000 : 0) |
                                                 (t.gtsm ? 0x2000 : 0) | (t.reserved & 0x1FFF)));
                w.end_length16(at);
            },
            [&](const Ipv4TransportAddressTlv& t) {
                auto at = begin_tlv(w, t.bits, type);
                w.u32(t.address);
                w.end_length16(at);
            },
            [&](const ConfigSequenceTlv& t) {
                auto at = begin_tlv(w, t.bits, type);
                w.u32(t.sequence);
                w.end_length16(at);
            },
            [&](const CommonSessionParamsTlv& t) {
                auto at = begin_tlv(w, t.bits, type);
                w.u16(t.version);
                w.u16(t.keepalive_time);
                w.u8(static_cast<std::uint8_t>((t.downstream_on_demand ? 0x80 : 0) | (t.loop_detection ? 0x40 : 0) |
                                               (t.reserved & 0x3F)));
                w.u8(t.path_vector_limit);
                w.u16(t.max_pdu_length);
                w.u32(t.receiver_lsr_id);
                w.u16(t.receiver_label_space);
                w.end_length16(at);
            },
            [&](const FtSessionTlv& t) {
                auto at = begin_tlv(w, t.bits, type);
                w.u16(t.flags);
                w.u16(t.reserved);
                w.u32(t.reconnect_timeout_ms);
                w.u32(t.recovery_time_ms);
                w.end_length16(at);
            },
            [&](const CapabilityTlv& t) {
                auto at = begin_tlv(w, t.bits, type);
                w.u8(static_cast<std::uint8_t>((t.state ? 0x80 : 0) | (t.reserved & 0x7F)));
                w.end_length16(at);
            },
            [&](const LabelRequestIdTlv& t) {
                auto at = begin_tlv(w, t.bits, type);
                w.u32(t.message_id);
                w.end_length16(at);
            },
            [&](const OpaqueTlv& t) {
                auto at = begin_tlv(w, t.bits, type);
                w.bytes(t.value);
                w.end_length16(at);
            },
        },
        tlv);
}

Bytes encode_tlv(const Tlv& tlv) {
    Writer w;
    encode_tlv(w, tlv);
    return w.take();
}

PrefixFec PrefixFec::ipv4(std::uint32_t address, std::uint8_t length) {
    PrefixFec p;
    p.family = af_ipv4;
    p.prefix_length = length;
    for (std::size_t i = 0; i < 4; ++i) {
        p.address[i] = static_cast<std::uint8_t>(address >> (24 - 8 * i));
    }
    // Octets past the prefix length are not sent, so they must be zero in the struct.
    for (std::size_t i = (std::size_t{length} + 7) / 8; i < 4; ++i) {
        p.address[i] = 0;
    }
    return p;
}

std::uint32_t PrefixFec::ipv4_address() const {
    return (std::uint32_t{address[0]} << 24) | (std::uint32_t{address[1]} << 16) |
           (std::uint32_t{address[2]} << 8) | std::uint32_t{address[3]};
}

TypedWildcardFec TypedWildcardFec::prefix(std::uint16_t family) {
    return TypedWildcardFec{fec_element::prefix,
                            {static_cast<std::uint8_t>(family >> 8), static_cast<std::uint8_t>(family)}};
}

std::string ipv4_to_string(std::uint32_t a) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", (a >> 24) & 0xFF, (a >> 16) & 0xFF, (a >> 8) & 0xFF, a & 0xFF);
    return buf;
}

}  // namespace ldpsync::ldp
