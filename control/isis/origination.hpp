#pragma once
// Our own LSP of one level as TLVs packed into fragments (ISO 10589 7.3.4, 7.3.7): pure, so the
// instance decides when and with which sequence numbers, and tests read what we would say.
//
// Fragment 0 carries the area addresses, protocols supported, hostname and interface
// addresses; the reachability follows, each TLV filled up to 255 bytes, each fragment up to
// the LSP size (lsp-mtu). Metric style (RFC 5305, RFC 3787 5.1): wide writes TLVs 22 and 135,
// narrow TLVs 2 and 128 with metrics capped at 63, transition both.

#include <cstdint>
#include <string>
#include <vector>

#include "lsp.hpp"
#include "spf.hpp"

namespace ldpsync::isis {

enum class MetricStyle : std::uint8_t { wide, narrow, transition };
inline bool writes_wide(MetricStyle s) { return s != MetricStyle::narrow; }
inline bool writes_narrow(MetricStyle s) { return s != MetricStyle::wide; }

// The default LSP size: what fits a 1500-byte link with room for the LLC header and a label.
inline constexpr std::size_t kDefaultLspMtu = 1492;

struct OriginationInput {
    SystemId system{};
    Level level = Level::l2;
    std::uint8_t is_type = lsp_flags::is_type_l2;
    std::vector<Bytes> areas;
    std::string hostname;
    MetricStyle style = MetricStyle::wide;
    std::vector<std::uint32_t> interface_addresses;
    struct Neighbor {
        NodeId id;
        std::uint32_t metric = 0;  // wide; capped at 63 for narrow TLVs
    };
    std::vector<Neighbor> neighbors;
    struct Reach {
        Prefix prefix;
        std::uint32_t metric = 0;
    };
    std::vector<Reach> prefixes;
    bool overload = false;
    bool attached = false;
    std::size_t lsp_mtu = kDefaultLspMtu;
    bool authenticated = false;  // each fragment starts with an HMAC-MD5 placeholder (auth.hpp)
};

// The fragments in order (at least fragment 0); sequence number, lifetime and checksum are the
// caller's to set.
std::vector<Lsp> originate(const OriginationInput& in);
// A pseudonode LSP's body (7.3.8): IS reachability only (in.neighbors), no areas or prefixes;
// the caller sets its id and flags.
Lsp originate_pseudonode(const OriginationInput& in);

}  // namespace ldpsync::isis
