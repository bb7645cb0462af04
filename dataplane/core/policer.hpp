#pragma once
// Token-bucket punt policer. One per (worker, port), so it needs no atomics: each worker
// gets rate/n_workers. Time is in TSC cycles, read once per burst by the caller.

#include <algorithm>
#include <cstdint>

namespace ldpsync::dp {

class TokenBucket {
public:
    TokenBucket() = default;
    // rate_pps packets per second, burst packets deep, hz = cycles per second.
    TokenBucket(std::uint64_t rate_pps, std::uint64_t burst, std::uint64_t hz)
        : rate_(rate_pps), burst_(std::max<std::uint64_t>(burst, 1)), hz_(hz), tokens_milli_(burst_ * 1000) {}

    bool allow(std::uint64_t now) {
        if (rate_ == 0) {
            return false;
        }
        if (last_ == 0) {
            last_ = now;
        }
        if (now > last_) {
            // Tokens in thousandths so slow rates still accrue between bursts.
            const std::uint64_t elapsed = now - last_;
            const std::uint64_t add = elapsed / (hz_ / 1000 ? hz_ / 1000 : 1) * rate_;
            if (add > 0) {
                tokens_milli_ = std::min(burst_ * 1000, tokens_milli_ + add);
                last_ = now;
            }
        }
        if (tokens_milli_ >= 1000) {
            tokens_milli_ -= 1000;
            return true;
        }
        return false;
    }

private:
    std::uint64_t rate_ = 0;
    std::uint64_t burst_ = 1;
    std::uint64_t hz_ = 1;
    std::uint64_t tokens_milli_ = 0;
    std::uint64_t last_ = 0;
};

}  // namespace ldpsync::dp
