#pragma once
// One AF_PACKET socket per IS-IS interface (IS-IS runs over 802.3 with LLC, not IP): bound to
// the device for 802.2 frames, a member of AllISs, AllL1ISs and AllL2ISs, our own transmissions
// ignored. Frames are checked and unwrapped by isis::parse_frame; what goes out is framed by
// isis::build_frame with the device's MAC.

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "isis/pdu.hpp"

namespace ldpsync::daemon {

struct IsisFrame {
    isis::MacAddress source{};
    std::vector<std::byte> pdu;
};

class IsisSocket {
public:
    using Receiver = std::function<void(IsisFrame)>;
    using DropSink = std::function<void(const std::string& why)>;

    // Opens, binds and joins; nullptr with `error` set (the step and errno) on failure.
    static std::unique_ptr<IsisSocket> open(boost::asio::io_context& io, const std::string& ifname, std::string& error);
    ~IsisSocket();
    IsisSocket(const IsisSocket&) = delete;
    IsisSocket& operator=(const IsisSocket&) = delete;

    void start(Receiver receiver, DropSink drops);
    bool send(const isis::MacAddress& destination, std::span<const std::byte> pdu, std::string& error);

    const isis::MacAddress& mac() const { return mac_; }

private:
    IsisSocket(boost::asio::io_context& io, int fd, std::string ifname, int ifindex, isis::MacAddress mac);
    void wait();
    void drain(const std::shared_ptr<bool>& alive);

    boost::asio::posix::stream_descriptor stream_;
    std::string ifname_;
    int ifindex_ = 0;
    isis::MacAddress mac_{};
    Receiver receiver_;
    DropSink drops_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace ldpsync::daemon
