// Process-wide logging: operational messages to stderr, the access log to stdout through an
// asynchronous queue so that a slow terminal or pipe never stalls request handling.
#pragma once

#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace menshen::app {

// Sets the level of the default logger; returns the access logger (null when access logs are off).
std::shared_ptr<spdlog::logger> SetupLogging(const std::string& level, bool access_log);

}  // namespace menshen::app
