#pragma once
// The clock the sync runner reads. Injected so that tests (and the daemon's own tests) drive
// time by hand: the state machine never sleeps and never owns a real timer; it only records
// deadlines and fires them when its owner calls poll_timers().

#include <chrono>

#include "sync_types.hpp"

namespace ldpsync::sync {

using TimePoint = std::chrono::steady_clock::time_point;

class ClockSource {
public:
    virtual ~ClockSource() = default;
    virtual TimePoint now() const noexcept = 0;
};

class SteadyClock final : public ClockSource {
public:
    TimePoint now() const noexcept override { return std::chrono::steady_clock::now(); }
};

// A clock that only moves when told to.
class ManualClock final : public ClockSource {
public:
    explicit ManualClock(TimePoint start = TimePoint{}) noexcept : now_(start) {}

    TimePoint now() const noexcept override { return now_; }
    void advance(Duration d) noexcept { now_ += d; }
    void set(TimePoint t) noexcept { now_ = t; }

private:
    TimePoint now_;
};

}  // namespace ldpsync::sync
