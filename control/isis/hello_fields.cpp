#include "hello_fields.hpp"

namespace ldpsync::isis {

bool share_an_area(const std::vector<Bytes>& a, const std::vector<Bytes>& b) {
    return std::any_of(a.begin(), a.end(), [&](const Bytes& x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

bool lists_mac(const Tlvs& tlvs, const MacAddress& mac) {
    const auto lists = tlvs.all<LanNeighbors>();
    return std::any_of(lists.begin(), lists.end(), [&](const LanNeighbors* t) {
        return std::find(t->macs.begin(), t->macs.end(), mac) != t->macs.end();
    });
}

std::uint32_t address_on_link(const Tlvs& tlvs, std::uint32_t ours, std::uint8_t length) {
    std::uint32_t first = 0;
    for (const auto* t : tlvs.all<IpInterfaceAddresses>()) {
        for (auto a : t->addresses) {
            if (first == 0) first = a;
            if ((a & prefix_mask(length)) == (ours & prefix_mask(length))) return a;
        }
    }
    return first;
}

}  // namespace ldpsync::isis
