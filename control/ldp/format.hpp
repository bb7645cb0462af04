#pragma once
// One-line text forms for debug logs ("debug mpls ldp messages").
//   Label Mapping id=6 fec=[1.1.1.1/32] label=16
//   Hello id=1 hold=3s link transport=1.1.1.1 cfg-seq=2

#include <string>

#include "message.hpp"

namespace ldpsync::ldp {

std::string to_string(const FecElement& element);
std::string to_string(const Tlv& tlv);
std::string to_string(const Message& message);
std::string to_string(const PduHeader& header);

}  // namespace ldpsync::ldp
