#include "origination.hpp"

#include <algorithm>

#include "auth.hpp"

namespace ldpsync::isis {

namespace {

constexpr std::size_t kTlvHeader = 2;

std::uint8_t narrow(std::uint32_t metric) {
    return static_cast<std::uint8_t>(std::min<std::uint32_t>(metric, kMaxNarrowMetric));
}

// Appends entries to TLVs of type T, starting a new TLV when the value would pass 255 bytes.
template <class T, class Entry, class Member>
void fill(std::vector<Tlv>& out, const std::vector<Entry>& entries, Member member, T prototype) {
    T current = prototype;
    for (const auto& e : entries) {
        T trial = current;
        (trial.*member).push_back(e);
        if (tlv_value_size(Tlv{trial}) > kMaxTlvValue) {
            out.emplace_back(current);
            current = prototype;
            (current.*member).push_back(e);
        } else {
            current = std::move(trial);
        }
    }
    if (!(current.*member).empty()) out.emplace_back(current);
}

std::vector<Tlv> reachability(const OriginationInput& in) {
    std::vector<Tlv> out;
    if (writes_narrow(in.style)) {
        std::vector<IsReachNarrow::Neighbor> is;
        for (const auto& n : in.neighbors) is.push_back({narrow(n.metric), {0x80, 0x80, 0x80}, n.id});
        fill(out, is, &IsReachNarrow::neighbors, IsReachNarrow{});
    }
    if (writes_wide(in.style)) {
        std::vector<ExtIsReach::Neighbor> is;
        for (const auto& n : in.neighbors) is.push_back({n.id, std::min(n.metric, kMaxWideLinkMetric), {}});
        fill(out, is, &ExtIsReach::neighbors, ExtIsReach{});
    }
    if (writes_narrow(in.style)) {
        std::vector<IpReachNarrow::Prefix> ip;
        for (const auto& p : in.prefixes) {
            ip.push_back(
                {narrow(p.metric), false, false, {0x80, 0x80, 0x80}, p.prefix.address, prefix_mask(p.prefix.length)});
        }
        fill(out, ip, &IpReachNarrow::prefixes, IpReachNarrow{});
    }
    if (writes_wide(in.style)) {
        std::vector<ExtIpReach::Prefix> ip;
        for (const auto& p : in.prefixes) ip.push_back({p.metric, false, p.prefix.length, p.prefix.address, {}});
        fill(out, ip, &ExtIpReach::prefixes, ExtIpReach{});
    }
    return out;
}

}  // namespace

Lsp originate_pseudonode(const OriginationInput& in) {
    Lsp l;
    l.header.pdu_type = in.level == Level::l1 ? pdu_type::lsp_l1 : pdu_type::lsp_l2;
    if (in.authenticated) l.tlvs.add(hmac_md5_placeholder());
    OriginationInput is_only = in;
    is_only.prefixes.clear();
    for (auto& t : reachability(is_only)) l.tlvs.list.push_back(std::move(t));
    return l;
}

std::vector<Lsp> originate(const OriginationInput& in) {
    std::vector<Tlv> tlvs;
    tlvs.emplace_back(AreaAddresses{in.areas});
    tlvs.emplace_back(ProtocolsSupported{{kNlpidIpv4}});
    if (!in.hostname.empty()) tlvs.emplace_back(Hostname{in.hostname.substr(0, kMaxTlvValue)});
    if (!in.interface_addresses.empty()) {
        std::vector<std::uint32_t> addresses = in.interface_addresses;
        addresses.resize(std::min<std::size_t>(addresses.size(), 63));  // one TLV: 63 addresses (RFC 1195)
        tlvs.emplace_back(IpInterfaceAddresses{addresses});
    }
    for (auto& t : reachability(in)) tlvs.push_back(std::move(t));

    std::vector<Lsp> fragments;
    auto start_fragment = [&] {
        Lsp l;
        l.header.pdu_type = in.level == Level::l1 ? pdu_type::lsp_l1 : pdu_type::lsp_l2;
        l.id = LspId{in.system, 0, static_cast<std::uint8_t>(fragments.size())};
        l.flags = in.is_type;
        if (in.authenticated) l.tlvs.add(hmac_md5_placeholder());
        fragments.push_back(std::move(l));
    };
    const std::size_t empty_fragment =
        header_length::lsp + (in.authenticated ? kTlvHeader + tlv_value_size(Tlv{hmac_md5_placeholder()}) : 0);
    start_fragment();
    std::size_t used = empty_fragment;
    for (auto& t : tlvs) {
        const std::size_t size = kTlvHeader + tlv_value_size(t);
        if (used + size > in.lsp_mtu && fragments.size() < 256) {
            start_fragment();
            used = empty_fragment;
        }
        used += size;
        fragments.back().tlvs.list.push_back(std::move(t));
    }
    // The overload and attached bits are read from fragment 0 only (7.3.4.2); set on all, as
    // IOS does.
    for (auto& f : fragments) {
        if (in.overload) f.flags |= lsp_flags::overload;
        if (in.attached) f.flags |= lsp_flags::attached_default;
    }
    return fragments;
}

}  // namespace ldpsync::isis
