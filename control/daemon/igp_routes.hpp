#pragma once
// The routes of one IGP's processes merged for the RIB: the cheapest route per prefix, routes
// of equal metric merging their next hops (sorted, each once). The OSPF and IS-IS speakers
// offer every route of every process and hand the result over as IgpRoutesChanged.

#include <algorithm>
#include <map>
#include <vector>

#include "rib.hpp"

namespace ldpsync::daemon {

class IgpRouteMerge {
public:
    explicit IgpRouteMerge(rib::Source source) : source_(source) {}

    void offer(const config::Ipv4Prefix& prefix, std::uint32_t metric, std::vector<rib::NextHop> next_hops) {
        auto [it, fresh] = merged_.try_emplace(prefix, rib::Route{prefix, source_, metric, {}});
        rib::Route& r = it->second;
        if (!fresh && metric > r.metric) return;
        if (!fresh && metric < r.metric) r = rib::Route{prefix, source_, metric, {}};
        r.next_hops.insert(r.next_hops.end(), next_hops.begin(), next_hops.end());
    }

    std::vector<rib::Route> take() {
        std::vector<rib::Route> out;
        for (auto& [prefix, r] : merged_) {
            std::sort(r.next_hops.begin(), r.next_hops.end());
            r.next_hops.erase(std::unique(r.next_hops.begin(), r.next_hops.end()), r.next_hops.end());
            out.push_back(std::move(r));
        }
        merged_.clear();
        return out;
    }

private:
    rib::Source source_;
    std::map<config::Ipv4Prefix, rib::Route> merged_;
};

}  // namespace ldpsync::daemon
