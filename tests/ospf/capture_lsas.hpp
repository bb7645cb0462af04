#pragma once
// The LSAs carried in the LS Updates of a capture, in capture order (tests only).

#include <string>
#include <vector>

#include "capture.hpp"
#include "lsa.hpp"
#include "packet.hpp"

namespace ldpsync::ospf::test {

inline std::vector<Lsa> captured_lsas(const std::string& path) {
    std::vector<Lsa> out;
    for (const CapturedPacket& cp : read_ospf_capture(path).packets) {
        auto p = Packet::decode(cp.ospf);
        if (!p) {
            continue;
        }
        if (const auto* u = std::get_if<LsUpdate>(&p->body)) {
            out.insert(out.end(), u->lsas.begin(), u->lsas.end());
        }
    }
    return out;
}

}  // namespace ldpsync::ospf::test
