#pragma once
// For the LdpInstance's .cpp files: between prefix FECs and the messages that carry them.

#include <optional>
#include <vector>

#include "label_mapping.hpp"
#include "lib.hpp"
#include "model.hpp"
#include "tlv.hpp"

namespace ldpsync::ldp {

Fec fec_of(const config::Ipv4Prefix& p);  // host bits cleared
FecTlv prefix_fec(const Fec& f);
LabelMapping mapping(const Fec& f, std::uint32_t label);

// Calls fn for each IPv4 prefix FEC element of the TLV (host bits cleared; the speaker has no
// IPv6 transport); returns true when the TLV also holds a Wildcard or Typed Wildcard
// (RFC 5918) element.
template <class Fn>
bool for_each_prefix_fec(const FecTlv& t, Fn&& fn) {
    bool wildcard = false;
    for (const auto& e : t.elements) {
        if (const auto* p = std::get_if<PrefixFec>(&e)) {
            if (p->family == af_ipv4 && p->prefix_length <= 32) {
                fn(Fec{p->ipv4_address() & config::length_to_mask(p->prefix_length), p->prefix_length});
            }
        } else {
            wildcard = true;
        }
    }
    return wildcard;
}

inline std::optional<std::uint32_t> generic_label(const Tlv& t) {
    if (const auto* g = std::get_if<GenericLabelTlv>(&t)) return g->label;
    return std::nullopt;
}

}  // namespace ldpsync::ldp
