#include "format.hpp"

#include <arpa/inet.h>

#include <cstdio>
#include <initializer_list>

namespace ldpsync::ldp {

namespace {

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

std::string hex16(std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", v);
    return buf;
}

std::string ipv6_to_string(const std::array<std::uint8_t, 16>& a) {
    char buf[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET6, a.data(), buf, sizeof buf);
    return buf;
}

std::string bits_suffix(const TlvBits& bits) {
    if (!bits.u && !bits.f) {
        return "";
    }
    return std::string("[") + (bits.u ? "U" : "") + (bits.f ? "F" : "") + "]";
}

std::string capability_name(std::uint16_t type) {
    switch (type) {
    case tlv_type::dynamic_announcement_cap: return "dynamic-announcement";
    case tlv_type::typed_wildcard_fec_cap: return "typed-wildcard-fec";
    case tlv_type::unrecognized_notification_cap: return "unrecognized-notification";
    default: return hex16(type);
    }
}

std::string params_to_string(const std::vector<Tlv>& tlvs) {
    std::string s;
    for (const auto& t : tlvs) {
        s += ' ';
        s += to_string(t);
    }
    return s;
}

}  // namespace

std::string to_string(const FecElement& element) {
    return std::visit(overloaded{
                          [](const WildcardFec&) -> std::string { return "wildcard"; },
                          [](const PrefixFec& p) -> std::string {
                              if (p.family == af_ipv4) {
                                  return ipv4_to_string(p.ipv4_address()) + "/" + std::to_string(p.prefix_length);
                              }
                              return ipv6_to_string(p.address) + "/" + std::to_string(p.prefix_length);
                          },
                          [](const TypedWildcardFec& t) -> std::string {
                              std::string s = "typed-wildcard(type " + std::to_string(t.fec_type);
                              if (t.fec_type == fec_element::prefix && t.info.size() == 2) {
                                  unsigned af = (unsigned{t.info[0]} << 8) | t.info[1];
                                  s += af == af_ipv4 ? " ipv4" : af == af_ipv6 ? " ipv6" : " af " + std::to_string(af);
                              }
                              return s + ")";
                          },
                      },
                      element);
}

std::string to_string(const Tlv& tlv) {
    return std::visit(
        overloaded{
            [](const FecTlv& t) {
                std::string s = "fec=[";
                for (std::size_t i = 0; i < t.elements.size(); ++i) {
                    if (i != 0) s += ',';
                    s += to_string(t.elements[i]);
                }
                return s + "]" + bits_suffix(t.bits);
            },
            [](const GenericLabelTlv& t) { return "label=" + std::to_string(t.label) + bits_suffix(t.bits); },
            [](const AddressListTlv& t) {
                std::string s = "addresses=[";
                bool first = true;
                for (auto a : t.ipv4) {
                    if (!first) s += ',';
                    s += ipv4_to_string(a);
                    first = false;
                }
                for (const auto& a : t.ipv6) {
                    if (!first) s += ',';
                    s += ipv6_to_string(a);
                    first = false;
                }
                return s + "]" + bits_suffix(t.bits);
            },
            [](const HopCountTlv& t) { return "hop-count=" + std::to_string(t.count) + bits_suffix(t.bits); },
            [](const StatusTlv& t) {
                char buf[48];
                std::snprintf(buf, sizeof buf, "(0x%08x)", t.code);
                return "status=\"" + status_name(t.code) + "\"" + buf + (t.e ? " fatal" : " advisory") +
                       (t.forward ? " forward" : "") + " msg-id=" + std::to_string(t.message_id) +
                       " msg-type=" + hex16(t.message_type) + bits_suffix(t.bits);
            },
            [](const CommonHelloParamsTlv& t) {
                return "hold=" + std::to_string(t.hold_time) + "s" + (t.targeted ? " targeted" : " link") +
                       (t.request_targeted ? " request-targeted" : "") + (t.gtsm ? " gtsm" : "") + bits_suffix(t.bits);
            },
            [](const Ipv4TransportAddressTlv& t) {
                return "transport=" + ipv4_to_string(t.address) + bits_suffix(t.bits);
            },
            [](const ConfigSequenceTlv& t) { return "cfg-seq=" + std::to_string(t.sequence) + bits_suffix(t.bits); },
            [](const CommonSessionParamsTlv& t) {
                return "version=" + std::to_string(t.version) + " keepalive=" + std::to_string(t.keepalive_time) +
                       "s mode=" + (t.downstream_on_demand ? "DoD" : "DU") +
                       " loop-detection=" + (t.loop_detection ? "on" : "off") +
                       " pv-limit=" + std::to_string(t.path_vector_limit) +
                       " max-pdu=" + std::to_string(t.max_pdu_length) + " receiver=" +
                       ipv4_to_string(t.receiver_lsr_id) + ":" + std::to_string(t.receiver_label_space) +
                       bits_suffix(t.bits);
            },
            [](const FtSessionTlv& t) {
                return "ft-session flags=" + hex16(t.flags) + " reconnect=" + std::to_string(t.reconnect_timeout_ms) +
                       "ms recovery=" + std::to_string(t.recovery_time_ms) + "ms" + bits_suffix(t.bits);
            },
            [](const CapabilityTlv& t) {
                return "cap=" + capability_name(t.type) + (t.state ? "(on)" : "(off)") + bits_suffix(t.bits);
            },
            [](const LabelRequestIdTlv& t) {
                return "request-id=" + std::to_string(t.message_id) + bits_suffix(t.bits);
            },
            [](const OpaqueTlv& t) {
                return "tlv-" + hex16(t.type) + "(" + std::to_string(t.value.size()) + "B)" + bits_suffix(t.bits);
            },
        },
        tlv);
}

std::string to_string(const Message& message) {
    std::string s = message_name(message_type_of(message));
    std::visit(
        [&](const auto& m) {
            if (m.u) {
                s += "[U]";
            }
            s += " id=";
            s += std::to_string(m.id);
        },
        message);
    // Each field is appended to s, never concatenated onto a literal ("x" + std::string&&):
    // g++ 12 at -O3 reports that prepend as an overlapping memcpy (-Wrestrict) once inlined.
    auto fields = [&s](std::initializer_list<std::string> parts, const std::vector<Tlv>& tlvs) {
        for (const auto& p : parts) {
            s += ' ';
            s += p;
        }
        s += params_to_string(tlvs);
    };
    std::visit(
        overloaded{
            [&](const Notification& m) { fields({to_string(m.status)}, m.optional); },
            [&](const Hello& m) { fields({to_string(m.params)}, m.optional); },
            [&](const Initialization& m) { fields({to_string(m.params)}, m.optional); },
            [&](const KeepAlive& m) { fields({}, m.optional); },
            [&](const Capability& m) { fields({}, m.capabilities); },
            [&](const Address& m) { fields({to_string(m.addresses)}, m.optional); },
            [&](const AddressWithdraw& m) { fields({to_string(m.addresses)}, m.optional); },
            [&](const LabelMapping& m) { fields({to_string(m.fec), to_string(m.label)}, m.optional); },
            [&](const LabelRequest& m) { fields({to_string(m.fec)}, m.optional); },
            [&](const LabelWithdraw& m) { fields({to_string(m.fec)}, m.optional); },
            [&](const LabelRelease& m) { fields({to_string(m.fec)}, m.optional); },
            [&](const LabelAbortRequest& m) { fields({to_string(m.fec), to_string(m.request_id)}, m.optional); },
            [&](const UnknownMessage& m) {
                s += " body=";
                s += std::to_string(m.body.size());
                s += 'B';
            },
        },
        message);
    return s;
}

std::string to_string(const PduHeader& h) {
    return "LDP PDU v" + std::to_string(h.version) + " len=" + std::to_string(h.length) + " " +
           ipv4_to_string(h.lsr_id) + ":" + std::to_string(h.label_space);
}

}  // namespace ldpsync::ldp
