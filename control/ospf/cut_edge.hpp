#pragma once
// RFC 6138 (LDP-IGP synchronization for broadcast networks), the "cut-edge" test.
//
// Our reading of RFC 6138: on a broadcast link, RFC 5443's max metric only raises the cost of
// *our* link to the pseudo-node; the Network-LSA's links back to us cost 0, so the other
// routers of the LAN keep sending traffic into us over the LAN even though LDP is not
// operational with all of them. Instead, a router whose LDP is not yet operational with every
// neighbour on the LAN does not advertise its transit link to that LAN at all (the two-way
// check of SPF, RFC 2328 16.1 (2b), then keeps everyone's shortest paths off the router on
// that LAN, while the LAN keeps working between the other routers). The exception: when the
// LAN is a cut edge for this router — no other path leads to the LAN's routers — withholding
// it would cut the router off, so the transit link is advertised (at max metric, as RFC 5443).
//
// Here: the link is a cut edge when, with the candidate Router-LSA that withholds it, some
// fully adjacent neighbour on the LAN is unreachable in an SPF from this router. Reaching
// every LAN router is enough: anything reached through the LAN is reached through one of them.

#include <cstdint>
#include <vector>

#include "lsa.hpp"
#include "router_lsa.hpp"

namespace ldpsync::ospf {

// `area_lsas`: the area's database; our own Router-LSA in it is replaced by `candidate` (the
// one that withholds the link). `lan_neighbors`: router ids of the Full neighbours on the LAN.
bool is_cut_edge(std::uint32_t router_id, const std::vector<Lsa>& area_lsas, const RouterLsa& candidate,
                 const std::vector<std::uint32_t>& lan_neighbors);

}  // namespace ldpsync::ospf
