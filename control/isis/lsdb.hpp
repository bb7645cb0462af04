#pragma once
// One level's link state database (ISO 10589 7.3.16): LSPs by id with their remaining
// lifetime on an injected clock, the "which is newer" rule, aging to zero and the zero-age
// hold of a purged LSP. Flooding flags (SRM/SSN) are per circuit and live with the circuits in
// the instance; this is only the database.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lsp.hpp"

namespace ldpsync::isis {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = Clock::duration;

// ZeroAgeLifetime (7.3.16.4): how long a purged LSP's header is kept so that the purge floods.
inline constexpr auto kZeroAgeLifetime = std::chrono::seconds{60};

struct LspRecord {
    Lsp lsp;
    Bytes wire;                  // as received or originated; the remaining lifetime is rewritten when sent
    TimePoint stamped{};         // when `lifetime` was current
    std::uint16_t lifetime = 0;  // remaining lifetime at `stamped`

    std::uint16_t remaining(TimePoint now) const;
    bool purged() const { return lifetime == 0; }
    // The entry a CSNP/PSNP carries for it.
    LspEntry entry(TimePoint now) const;
    // The wire bytes with the remaining lifetime of `now`, ready to send.
    Bytes wire_at(TimePoint now) const;
};

// 7.3.16.2/7.3.16.3: higher sequence number is newer; at equal sequence numbers a purge (zero
// remaining lifetime) is newer than a live copy.
enum class Freshness : std::uint8_t { newer, same, older };
Freshness compare(std::uint32_t seq_a, std::uint16_t life_a, std::uint32_t seq_b, std::uint16_t life_b);

class Lsdb {
public:
    const LspRecord* find(const LspId& id) const;
    const std::map<LspId, LspRecord>& records() const { return records_; }

    // Installs an LSP (replacing any copy); true when what SPF reads changed (body, flags, or
    // liveness), false for a mere refresh.
    bool install(const Lsp& lsp, Bytes wire, TimePoint now);
    // Purges in place (7.3.16.4): lifetime 0, body removed, sequence kept; true if it was live.
    // With a key the purge keeps an Authentication TLV, signed (RFC 5304 2, RFC 6233 3).
    bool purge(const LspId& id, TimePoint now, const std::optional<std::string>& key = std::nullopt);
    // Lifetimes that ran out become purges (returned, to be flooded); purges held for
    // ZeroAgeLifetime are removed.
    std::vector<LspId> age(TimePoint now, const std::optional<std::string>& key = std::nullopt);
    std::optional<TimePoint> next_deadline() const;

private:
    std::map<LspId, LspRecord> records_;
};

}  // namespace ldpsync::isis
