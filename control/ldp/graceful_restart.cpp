#include "graceful_restart.hpp"

#include <algorithm>
#include <utility>

namespace ldpsync::ldp {

sync::Duration GrHelper::session_lost(sync::Duration ours, const FtSessionTlv& peer_ft, std::set<Fec> bindings) {
    const auto wait = std::min(ours, sync::Duration(peer_ft.reconnect_timeout_ms));
    stale_ = std::move(bindings);
    recovery_deadline_.reset();
    reconnect_deadline_ = clock_.now() + wait;
    ended_.reset();
    return wait;
}

std::optional<sync::Duration> GrHelper::reconnected(sync::Duration ours, const std::optional<FtSessionTlv>& peer_ft) {
    if (!reconnect_deadline_) return std::nullopt;
    reconnect_deadline_.reset();
    const auto recovery = std::min(ours, sync::Duration(peer_ft ? peer_ft->recovery_time_ms : 0));
    if (recovery.count() == 0) {
        end(Ended::Why::no_state);
    } else {
        recovery_deadline_ = clock_.now() + recovery;
    }
    return recovery;
}

void GrHelper::end_of_lib() {
    if (recovery_deadline_) end(Ended::Why::end_of_lib);
}

std::set<GrHelper::Ifindex> GrHelper::forget() {
    reconnect_deadline_.reset();
    recovery_deadline_.reset();
    stale_.clear();
    return std::exchange(orphaned_, {});
}

bool GrHelper::adjacency_down(Ifindex ifindex) {
    if (!reconnecting()) return false;
    orphaned_.insert(ifindex);
    return true;
}

void GrHelper::poll() {
    const auto now = clock_.now();
    if (reconnect_deadline_ && now >= *reconnect_deadline_) end(Ended::Why::reconnect_expired);
    if (recovery_deadline_ && now >= *recovery_deadline_) end(Ended::Why::recovery_over);
}

std::optional<sync::TimePoint> GrHelper::next_deadline() const {
    return reconnect_deadline_ ? reconnect_deadline_ : recovery_deadline_;
}

std::optional<GrHelper::Ended> GrHelper::take_ended() {
    auto out = std::move(ended_);
    ended_.reset();
    return out;
}

void GrHelper::end(Ended::Why why) {
    Ended e;
    e.why = why;
    e.all_bindings = why == Ended::Why::reconnect_expired;
    if (!e.all_bindings) e.stale = std::move(stale_);
    e.gone = std::move(orphaned_);
    stale_.clear();
    orphaned_.clear();
    reconnect_deadline_.reset();
    recovery_deadline_.reset();
    last_sweep_ = to_string(why);
    ended_ = std::move(e);
}

std::string to_string(GrHelper::Ended::Why why) {
    switch (why) {
    case GrHelper::Ended::Why::reconnect_expired: return "no reconnection in time";
    case GrHelper::Ended::Why::recovery_over: return "recovery time over";
    case GrHelper::Ended::Why::end_of_lib: return "End-of-LIB";
    case GrHelper::Ended::Why::no_state: return "the peer kept no forwarding state";
    }
    return "?";
}

}  // namespace ldpsync::ldp
