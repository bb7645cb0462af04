#include "auth.hpp"

#include <nettle/md5.h>

#include <algorithm>

namespace ldpsync::ospf {

Md5Digest md5_digest(ByteView packet, std::string_view key) {
    std::array<std::uint8_t, kMd5DigestSize> padded{};
    std::copy_n(key.begin(), std::min(key.size(), padded.size()), reinterpret_cast<char*>(padded.data()));
    md5_ctx ctx;
    md5_init(&ctx);
    md5_update(&ctx, packet.size(), reinterpret_cast<const std::uint8_t*>(packet.data()));
    md5_update(&ctx, padded.size(), padded.data());
    Md5Digest out{};
    md5_digest(&ctx, out.size(), reinterpret_cast<std::uint8_t*>(out.data()));
    return out;
}

bool md5_ok(const HeaderView& view, std::string_view key) {
    if (view.header.autype != AuType::cryptographic || view.trailer.size() < kMd5DigestSize ||
        view.header.crypto().auth_data_len != kMd5DigestSize) {
        return false;
    }
    const Md5Digest d = md5_digest(view.packet, key);
    return std::equal(d.begin(), d.end(), view.trailer.begin());
}

void append_md5_digest(Bytes& encoded, std::string_view key) {
    const Md5Digest d = md5_digest(encoded, key);
    encoded.insert(encoded.end(), d.begin(), d.end());
}

}  // namespace ldpsync::ospf
