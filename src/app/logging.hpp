// Process-wide logging: operational messages to stderr. (The access log, on stdout, is http::AccessLog.)
#pragma once

#include <string>

namespace menshen::app {

// Sends the default logger to stderr at `level`.
void SetupLogging(const std::string& level);

}  // namespace menshen::app
