#pragma once
// The LDP speaker's sockets, nothing else: the UDP 646 Hello socket (224.0.0.2 per interface,
// receiving interface and TTL from ancillary data) and the TCP 646 helpers (listener, active
// connect from the transport address, TCP-MD5 keys, GTSM TTLs). All non-blocking on the
// daemon's io_context; the protocol logic lives in control/ldp and ldp_speaker.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

namespace ldpsync::daemon {

inline constexpr std::uint16_t kLdpPort = 646;
inline constexpr std::uint32_t kAllRoutersGroup = 0xE0000002;  // 224.0.0.2
inline constexpr int kGtsmTtl = 255;                           // RFC 6720

struct ReceivedHello {
    std::uint32_t ifindex = 0;
    std::uint32_t source = 0;  // host order
    int ttl = -1;              // -1: the kernel gave none
    std::span<const std::byte> pdu;
};

class HelloSocket {
public:
    using Handler = std::function<void(const ReceivedHello&)>;

    HelloSocket(boost::asio::io_context& io, Handler handler);

    // Binds UDP 646 and starts reading; an error text when the socket cannot be set up.
    std::optional<std::string> open();
    // Membership of 224.0.0.2 on one interface; an error text on failure.
    std::optional<std::string> join(std::uint32_t ifindex);
    void leave(std::uint32_t ifindex);
    // Sends to 224.0.0.2:646 out of `ifindex` with TTL 255 (RFC 6720).
    std::optional<std::string> send(std::uint32_t ifindex, std::span<const std::byte> pdu);
    bool is_open() const { return socket_.is_open(); }

private:
    void wait();
    void read_all();

    boost::asio::ip::udp::socket socket_;
    Handler handler_;
};

// Installs (or, with an empty password, removes) the TCP-MD5 key (RFC 2385, Linux
// TCP_MD5SIG) for segments to/from `peer` on a listening or connecting socket.
std::optional<std::string> set_tcp_md5(int fd, std::uint32_t peer, const std::string& password);

// GTSM on a session socket (RFC 6720): send with TTL 255; when the peer uses GTSM too,
// refuse segments that arrive with a lower TTL (IP_MINTTL).
std::optional<std::string> set_session_ttl(int fd, bool require_255);

// The TCP 646 listener, bound to any address, with the configured MD5 keys.
std::optional<std::string> open_listener(boost::asio::ip::tcp::acceptor& acceptor);

std::string errno_text(const char* what);

}  // namespace ldpsync::daemon
