#include "errors.hpp"

namespace ldpsync::ospf {

std::string_view to_string(Reason r) {
    switch (r) {
    case Reason::truncated: return "truncated";
    case Reason::bad_version: return "bad version";
    case Reason::bad_type: return "unknown packet type";
    case Reason::bad_length: return "bad length";
    case Reason::length_exceeds_buffer: return "length exceeds the bytes available";
    case Reason::bad_checksum: return "bad packet checksum";
    case Reason::bad_lsa_checksum: return "bad LSA checksum";
    case Reason::bad_autype: return "unsupported authentication type";
    case Reason::missing_digest: return "cryptographic digest missing";
    case Reason::count_mismatch: return "entry count disagrees with length";
    case Reason::trailing_bytes: return "trailing bytes";
    }
    return "unknown reason";
}

std::string_view counter_name(Reason r) {
    switch (r) {
    case Reason::truncated: return "ospf_rx_truncated";
    case Reason::bad_version: return "ospf_rx_bad_version";
    case Reason::bad_type: return "ospf_rx_bad_type";
    case Reason::bad_length: return "ospf_rx_bad_length";
    case Reason::length_exceeds_buffer: return "ospf_rx_length_exceeds_buffer";
    case Reason::bad_checksum: return "ospf_rx_bad_checksum";
    case Reason::bad_lsa_checksum: return "ospf_rx_bad_lsa_checksum";
    case Reason::bad_autype: return "ospf_rx_bad_autype";
    case Reason::missing_digest: return "ospf_rx_missing_digest";
    case Reason::count_mismatch: return "ospf_rx_count_mismatch";
    case Reason::trailing_bytes: return "ospf_rx_trailing_bytes";
    }
    return "ospf_rx_unknown";
}

std::string_view to_string(Field f) {
    switch (f) {
    case Field::packet: return "packet";
    case Field::version: return "version";
    case Field::packet_type: return "packet type";
    case Field::packet_length: return "packet length";
    case Field::router_id: return "router id";
    case Field::area_id: return "area id";
    case Field::checksum: return "checksum";
    case Field::autype: return "autype";
    case Field::authentication: return "authentication";
    case Field::crypto_digest: return "cryptographic digest";
    case Field::hello_fixed: return "hello fixed part";
    case Field::hello_neighbor: return "hello neighbor";
    case Field::dd_fixed: return "database description fixed part";
    case Field::ls_request_entry: return "link state request entry";
    case Field::lsu_lsa_count: return "LS update # LSAs";
    case Field::lsa_header: return "LSA header";
    case Field::lsa_length: return "LSA length";
    case Field::lsa_checksum: return "LSA checksum";
    case Field::router_lsa_fixed: return "router-LSA flags";
    case Field::router_lsa_link_count: return "router-LSA # links";
    case Field::router_link: return "router-LSA link";
    case Field::router_link_tos: return "router-LSA link TOS entry";
    case Field::network_lsa_mask: return "network-LSA mask";
    case Field::network_lsa_router: return "network-LSA attached router";
    }
    return "unknown field";
}

std::string DecodeError::to_string() const {
    std::string out;
    out += ospf::to_string(reason);
    out += " in ";
    out += ospf::to_string(field);
    out += " at offset ";
    out += std::to_string(offset);
    if (value != 0) {
        out += " (value ";
        out += std::to_string(value);
        out += ')';
    }
    return out;
}

std::string_view to_string(EncodeError e) {
    switch (e) {
    case EncodeError::packet_too_long: return "packet longer than 65535 bytes";
    case EncodeError::lsa_too_long: return "LSA longer than 65535 bytes";
    case EncodeError::too_many_entries: return "entry count overflows its field";
    }
    return "unknown encode error";
}

}  // namespace ldpsync::ospf
