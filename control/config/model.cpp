#include "model.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <string>

namespace ldpsync::config {

bool InterfaceConfig::is_tunnel() const {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    // "Tunnel0", or IOS's abbreviation "Tu0".
    return lower.starts_with("tunnel") ||
           (lower.starts_with("tu") && lower.size() > 2 && std::isdigit(static_cast<unsigned char>(lower[2])));
}

std::optional<std::uint32_t> OspfProcess::area_for(std::uint32_t ip) const {
    for (const auto& n : networks) {
        if (n.covers(ip)) {
            return n.area;
        }
    }
    return std::nullopt;
}

bool Config::ldp_autoconfig_covers(const InterfaceConfig& itf) const {
    for (const OspfProcess* p : ospf_processes_for(itf)) {
        if (!p->ldp_autoconfig) {
            continue;
        }
        if (!p->autoconfig_area || p->area_for(itf.address->address) == p->autoconfig_area) {
            return true;
        }
    }
    const IsisProcess* isis_process = isis_process_for(itf);
    return isis_process != nullptr && isis_process->ldp_autoconfig;
}

bool Config::ldp_enabled(const InterfaceConfig& itf) const { return itf.mpls_ip || ldp_autoconfig_covers(itf); }

std::vector<const OspfProcess*> Config::ospf_processes_for(const InterfaceConfig& itf) const {
    std::vector<const OspfProcess*> out;
    if (!itf.address) {
        return out;
    }
    for (const auto& [id, p] : ospf) {
        if (p.area_for(itf.address->address)) {
            out.push_back(&p);
        }
    }
    return out;
}

const IsisProcess* Config::isis_process_for(const InterfaceConfig& itf) const {
    if (!itf.isis_tag) {
        return nullptr;
    }
    auto it = isis.find(*itf.isis_tag);
    return it == isis.end() ? nullptr : &it->second;
}

std::string format_ipv4(std::uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xff) + "." + std::to_string((a >> 8) & 0xff) +
           "." + std::to_string(a & 0xff);
}

std::optional<std::uint32_t> parse_ipv4(std::string_view text) {
    std::uint32_t out = 0;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    for (int i = 0; i < 4; ++i) {
        if (p == end || !std::isdigit(static_cast<unsigned char>(*p))) {
            return std::nullopt;
        }
        unsigned octet = 0;
        auto [next, ec] = std::from_chars(p, end, octet);
        if (ec != std::errc{} || octet > 255 || next - p > 3) {
            return std::nullopt;
        }
        out = (out << 8) | octet;
        p = next;
        if (i < 3) {
            if (p == end || *p != '.') {
                return std::nullopt;
            }
            ++p;
        }
    }
    if (p != end) {
        return std::nullopt;
    }
    return out;
}

std::uint32_t length_to_mask(std::uint8_t length) {
    return length == 0 ? 0 : ~std::uint32_t{0} << (32 - length);
}

std::optional<std::uint8_t> mask_to_length(std::uint32_t mask) {
    const std::uint8_t length = static_cast<std::uint8_t>(__builtin_popcount(mask));
    if (length_to_mask(length) != mask) {
        return std::nullopt;
    }
    return length;
}

std::optional<MacAddress> parse_mac(std::string_view text) {
    std::string hex;
    const bool cisco = text.size() == 14 && text[4] == '.' && text[9] == '.';
    const bool colons = text.size() == 17;
    if (!cisco && !colons) return std::nullopt;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool separator = cisco ? (i == 4 || i == 9) : (i % 3 == 2);
        if (separator) {
            if (c != (cisco ? '.' : ':')) return std::nullopt;
            continue;
        }
        if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
        hex.push_back(c);
    }
    MacAddress mac{};
    for (std::size_t i = 0; i < 6; ++i) {
        mac[i] = static_cast<std::uint8_t>(std::stoul(hex.substr(i * 2, 2), nullptr, 16));
    }
    return mac;
}

std::string format_mac_cisco(const MacAddress& m) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02x%02x.%02x%02x.%02x%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
    return buf;
}

}  // namespace ldpsync::config
