#include "cut_edge.hpp"

#include "spf.hpp"

namespace ldpsync::ospf {

bool is_cut_edge(std::uint32_t router_id, const std::vector<Lsa>& area_lsas, const RouterLsa& candidate,
                 const std::vector<std::uint32_t>& lan_neighbors) {
    SpfInput in;
    in.root = router_id;
    bool replaced = false;
    for (const Lsa& l : area_lsas) {
        if (l.header.type == lsa_type::router && l.header.adv_router == router_id) {
            Lsa own = l;
            own.body = candidate;
            in.lsas.push_back(std::move(own));
            replaced = true;
        } else {
            in.lsas.push_back(l);
        }
    }
    if (!replaced) {
        Lsa own;
        own.header.type = lsa_type::router;
        own.header.ls_id = router_id;
        own.header.adv_router = router_id;
        own.body = candidate;
        in.lsas.push_back(std::move(own));
    }
    const SpfResult r = run_spf(in);
    for (const std::uint32_t n : lan_neighbors) {
        if (!r.routers.contains(n)) return true;
    }
    return false;
}

}  // namespace ldpsync::ospf
