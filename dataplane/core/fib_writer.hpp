#pragma once
// The shm UpdateSink of the data plane: applies next-hop, group, ILM and FTN updates to
// FibTables on the main lcore, and implements the replay's mark-and-sweep (everything not
// refreshed between begin_replay and end_replay is deleted at end_replay).
//
// Slots are reference counted on this side only (the workers never see counts): a slot
// lives while its id is defined or referenced, and a freed slot index is reused only after
// a grace period, so a worker that read an old index never lands on somebody else's entry.

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "fib.hpp"
#include "grace.hpp"
#include "ldpsync/shm/records.hpp"
#include "ldpsync/shm/update_reader.hpp"

namespace ldpsync::dp {

struct WriterStats {
    std::uint64_t applied = 0;
    std::uint64_t rejected = 0;      // invalid record (bad label, too many members, ...)
    std::uint64_t table_full = 0;    // slot space or LPM exhausted
    std::uint64_t swept = 0;         // removed by a replay's sweep
    std::uint64_t replays = 0;
    std::uint64_t generation = 0;
};

template <FtnTable Lpm>
class FibWriter {
public:
    FibWriter(FibTables& tables, Lpm& lpm, Reclaimer& reclaimer)
        : tables_(tables), lpm_(lpm), reclaimer_(reclaimer), nh_slots_(tables.capacity().nexthops),
          group_slots_(tables.capacity().groups) {}
    FibWriter(const FibWriter&) = delete;
    FibWriter& operator=(const FibWriter&) = delete;
    // Pending frees refer to this writer's slot pools: run them now (no reader is left).
    ~FibWriter() { reclaimer_.drain_all(); }

    // ---- UpdateSink ----
    void set_nexthop(const shm::NextHop& v) {
        if (v.n_labels > shm::kMaxLabels || v.link_id >= shm::kLinkCapacity || !labels_ok(v)) {
            ++stats_.rejected;
            return;
        }
        const std::uint32_t slot = define(nh_, nh_slots_, v.nexthop_id);
        if (slot == kNoSlot) {
            return;
        }
        NhEntry e{};
        e.nexthop_id = v.nexthop_id;
        e.link_id = v.link_id;
        e.n_labels = v.n_labels;
        e.flags = v.flags;
        for (std::size_t i = 0; i < v.n_labels; ++i) {
            e.label_bits[i] = v.labels[i] << 12;
        }
        e.dst_mac = v.neighbor_mac;
        retire(tables_.publish_nexthop(slot, tables_.make_nexthop(e)));
        republish_users(v.nexthop_id);
        ++stats_.applied;
    }

    void del_nexthop(std::uint32_t id) {
        const std::uint32_t slot = undefine(nh_, id);
        if (slot != kNoSlot) {
            retire(tables_.publish_nexthop(slot, nullptr));
            republish_users(id);  // their embedded copy goes too
            unref(nh_, nh_slots_, id);
            ++stats_.applied;
        }
    }

    void set_group(const shm::NextHopGroup& v) {
        if (v.n_members > shm::kMaxEcmpMembers) {
            ++stats_.rejected;
            return;
        }
        const std::uint32_t slot = define(groups_, group_slots_, v.group_id);
        if (slot == kNoSlot) {
            return;
        }
        shm::NextHopGroup kept{};  // the members that got a slot: those are the references held
        kept.group_id = v.group_id;
        for (std::size_t i = 0; i < v.n_members; ++i) {
            const std::uint32_t s = ref(nh_, nh_slots_, v.members[i]);
            if (s != kNoSlot) {
                kept.members[kept.n_members++] = v.members[i];
            }
        }
        auto& st = groups_.at(v.group_id);
        const shm::NextHopGroup previous = st.value;
        st.value = kept;
        track_single(previous, false);
        track_single(kept, true);
        retire(tables_.publish_group(slot, tables_.make_group(build_group(kept))));
        release_members(previous);
        ++stats_.applied;
    }

    void del_group(std::uint32_t id) {
        auto it = groups_.find(id);
        if (it == groups_.end() || !it->second.defined) {
            return;
        }
        const shm::NextHopGroup previous = it->second.value;
        it->second.value = {};
        track_single(previous, false);
        const std::uint32_t slot = undefine(groups_, id);
        retire(tables_.publish_group(slot, nullptr));
        release_members(previous);
        unref(groups_, group_slots_, id);
        ++stats_.applied;
    }

