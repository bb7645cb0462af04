#pragma once
// `show running-config`: the canonical text of a configuration. parse_config(render(c)) == c.

#include <string>

#include "model.hpp"

namespace ldpsync::config {

std::string render(const Config& config);

}  // namespace ldpsync::config
