#pragma once
// ldpsync-pktgen's DPDK mode: sends generated frames out of one DPDK port and counts what
// comes back on another (or the same), the way a hardware tester drives a router under test.
// One lcore does both; frames are copied into fresh mbufs per burst, so the router may
// rewrite them in place (a vdev or NIC never sees a frame twice).

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "latency.hpp"
#include "packet_builder.hpp"

namespace ldpsync::pktgen {

struct PortDriveOptions {
    std::uint16_t tx_port = 0;
    std::optional<std::uint16_t> rx_port;  // none: nothing is counted back
    double seconds = 5;                    // how long to send (0: until `count` or stopped)
    std::uint64_t count = 0;               // frames the tx port must accept (0: no limit)
    double rate_mpps = 0;                  // 0: as fast as the port takes them
    double drain_seconds = 0.2;            // after the last send, how long rx still counts
    double link_wait_seconds = 10;         // how long the ports may take to come up
    std::uint32_t pool_mbufs = 8191;
    bool latency = false;                  // stamp every frame (its last 16 bytes) and time it back
};

struct PortDriveResult {
    std::uint64_t tx = 0;       // frames the tx port accepted
    std::uint64_t refused = 0;  // frames the tx port had no room for (dropped by us, not sent)
    std::uint64_t rx = 0;       // frames counted on the rx port
    std::uint64_t rx_bytes = 0;
    double send_seconds = 0;    // first to last send
    LatencyHistogram latency;   // one sample per stamped frame back (with `latency`)
    double tx_mpps() const { return send_seconds > 0 ? tx / send_seconds / 1e6 : 0; }
    double rx_mpps() const { return send_seconds > 0 ? rx / send_seconds / 1e6 : 0; }
};

// EAL must be initialised. Configures and starts the ports (one queue each), sends `frames`
// round and round, stops and closes the ports. An error (a port that is not there, a pool
// that cannot be made) is returned as text with nothing sent.
std::string drive_ports(const std::vector<Bytes>& frames, const PortDriveOptions& opt, const std::atomic<bool>& stop,
                        PortDriveResult& result);

}  // namespace ldpsync::pktgen