    void set_ilm(const shm::IlmEntry& v) {
        // Labels 0-15 are reserved (RFC 3032 2.1): the data plane handles them itself.
        if (v.in_label < kFirstUnreservedLabel || v.in_label > shm::kMaxLabelValue ||
            static_cast<std::uint8_t>(v.action) > 2) {
            ++stats_.rejected;
            return;
        }
        const auto op = static_cast<IlmOp>(v.action);
        std::uint32_t word = ilm_word(op, 0);
        bool uses_group = false;
        if (op == IlmOp::forward) {
            const std::uint32_t gs = ref(groups_, group_slots_, v.group_id);
            if (gs == kNoSlot) {
                return;
            }
            word = ilm_word(op, gs);
            uses_group = true;
        }
        auto [it, inserted] = ilm_.try_emplace(v.in_label);
        const Stamped<shm::IlmEntry> previous = it->second;
        it->second = {v, round_, uses_group};
        tables_.store_ilm(v.in_label, word);
        if (!inserted && previous.uses_group) {
            unref(groups_, group_slots_, previous.value.group_id);
        }
        ++stats_.applied;
    }

    void del_ilm(std::uint32_t label) {
        auto it = ilm_.find(label);
        if (it == ilm_.end()) {
            return;
        }
        tables_.store_ilm(label, 0);
        if (it->second.uses_group) {
            unref(groups_, group_slots_, it->second.value.group_id);
        }
        ilm_.erase(it);
        ++stats_.applied;
    }

    void set_ftn(const shm::FtnEntry& v) {
        if (v.prefix_len > 32) {
            ++stats_.rejected;
            return;
        }
        shm::FtnEntry e = v;
        e.prefix &= prefix_mask(v.prefix_len);
        const std::uint32_t gs = ref(groups_, group_slots_, e.group_id);
        if (gs == kNoSlot) {
            return;
        }
        if (!lpm_.add(e.prefix, e.prefix_len, gs)) {
            ++stats_.table_full;
            unref(groups_, group_slots_, e.group_id);
            return;
        }
        auto [it, inserted] = ftn_.try_emplace(e.key());
        const Stamped<shm::FtnEntry> previous = it->second;
        it->second = {e, round_, true};
        if (!inserted) {
            unref(groups_, group_slots_, previous.value.group_id);
        }
        ++stats_.applied;
    }

    void del_ftn(std::uint32_t prefix, std::uint8_t len) {
        if (len > 32) {
            return;
        }
        prefix &= prefix_mask(len);
        auto it = ftn_.find(shm::FtnEntry{.prefix = prefix, .prefix_len = len}.key());
        if (it == ftn_.end()) {
            return;
        }
        lpm_.del(prefix, len);
        unref(groups_, group_slots_, it->second.value.group_id);
        ftn_.erase(it);
        ++stats_.applied;
    }

    void begin_replay() { ++round_; }

    // Sweep users before what they use, so reference counts fall to zero in one pass.
    void end_replay() {
        std::vector<std::uint32_t> ids;
        for (const auto& [label, st] : ilm_) {
            if (st.round < round_) ids.push_back(label);
        }
        for (auto label : ids) del_ilm(label);
        stats_.swept += ids.size();
        std::vector<shm::FtnEntry> ftns;
        for (const auto& [key, st] : ftn_) {
            if (st.round < round_) ftns.push_back(st.value);
        }
        for (const auto& f : ftns) del_ftn(f.prefix, f.prefix_len);
        stats_.swept += ftns.size();
        ids.clear();
        for (const auto& [id, st] : groups_) {
            if (st.defined && st.round < round_) ids.push_back(id);
        }
        for (auto id : ids) del_group(id);
        stats_.swept += ids.size();
        ids.clear();
        for (const auto& [id, st] : nh_) {
            if (st.defined && st.round < round_) ids.push_back(id);
        }
        for (auto id : ids) del_nexthop(id);
        stats_.swept += ids.size();
        ++stats_.replays;
    }

    void commit(std::uint64_t generation) { stats_.generation = generation; }

    // ---- inspection ----
    const WriterStats& stats() const { return stats_; }
    std::size_t ilm_count() const { return ilm_.size(); }
    std::size_t ftn_count() const { return ftn_.size(); }
    std::size_t nexthop_slots_used() const { return nh_.size(); }
    std::size_t group_slots_used() const { return groups_.size(); }
    std::size_t defined_nexthops() const { return count_defined(nh_); }
    std::size_t defined_groups() const { return count_defined(groups_); }

private:
    struct SlotState {
        std::uint32_t slot = kNoSlot;
        std::uint32_t refs = 0;
        std::uint64_t round = 0;
        bool defined = false;
        shm::NextHopGroup value{};  // groups only: the members it references
        // Next hops only: the one-member groups that embed a copy of this next hop.
        std::vector<std::uint32_t> single_users;
    };
    template <class T>
    struct Stamped {
        T value{};
        std::uint64_t round = 0;
        bool uses_group = false;
    };
    // Free slot indices: a stack of never-used indices plus those released after grace.
    class SlotPool {
    public:
        explicit SlotPool(std::uint32_t capacity) : capacity_(std::min(capacity, kMaxSlots)) {}
        std::uint32_t take() {
            if (!free_.empty()) {
                const std::uint32_t s = free_.back();
                free_.pop_back();
                return s;
            }
            return next_ < capacity_ ? next_++ : kNoSlot;
        }
        void give(std::uint32_t s) { free_.push_back(s); }

