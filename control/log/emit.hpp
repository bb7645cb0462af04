#pragma once
// Writes a catalogue event to the log (spdlog): "NAME: text", the text from the event's format.

#include <spdlog/spdlog.h>

#include <string>
#include <utility>

#include "log/event.hpp"

namespace ldpsync::log {

template <class... Args>
std::string text(const Event& e, Args&&... args) {
    return fmt::format(fmt::runtime(e.format), std::forward<Args>(args)...);
}

template <class... Args>
void emit(Level level, const Event& e, Args&&... args) {
    const std::string line = std::string(e.name) + ": " + text(e, std::forward<Args>(args)...);
    switch (level) {
    case Level::debug: spdlog::debug(line); break;
    case Level::info: spdlog::info(line); break;
    case Level::warn: spdlog::warn(line); break;
    case Level::error: spdlog::error(line); break;
    }
}

}  // namespace ldpsync::log
