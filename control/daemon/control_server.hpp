#pragma once
// The control socket: a unix stream socket (mode 0660). A request is text ending in NUL; each
// answer is a frame "ok|error|event\n<body>" ending in NUL. `debug mpls ldp igp sync` answers
// ok and then streams event frames until the client goes. Many clients at once; a bad
// request gets an error frame and changes nothing.

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <memory>
#include <optional>
#include <string>

#include "commands.hpp"
#include "daemon.hpp"

namespace ldpsync::daemon {

class ControlServer {
public:
    ControlServer(boost::asio::io_context& io, Daemon& daemon, std::string path);
    ~ControlServer();

    // Binds (replacing a stale socket file) and starts accepting; an error string on failure.
    std::optional<std::string> start();
    const std::string& path() const { return path_; }
    std::size_t sessions() const;

    static constexpr std::size_t kMaxRequest = 1u << 20;

private:
    void accept();

    boost::asio::io_context& io_;
    Daemon& daemon_;
    std::string path_;
    boost::asio::local::stream_protocol::acceptor acceptor_;
    std::shared_ptr<std::size_t> live_sessions_;
};

}  // namespace ldpsync::daemon