    private:
        std::uint32_t capacity_;
        std::uint32_t next_ = 0;
        std::vector<std::uint32_t> free_;
    };
    using SlotMap = std::unordered_map<std::uint32_t, SlotState>;

    static bool labels_ok(const shm::NextHop& v) {
        for (std::size_t i = 0; i < v.n_labels; ++i) {
            if (v.labels[i] > shm::kMaxLabelValue) return false;
        }
        return true;
    }
    static constexpr std::uint32_t prefix_mask(std::uint8_t len) {
        return len == 0 ? 0u : ~std::uint32_t{0} << (32 - len);
    }
    static std::size_t count_defined(const SlotMap& m) {
        std::size_t n = 0;
        for (const auto& [id, st] : m) n += st.defined ? 1 : 0;
        return n;
    }

    std::uint32_t ref(SlotMap& map, SlotPool& pool, std::uint32_t id) {
        auto [it, inserted] = map.try_emplace(id);
        if (inserted) {
            it->second.slot = pool.take();
            if (it->second.slot == kNoSlot) {
                map.erase(it);
                ++stats_.table_full;
                return kNoSlot;
            }
        }
        ++it->second.refs;
        return it->second.slot;
    }
    void unref(SlotMap& map, SlotPool& pool, std::uint32_t id) {
        auto it = map.find(id);
        if (it == map.end() || --it->second.refs != 0) {
            return;
        }
        const std::uint32_t slot = it->second.slot;
        map.erase(it);
        reclaimer_.retire([&pool, slot] { pool.give(slot); });
    }
    // The definition itself holds one reference.
    std::uint32_t define(SlotMap& map, SlotPool& pool, std::uint32_t id) {
        auto it = map.find(id);
        if (it == map.end() || !it->second.defined) {
            const std::uint32_t slot = ref(map, pool, id);
            if (slot == kNoSlot) {
                return kNoSlot;
            }
            it = map.find(id);
            it->second.defined = true;
        }
        it->second.round = round_;
        return it->second.slot;
    }
    std::uint32_t undefine(SlotMap& map, std::uint32_t id) {
        auto it = map.find(id);
        if (it == map.end() || !it->second.defined) {
            return kNoSlot;
        }
        it->second.defined = false;
        return it->second.slot;
    }
    void release_members(const shm::NextHopGroup& g) {
        for (std::size_t i = 0; i < g.n_members && i < shm::kMaxEcmpMembers; ++i) {
            unref(nh_, nh_slots_, g.members[i]);
        }
    }
    // The worker-side entry for a group's referenced members (slots must be held).
    GroupEntry build_group(const shm::NextHopGroup& kept) const {
        GroupEntry e{};
        e.group_id = kept.group_id;
        for (std::size_t i = 0; i < kept.n_members; ++i) {
            e.nh_slots[e.n_members++] = nh_.at(kept.members[i]).slot;
        }
        if (e.n_members == 1) {
            if (const NhEntry* nh = tables_.nexthop(e.nh_slots[0])) {
                e.one = *nh;
                e.embedded = 1;
            }
        }
        return e;
    }
    // Keeps next hop -> one-member groups that embed it (called before the members'
    // references are dropped, so the next hop's state still exists).
    void track_single(const shm::NextHopGroup& g, bool add) {
        if (g.n_members != 1) {
            return;
        }
        auto it = nh_.find(g.members[0]);
        if (it == nh_.end()) {
            return;
        }
        auto& users = it->second.single_users;
        if (add) {
            users.push_back(g.group_id);
            return;
        }
        for (std::size_t i = 0; i < users.size(); ++i) {
            if (users[i] == g.group_id) {
                users[i] = users.back();
                users.pop_back();
                return;
            }
        }
    }
    // A next hop changed or went: the groups embedding it get a new entry.
    void republish_users(std::uint32_t nexthop_id) {
        auto it = nh_.find(nexthop_id);
        if (it == nh_.end()) {
            return;
        }
        for (const std::uint32_t gid : it->second.single_users) {
            const SlotState& g = groups_.at(gid);
            retire(tables_.publish_group(g.slot, tables_.make_group(build_group(g.value))));
        }
    }
    void retire(const NhEntry* old) {
        if (old != nullptr) {
            reclaimer_.retire([this, old] { tables_.free_nexthop(old); });
        }
    }
    void retire(const GroupEntry* old) {
        if (old != nullptr) {
            reclaimer_.retire([this, old] { tables_.free_group(old); });
        }
    }

    FibTables& tables_;
    Lpm& lpm_;
    Reclaimer& reclaimer_;
    SlotPool nh_slots_;
    SlotPool group_slots_;
    SlotMap nh_;
    SlotMap groups_;
    std::unordered_map<std::uint32_t, Stamped<shm::IlmEntry>> ilm_;
    std::unordered_map<std::uint64_t, Stamped<shm::FtnEntry>> ftn_;
    std::uint64_t round_ = 0;
    WriterStats stats_;
};

}  // namespace ldpsync::dp
