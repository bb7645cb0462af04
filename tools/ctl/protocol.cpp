#include "protocol.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace ldpsync::ctl {

namespace {

// The longest status word plus its newline; a partial frame may exceed the body limit by
// this much before it is certain to be too large.
constexpr std::size_t kStatusSlack = 8;

std::vector<std::string> lower_words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (char ch : text) {
        if (std::isspace(static_cast<unsigned char>(ch))) {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

// IOS abbreviation: a non-empty prefix of at least min_len characters.
bool abbreviates(std::string_view typed, std::string_view keyword, std::size_t min_len) {
    return typed.size() >= std::min(min_len, keyword.size()) && keyword.starts_with(typed);
}

std::string printable(std::string_view s) {
    std::string out;
    for (char ch : s.substr(0, 32)) {
        out.push_back(std::isprint(static_cast<unsigned char>(ch)) ? ch : '?');
    }
    if (s.size() > 32) out += "...";
    return out;
}

}  // namespace

std::string_view to_string(Status status) {
    switch (status) {
        case Status::ok: return "ok";
        case Status::error: return "error";
        case Status::event: return "event";
    }
    return "?";
}

std::string encode_request(std::string_view text) {
    if (text.find('\0') != std::string_view::npos) {
        throw ProtocolError("request contains a NUL byte");
    }
    std::string out;
    out.reserve(text.size() + 1);
    out.append(text);
    out.push_back('\0');
    return out;
}

std::string configure_text(std::string_view block) {
    std::string out = "configure\n";
    out.append(block);
    return out;
}

bool is_configure_command(std::string_view text) {
    const auto words = lower_words(text);
    // "con" is also "connect" on IOS, so four letters are required, as operators type "conf".
    if (words.empty() || words.size() > 2 || !abbreviates(words[0], "configure", 4)) return false;
    return words.size() == 1 || abbreviates(words[1], "terminal", 1);
}

bool is_streaming_command(std::string_view text) {
    const auto words = lower_words(text);
    return !words.empty() && abbreviates(words[0], "debug", 3);
}

bool FrameDecoder::feed(std::string_view bytes) {
    if (failed()) return false;
    while (!bytes.empty()) {
        const auto nul = bytes.find('\0');
        if (nul == std::string_view::npos) {
            if (partial_.size() + bytes.size() > max_body_ + kStatusSlack) {
                fail("frame larger than the " + std::to_string(max_body_) + "-byte limit");
                return false;
            }
            partial_.append(bytes);
            break;
        }
        partial_.append(bytes.substr(0, nul));
        bytes.remove_prefix(nul + 1);
        std::string raw;
        raw.swap(partial_);
        complete(std::move(raw));
        if (failed()) return false;
    }
    return true;
}

void FrameDecoder::complete(std::string&& raw) {
    if (raw.empty()) {
        // Two NULs in a row, or a NUL first: a frame always starts with a status line.
        fail("empty frame (NUL where a status line was expected)");
        return;
    }
    const auto newline = raw.find('\n');
    const std::string_view status_word = std::string_view(raw).substr(0, newline);
    Frame frame;
    if (status_word == "ok") {
        frame.status = Status::ok;
    } else if (status_word == "error") {
        frame.status = Status::error;
    } else if (status_word == "event") {
        frame.status = Status::event;
    } else {
        fail("unknown frame status '" + printable(status_word) + "'");
        return;
    }
    if (newline != std::string::npos) {
        if (raw.size() - newline - 1 > max_body_) {
            fail("frame body larger than the " + std::to_string(max_body_) + "-byte limit");
            return;
        }
        raw.erase(0, newline + 1);
        frame.body = std::move(raw);
    }
    frames_.push_back(std::move(frame));
}

std::optional<Frame> FrameDecoder::next() {
    if (frames_.empty()) return std::nullopt;
    Frame f = std::move(frames_.front());
    frames_.pop_front();
    return f;
}

void FrameDecoder::fail(std::string message) {
    error_ = std::move(message);
    partial_.clear();
}

void FrameDecoder::reset() {
    partial_.clear();
    frames_.clear();
    error_.clear();
}

}  // namespace ldpsync::ctl
