#pragma once
// `show ip ospf neighbor` and `show ip ospf database [router|network]` from the running OSPF
// speaker, as IOS prints them, or as JSON. Pure formatting of the instances' views.

#include <optional>
#include <string>

#include "ospf_speaker.hpp"

namespace ldpsync::daemon {

enum class OspfDbFilter { summary, router, network };

std::string show_ospf_neighbor(const OspfSpeaker& speaker, ospf::TimePoint now, bool json);
// Every counter of every process (the instance's drops and events, the sockets' errors).
std::string show_ospf_statistics(const OspfSpeaker& speaker, bool json);
std::string show_ospf_database(const OspfSpeaker& speaker, ospf::TimePoint now, OspfDbFilter filter, bool json);

}  // namespace ldpsync::daemon
