#include "model.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <string>
#include <utility>

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

const KeyChainKey* KeyChain::send_key() const {
    // Not relying on the order of keys: a Config built in code need not keep it.
    const KeyChainKey* lowest = nullptr;
    for (const auto& key : keys) {
        if (!key.key_string.empty() && (lowest == nullptr || key.id < lowest->id)) lowest = &key;
    }
    return lowest;
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

std::string format_system_id(const std::array<std::uint8_t, 6>& id) { return format_mac_cisco(id); }

namespace {

constexpr std::size_t kSystemIdGroups = 3;  // 0000.0000.0001
constexpr std::size_t kMaxAreaBytes = 13;   // ISO 10589 7.1.1: a NET is 8 to 20 bytes
constexpr std::string_view kNetExample = "49.0001.0000.0000.0001.00";

std::nullopt_t refuse(std::string* why, std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return std::nullopt;
}

std::vector<std::string_view> split_dots(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const auto dot = text.find('.', start);
        out.push_back(text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) return out;
        start = dot + 1;
    }
}

std::string join_dots(const std::vector<std::string_view>& groups, std::size_t begin, std::size_t end) {
    std::string out;
    for (std::size_t i = begin; i < end; ++i) out += (i > begin ? "." : "") + std::string(groups[i]);
    return out;
}

// One dotted group as bytes: IOS writes the AFI as 2 hex digits and the rest as 4.
std::optional<std::vector<std::uint8_t>> group_bytes(std::string_view group, std::string* why) {
    const std::string quoted = "'" + std::string(group) + "'";
    if (group.empty()) return refuse(why, "an empty group (two dots in a row, or a dot at either end)");
    const bool hex = std::all_of(group.begin(), group.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
    if (!hex) return refuse(why, "group " + quoted + " is not hexadecimal");
    if (group.size() % 2 != 0) return refuse(why, "group " + quoted + " has an odd number of hex digits");
    if (group.size() > 4) return refuse(why, "group " + quoted + " is longer than 4 hex digits");
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < group.size(); i += 2) {
        bytes.push_back(static_cast<std::uint8_t>(std::stoul(std::string(group.substr(i, 2)), nullptr, 16)));
    }
    return bytes;
}

}  // namespace

std::optional<Net> parse_net(std::string_view text, std::string* why) {
    const std::vector<std::string_view> texts = split_dots(text);
    std::vector<std::vector<std::uint8_t>> groups;
    for (std::string_view g : texts) {
        auto bytes = group_bytes(g, why);
        if (!bytes) return std::nullopt;
        groups.push_back(std::move(*bytes));
    }
    // Read from the end, where the lengths are fixed: the NSEL, the system id, then the area.
    if (groups.size() < 1 + kSystemIdGroups + 1) {
        return refuse(why,
                      "too short: a NET is an area, a system id and the NSEL 00, as in " + std::string(kNetExample));
    }
    if (groups.back() != std::vector<std::uint8_t>{0}) {
        // A NET names the router itself; another NSEL would name a service on it.
        return refuse(why, "the NSEL (last group) is '" + std::string(texts.back()) + "'; it must be 00");
    }
    const std::size_t system_id_start = groups.size() - 1 - kSystemIdGroups;
    Net net;
    for (std::size_t i = 0; i < kSystemIdGroups; ++i) {
        const auto& group = groups[system_id_start + i];
        if (group.size() != 2) {
            const std::string typed = join_dots(texts, system_id_start, system_id_start + kSystemIdGroups);
            return refuse(why, "the system id '" + typed + "' must be 6 bytes: three groups of 4 hex digits");
        }
        net.system_id[2 * i] = group[0];
        net.system_id[2 * i + 1] = group[1];
    }
    for (std::size_t i = 0; i < system_id_start; ++i) {
        net.area.insert(net.area.end(), groups[i].begin(), groups[i].end());
    }
    if (net.area.size() > kMaxAreaBytes) {
        return refuse(why, "too long: the area is " + std::to_string(net.area.size()) + " bytes, at most " +
                               std::to_string(kMaxAreaBytes) + " (a NET is 8 to 20 bytes)");
    }
    return net;
}

}  // namespace ldpsync::config
