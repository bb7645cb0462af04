#include "traffic.hpp"

namespace ldpsync::pktgen {

namespace {

constexpr std::uint32_t kLabelSpace = kMaxEntries;
constexpr std::uint32_t kPrefixSpace = 223u * 65536u;

std::uint64_t mix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// Affine bijection on [0, space): a must be coprime with space; odd primes keep it so here.
std::uint32_t permute(std::uint32_t i, std::uint32_t space, std::uint32_t seed, std::uint64_t a) {
    const std::uint64_t b = mix64(seed) % space;
    return static_cast<std::uint32_t>((a * i + b) % space);
}

}  // namespace

std::uint32_t label_of(std::uint32_t i, std::uint32_t seed, LabelLayout layout) {
    return 16 + (layout == LabelLayout::allocator ? i : permute(i, kLabelSpace, seed, 761249));
}

bool parse_label_layout(const std::string& s, LabelLayout& out) {
    if (s == "allocator") out = LabelLayout::allocator;
    else if (s == "spread") out = LabelLayout::spread;
    else return false;
    return true;
}
std::uint32_t out_label_of(std::uint32_t i, std::uint32_t seed) {
    return 16 + permute(i, kLabelSpace, seed ^ 0x5555u, 409993);
}
std::uint32_t prefix_of(std::uint32_t i, std::uint32_t seed) {
    return (permute(i, kPrefixSpace, seed, 2654435761ull % kPrefixSpace | 1) + 65536u) << 8;
}

bool parse_mix(const std::string& s, Mix& out) {
    if (s == "swap") out = Mix::swap;
    else if (s == "push") out = Mix::push;
    else if (s == "mixed") out = Mix::mixed;
    else if (s == "push-heavy") out = Mix::push_heavy;
    else return false;
    return true;
}

std::vector<Bytes> make_traffic(const TrafficSpec& spec) {
    std::vector<Bytes> out;
    out.reserve(spec.packets);
    static const std::uint32_t imix[12] = {64, 64, 64, 64, 64, 64, 64, 594, 594, 594, 594, 1518};
    for (std::uint32_t n = 0; n < spec.packets; ++n) {
        const std::uint64_t r = mix64((std::uint64_t{spec.seed} << 32) ^ n);
        const std::uint32_t fec = static_cast<std::uint32_t>(r % spec.entries);
        const std::uint32_t flow = static_cast<std::uint32_t>((r >> 20) % spec.flows);
        bool labeled = true;
        switch (spec.mix) {
            case Mix::swap: labeled = true; break;
            case Mix::push: labeled = false; break;
            case Mix::mixed: labeled = (r >> 40) & 1u; break;
            case Mix::push_heavy: labeled = (r >> 40) % 10 == 0; break;
        }
        const std::uint32_t size = spec.size != 0 ? spec.size : imix[(r >> 44) % 12];
        const std::uint32_t header = 14 + (labeled ? 4u : 0u) + 20 + 8;
        Ipv4Spec ip;
        ip.src = 0xc6120000u | (flow & 0xffffu);  // 198.18.0.0/15 (RFC 2544 benchmarking)
        ip.dst = prefix_of(fec, spec.seed) | (1 + flow % 254);
        ip.proto = 17;
        ip.ttl = 64;
        ip.sport = static_cast<std::uint16_t>(1024 + flow % 50000);
        ip.dport = 4791;
        ip.payload = static_cast<std::uint16_t>(size > header ? size - header : 0);
        const Bytes payload = ipv4_packet(ip);
        if (labeled) {
            out.push_back(frame(spec.dst, spec.src, {{label_of(fec, spec.seed, spec.labels), 0, 64}}, payload));
        } else {
            out.push_back(frame(spec.dst, spec.src, {}, payload));
        }
    }
    return out;
}

}  // namespace ldpsync::pktgen
