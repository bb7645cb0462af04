#pragma once
// `show mpls ldp neighbor [detail]`, `show mpls ldp discovery` and `show mpls ldp bindings`:
// the speaker's state as IOS-like text and as JSON.

#include <nlohmann/json.hpp>

#include <string>

namespace ldpsync::daemon {

class LdpSpeaker;

namespace ldp_show {

using Json = nlohmann::ordered_json;

std::string neighbors_text(const LdpSpeaker& s, bool detail);
Json neighbors_json(const LdpSpeaker& s, bool detail);
std::string discovery_text(const LdpSpeaker& s);
Json discovery_json(const LdpSpeaker& s);
std::string bindings_text(const LdpSpeaker& s);
Json bindings_json(const LdpSpeaker& s);

}  // namespace ldp_show
}  // namespace ldpsync::daemon
