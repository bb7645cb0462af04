#pragma once
// A minimal client for ldpsyncd's control socket (NUL-framed requests and replies), for
// tests that drive the real daemon.

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace ldpsync::test {

struct Frame {
    std::string status;
    std::string body;
};

class Client {
public:
    explicit Client(const std::string& path) {
        fd_ = socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
        connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        timeval tv{10, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~Client() { close(fd_); }
    bool connected() const { return connected_; }
    void send_raw(const std::string& bytes) { (void)!write(fd_, bytes.data(), bytes.size()); }
    Frame request(const std::string& text) {
        send_raw(text + std::string(1, '\0'));
        return read_frame();
    }
    Frame read_frame() {
        while (buffer_.find('\0') == std::string::npos) {
            char chunk[65536];
            const ssize_t n = read(fd_, chunk, sizeof chunk);
            if (n <= 0) return Frame{"closed", {}};
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
        const auto end = buffer_.find('\0');
        std::string frame = buffer_.substr(0, end);
        buffer_.erase(0, end + 1);
        const auto nl = frame.find('\n');
        return Frame{frame.substr(0, nl), nl == std::string::npos ? "" : frame.substr(nl + 1)};
    }

private:
    int fd_ = -1;
    bool connected_ = false;
    std::string buffer_;
};

// One interface's entry in `show mpls ldp discovery json` (adjacencies, igpNeighbors,
// syncHeldBy); an empty object when the interface is not listed.
inline nlohmann::json ldp_discovery_interface(const nlohmann::json& discovery, const std::string& itf) {
    if (discovery.is_object() && discovery.contains("interfaces")) {
        for (const auto& i : discovery["interfaces"]) {
            if (i.value("interface", "") == itf) return i;
        }
    }
    return nlohmann::json::object();
}

}  // namespace ldpsync::test
