#pragma once
// A whole OSPFv2 packet: header, one body per packet type, and the trailer (bytes after the
// packet length: the AuType 2 digest, LLS data). Packet::decode runs the header checks of
// header.hpp, then the body decoder of the header's type, which must consume the body exactly.
// encode_packet writes the header with placeholders, the body, then fills in length and
// checksum (or keeps the decoded checksum) and appends the trailer.

#include <string>
#include <variant>

#include "db_description.hpp"
#include "header.hpp"
#include "hello.hpp"
#include "ls_ack.hpp"
#include "ls_request.hpp"
#include "ls_update.hpp"
#include "types.hpp"

namespace ldpsync::ospf {

using PacketBody = std::variant<Hello, DbDescription, LsRequest, LsUpdate, LsAck>;

struct Packet {
    // `data` is the IP payload: the OSPF packet, then whatever trailer it has.
    static DecodeResult<Packet> decode(ByteView data, const DecodeOptions& options = {});

    Header header;     // header.type and header.length are as decoded; encode takes both from the body
    PacketBody body;
    Bytes trailer;

    PacketType type() const;  // from the body
    bool operator==(const Packet&) const = default;
};

PacketType packet_type_of(const PacketBody& body);

EncodeResult<Bytes> encode_packet(const Packet& packet, ChecksumMode mode = ChecksumMode::compute);

// Multi-line debug text: the header line, then the body.
std::string to_string(const Packet& packet);

}  // namespace ldpsync::ospf
