// Settings that load but are likely wrong for how they are combined; none stops a start.
#pragma once

#include <string>
#include <vector>

#include "core/config/config.hpp"

namespace menshen {

// One line per warning, naming the key first ("kv.url: ...").
std::vector<std::string> ConfigWarnings(const Config& config);

}  // namespace menshen
