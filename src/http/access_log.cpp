#include "http/access_log.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace menshen::http {

void AccessLog::Write(const Request& request, const Response& response, std::chrono::nanoseconds duration) const {
  nlohmann::json line = {
      {"type", "access"},
      {"method", ToString(request.method)},
      {"route", request.route},
      {"status", response.status},
      {"code", response.code},
      {"error", ToString(response.error)},
      {"duration_ms", std::chrono::duration<double, std::milli>(duration).count()},
      {"request_id", request.request_id},
      {"client_ip", request.client_ip},
  };
  logger_->info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace menshen::http
