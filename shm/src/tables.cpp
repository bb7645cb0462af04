#include "ldpsync/shm/tables.hpp"

namespace ldpsync::shm {

std::uint64_t ForwardingTables::digest() const {
    std::uint64_t sum = size();
    for (const auto& [k, v] : nexthops) sum += entry_hash(1, v);
    for (const auto& [k, v] : groups) sum += entry_hash(2, v);
    for (const auto& [k, v] : ilm) sum += entry_hash(3, v);
    for (const auto& [k, v] : ftn) sum += entry_hash(4, v);
    return sum;
}

void MirrorTables::end_replay() {
    auto sweep = [this](auto& map) {
        std::erase_if(map, [this](const auto& item) {
            const bool stale = item.second.round != round_;
            swept_ += stale ? 1 : 0;
            return stale;
        });
    };
    sweep(nexthops_);
    sweep(groups_);
    sweep(ilm_);
    sweep(ftn_);
}

ForwardingTables MirrorTables::tables() const {
    ForwardingTables out;
    for (const auto& [k, v] : nexthops_) out.nexthops.emplace(k, v.value);
    for (const auto& [k, v] : groups_) out.groups.emplace(k, v.value);
    for (const auto& [k, v] : ilm_) out.ilm.emplace(k, v.value);
    for (const auto& [k, v] : ftn_) out.ftn.emplace(k, v.value);
    return out;
}

}  // namespace ldpsync::shm
