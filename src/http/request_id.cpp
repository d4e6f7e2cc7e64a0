#include "http/request_id.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/random.hpp"

namespace menshen::http {

bool IsSaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == ':' || c == '-';
  });
}

RequestIds::RequestIds() : prefix_(SystemRandom{}.Hex(6)) {}

std::string RequestIds::Choose(std::string_view from_client) {
  if (IsSaneRequestId(from_client)) return std::string(from_client);
  return fmt::format("{}-{:08x}", prefix_, counter_.fetch_add(1, std::memory_order_relaxed));
}

}  // namespace menshen::http
