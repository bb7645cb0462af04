#pragma once
// A log event of a catalogue: a stable name an operator can grep for and a fixed fmt-style
// format. Every catalogue (control/daemon/log_events.hpp, ospf_log_events.hpp,
// control/ldp/log_events.hpp) is a list of these; pure code (the protocol instances) names
// them in its LogLine events, and log/emit.hpp writes them out.

#include <string_view>

namespace ldpsync::log {

struct Event {
    std::string_view name;
    std::string_view format;  // fmt-style
};

enum class Level : unsigned char { debug, info, warn, error };

}  // namespace ldpsync::log
