// Transport-neutral request and response: what handlers see. No Beast type crosses this line.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/catalog.hpp"
#include "core/error.hpp"

namespace menshen::http {

enum class Method : std::uint8_t { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
std::string_view ToString(Method method);

// Ordered name/value pairs; names compare case-insensitively for headers.
using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  Method method = Method::kGet;
  std::string target;  // raw request-target as received
  std::string path;    // target without the query, not decoded
  std::string query;   // raw query string without '?'
  Fields headers;      // names lowercased
  std::string body;
  Fields path_params;   // filled by the router from `{name}` segments
  Fields query_params;  // decoded, filled before the handler runs
  std::string route;    // the matched route pattern, for logs and metrics
  std::string request_id;
  std::string client_ip;
  catalog::Locale locale = catalog::Locale::kZhCn;
  std::chrono::steady_clock::time_point received_at{};

  // First header value by lowercase name.
  std::optional<std::string_view> Header(std::string_view lowercase_name) const;
  std::optional<std::string_view> PathParam(std::string_view name) const;
  std::optional<std::string_view> QueryParam(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  Fields headers;
  std::string body;
  // The catalog entry the response speaks of (common.success for successes); for logs and metrics.
  ErrorId error = ErrorId::kCommonSuccess;
  std::int64_t code = 0;
  bool close = false;  // close the connection after writing (e.g. unread body)
};

}  // namespace menshen::http
