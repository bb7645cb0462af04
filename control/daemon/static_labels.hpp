#pragma once
// `mpls static binding ipv4 P M [input] N` against LDP's local labels. The label range of a
// static binding and LDP's are the same space: LDP reserves every static input label (Lib::
// set_reserved), so it never allocates one. A static binding that names a label LDP has
// already allocated and advertised is refused with a configuration error instead of taking
// the label from LDP: re-labelling the FEC (Withdraw, new Mapping) would leave the peers'
// packets for it, still carrying the old label, switched by the static ILM entry until they
// processed the Withdraw, and RFC 5036 3.5.10 wants a withdrawn label kept until released.
// Refusing loses nothing: the running configuration and every LSP stay as they were.

#include <string_view>
#include <vector>

#include "lib.hpp"
#include "model.hpp"
#include "parser.hpp"

namespace ldpsync::daemon {

// One diagnostic per static binding of `next` whose input label is new (not an input label of
// `running`) and is bound by LDP in `lib`; located on the line of `text` that sets it.
std::vector<config::Diagnostic> static_label_conflicts(const config::Config& running, const config::Config& next,
                                                       std::string_view text, const ldp::Lib& lib);

}  // namespace ldpsync::daemon
