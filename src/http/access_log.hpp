// One JSON line per request: method, route, status, catalog code, duration, request id, client IP.
// Never a query string, a header value or a body: those are where secrets travel.
#pragma once

#include <memory>

#include "http/message.hpp"

namespace spdlog {
class logger;
}

namespace menshen::http {

class AccessLog {
 public:
  // Writes through `logger` (an asynchronous one in the server, so logging never blocks a request).
  explicit AccessLog(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}
  void Write(const Request& request, const Response& response, std::chrono::nanoseconds duration) const;

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace menshen::http
