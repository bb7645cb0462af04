#pragma once
// For the LdpInstance's .cpp files only: log lines as LogLine events from the catalogue.

#include <fmt/format.h>

#include <utility>

#include "instance.hpp"

namespace ldpsync::ldp {

inline std::string ip(std::uint32_t address) { return config::format_ipv4(address); }

template <class... Args>
void LdpInstance::log(log_event::Level level, const log_event::Event& e, Args&&... args) {
    events_.emplace_back(LogLine{level, e.name, fmt::format(fmt::runtime(e.format), std::forward<Args>(args)...)});
}

}  // namespace ldpsync::ldp
