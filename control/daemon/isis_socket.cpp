#include "isis_socket.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ldpsync::daemon {

namespace {

constexpr std::size_t kMaxFrame = 1514 + 4;  // a VLAN tag's worth of slack

std::string errno_text(const char* step) { return std::string(step) + ": " + std::strerror(errno); }

bool join(int fd, int ifindex, const isis::MacAddress& group, std::string& error) {
    packet_mreq m{};
    m.mr_ifindex = ifindex;
    m.mr_type = PACKET_MR_MULTICAST;
    m.mr_alen = 6;
    std::memcpy(m.mr_address, group.data(), 6);
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &m, sizeof m) == 0) return true;
    error = errno_text("PACKET_ADD_MEMBERSHIP");
    return false;
}

}  // namespace

std::unique_ptr<IsisSocket> IsisSocket::open(boost::asio::io_context& io, const std::string& ifname,
                                             std::string& error) {
    const int ifindex = static_cast<int>(if_nametoindex(ifname.c_str()));
    if (ifindex == 0) {
        error = errno_text("if_nametoindex");
        return nullptr;
    }
    // ETH_P_802_2: the kernel's protocol for frames whose type field is an 802.3 length.
    const int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_802_2));
    if (fd < 0) {
        error = errno_text("socket(AF_PACKET, SOCK_RAW, ETH_P_802_2)");
        return nullptr;
    }
    auto fail = [&] {
        ::close(fd);
        return nullptr;
    };
    sockaddr_ll bind_to{};
    bind_to.sll_family = AF_PACKET;
    bind_to.sll_protocol = htons(ETH_P_802_2);
    bind_to.sll_ifindex = ifindex;
    if (bind(fd, reinterpret_cast<sockaddr*>(&bind_to), sizeof bind_to) != 0) {
        error = errno_text("bind");
        return fail();
    }
    ifreq req{};
    std::strncpy(req.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
    if (ioctl(fd, SIOCGIFHWADDR, &req) != 0) {
        error = errno_text("SIOCGIFHWADDR");
        return fail();
    }
    isis::MacAddress mac{};
    std::memcpy(mac.data(), req.ifr_hwaddr.sa_data, 6);
    const int one = 1;
    if (setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) != 0) {
        error = errno_text("PACKET_IGNORE_OUTGOING");
        return fail();
    }
    if (!join(fd, ifindex, isis::kAllIss, error) || !join(fd, ifindex, isis::kAllL1Iss, error) ||
        !join(fd, ifindex, isis::kAllL2Iss, error)) {
        return fail();
    }
    return std::unique_ptr<IsisSocket>(new IsisSocket(io, fd, ifname, ifindex, mac));
}

IsisSocket::IsisSocket(boost::asio::io_context& io, int fd, std::string ifname, int ifindex, isis::MacAddress mac)
    : stream_(io, fd), ifname_(std::move(ifname)), ifindex_(ifindex), mac_(mac) {}

IsisSocket::~IsisSocket() {
    *alive_ = false;
    boost::system::error_code ec;
    stream_.cancel(ec);
    stream_.close(ec);
}

void IsisSocket::start(Receiver receiver, DropSink drops) {
    receiver_ = std::move(receiver);
    drops_ = std::move(drops);
    wait();
}

void IsisSocket::wait() {
    std::weak_ptr<bool> alive = alive_;
    stream_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                       [this, alive](const boost::system::error_code& ec) {
                           const auto a = alive.lock();
                           if (!a || !*a || ec) return;
                           drain(a);
                           if (*a) wait();
                       });
}

void IsisSocket::drain(const std::shared_ptr<bool>& alive) {
    std::vector<std::byte> buffer(kMaxFrame);
    // Bounded: a flood cannot starve the event loop. The receiver may close this socket.
    for (int i = 0; i < 64 && *alive; ++i) {
        sockaddr_ll from{};
        socklen_t from_len = sizeof from;
        const ssize_t n = recvfrom(stream_.native_handle(), buffer.data(), buffer.size(), MSG_TRUNC,
                                   reinterpret_cast<sockaddr*>(&from), &from_len);
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && drops_) drops_(errno_text("recvfrom"));
            return;
        }
        if (from.sll_pkttype == PACKET_OUTGOING) continue;
        if (static_cast<std::size_t>(n) > buffer.size()) {
            if (drops_) drops_("frame longer than " + std::to_string(buffer.size()) + " bytes");
            continue;
        }
        const auto frame = isis::parse_frame(std::span(buffer.data(), static_cast<std::size_t>(n)));
        if (!frame) continue;  // another 802.2 protocol (STP, ...): not ours
        if (receiver_)
            receiver_(IsisFrame{frame->source, std::vector<std::byte>(frame->pdu.begin(), frame->pdu.end())});
    }
}

bool IsisSocket::send(const isis::MacAddress& destination, std::span<const std::byte> pdu, std::string& error) {
    const auto frame = isis::build_frame(destination, mac_, pdu);
    sockaddr_ll to{};
    to.sll_family = AF_PACKET;
    to.sll_protocol = htons(ETH_P_802_2);
    to.sll_ifindex = ifindex_;
    to.sll_halen = 6;
    std::memcpy(to.sll_addr, destination.data(), 6);
    const ssize_t n = sendto(stream_.native_handle(), frame.data(), frame.size(), 0,
                             reinterpret_cast<const sockaddr*>(&to), sizeof to);
    if (n < 0) {
        error = errno_text("sendto");
        return false;
    }
    if (static_cast<std::size_t>(n) != frame.size()) {
        error = "sendto: short write";
        return false;
    }
    return true;
}

}  // namespace ldpsync::daemon
