#pragma once
// The runner: one instance per (IGP instance, interface), shared by OSPF and IS-IS.
//
// It records the inputs (configuration, IGP and LDP reports), turns changes of those facts into
// table events, applies the table's actions to its own timer deadlines on an injected clock, and
// exposes what the IGP and the data plane read back. It does no I/O and never sleeps: the owner
// calls poll_timers() at next_deadline() (an Asio timer in the daemon, a ManualClock in tests).
//
// Every input returns Effects: the table steps taken (for `debug mpls ldp igp sync`), typed
// errors (for the log), and the outputs before and after.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sync_clock.hpp"
#include "sync_table.hpp"
#include "sync_types.hpp"

namespace ldpsync::sync {

// Static identity of the instance, used by show output and debug lines.
struct Identity {
    IgpKind igp = IgpKind::ospf;
    std::string process;  // OSPF process id ("1"); IS-IS tag, empty for the unnamed process
    std::string interface;
    std::string area;     // OSPF area of the interface ("0")
    MetricStyle metric_style = MetricStyle::wide;  // IS-IS only
};

// Everything the runner has been told. Defaults follow the guide: sync is off until the IGP
// process enables it, not disabled on the interface, holddown infinite, no delay.
struct Inputs {
    bool process_sync = false;    // mpls ldp sync (router ospf / router isis)
    bool interface_sync = true;   // false after no mpls ldp igp sync
    bool ldp_mpls_ip = false;     // mpls ip on the interface
    bool ldp_autoconfig = false;  // mpls ldp autoconfig on the IGP covers this interface
    bool in_igp = false;          // interface belongs to the IGP process
    std::optional<Duration> holddown;          // nullopt: infinite (Cisco default)
    std::chrono::seconds delay{0};             // 0: no delay (no mpls ldp igp sync delay)
    std::optional<std::chrono::seconds> costout_alert{std::chrono::seconds{180}};  // nullopt: off
    bool adjacency_up = false;
    bool nsf = false;
    bool peer_reachable = false;  // LDP's RIB lookup of the peer's transport address
    PeerRoute peer_route = PeerRoute::none;
    std::optional<LdpIdent> peer;
    bool ldp_synced = false;      // session up and initial label exchange complete
    std::optional<SyncTrigger> last_trigger;
    Duration gr_reconnect_time{0};
    Duration gr_recovery_time{0};
};

// What the IGP and the data plane read back.
struct Outputs {
    bool advertise_max_metric = false;  // IGP: advertise max metric instead of the configured one
    bool hold_adjacency = false;        // IGP: do not bring the adjacency up yet
    bool usable = false;                // data plane: adjacency up and (synced or sync not applied)
    ContractState contract = ContractState::disabled;
    friend bool operator==(const Outputs&, const Outputs&) = default;
};

// One table lookup, as taken.
struct Step {
    State from = State::disabled;
    Event event = Event::sync_enabled;
    Disposition disposition = Disposition::ignore;
    Guard guard;
    State to = State::disabled;
    ActionList actions;
    TimePoint at{};
};

struct Effects {
    std::vector<Step> steps;
    std::vector<Error> errors;
    Outputs before;
    Outputs after;

    bool ok() const noexcept { return errors.empty(); }
    bool outputs_changed() const noexcept { return before != after; }
    bool has_action(Action a) const noexcept;
    bool costout_alert() const noexcept { return has_action(Action::raise_costout_alert); }
};

struct Counters {
    std::uint64_t events = 0;             // table lookups
    std::uint64_t transitions = 0;        // state changes
    std::uint64_t ignored = 0;
    std::uint64_t unexpected_events = 0;  // typed errors from `unexpected` cells
    std::uint64_t config_errors = 0;
    std::uint64_t sync_achieved = 0;      // entries into achieved, GR recoveries excluded
    std::uint64_t sync_lost = 0;          // achieved/delay/GR -> not achieved
    std::uint64_t holddown_expired = 0;
    std::uint64_t delay_expired = 0;
    std::uint64_t gr_protected = 0;
    std::uint64_t gr_reconnect_expired = 0;
    std::uint64_t gr_recovery_expired = 0;
    std::uint64_t costout_alerts = 0;     // RFC 5443 §4 persistent cost-out
    std::uint64_t peer_via_inexact_route = 0;  // reachable only via summary/default/static
    std::array<std::uint64_t, 3> synced_by_trigger{};  // indexed by SyncTrigger
};

class SyncMachine {
public:
    // Accepted ranges (Cisco command reference for the corresponding commands).
    static constexpr std::int64_t k_holddown_min_ms = 1;
    static constexpr std::int64_t k_holddown_max_ms = 2147483647;
    static constexpr std::int64_t k_delay_min_s = 5;
    static constexpr std::int64_t k_delay_max_s = 60;
    static constexpr std::int64_t k_costout_min_s = 1;
    static constexpr std::int64_t k_costout_max_s = 86400;

