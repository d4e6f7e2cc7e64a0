#include "audit/page_cursor.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <span>

#include "core/random.hpp"
#include "crypto/base64.hpp"

namespace menshen::audit {

std::string EncodeCursor(const PageCursor& cursor) {
  const auto text = fmt::format("{}.{}", cursor.time, cursor.id);
  return Base64UrlEncode(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

Result<PageCursor> DecodeCursor(std::string_view text) {
  auto invalid = [] { return Fail(ErrorId::kCommonInvalidParameter, "cursor is not one this server handed out"); };
  if (text.empty() || text.size() > 128) return invalid();
  const auto decoded = crypto::Base64UrlDecode(text);
  if (!decoded) return invalid();
  const auto dot = decoded->find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == decoded->size()) return invalid();
  PageCursor cursor;
  const auto* first = decoded->data();
  const auto [end, ec] = std::from_chars(first, first + dot, cursor.time);
  if (ec != std::errc{} || end != first + dot || cursor.time < 0) return invalid();
  cursor.id = decoded->substr(dot + 1);
  const bool id_ok =
      std::ranges::all_of(cursor.id, [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
  if (!id_ok) return invalid();
  return cursor;
}

Result<int> ParsePageLimit(std::optional<std::string_view> limit) {
  if (!limit || limit->empty()) return kDefaultPageSize;
  int value = 0;
  const auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
  if (ec != std::errc{} || end != limit->data() + limit->size() || value < 1 || value > kMaxPageSize) {
    return Fail(ErrorId::kCommonInvalidParameter, fmt::format("limit must be 1 to {}", kMaxPageSize));
  }
  return value;
}

}  // namespace menshen::audit
