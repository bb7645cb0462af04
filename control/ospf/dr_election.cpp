#include "dr_election.hpp"

#include <cstdint>
#include <optional>

#include "types.hpp"

namespace ldpsync::ospf {

namespace {

// Higher priority wins, then higher router id (9.4 steps 2 and 3).
bool better(const ElectionRouter& a, const ElectionRouter& b) {
    if (a.priority != b.priority) {
        return a.priority > b.priority;
    }
    return a.router_id > b.router_id;
}

struct Pass {
    std::uint32_t dr = 0;
    std::uint32_t bdr = 0;
};

// Steps 2 and 3 over the eligible routers, with their current declarations.
Pass elect_once(const std::vector<ElectionRouter>& eligible) {
    // Step 2: the BDR, among routers not declaring themselves DR; those declaring themselves
    // BDR first.
    const ElectionRouter* bdr = nullptr;
    bool bdr_declared = false;
    for (const ElectionRouter& r : eligible) {
        if (r.declared_dr == r.address) {
            continue;
        }
        const bool declares = r.declared_bdr == r.address;
        if (bdr == nullptr || (declares && !bdr_declared) || (declares == bdr_declared && better(r, *bdr))) {
            bdr = &r;
            bdr_declared = declares;
        }
    }
    // Step 3: the DR, among routers declaring themselves DR; none: the new BDR.
    const ElectionRouter* dr = nullptr;
    for (const ElectionRouter& r : eligible) {
        if (r.declared_dr == r.address && (dr == nullptr || better(r, *dr))) {
            dr = &r;
        }
    }
    Pass p;
    p.bdr = bdr != nullptr ? bdr->address : 0;
    p.dr = dr != nullptr ? dr->address : p.bdr;
    return p;
}

}  // namespace

ElectionResult elect_dr(const ElectionInput& input) {
    // Step 1: the current values are the calculating router's declarations.
    std::vector<ElectionRouter> eligible;
    std::size_t self_index = 0;
    auto collect = [&](const ElectionRouter& self) {
        eligible.clear();
        self_index = SIZE_MAX;
        if (self.priority > 0) {
            self_index = 0;
            eligible.push_back(self);
        }
        for (const ElectionRouter& n : input.neighbors) {
            if (n.two_way && n.priority > 0) {
                eligible.push_back(n);
            }
        }
    };
    ElectionRouter self = input.self;
    collect(self);
    Pass p = elect_once(eligible);

    // Step 4: if this router is newly DR or BDR, or no longer DR or BDR, repeat steps 2 and 3
    // with its declarations updated (so that it is not, e.g., both DR and BDR).
    const std::uint32_t a = self.address;
    const bool was_dr = self.declared_dr == a;
    const bool was_bdr = self.declared_bdr == a;
    const bool is_dr = p.dr == a;
    const bool is_bdr = p.bdr == a;
    if (self_index != SIZE_MAX && (was_dr != is_dr || was_bdr != is_bdr)) {
        self.declared_dr = p.dr;
        self.declared_bdr = p.bdr;
        collect(self);
        p = elect_once(eligible);
    }

    ElectionResult r;
    r.dr = p.dr;
    r.bdr = p.bdr;
    r.role = p.dr == a && a != 0 ? DrRole::dr : (p.bdr == a && a != 0 ? DrRole::backup : DrRole::other);
    r.changed = p.dr != input.self.declared_dr || p.bdr != input.self.declared_bdr;
    return r;
}

std::string to_string(const ElectionResult& r) {
    return "dr " + format_ipv4(r.dr) + " bdr " + format_ipv4(r.bdr) + " role " + std::string(to_string(r.role)) +
           (r.changed ? " changed" : "");
}

}  // namespace ldpsync::ospf
