// The reachability TLVs: extended IS (22) and IP (135) reachability of RFC 5305, and the
// narrow-metric IS neighbours (2, ISO 10589 9.8) and IP reachability (128, 130, RFC 1195 5.3.4,
// with RFC 5302's up/down bit).

#include "tlv.hpp"

namespace ldpsync::isis {

namespace {

constexpr std::uint8_t kNarrowMetricMask = 0x3f;
constexpr std::uint8_t kNarrowIeBit = 0x40;
constexpr std::uint8_t kNarrowUpDownBit = 0x80;  // RFC 5302 2, on IP reachability only
constexpr std::uint8_t kExtUpDownBit = 0x80;
constexpr std::uint8_t kExtSubTlvBit = 0x40;
constexpr std::uint8_t kExtLengthMask = 0x3f;

std::uint32_t length_mask(std::uint8_t len) { return len == 0 ? 0 : ~std::uint32_t{0} << (32 - len); }

}  // namespace

DecodeResult<IsReachNarrow> decode_is_reach_narrow(Reader& in) {
    // Virtual flag, then 11-byte entries: four metric bytes and the neighbour's node id.
    if (in.remaining() < 1 || (in.remaining() - 1) % 11 != 0) {
        return decode_error(Reason::bad_tlv_length, "tlv 2", in.offset());
    }
    IsReachNarrow t;
    t.virtual_flag = *in.u8("tlv 2 virtual flag") != 0;
    while (!in.empty()) {
        IsReachNarrow::Neighbor n;
        n.metric = *in.u8("tlv 2 default metric") & kNarrowMetricMask;
        for (auto& m : n.other_metrics) m = *in.u8("tlv 2 metric");
        n.id = *in.node_id("tlv 2 neighbor id");
        t.neighbors.push_back(n);
    }
    return t;
}

void encode_value(Writer& out, const IsReachNarrow& t) {
    out.u8(t.virtual_flag ? 1 : 0);
    for (const auto& n : t.neighbors) {
        out.u8(n.metric & kNarrowMetricMask);
        for (auto m : n.other_metrics) out.u8(m);
        out.node_id(n.id);
    }
}

DecodeResult<ExtIsReach> decode_ext_is_reach(Reader& in) {
    ExtIsReach t;
    while (!in.empty()) {
        ExtIsReach::Neighbor n;
        auto id = in.node_id("tlv 22 neighbor id");
        if (!id) return codec::Unexpected{id.error()};
        auto metric = in.u24("tlv 22 metric");
        if (!metric) return codec::Unexpected{metric.error()};
        auto sub_len = in.u8("tlv 22 sub-tlv length");
        if (!sub_len) return codec::Unexpected{sub_len.error()};
        auto sub = in.bytes(*sub_len, "tlv 22 sub-tlvs");
        if (!sub) return codec::Unexpected{sub.error()};
        n.id = *id;
        n.metric = *metric;
        n.sub_tlvs.assign(sub->begin(), sub->end());
        t.neighbors.push_back(std::move(n));
    }
    return t;
}

void encode_value(Writer& out, const ExtIsReach& t) {
    for (const auto& n : t.neighbors) {
        out.node_id(n.id);
        out.u24(n.metric);
        out.u8(static_cast<std::uint8_t>(n.sub_tlvs.size()));
        out.bytes(n.sub_tlvs);
    }
}

DecodeResult<IpReachNarrow> decode_ip_reach_narrow(Reader& in, bool external) {
    if (in.remaining() % 12 != 0)
        return decode_error(Reason::bad_tlv_length, external ? "tlv 130" : "tlv 128", in.offset());
    IpReachNarrow t;
    t.external = external;
    while (!in.empty()) {
        IpReachNarrow::Prefix p;
        const std::uint8_t def = *in.u8("narrow ip default metric");
        p.metric = def & kNarrowMetricMask;
        p.external_metric = (def & kNarrowIeBit) != 0;
        p.up_down = (def & kNarrowUpDownBit) != 0;
        for (auto& m : p.other_metrics) m = *in.u8("narrow ip metric");
        p.address = *in.u32("narrow ip address");
        p.mask = *in.u32("narrow ip mask");
        t.prefixes.push_back(p);
    }
    return t;
}

void encode_value(Writer& out, const IpReachNarrow& t) {
    for (const auto& p : t.prefixes) {
        out.u8(static_cast<std::uint8_t>((p.metric & kNarrowMetricMask) | (p.external_metric ? kNarrowIeBit : 0) |
                                         (p.up_down ? kNarrowUpDownBit : 0)));
        for (auto m : p.other_metrics) out.u8(m);
        out.u32(p.address);
        out.u32(p.mask);
    }
}

DecodeResult<ExtIpReach> decode_ext_ip_reach(Reader& in) {
    ExtIpReach t;
    while (!in.empty()) {
        ExtIpReach::Prefix p;
        auto metric = in.u32("tlv 135 metric");
        if (!metric) return codec::Unexpected{metric.error()};
        const std::size_t control_at = in.offset();
        auto control = in.u8("tlv 135 control");
        if (!control) return codec::Unexpected{control.error()};
        p.metric = *metric;
        p.up_down = (*control & kExtUpDownBit) != 0;
        p.length = *control & kExtLengthMask;
        if (p.length > 32) return decode_error(Reason::bad_value, "tlv 135 prefix length", control_at);
        auto prefix = in.bytes((p.length + 7u) / 8u, "tlv 135 prefix");
        if (!prefix) return codec::Unexpected{prefix.error()};
        std::uint32_t a = 0;
        for (std::size_t i = 0; i < prefix->size(); ++i)
            a |= std::uint32_t{std::to_integer<std::uint8_t>((*prefix)[i])} << (24 - 8 * i);
        // Bits past the length are ignored (RFC 5305 4: "the remaining bits ... ignored").
        p.address = a & length_mask(p.length);
        if ((*control & kExtSubTlvBit) != 0) {
            auto sub_len = in.u8("tlv 135 sub-tlv length");
            if (!sub_len) return codec::Unexpected{sub_len.error()};
            auto sub = in.bytes(*sub_len, "tlv 135 sub-tlvs");
            if (!sub) return codec::Unexpected{sub.error()};
            p.sub_tlvs.assign(sub->begin(), sub->end());
        }
        t.prefixes.push_back(std::move(p));
    }
    return t;
}

void encode_value(Writer& out, const ExtIpReach& t) {
    for (const auto& p : t.prefixes) {
        out.u32(p.metric);
        out.u8(static_cast<std::uint8_t>((p.up_down ? kExtUpDownBit : 0) | (p.sub_tlvs.empty() ? 0 : kExtSubTlvBit) |
                                         (p.length & kExtLengthMask)));
        for (std::size_t i = 0; i < (p.length + 7u) / 8u; ++i)
            out.u8(static_cast<std::uint8_t>(p.address >> (24 - 8 * i)));
        if (!p.sub_tlvs.empty()) {
            out.u8(static_cast<std::uint8_t>(p.sub_tlvs.size()));
            out.bytes(p.sub_tlvs);
        }
    }
}

}  // namespace ldpsync::isis
