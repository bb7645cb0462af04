#include "rib.hpp"

#include <algorithm>

namespace ldpsync::rib {

std::string_view to_string(Source s) {
    switch (s) {
        case Source::connected: return "connected";
        case Source::static_route: return "static";
        case Source::ospf: return "ospf";
        case Source::isis: return "isis";
    }
    return "unknown";
}

std::uint8_t admin_distance(Source s) {
    switch (s) {
        case Source::connected: return 0;
        case Source::static_route: return 1;
        case Source::ospf: return 110;
        case Source::isis: return 115;
    }
    return 255;
}

void Rib::set(Route route) {
    route.prefix.address &= config::length_to_mask(route.prefix.length);
    std::sort(route.next_hops.begin(), route.next_hops.end());
    const Ipv4Prefix prefix = route.prefix;
    candidates_[prefix].insert_or_assign(route.source, std::move(route));
    reselect(prefix);
}

bool Rib::remove(Source source, const Ipv4Prefix& prefix) {
    auto it = candidates_.find(prefix);
    if (it == candidates_.end() || it->second.erase(source) == 0) {
        return false;
    }
    if (it->second.empty()) {
        candidates_.erase(it);
    }
    reselect(prefix);
    return true;
}

void Rib::replace_source(Source source, std::vector<Route> routes) {
    std::map<Ipv4Prefix, Route> wanted;
    for (auto& r : routes) {
        r.source = source;
        r.prefix.address &= config::length_to_mask(r.prefix.length);
        wanted.insert_or_assign(r.prefix, std::move(r));
    }
    std::vector<Ipv4Prefix> stale;
    for (const auto& [prefix, by_source] : candidates_) {
        if (by_source.contains(source) && !wanted.contains(prefix)) {
            stale.push_back(prefix);
        }
    }
    for (const auto& p : stale) {
        remove(source, p);
    }
    for (auto& [prefix, r] : wanted) {
        auto c = candidates_.find(prefix);
        if (c != candidates_.end()) {
            auto s = c->second.find(source);
            auto sorted = r;
            std::sort(sorted.next_hops.begin(), sorted.next_hops.end());
            if (s != c->second.end() && s->second == sorted) {
                continue;  // unchanged: no notification
            }
        }
        set(std::move(r));
    }
}

const Route* Rib::selected(const Ipv4Prefix& prefix) const {
    const auto& table = selected_by_length_[prefix.length];
    auto it = table.find(prefix.address & config::length_to_mask(prefix.length));
    return it == table.end() ? nullptr : &it->second;
}

const Route* Rib::lookup(std::uint32_t address) const {
    for (int len = 32; len >= 0; --len) {
        const auto& table = selected_by_length_[static_cast<std::size_t>(len)];
        if (table.empty()) {
            continue;
        }
        auto it = table.find(address & config::length_to_mask(static_cast<std::uint8_t>(len)));
        if (it != table.end()) {
            return &it->second;
        }
    }
    return nullptr;
}

std::vector<const Route*> Rib::selected_routes() const {
    std::vector<const Route*> out;
    for (const auto& table : selected_by_length_) {
        for (const auto& [addr, r] : table) {
            out.push_back(&r);
        }
    }
    std::sort(out.begin(), out.end(), [](const Route* a, const Route* b) { return a->prefix < b->prefix; });
    return out;
}

std::size_t Rib::subscribe(Listener listener) {
    listeners_.emplace(next_listener_, std::move(listener));
    return next_listener_++;
}

void Rib::unsubscribe(std::size_t id) { listeners_.erase(id); }

void Rib::reselect(const Ipv4Prefix& prefix) {
    const Route* best = nullptr;
    if (auto it = candidates_.find(prefix); it != candidates_.end()) {
        for (const auto& [source, r] : it->second) {
            if (best == nullptr || admin_distance(source) < admin_distance(best->source) ||
                (admin_distance(source) == admin_distance(best->source) && r.metric < best->metric)) {
                best = &r;
            }
        }
    }
    auto& table = selected_by_length_[prefix.length];
    auto current = table.find(prefix.address);
    std::optional<Route> old;
    if (current != table.end()) {
        if (best != nullptr && current->second == *best) {
            return;
        }
        old = std::move(current->second);
        table.erase(current);
        --selected_count_;
    }
    const Route* installed = nullptr;
    if (best != nullptr) {
        installed = &table.emplace(prefix.address, *best).first->second;
        ++selected_count_;
    }
    if (!old && installed == nullptr) {
        return;
    }
    // Listeners may subscribe/unsubscribe while notified: iterate over a copy of the ids.
    std::vector<std::size_t> ids;
    for (const auto& [id, l] : listeners_) ids.push_back(id);
    for (auto id : ids) {
        if (auto l = listeners_.find(id); l != listeners_.end()) {
            l->second(prefix, old ? &*old : nullptr, installed);
        }
    }
}

}  // namespace ldpsync::rib
