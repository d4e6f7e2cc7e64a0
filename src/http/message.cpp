#include "http/message.hpp"

namespace menshen::http {
namespace {

std::optional<std::string_view> Find(const Fields& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

std::optional<std::string_view> Request::Header(std::string_view lowercase_name) const {
  return Find(headers, lowercase_name);
}
std::optional<std::string_view> Request::PathParam(std::string_view name) const { return Find(path_params, name); }
std::optional<std::string_view> Request::QueryParam(std::string_view name) const { return Find(query_params, name); }

}  // namespace menshen::http
