#include "ldpsync/shm/records.hpp"

#include <algorithm>
#include <cstring>

#include "ldpsync/shm/counters.hpp"
#include "ldpsync/shm/error.hpp"

namespace ldpsync::shm {

void LinkRecord::set_ifname(std::string_view name) {
    ifname.fill('\0');
    std::memcpy(ifname.data(), name.data(), std::min(name.size(), ifname.size() - 1));
}

std::string_view LinkRecord::ifname_view() const {
    return std::string_view(ifname.data(), strnlen(ifname.data(), ifname.size()));
}

namespace {
UpdateRecord make(UpdateKind kind) {
    UpdateRecord r{};
    r.kind = kind;
    return r;
}
}  // namespace

UpdateRecord UpdateRecord::nexthop_set(const NextHop& v) {
    auto r = make(UpdateKind::nexthop_set);
    r.u.nexthop = v;
    return r;
}
UpdateRecord UpdateRecord::nexthop_del(std::uint32_t id) {
    auto r = make(UpdateKind::nexthop_del);
    r.u.id = IdOnly{id};
    return r;
}
UpdateRecord UpdateRecord::group_set(const NextHopGroup& v) {
    auto r = make(UpdateKind::group_set);
    r.u.group = v;
    return r;
}
UpdateRecord UpdateRecord::group_del(std::uint32_t id) {
    auto r = make(UpdateKind::group_del);
    r.u.id = IdOnly{id};
    return r;
}
UpdateRecord UpdateRecord::ilm_set(const IlmEntry& v) {
    auto r = make(UpdateKind::ilm_set);
    r.u.ilm = v;
    return r;
}
UpdateRecord UpdateRecord::ilm_del(std::uint32_t in_label) {
    auto r = make(UpdateKind::ilm_del);
    r.u.id = IdOnly{in_label};
    return r;
}
UpdateRecord UpdateRecord::ftn_set(const FtnEntry& v) {
    auto r = make(UpdateKind::ftn_set);
    r.u.ftn = v;
    return r;
}
UpdateRecord UpdateRecord::ftn_del(std::uint32_t prefix, std::uint8_t prefix_len) {
    auto r = make(UpdateKind::ftn_del);
    r.u.ftn_key = FtnKey{prefix, prefix_len};
    return r;
}
UpdateRecord UpdateRecord::commit(std::uint64_t generation) {
    auto r = make(UpdateKind::commit);
    r.u.generation = Generation{generation};
    return r;
}
UpdateRecord UpdateRecord::resync_begin(std::uint64_t token) {
    auto r = make(UpdateKind::resync_begin);
    r.u.generation = Generation{token};
    return r;
}
UpdateRecord UpdateRecord::resync_end(std::uint64_t generation) {
    auto r = make(UpdateKind::resync_end);
    r.u.generation = Generation{generation};
    return r;
}

std::string_view to_string(UpdateKind kind) {
    switch (kind) {
        case UpdateKind::invalid: return "invalid";
        case UpdateKind::nexthop_set: return "nexthop-set";
        case UpdateKind::nexthop_del: return "nexthop-del";
        case UpdateKind::group_set: return "group-set";
        case UpdateKind::group_del: return "group-del";
        case UpdateKind::ilm_set: return "ilm-set";
        case UpdateKind::ilm_del: return "ilm-del";
        case UpdateKind::ftn_set: return "ftn-set";
        case UpdateKind::ftn_del: return "ftn-del";
        case UpdateKind::commit: return "commit";
        case UpdateKind::resync_begin: return "resync-begin";
        case UpdateKind::resync_end: return "resync-end";
    }
    return "unknown";
}

std::string_view to_string(Counter counter) {
    switch (counter) {
        case Counter::rx: return "rx";
        case Counter::tx: return "tx";
        case Counter::dropped_unsynced: return "dropped-unsynced";
        case Counter::no_binding: return "no-binding";
        case Counter::ttl_expired: return "ttl-expired";
        case Counter::punted: return "punted";
        case Counter::punt_policed: return "punt-policed";
        case Counter::malformed: return "malformed";
        case Counter::tx_full: return "tx-full";
        case Counter::count_: break;
    }
    return "unknown";
}

std::string_view to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::bad_instance_name: return "bad-instance-name";
        case ErrorCode::no_segment: return "no-segment";
        case ErrorCode::too_small: return "too-small";
        case ErrorCode::bad_magic: return "bad-magic";
        case ErrorCode::version_mismatch: return "version-mismatch";
        case ErrorCode::layout_mismatch: return "layout-mismatch";
        case ErrorCode::writer_gone: return "writer-gone";
        case ErrorCode::reader_already_attached: return "reader-already-attached";
        case ErrorCode::writer_already_running: return "writer-already-running";
        case ErrorCode::system_error: return "system-error";
    }
    return "unknown";
}

std::string Error::message() const { return std::string(to_string(code)) + ": " + detail; }

}  // namespace ldpsync::shm
