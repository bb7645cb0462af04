#include "lib.hpp"

#include <algorithm>

namespace ldpsync::ldp {

LabelAllocator::LabelAllocator(std::uint32_t first, std::uint32_t last)
    : first_(std::max(first, kFirstUnreservedLabel)), last_(last), next_(first_) {}

std::optional<std::uint32_t> LabelAllocator::allocate() {
    // Freed labels are reused (lowest first) only after the fresh ones run out, so a label
    // withdrawn a moment ago is not re-advertised for another FEC at once.
    // Past labels claimed (held for a predecessor's FEC) and freed ones too: a claimed label
    // given back is "freed", and waits like any other.
    while (next_ <= last_ && (reserved_.contains(next_) || used_.contains(next_) || freed_.contains(next_))) ++next_;
    if (next_ <= last_) {
        used_.insert(next_);
        return next_++;
    }
    if (freed_.empty()) {
        return std::nullopt;
    }
    const std::uint32_t label = *freed_.begin();
    freed_.erase(freed_.begin());
    used_.insert(label);
    return label;
}

void LabelAllocator::release(std::uint32_t label) {
    if (used_.erase(label) != 0 && !reserved_.contains(label)) {
        freed_.insert(label);
    }
}

bool LabelAllocator::reserve(std::uint32_t label) {
    reserved_.insert(label);
    freed_.erase(label);
    return !used_.contains(label);
}

void LabelAllocator::unreserve(std::uint32_t label) {
    if (reserved_.erase(label) == 0) return;
    // Labels at or past next_ come back by themselves when the fresh ones reach them.
    if (label >= first_ && label <= last_ && label < next_ && !used_.contains(label)) freed_.insert(label);
}

bool LabelAllocator::claim(std::uint32_t label) {
    if (label < first_ || label > last_ || used_.contains(label) || reserved_.contains(label)) return false;
    used_.insert(label);
    freed_.erase(label);
    return true;
}

Lib::Lib(Options options) : options_(options), allocator_(options.label_min, options.label_max) {}

std::optional<std::uint32_t> Lib::bind_local(const Fec& fec, bool egress) {
    if (auto it = local_.find(fec); it != local_.end()) {
        const bool was_null = it->second < kFirstUnreservedLabel;
        if (was_null == egress) {
            return it->second;
        }
        unbind_local(fec);  // the FEC changed between egress and transit: rebind
    }
    std::optional<std::uint32_t> label;
    auto held = held_.find(fec);
    if (egress) {
        label = options_.explicit_null ? kExplicitNullLabel : kImplicitNullLabel;
        if (held != held_.end()) {
            allocator_.release(held->second);  // it terminates here now: no label of its own
            held_.erase(held);
        }
    } else if (held != held_.end()) {
        label = held->second;
        held_.erase(held);
    } else {
        label = allocator_.allocate();
    }
    if (label) {
        local_.emplace(fec, *label);
    }
    return label;
}

std::optional<std::uint32_t> Lib::unbind_local(const Fec& fec) {
    auto it = local_.find(fec);
    if (it == local_.end()) {
        return std::nullopt;
    }
    const std::uint32_t label = it->second;
    if (label >= kFirstUnreservedLabel) {
        allocator_.release(label);
    }
    local_.erase(it);
    return label;
}

std::optional<std::uint32_t> Lib::local_label(const Fec& fec) const {
    auto it = local_.find(fec);
    return it == local_.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
}

std::optional<Fec> Lib::local_fec(std::uint32_t label) const {
    for (const auto& [fec, l] : local_) {
        if (l == label) return fec;
    }
    return std::nullopt;
}

std::vector<std::uint32_t> Lib::set_reserved(const std::set<std::uint32_t>& labels) {
    for (const auto label : reserved_) {
        if (!labels.contains(label)) allocator_.unreserve(label);
    }
    // A static binding's label is not held for a predecessor's FEC: the configuration wins,
    // and that FEC gets another label when it comes back.
    for (auto it = held_.begin(); it != held_.end();) {
        if (labels.contains(it->second)) {
            allocator_.release(it->second);
            it = held_.erase(it);
        } else {
            ++it;
        }
    }
    std::vector<std::uint32_t> held;
    for (const auto label : labels) {
        if (!allocator_.reserve(label)) held.push_back(label);
    }
    reserved_ = labels;
    return held;
}

std::size_t Lib::hold_previous(const std::map<Fec, std::uint32_t>& labels) {
    for (const auto& [fec, label] : labels) {
        if (!local_.contains(fec) && !held_.contains(fec) && allocator_.claim(label)) held_.emplace(fec, label);
    }
    return held_.size();
}

std::vector<std::uint32_t> Lib::release_held() {
    std::vector<std::uint32_t> freed;
    for (const auto& [fec, label] : held_) {
        allocator_.release(label);
        freed.push_back(label);
    }
    held_.clear();
    return freed;
}

void Lib::mapping(PeerId peer, const Fec& fec, std::uint32_t label) { remote_[peer].insert_or_assign(fec, label); }

void Lib::withdraw(PeerId peer, const Fec& fec) {
    if (auto it = remote_.find(peer); it != remote_.end()) {
        it->second.erase(fec);
    }
}

void Lib::peer_gone(PeerId peer) {
    remote_.erase(peer);
    addresses_.erase(peer);
}

std::optional<std::uint32_t> Lib::remote_label(PeerId peer, const Fec& fec) const {
    auto p = remote_.find(peer);
    if (p == remote_.end()) return std::nullopt;
    auto it = p->second.find(fec);
    return it == p->second.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
}

std::size_t Lib::remote_count(PeerId peer) const {
    auto p = remote_.find(peer);
    return p == remote_.end() ? 0 : p->second.size();
}

void Lib::peer_addresses(PeerId peer, std::set<std::uint32_t> addresses) { addresses_[peer] = std::move(addresses); }

std::optional<PeerId> Lib::peer_for_address(std::uint32_t address) const {
    for (const auto& [peer, set] : addresses_) {
        if (set.contains(address)) return peer;
    }
    return std::nullopt;
}

std::vector<Lib::Row> Lib::rows() const {
    std::map<Fec, Row> rows;
    for (const auto& [fec, label] : local_) {
        rows[fec].fec = fec;
        rows[fec].local = label;
    }
    for (const auto& [peer, bindings] : remote_) {
        for (const auto& [fec, label] : bindings) {
            rows[fec].fec = fec;
            rows[fec].remote[peer] = label;
        }
    }
    std::vector<Row> out;
    for (auto& [fec, row] : rows) out.push_back(std::move(row));
    return out;
}

}  // namespace ldpsync::ldp
