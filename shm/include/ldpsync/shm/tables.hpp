#pragma once
// A plain, keyed copy of the forwarding state carried by the update channel. The control
// side keeps one as the source of every replay; tests and tools keep one as a reader to
// compare against it. The data plane has its own tables (rte_lpm, direct ILM array).

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <unordered_map>

#include "ldpsync/shm/records.hpp"

namespace ldpsync::shm {

// Order-independent fingerprint of a table set: equal digests, equal contents (with
// overwhelming probability). Records have explicit reserved fields and no padding, so
// their bytes are their value.
template <class T>
    requires std::is_trivially_copyable_v<T> && std::has_unique_object_representations_v<T>
std::uint64_t entry_hash(std::uint8_t kind, const T& value) {
    std::uint64_t h = 0xcbf29ce484222325ull ^ kind;
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    for (unsigned char b : bytes) {
        h = (h ^ b) * 0x100000001b3ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

struct ForwardingTables {
    std::unordered_map<std::uint32_t, NextHop> nexthops;
    std::unordered_map<std::uint32_t, NextHopGroup> groups;
    std::unordered_map<std::uint32_t, IlmEntry> ilm;
    std::unordered_map<std::uint64_t, FtnEntry> ftn;

    std::uint64_t digest() const;
    std::size_t size() const { return nexthops.size() + groups.size() + ilm.size() + ftn.size(); }
    bool operator==(const ForwardingTables&) const = default;
};

// UpdateSink that keeps ForwardingTables, with mark-and-sweep for replays.
class MirrorTables {
public:
    void set_nexthop(const NextHop& v) { put(nexthops_, v.nexthop_id, v); }
    void del_nexthop(std::uint32_t id) { nexthops_.erase(id); }
    void set_group(const NextHopGroup& v) { put(groups_, v.group_id, v); }
    void del_group(std::uint32_t id) { groups_.erase(id); }
    void set_ilm(const IlmEntry& v) { put(ilm_, v.in_label, v); }
    void del_ilm(std::uint32_t label) { ilm_.erase(label); }
    void set_ftn(const FtnEntry& v) { put(ftn_, v.key(), v); }
    void del_ftn(std::uint32_t prefix, std::uint8_t len) { ftn_.erase(FtnEntry{.prefix = prefix, .prefix_len = len}.key()); }
    void begin_replay() { ++round_; }
    void end_replay();
    void commit(std::uint64_t generation) { generation_ = generation; }

    ForwardingTables tables() const;
    std::uint64_t digest() const { return tables().digest(); }
    std::uint64_t generation() const { return generation_; }
    std::uint64_t swept() const { return swept_; }

private:
    template <class T>
    struct Stamped {
        T value;
        std::uint64_t round;
    };
    template <class K, class T>
    void put(std::unordered_map<K, Stamped<T>>& map, K key, const T& value) {
        map.insert_or_assign(key, Stamped<T>{value, round_});
    }

    std::unordered_map<std::uint32_t, Stamped<NextHop>> nexthops_;
    std::unordered_map<std::uint32_t, Stamped<NextHopGroup>> groups_;
    std::unordered_map<std::uint32_t, Stamped<IlmEntry>> ilm_;
    std::unordered_map<std::uint64_t, Stamped<FtnEntry>> ftn_;
    std::uint64_t round_ = 0;
    std::uint64_t generation_ = 0;
    std::uint64_t swept_ = 0;
};

}  // namespace ldpsync::shm
