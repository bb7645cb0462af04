#pragma once
// Byte fixtures shared by the encode and decode tests. Each is laid out field by field from the
// RFC figure it cites; several are copied from the FRR captures in tests/captures/ (noted "capture").
// Message fixtures are whole messages (header included); pdu_* fixtures are whole PDUs.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "message.hpp"

namespace ldpsync::ldp::fixtures {

// "0400 0018" -> {0x04, 0x00, 0x00, 0x18}; spaces are ignored.
inline Bytes hex(std::string_view text) {
    Bytes out;
    int high = -1;
    for (char c : text) {
        int v = -1;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            v = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            v = c - 'A' + 10;
        } else if (c == ' ') {
            continue;
        } else {
            throw std::invalid_argument(std::string("bad hex character ") + c);
        }
        if (high < 0) {
            high = v;
        } else {
            out.push_back(std::byte(static_cast<std::uint8_t>(high * 16 + v)));
            high = -1;
        }
    }
    if (high >= 0) {
        throw std::invalid_argument("odd number of hex digits");
    }
    return out;
}

struct Fixture {
    std::string name;
    Bytes bytes;
    Message message;
};

inline std::uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
}

inline std::vector<Fixture> message_fixtures() {
    std::vector<Fixture> f;

    // Hello (capture, 1.1.1.1), RFC 5036 3.5.2.
    {
        Hello m;
        m.id = 1;
        m.params.hold_time = 3;
        m.params.gtsm = true;
        m.optional = {Ipv4TransportAddressTlv{{}, ip(1, 1, 1, 1)}, ConfigSequenceTlv{{}, 2}};
        f.push_back({"hello",
                     hex("0100 001c"             // U=0 type 0x0100 Hello, message length 28
                         "0000 0001"             // message id 1
                         "0400 0004 0003 2000"   // Common Hello Params: hold 3 s, T=0 R=0 G=1 (RFC 7552)
                         "0401 0004 0101 0101"   // IPv4 Transport Address 1.1.1.1
                         "0402 0004 0000 0002"), // Configuration Sequence Number 2
                     m});
    }
    // Initialization (capture, 2.2.2.2 -> 1.1.1.1), RFC 5036 3.5.3 + RFC 5561/5918/5919.
    {
        Initialization m;
        m.id = 3;
        m.params.version = 1;
        m.params.keepalive_time = 180;
        m.params.receiver_lsr_id = ip(1, 1, 1, 1);
        m.optional = {CapabilityTlv{{true, false}, tlv_type::dynamic_announcement_cap, true, 0},
                      CapabilityTlv{{true, false}, tlv_type::typed_wildcard_fec_cap, true, 0},
                      CapabilityTlv{{true, false}, tlv_type::unrecognized_notification_cap, true, 0}};
        f.push_back({"initialization",
                     hex("0200 0025"   // Initialization, message length 37
                         "0000 0003"   // message id 3
                         "0500 000e"   // Common Session Parameters TLV, length 14
                         "0001 00b4"   //   protocol version 1, keepalive 180 s
                         "00 00 0000"  //   A=0 D=0 reserved 0, path vector limit 0, max PDU length 0 (=4096)
                         "0101 0101 0000"  // receiver LDP identifier 1.1.1.1:0
                         "8506 0001 80"    // U=1 Dynamic Announcement capability, S=1
                         "850b 0001 80"    // U=1 Typed Wildcard FEC capability, S=1
                         "8603 0001 80"),  // U=1 Unrecognized Notification capability, S=1
                     m});
    }
    // Initialization with the FT Session TLV (RFC 3479 4.2, graceful restart per RFC 3478).
    {
        Initialization m;
        m.id = 4;
        m.params.keepalive_time = 30;
        m.params.downstream_on_demand = true;
        m.params.max_pdu_length = 4096;
        m.params.receiver_lsr_id = ip(2, 2, 2, 2);
        m.optional = {FtSessionTlv{{}, 0x0001, 0, 30000, 120000}};
        f.push_back({"initialization-ft",
                     hex("0200 0026"   // Initialization, message length 38
                         "0000 0004"   // message id 4
                         "0500 000e 0001 001e"  // CSP, version 1, keepalive 30 s
                         "80 00 1000"           //   A=1 (DoD) D=0, PV limit 0, max PDU 4096
                         "0202 0202 0000"       //   receiver 2.2.2.2:0
                         "0503 000c"            // FT Session TLV, length 12
                         "0001 0000"            //   FT flags L=1, reserved
                         "0000 7530"            //   FT reconnect timeout 30000 ms
                         "0001 d4c0"),          //   recovery time 120000 ms
                     m});
    }
    // KeepAlive (capture), RFC 5036 3.5.4.
    {
        KeepAlive m;
        m.id = 4;
        f.push_back({"keepalive", hex("0201 0004 0000 0004"), m});  // type, length 4, id 4
    }
    // Address (capture, 2.2.2.2), RFC 5036 3.5.5.
    {
        Address m;
        m.id = 5;
        m.addresses.ipv4 = {ip(10, 0, 12, 2), ip(2, 2, 2, 2)};
        f.push_back({"address",
                     hex("0300 0012 0000 0005"  // Address, length 18, id 5
                         "0101 000a 0001"       // Address List TLV, length 10, family IPv4
                         "0a00 0c02 0202 0202"),// 10.0.12.2, 2.2.2.2
                     m});
    }
    // Address Withdraw, RFC 5036 3.5.6.
    {
        AddressWithdraw m;
        m.id = 9;
        m.addresses.ipv4 = {ip(10, 0, 12, 2)};
        f.push_back({"address-withdraw",
                     hex("0301 000e 0000 0009"  // Address Withdraw, length 14, id 9
                         "0101 0006 0001 0a00 0c02"),  // Address List: IPv4 10.0.12.2
                     m});
    }
    // Label Mapping (capture), RFC 5036 3.5.7: 1.1.1.1/32 -> label 16.
    {
        LabelMapping m;
        m.id = 6;
        m.fec.elements = {PrefixFec::ipv4(ip(1, 1, 1, 1), 32)};
        m.label = GenericLabelTlv{{}, 16};
        f.push_back({"label-mapping",
                     hex("0400 0018 0000 0006"   // Label Mapping, length 24, id 6
                         "0100 0008"             // FEC TLV, length 8
                         "02 0001 20 0101 0101"  //   Prefix element, AF IPv4, /32, 1.1.1.1
                         "0200 0004 0000 0010"), // Generic Label TLV, label 16
                     m});
    }
    // Label Mapping for a /24 (3 prefix octets) answering a request (Label Request Message ID).
    {
        LabelMapping m;
        m.id = 8;
        m.fec.elements = {PrefixFec::ipv4(ip(10, 0, 12, 0), 24)};
        m.label = GenericLabelTlv{{}, 3};
        m.optional = {LabelRequestIdTlv{{}, 17}};
        f.push_back({"label-mapping-request-id",
                     hex("0400 001f 0000 0008"   // Label Mapping, length 31, id 8
                         "0100 0007 02 0001 18 0a00 0c"  // FEC: prefix IPv4 10.0.12.0/24, 3 octets
                         "0200 0004 0000 0003"   // Generic Label 3 (implicit null)
                         "0600 0004 0000 0011"), // Label Request Message ID 17
                     m});
    }
    // Label Mapping with an unknown optional TLV, U=1 F=1: kept opaque, re-encoded as is.
    {
        LabelMapping m;
        m.id = 18;
        m.fec.elements = {PrefixFec::ipv4(ip(1, 1, 1, 1), 32)};
        m.label = GenericLabelTlv{{}, 16};
        m.optional = {OpaqueTlv{{true, true}, 0x0123, hex("aabb ccdd")}};
        f.push_back({"label-mapping-unknown-tlv",
                     hex("0400 0020 0000 0012"
                         "0100 0008 02 0001 20 0101 0101"
                         "0200 0004 0000 0010"
                         "c123 0004 aabb ccdd"),  // U=1 F=1 type 0x0123, 4 octets
                     m});
    }
    // Label Request, RFC 5036 3.5.8, with a Hop Count TLV (3.4.4).
    {
        LabelRequest m;
        m.id = 10;
        m.fec.elements = {PrefixFec::ipv4(ip(3, 3, 3, 3), 32)};
        m.optional = {HopCountTlv{{}, 1}};
        f.push_back({"label-request",
                     hex("0401 0015 0000 000a"             // Label Request, length 21, id 10
                         "0100 0008 02 0001 20 0303 0303"  // FEC 3.3.3.3/32
                         "0103 0001 01"),                  // Hop Count 1
                     m});
    }
    // Label Withdraw, RFC 5036 3.5.10: Wildcard FEC (3.4.1) and a label.
    {
        LabelWithdraw m;
        m.id = 11;
        m.fec.elements = {WildcardFec{}};
        m.optional = {GenericLabelTlv{{}, 16}};
        f.push_back({"label-withdraw",
                     hex("0402 0011 0000 000b"   // Label Withdraw, length 17, id 11
                         "0100 0001 01"          // FEC TLV: Wildcard element
                         "0200 0004 0000 0010"), // Generic Label 16
                     m});
    }
    // Label Release, RFC 5036 3.5.11, without a label.
    {
        LabelRelease m;
        m.id = 12;
        m.fec.elements = {PrefixFec::ipv4(ip(1, 1, 1, 1), 32)};
        f.push_back({"label-release",
                     hex("0403 0010 0000 000c"
                         "0100 0008 02 0001 20 0101 0101"),
                     m});
    }
    // Label Abort Request, RFC 5036 3.5.9.
    {
        LabelAbortRequest m;
        m.id = 13;
        m.fec.elements = {PrefixFec::ipv4(ip(4, 4, 4, 4), 32)};
        m.request_id.message_id = 10;
        f.push_back({"label-abort",
                     hex("0404 0018 0000 000d"
                         "0100 0008 02 0001 20 0404 0404"  // FEC 4.4.4.4/32
                         "0600 0004 0000 000a"),           // Label Request Message ID 10
                     m});
    }
    // Notification, RFC 5036 3.5.1: Shutdown, fatal.
    {
        Notification m;
        m.id = 14;
        m.status.e = true;
        m.status.code = static_cast<std::uint32_t>(Status::shutdown);
        f.push_back({"notification",
                     hex("0001 0012 0000 000e"  // Notification, length 18, id 14
                         "0300 000a"            // Status TLV, length 10
                         "8000 000a"            //   E=1 F=0, status Shutdown (0x0a)
                         "0000 0000 0000"),     //   message id 0, message type 0
                     m});
    }
    // End-of-LIB Notification, RFC 5919 4: status 0x2F + Typed Wildcard FEC (RFC 5918) for IPv4.
    {
        Notification m;
        m.id = 15;
        m.status.code = static_cast<std::uint32_t>(Status::end_of_lib);
        m.optional = {FecTlv{{}, {TypedWildcardFec::prefix(af_ipv4)}}};
        f.push_back({"notification-end-of-lib",
                     hex("0001 001b 0000 000f"
                         "0300 000a 0000 002f 0000 0000 0000"  // Status: E=0, End-of-LIB
                         "0100 0005 05 02 02 0001"),           // FEC: typed wildcard, Prefix, len 2, AF IPv4
                     m});
    }
    // Capability, RFC 5561 5: announce Unrecognized Notification, withdraw Typed Wildcard FEC.
    {
        Capability m;
        m.id = 16;
        m.capabilities = {CapabilityTlv{{true, false}, tlv_type::unrecognized_notification_cap, true, 0},
                          CapabilityTlv{{true, false}, tlv_type::typed_wildcard_fec_cap, false, 0}};
        f.push_back({"capability",
                     hex("0202 000e 0000 0010"
                         "8603 0001 80"   // U=1 Unrecognized Notification, S=1
                         "850b 0001 00"), // U=1 Typed Wildcard FEC, S=0 (withdraw)
                     m});
    }
    // Unknown message with U=1: kept opaque.
    {
        UnknownMessage m{true, 0x0f00, 17, hex("dead beef")};
        f.push_back({"unknown-message-u1", hex("8f00 0008 0000 0011 dead beef"), m});
    }
    return f;
}

// PDU (capture, 2.2.2.2:0) carrying a KeepAlive and an Address message.
inline Bytes pdu_keepalive_address() {
    return hex("0001 0024"        // version 1, PDU length 36
               "0202 0202 0000"   // LDP identifier 2.2.2.2:0
               "0201 0004 0000 0004"                       // KeepAlive id 4
               "0300 0012 0000 0005 0101 000a 0001 0a00 0c02 0202 0202");  // Address id 5
}

}  // namespace ldpsync::ldp::fixtures
