#include "ldp_sockets.hpp"

#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace ldpsync::daemon {

namespace asio = boost::asio;

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

namespace {

template <class T>
std::optional<std::string> set_opt(int fd, int level, int name, const T& value, const char* what) {
    if (::setsockopt(fd, level, name, &value, sizeof value) != 0) return errno_text(what);
    return std::nullopt;
}

}  // namespace

HelloSocket::HelloSocket(asio::io_context& io, Handler handler) : socket_(io), handler_(std::move(handler)) {}

std::optional<std::string> HelloSocket::open() {
    boost::system::error_code ec;
    socket_.open(asio::ip::udp::v4(), ec);
    if (ec) return "UDP socket: " + ec.message();
    const int fd = socket_.native_handle();
    const int on = 1;
    const int off = 0;
    const int ttl = kGtsmTtl;
    // IP_PKTINFO: the receiving interface decides the adjacency; IP_RECVTTL: the GTSM check.
    for (auto err : {set_opt(fd, SOL_SOCKET, SO_REUSEADDR, on, "SO_REUSEADDR"),
                     set_opt(fd, IPPROTO_IP, IP_PKTINFO, on, "IP_PKTINFO"),
                     set_opt(fd, IPPROTO_IP, IP_RECVTTL, on, "IP_RECVTTL"),
                     set_opt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, off, "IP_MULTICAST_LOOP"),
                     set_opt(fd, IPPROTO_IP, IP_MULTICAST_TTL, ttl, "IP_MULTICAST_TTL")}) {
        if (err) return err;
    }
    socket_.bind(asio::ip::udp::endpoint(asio::ip::address_v4::any(), kLdpPort), ec);
    if (ec) return "UDP bind 646: " + ec.message();
    socket_.non_blocking(true, ec);
    wait();
    return std::nullopt;
}

std::optional<std::string> HelloSocket::join(std::uint32_t ifindex) {
    ip_mreqn m{};
    m.imr_multiaddr.s_addr = htonl(kAllRoutersGroup);
    m.imr_ifindex = static_cast<int>(ifindex);
    if (::setsockopt(socket_.native_handle(), IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m) != 0 && errno != EADDRINUSE) {
        return errno_text("IP_ADD_MEMBERSHIP");
    }
    return std::nullopt;
}

void HelloSocket::leave(std::uint32_t ifindex) {
    ip_mreqn m{};
    m.imr_multiaddr.s_addr = htonl(kAllRoutersGroup);
    m.imr_ifindex = static_cast<int>(ifindex);
    ::setsockopt(socket_.native_handle(), IPPROTO_IP, IP_DROP_MEMBERSHIP, &m, sizeof m);
}

std::optional<std::string> HelloSocket::send(std::uint32_t ifindex, std::span<const std::byte> pdu) {
    ip_mreqn m{};
    m.imr_ifindex = static_cast<int>(ifindex);
    if (auto err = set_opt(socket_.native_handle(), IPPROTO_IP, IP_MULTICAST_IF, m, "IP_MULTICAST_IF")) return err;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(kLdpPort);
    to.sin_addr.s_addr = htonl(kAllRoutersGroup);
    if (::sendto(socket_.native_handle(), pdu.data(), pdu.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0) {
        return errno_text("sendto 224.0.0.2");
    }
    return std::nullopt;
}

void HelloSocket::wait() {
    socket_.async_wait(asio::ip::udp::socket::wait_read, [this](const boost::system::error_code& ec) {
        if (ec) return;  // closed
        read_all();
        wait();
    });
}

void HelloSocket::read_all() {
    std::array<std::byte, 9000> buf;
    std::array<char, 256> control;
    // At most 64 datagrams per wake-up: a Hello flood must not starve the loop (and with it
    // every session's KeepAlives); the rest waits for the next turn.
    for (int budget = 64; budget > 0; --budget) {
        sockaddr_in from{};
        iovec iov{buf.data(), buf.size()};
        msghdr msg{};
        msg.msg_name = &from;
        msg.msg_namelen = sizeof from;
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control.data();
        msg.msg_controllen = control.size();
        const ssize_t n = ::recvmsg(socket_.native_handle(), &msg, MSG_DONTWAIT);
        if (n < 0) return;  // EAGAIN: drained
        ReceivedHello h;
        h.source = ntohl(from.sin_addr.s_addr);
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level != IPPROTO_IP) continue;
            if (c->cmsg_type == IP_PKTINFO) {
                in_pktinfo info{};
                std::memcpy(&info, CMSG_DATA(c), sizeof info);
                h.ifindex = static_cast<std::uint32_t>(info.ipi_ifindex);
            } else if (c->cmsg_type == IP_TTL) {
                int ttl = 0;
                std::memcpy(&ttl, CMSG_DATA(c), sizeof ttl);
                h.ttl = ttl;
            }
        }
        h.pdu = std::span<const std::byte>(buf.data(), static_cast<std::size_t>(n));
        handler_(h);
    }
}

std::optional<std::string> set_tcp_md5(int fd, std::uint32_t peer, const std::string& password) {
    tcp_md5sig sig{};
    auto* addr = reinterpret_cast<sockaddr_in*>(&sig.tcpm_addr);
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(peer);
    if (password.size() > TCP_MD5SIG_MAXKEYLEN) return "TCP-MD5 password longer than 80 characters";
    sig.tcpm_keylen = static_cast<std::uint16_t>(password.size());
    std::memcpy(sig.tcpm_key, password.data(), password.size());
    return set_opt(fd, IPPROTO_TCP, TCP_MD5SIG, sig, "TCP_MD5SIG");
}

std::optional<std::string> set_session_ttl(int fd, bool require_255) {
    const int ttl = kGtsmTtl;
    if (auto err = set_opt(fd, IPPROTO_IP, IP_TTL, ttl, "IP_TTL")) return err;
    if (require_255) return set_opt(fd, IPPROTO_IP, IP_MINTTL, ttl, "IP_MINTTL");
    return std::nullopt;
}

std::optional<std::string> open_listener(asio::ip::tcp::acceptor& acceptor) {
    boost::system::error_code ec;
    acceptor.open(asio::ip::tcp::v4(), ec);
    if (ec) return "TCP socket: " + ec.message();
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    // TTL 255 from the SYN-ACK on (accepted sockets inherit it): a GTSM peer (FRR sets
    // IP_MINTTL 255 towards a neighbour whose Hellos carry G with TTL 255) drops anything less.
    if (auto err = set_session_ttl(acceptor.native_handle(), false)) return err;
    acceptor.bind(asio::ip::tcp::endpoint(asio::ip::address_v4::any(), kLdpPort), ec);
    if (ec) return "TCP bind 646: " + ec.message();
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return "TCP listen 646: " + ec.message();
    return std::nullopt;
}

}  // namespace ldpsync::daemon
