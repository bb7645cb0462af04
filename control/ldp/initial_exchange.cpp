#include "initial_exchange.hpp"

#include <algorithm>

namespace ldpsync::ldp {

InitialLabelExchange::InitialLabelExchange(Settings settings, const sync::ClockSource& clock)
    : settings_(settings), clock_(clock) {}

void InitialLabelExchange::session_up() {
    up_since_ = clock_.now();
    last_mapping_ = *up_since_;
    bound_.clear();
    unbound_routed_ = routed_.size();
    end_of_lib_ = false;
    trigger_.reset();
    reported_ = false;
}

void InitialLabelExchange::session_down() {
    up_since_.reset();
    bound_.clear();
    unbound_routed_ = routed_.size();
    end_of_lib_ = false;
    trigger_.reset();
    reported_ = false;
}

void InitialLabelExchange::mapping_received(Fec fec) { mapping_received(fec, clock_.now()); }

void InitialLabelExchange::mapping_received(Fec fec, sync::TimePoint now) {
    if (!up_since_) return;
    if (bound_.insert(fec).second && routed_.contains(fec)) --unbound_routed_;
    last_mapping_ = now;
}

void InitialLabelExchange::withdraw_received(Fec fec) {
    if (bound_.erase(fec) != 0 && routed_.contains(fec)) ++unbound_routed_;
}

void InitialLabelExchange::end_of_lib() {
    if (up_since_) end_of_lib_ = true;
}

void InitialLabelExchange::routed_fecs(std::set<Fec> fecs) {
    routed_ = std::move(fecs);
    unbound_routed_ = static_cast<std::size_t>(
        std::count_if(routed_.begin(), routed_.end(), [this](const Fec& f) { return !bound_.contains(f); }));
}

std::optional<sync::SyncTrigger> InitialLabelExchange::poll() {
    if (!up_since_ || reported_) return std::nullopt;
    const sync::TimePoint now = clock_.now();
    if (end_of_lib_) {
        trigger_ = sync::SyncTrigger::end_of_lib;
    } else if (all_routed_bound() && now - last_mapping_ >= settings_.quiet_period) {
        trigger_ = sync::SyncTrigger::fecs_bound_quiet;
    } else if (now - *up_since_ >= settings_.upper_bound) {
        trigger_ = sync::SyncTrigger::upper_bound_timer;
    }
    if (trigger_) reported_ = true;
    return trigger_;
}

std::optional<sync::TimePoint> InitialLabelExchange::next_deadline() const {
    if (!up_since_ || reported_) return std::nullopt;
    sync::TimePoint deadline = *up_since_ + settings_.upper_bound;
    if (end_of_lib_) return clock_.now();
    if (all_routed_bound()) deadline = std::min(deadline, last_mapping_ + settings_.quiet_period);
    return deadline;
}

}  // namespace ldpsync::ldp
