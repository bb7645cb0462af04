#include "session.hpp"

#include <algorithm>
#include <cctype>

#include "protocol.hpp"

namespace ldpsync::ctl {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string first_word(std::string_view s) {
    std::string w;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c))) break;
        w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return w;
}

bool single_word(std::string_view s) {
    return std::none_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

}  // namespace

Session::Action Session::handle(std::string_view raw) {
    const std::string_view line = trim(raw);
    if (line.empty()) return {};
    const std::string word = first_word(line);
    const bool alone = single_word(line);

    if (mode_ == Mode::exec) {
        if (is_configure_command(line)) {
            mode_ = Mode::config;
            lines_.clear();
            return {};
        }
        if (alone && (word == "exit" || word == "quit")) return {Action::Kind::quit, {}};
        return {Action::Kind::send, std::string(line)};
    }

    if (alone && word == "end") return finish_block();
    if (alone && word == "exit") {
        if (mode_ == Mode::config) return finish_block();
        // Sent along: the daemon's parser also leaves the sub-mode on "exit", so the block
        // means the same there as it did here.
        lines_.emplace_back(line);
        mode_ = Mode::config;
        return {};
    }
    lines_.emplace_back(line);
    if (word.size() >= 3 && std::string_view("interface").starts_with(word)) {
        mode_ = Mode::config_if;
    } else if (word.size() >= 3 && std::string_view("router").starts_with(word)) {
        mode_ = Mode::config_router;
    }
    return {};
}

Session::Action Session::end_of_input() {
    if (in_config()) return finish_block();
    return {Action::Kind::quit, {}};
}

Session::Action Session::finish_block() {
    mode_ = Mode::exec;
    std::vector<std::string> lines;
    lines.swap(lines_);
    if (lines.empty()) return {};  // nothing to apply: no round trip
    std::string block;
    for (const auto& l : lines) {
        if (!block.empty()) block.push_back('\n');
        block += l;
    }
    return {Action::Kind::send, configure_text(block)};
}

std::string Session::prompt() const {
    switch (mode_) {
        case Mode::exec: return "ldpsync# ";
        case Mode::config: return "ldpsync(config)# ";
        case Mode::config_if: return "ldpsync(config-if)# ";
        case Mode::config_router: return "ldpsync(config-router)# ";
    }
    return "ldpsync# ";
}

std::string Session::completion_mode() const {
    switch (mode_) {
        case Mode::exec: return "";
        case Mode::config: return "config";
        case Mode::config_if: return "config-if";
        case Mode::config_router: return "config-router";
    }
    return "";
}

}  // namespace ldpsync::ctl
