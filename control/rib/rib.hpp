#pragma once
// The routing table: candidate routes per source, the selected route per prefix by
// administrative distance, and longest-prefix-match lookup (default route included) for
// LDP's peer reachability check and the FIB. Pure: no I/O, change notifications by callback.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model.hpp"

namespace ldpsync::rib {

using config::Ipv4Prefix;

enum class Source : std::uint8_t { connected = 0, static_route = 1, ospf = 2, isis = 3 };
std::string_view to_string(Source s);
std::uint8_t admin_distance(Source s);  // Cisco defaults: 0, 1, 110, 115

struct NextHop {
    std::uint32_t address = 0;  // 0: directly connected
    std::string interface;
    bool operator==(const NextHop&) const = default;
    auto operator<=>(const NextHop&) const = default;
};

struct Route {
    Ipv4Prefix prefix;
    Source source = Source::connected;
    std::uint32_t metric = 0;
    std::vector<NextHop> next_hops;  // ECMP, sorted
    bool operator==(const Route&) const = default;
};

class Rib {
public:
    // Called for every change of a prefix's selected route (old or new may be null).
    using Listener = std::function<void(const Ipv4Prefix&, const Route* old_route, const Route* new_route)>;

    void set(Route route);
    bool remove(Source source, const Ipv4Prefix& prefix);
    // Replaces every route of one source (what an SPF run or a config reload produces).
    void replace_source(Source source, std::vector<Route> routes);

    const Route* selected(const Ipv4Prefix& prefix) const;
    // Longest match among selected routes.
    const Route* lookup(std::uint32_t address) const;
    std::vector<const Route*> selected_routes() const;  // sorted by prefix
    std::size_t size() const { return selected_count_; }

    std::size_t subscribe(Listener listener);
    void unsubscribe(std::size_t id);

private:
    void reselect(const Ipv4Prefix& prefix);

    std::map<Ipv4Prefix, std::map<Source, Route>> candidates_;
    // Selected routes by prefix length for the longest-match walk.
    std::array<std::unordered_map<std::uint32_t, Route>, 33> selected_by_length_;
    std::size_t selected_count_ = 0;
    std::map<std::size_t, Listener> listeners_;
    std::size_t next_listener_ = 1;
};

}  // namespace ldpsync::rib