    SyncMachine(Identity identity, const ClockSource& clock);

    // ---- configuration ----
    Effects set_process_sync(bool enabled);      // [no] mpls ldp sync
    Effects set_interface_sync(bool enabled);    // [no] mpls ldp igp sync
    Effects set_ldp(LdpSource source, bool enabled);  // [no] mpls ip / mpls ldp autoconfig
    Effects set_in_igp(bool member);             // interface joins / leaves the IGP process
    Effects set_holddown(std::optional<Duration> holddown);  // nullopt: no ... holddown
    Effects set_delay(std::chrono::seconds delay);           // 0: no mpls ldp igp sync delay
    Effects set_costout_alert(std::optional<std::chrono::seconds> after);
    void set_area(std::string area) { identity_.area = std::move(area); }
    void set_metric_style(MetricStyle style) noexcept { identity_.metric_style = style; }

    // ---- IGP reports ----
    Effects igp_adjacency(bool up);
    Effects nsf_startup(bool running);

    // ---- LDP reports ----
    Effects peer_reachability(bool reachable, PeerRoute via = PeerRoute::igp);
    Effects ldp_synced(SyncTrigger trigger, std::optional<LdpIdent> peer = std::nullopt);
    Effects session_down();
    Effects session_down_gr(Duration reconnect_time);
    Effects session_reconnected(Duration recovery_time);

    // ---- time ----
    Effects poll_timers();
    std::optional<TimePoint> next_deadline() const noexcept;
    bool timer_running(TimerId t) const noexcept;
    std::optional<Duration> remaining(TimerId t) const noexcept;
    Duration armed_for(TimerId t) const noexcept;  // duration the running timer was started with

    // ---- outputs ----
    Outputs outputs() const noexcept;
    bool advertise_max_metric() const noexcept { return outputs().advertise_max_metric; }
    bool may_bring_up_adjacency() const noexcept { return !outputs().hold_adjacency; }
    bool usable() const noexcept { return outputs().usable; }
    std::uint32_t max_metric_value() const noexcept;
    std::uint32_t advertised_metric(std::uint32_t configured) const noexcept;

    State state() const noexcept { return state_; }
    ContractState contract_state() const noexcept { return to_contract(state_); }
    std::uint8_t contract_value() const noexcept { return to_contract_value(state_); }
    Facts facts() const noexcept;
    bool sync_configured() const noexcept;  // enabled by the process, not disabled, in the IGP
    bool ldp_configured() const noexcept;
    bool sync_required() const noexcept;    // configured and LDP enabled on the interface
    const Inputs& inputs() const noexcept { return inputs_; }
    const Identity& identity() const noexcept { return identity_; }
    const Counters& counters() const noexcept { return counters_; }
    TimePoint now() const noexcept { return clock_->now(); }

private:
    template <class F>
    Effects run(F&& input);
    template <class F>
    void change_required(Effects& fx, F&& mutate);
    void dispatch(Effects& fx, Event e);
    void perform(Action a);
    void account(State from, Event e, State to);
    void fire_due(Effects& fx);
    void arm(TimerId t, std::optional<Duration> d);
    void config_error(Effects& fx, ErrorCode code, std::int64_t value);

    Identity identity_;
    const ClockSource* clock_;
    State state_ = State::disabled;
    Inputs inputs_;
    std::array<std::optional<TimePoint>, kTimerCount> deadlines_{};
    std::array<Duration, kTimerCount> armed_{};
    Counters counters_;
};

}  // namespace ldpsync::sync
