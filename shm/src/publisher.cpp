#include "ldpsync/shm/publisher.hpp"

namespace ldpsync::shm {

namespace {

template <class Map, class Key, class Value>
bool store_if_changed(Map& map, const Key& key, const Value& value) {
    auto [it, inserted] = map.try_emplace(key, value);
    if (inserted) {
        return true;
    }
    if (it->second == value) {
        return false;
    }
    it->second = value;
    return true;
}

}  // namespace

ForwardingPublisher::ForwardingPublisher(ControlEnd& end) : end_(end) {
    // A takeover leaves the previous writer's entries in the data plane: they must be swept.
    replay_owed_ = end_.took_over();
    generation_ = end_.header().committed_generation.load(std::memory_order_relaxed);
}

void ForwardingPublisher::send(const UpdateRecord& record) {
    // While a replay is owed, incremental updates are pointless: the replay carries them.
    if (!ready_ || replay_owed_) {
        return;
    }
    if (!end_.updates().push(record)) {
        replay_owed_ = true;
    }
}

void ForwardingPublisher::set_nexthop(const NextHop& v) {
    if (store_if_changed(state_.nexthops, v.nexthop_id, v)) {
        send(UpdateRecord::nexthop_set(v));
    }
}
void ForwardingPublisher::del_nexthop(std::uint32_t id) {
    if (state_.nexthops.erase(id) != 0) {
        send(UpdateRecord::nexthop_del(id));
    }
}
void ForwardingPublisher::set_group(const NextHopGroup& v) {
    if (store_if_changed(state_.groups, v.group_id, v)) {
        send(UpdateRecord::group_set(v));
    }
}
void ForwardingPublisher::del_group(std::uint32_t id) {
    if (state_.groups.erase(id) != 0) {
        send(UpdateRecord::group_del(id));
    }
}
void ForwardingPublisher::set_ilm(const IlmEntry& v) {
    if (store_if_changed(state_.ilm, v.in_label, v)) {
        send(UpdateRecord::ilm_set(v));
    }
}
void ForwardingPublisher::del_ilm(std::uint32_t in_label) {
    if (state_.ilm.erase(in_label) != 0) {
        send(UpdateRecord::ilm_del(in_label));
    }
}
void ForwardingPublisher::set_ftn(const FtnEntry& v) {
    if (store_if_changed(state_.ftn, v.key(), v)) {
        send(UpdateRecord::ftn_set(v));
    }
}
void ForwardingPublisher::del_ftn(std::uint32_t prefix, std::uint8_t prefix_len) {
    if (state_.ftn.erase(FtnEntry{.prefix = prefix, .prefix_len = prefix_len}.key()) != 0) {
        send(UpdateRecord::ftn_del(prefix, prefix_len));
    }
}

std::uint64_t ForwardingPublisher::commit() {
    ++generation_;
    end_.header().committed_generation.store(generation_, std::memory_order_relaxed);
    send(UpdateRecord::commit(generation_));
    if (ready_ && !replay_owed_ && !end_.updates().flush()) {
        replay_owed_ = true;
    }
    return generation_;
}

void ForwardingPublisher::mark_ready() { ready_ = true; }

void ForwardingPublisher::poll(const PortEvent& on_port_event) {
    EventRecord event;
    while (end_.poll_event(event)) {
        switch (event.kind) {
            case EventKind::resync_request:
                replay_owed_ = true;
                pending_token_ = event.value;
                break;
            case EventKind::applied_generation:
                applied_generation_ = event.value;
                break;
            case EventKind::port_link:
                if (on_port_event) {
                    on_port_event(event);
                }
                break;
            case EventKind::invalid:
            default:
                break;
        }
    }
    if (end_.updates().overflowed()) {
        replay_owed_ = true;
    }
    end_.heartbeat();
    if (ready_ && replay_owed_ && end_.reader_attached()) {
        if (replay(pending_token_)) {
            replay_owed_ = false;
            pending_token_ = 0;
        }
    }
}

bool ForwardingPublisher::replay(std::uint64_t token) {
    UpdateWriter& w = end_.updates();
    bool ok = w.begin_resync(token);
    // Dependencies first: members before groups, groups before the entries that use them.
    for (const auto& [id, v] : state_.nexthops) ok = ok && w.push(UpdateRecord::nexthop_set(v));
    for (const auto& [id, v] : state_.groups) ok = ok && w.push(UpdateRecord::group_set(v));
    for (const auto& [label, v] : state_.ilm) ok = ok && w.push(UpdateRecord::ilm_set(v));
    for (const auto& [key, v] : state_.ftn) ok = ok && w.push(UpdateRecord::ftn_set(v));
    ++generation_;
    end_.header().committed_generation.store(generation_, std::memory_order_relaxed);
    ok = ok && w.push(UpdateRecord::resync_end(generation_)) && w.push(UpdateRecord::commit(generation_)) && w.flush();
    if (ok) {
        ++replays_;
    }
    return ok;
}

}  // namespace ldpsync::shm
