#pragma once
// One raw IP protocol 89 socket per OSPF interface (RFC 2328 8.1, A.1): bound to the device,
// member of AllSPFRouters and AllDRouters, multicast sent out of the device with TTL 1, no
// loopback, TOS internetwork control. The received IP header is parsed and stripped here, so
// the instance sees what it expects: source, destination and the OSPF packet.
//
// Both groups are joined for the socket's lifetime: whether a packet to AllDRouters is
// accepted depends on the interface's DR/BDR role, which only the instance knows (it is given
// the destination, taken from IP_PKTINFO, and drops it otherwise, RFC 2328 8.2).

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ldpsync::daemon {

// A received OSPF packet, IP header removed.
struct OspfDatagram {
    std::uint32_t source = 0;
    std::uint32_t destination = 0;
    std::vector<std::byte> payload;
};

// Why a received datagram was not handed over (counted by the owner).
enum class OspfRxDrop { none, bad_ip_header, own_packet };

// Parses the IPv4 header of a raw-socket datagram. Pure, so it is tested without a socket.
// `destination` is the IP_PKTINFO address when known (else the header's destination).
OspfRxDrop parse_ospf_datagram(std::span<const std::byte> bytes, std::uint32_t own_address,
                               std::optional<std::uint32_t> pktinfo_destination, OspfDatagram& out);

class OspfSocket {
public:
    using Receiver = std::function<void(OspfDatagram)>;
    using DropSink = std::function<void(OspfRxDrop, const std::string& detail)>;

    // Opens, binds and joins; nullptr with `error` set (naming the step and errno) on failure.
    static std::unique_ptr<OspfSocket> open(boost::asio::io_context& io, const std::string& ifname,
                                            std::uint32_t address, std::string& error);
    ~OspfSocket();
    OspfSocket(const OspfSocket&) = delete;
    OspfSocket& operator=(const OspfSocket&) = delete;

    // Starts reading: every datagram goes to `receiver` or, when dropped, to `drops`.
    void start(Receiver receiver, DropSink drops);
    // Sends one OSPF packet; false with `error` set when the kernel refuses it.
    bool send(std::uint32_t destination, std::span<const std::byte> bytes, std::string& error);

    const std::string& ifname() const { return ifname_; }
    std::uint32_t address() const { return address_; }

private:
    OspfSocket(boost::asio::io_context& io, int fd, std::string ifname, std::uint32_t address, int ifindex);
    void wait();
    void drain(const std::shared_ptr<bool>& alive);

    boost::asio::posix::stream_descriptor stream_;
    std::string ifname_;
    std::uint32_t address_ = 0;
    int ifindex_ = 0;
    Receiver receiver_;
    DropSink drops_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace ldpsync::daemon
