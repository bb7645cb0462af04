#include "ospf_socket.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ldpsync::daemon {

namespace {

constexpr int kOspfProtocol = 89;
constexpr std::uint32_t kAllSpfRouters = 0xE0000005;
constexpr std::uint32_t kAllDRouters = 0xE0000006;
constexpr std::size_t kMaxDatagram = 65535;

std::uint32_t be32(std::span<const std::byte> b, std::size_t at) {
    return (std::uint32_t(b[at]) << 24) | (std::uint32_t(b[at + 1]) << 16) | (std::uint32_t(b[at + 2]) << 8) |
           std::uint32_t(b[at + 3]);
}

std::string errno_text(const char* step) { return std::string(step) + ": " + std::strerror(errno); }

bool set_int(int fd, int level, int name, int value, const char* what, std::string& error) {
    if (setsockopt(fd, level, name, &value, sizeof value) == 0) return true;
    error = errno_text(what);
    return false;
}

bool join(int fd, int ifindex, std::uint32_t group, std::string& error) {
    ip_mreqn m{};
    m.imr_multiaddr.s_addr = htonl(group);
    m.imr_ifindex = ifindex;
    if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m) == 0) return true;
    error = errno_text(group == kAllSpfRouters ? "join 224.0.0.5" : "join 224.0.0.6");
    return false;
}

}  // namespace

OspfRxDrop parse_ospf_datagram(std::span<const std::byte> bytes, std::uint32_t own_address,
                               std::optional<std::uint32_t> pktinfo_destination, OspfDatagram& out) {
    // A raw IPv4 socket delivers the IP header; its length (IHL) and total length are checked
    // against what was read before anything is sliced.
    if (bytes.size() < 20) return OspfRxDrop::bad_ip_header;
    const auto version = std::uint8_t(bytes[0]) >> 4;
    const std::size_t ihl = std::size_t(std::uint8_t(bytes[0]) & 0x0f) * 4;
    if (version != 4 || ihl < 20 || ihl > bytes.size()) return OspfRxDrop::bad_ip_header;
    if (std::uint8_t(bytes[9]) != kOspfProtocol) return OspfRxDrop::bad_ip_header;
    // Linux gives the total length in host order on raw receive in some versions and network
    // order in others; only trust it to shorten, never to lengthen, the datagram.
    const std::size_t total = (std::size_t(std::uint8_t(bytes[2])) << 8) | std::uint8_t(bytes[3]);
    std::size_t end = bytes.size();
    if (total >= ihl && total < end) end = total;
    out.source = be32(bytes, 12);
    out.destination = pktinfo_destination.value_or(be32(bytes, 16));
    if (out.source == own_address) return OspfRxDrop::own_packet;
    out.payload.assign(bytes.begin() + static_cast<std::ptrdiff_t>(ihl), bytes.begin() + static_cast<std::ptrdiff_t>(end));
    return OspfRxDrop::none;
}

std::unique_ptr<OspfSocket> OspfSocket::open(boost::asio::io_context& io, const std::string& ifname,
                                             std::uint32_t address, std::string& error) {
    const int ifindex = static_cast<int>(if_nametoindex(ifname.c_str()));
    if (ifindex == 0) {
        error = errno_text("if_nametoindex");
        return nullptr;
    }
    const int fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, kOspfProtocol);
    if (fd < 0) {
        error = errno_text("socket(AF_INET, SOCK_RAW, 89)");
        return nullptr;
    }
    auto fail = [&] {
        ::close(fd);
        return nullptr;
    };
    if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname.c_str(), static_cast<socklen_t>(ifname.size())) != 0) {
        error = errno_text("SO_BINDTODEVICE");
        return fail();
    }
    ip_mreqn mif{};
    mif.imr_address.s_addr = htonl(address);
    mif.imr_ifindex = ifindex;
    if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mif, sizeof mif) != 0) {
        error = errno_text("IP_MULTICAST_IF");
        return fail();
    }
    // TTL 1 for unicast too: OSPF packets never leave the link (A.1, no virtual links here).
    if (!set_int(fd, IPPROTO_IP, IP_MULTICAST_TTL, 1, "IP_MULTICAST_TTL", error) ||
        !set_int(fd, IPPROTO_IP, IP_TTL, 1, "IP_TTL", error) ||
        !set_int(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP", error) ||
        !set_int(fd, IPPROTO_IP, IP_TOS, IPTOS_PREC_INTERNETCONTROL, "IP_TOS", error) ||
        !set_int(fd, IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO", error) ||
        !set_int(fd, SOL_SOCKET, SO_RCVBUF, 1 << 20, "SO_RCVBUF", error) ||
        !join(fd, ifindex, kAllSpfRouters, error) || !join(fd, ifindex, kAllDRouters, error)) {
        return fail();
    }
    return std::unique_ptr<OspfSocket>(new OspfSocket(io, fd, ifname, address, ifindex));
}

OspfSocket::OspfSocket(boost::asio::io_context& io, int fd, std::string ifname, std::uint32_t address, int ifindex)
    : stream_(io, fd), ifname_(std::move(ifname)), address_(address), ifindex_(ifindex) {}

OspfSocket::~OspfSocket() {
    *alive_ = false;
    boost::system::error_code ec;
    stream_.cancel(ec);
    stream_.close(ec);
}

void OspfSocket::start(Receiver receiver, DropSink drops) {
    receiver_ = std::move(receiver);
    drops_ = std::move(drops);
    wait();
}

void OspfSocket::wait() {
    std::weak_ptr<bool> alive = alive_;
    stream_.async_wait(boost::asio::posix::stream_descriptor::wait_read, [this, alive](const boost::system::error_code& ec) {
        const auto a = alive.lock();
        if (!a || !*a || ec) return;  // closed (reconfiguration) or cancelled
        drain(a);
        if (*a) wait();  // a packet's handling may have closed this socket
    });
}

void OspfSocket::drain(const std::shared_ptr<bool>& alive) {
    std::vector<std::byte> buffer(kMaxDatagram);
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in_pktinfo))];
    // Bounded: a flood of packets cannot starve the rest of the event loop.
    // `alive` is held by the caller: the receiver may close this socket, and then `this` is
    // not to be touched again.
    for (int i = 0; i < 64 && *alive; ++i) {
        iovec iov{buffer.data(), buffer.size()};
        sockaddr_in from{};
        msghdr msg{};
        msg.msg_name = &from;
        msg.msg_namelen = sizeof from;
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        const ssize_t n = recvmsg(stream_.native_handle(), &msg, 0);
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && drops_) {
                drops_(OspfRxDrop::bad_ip_header, errno_text("recvmsg"));
            }
            return;
        }
        std::optional<std::uint32_t> destination;
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
                in_pktinfo info{};
                std::memcpy(&info, CMSG_DATA(c), sizeof info);
                destination = ntohl(info.ipi_addr.s_addr);
            }
        }
        OspfDatagram d;
        const auto drop = parse_ospf_datagram(std::span(buffer.data(), static_cast<std::size_t>(n)), address_, destination, d);
        if (drop != OspfRxDrop::none) {
            if (drops_) drops_(drop, ifname_);
            continue;
        }
        if (receiver_) receiver_(std::move(d));
    }
}

bool OspfSocket::send(std::uint32_t destination, std::span<const std::byte> bytes, std::string& error) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(destination);
    const ssize_t n = sendto(stream_.native_handle(), bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
    if (n < 0) {
        error = errno_text("sendto");
        return false;
    }
    if (static_cast<std::size_t>(n) != bytes.size()) {
        error = "sendto: short write";
        return false;
    }
    return true;
}

}  // namespace ldpsync::daemon
