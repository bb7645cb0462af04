#pragma once
// `show isis neighbors`, `show isis database [detail]`, `show isis topology` and `show isis
// statistics` from the running IS-IS speaker, as IOS prints them, or as JSON. Pure formatting
// of the instances' views.

#include <string>

#include "isis_speaker.hpp"

namespace ldpsync::daemon {

std::string show_isis_neighbors(const IsisSpeaker& speaker, isis::TimePoint now, bool json);
std::string show_isis_database(const IsisSpeaker& speaker, isis::TimePoint now, bool detail, bool json);
std::string show_isis_topology(const IsisSpeaker& speaker, isis::TimePoint now, bool json);
std::string show_isis_statistics(const IsisSpeaker& speaker, bool json);

}  // namespace ldpsync::daemon
