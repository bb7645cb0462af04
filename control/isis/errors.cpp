#include "errors.hpp"

#include <array>

namespace ldpsync::isis {

namespace {

constexpr std::array<std::string_view, kReasonCount> kCounterNames{
#define LDPSYNC_ISIS_REASON_COUNTER(name, counter) counter,
    LDPSYNC_ISIS_REASONS(LDPSYNC_ISIS_REASON_COUNTER)
#undef LDPSYNC_ISIS_REASON_COUNTER
};
constexpr std::array<std::string_view, kReasonCount> kReasonNames{
#define LDPSYNC_ISIS_REASON_NAME(name, counter) #name,
    LDPSYNC_ISIS_REASONS(LDPSYNC_ISIS_REASON_NAME)
#undef LDPSYNC_ISIS_REASON_NAME
};

}  // namespace

std::string_view counter_name(Reason r) { return kCounterNames.at(static_cast<std::size_t>(r)); }

std::string to_string(const DecodeError& e) {
    return std::string(kReasonNames.at(static_cast<std::size_t>(e.reason))) + " in " + std::string(e.field) +
           " at offset " + std::to_string(e.offset);
}

}  // namespace ldpsync::isis
