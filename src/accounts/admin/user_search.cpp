#include "accounts/admin/user_search.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>

#include "core/random.hpp"
#include "core/unicode_text.hpp"
#include "crypto/base64.hpp"

namespace menshen::accounts {
namespace {

Error BadQuery(std::string detail) { return Error{ErrorId::kPoolUserSearchInvalid, std::move(detail), {}}; }

std::optional<SearchType> ParseSearchType(std::string_view type) {
  if (type == "username") return SearchType::kUsername;
  if (type == "email") return SearchType::kEmail;
  if (type == "phone") return SearchType::kPhone;
  if (type == "nickname") return SearchType::kNickname;
  return std::nullopt;
}

// Digits only, a leading + dropped and the separators people type (space, -, parentheses) removed.
std::optional<std::string> PhoneDigits(std::string_view query) {
  std::string digits;
  for (std::size_t i = 0; i < query.size(); ++i) {
    const char c = query[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (!(c == '+' && i == 0) && c != ' ' && c != '-' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  if (digits.empty()) return std::nullopt;
  return digits;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Result<UserSearch> ParseUserSearch(std::optional<std::string_view> type, std::optional<std::string_view> query) {
  UserSearch search;
  if (type && !type->empty()) {
    const auto parsed = ParseSearchType(*type);
    if (!parsed) return Fail(ErrorId::kPoolUserSearchTypeInvalid, "type must be username, email, phone or nickname");
    search.type = *parsed;
  }
  if (!query || query->empty()) return search;
  const auto points = DecodeUtf8(*query);
  if (!points) return std::unexpected(BadQuery("query is not valid UTF-8"));
  if (points->size() > kMaxSearchQueryLength) return std::unexpected(BadQuery("query is at most 64 characters"));
  for (const char32_t c : *points) {
    if (IsControl(c) || IsBidiControl(c) || IsUnassignedOrPrivate(c)) {
      return std::unexpected(BadQuery("query contains control or invisible characters"));
    }
  }
  if (std::ranges::all_of(*points, IsWhitespace)) return std::unexpected(BadQuery("query is blank"));
  switch (search.type) {
    case SearchType::kUsername:
    case SearchType::kAny: {
      // Usernames are stored folded; a query is folded the same way so "ＭＥＩ" finds "mei".
      auto folded = FoldCompatible(*query);
      if (!folded) return std::unexpected(BadQuery("query is not valid UTF-8"));
      search.text = std::move(*folded);
      break;
    }
    case SearchType::kEmail:
      if (!std::ranges::all_of(*query, [](unsigned char c) { return c > 0x20 && c < 0x7f; })) {
        return std::unexpected(BadQuery("an e-mail query is printable ASCII without spaces"));
      }
      search.text = AsciiLower(*query);
      break;
    case SearchType::kPhone: {
      auto digits = PhoneDigits(*query);
      if (!digits) return std::unexpected(BadQuery("a phone query is digits, optionally after +"));
      search.text = std::move(*digits);
      break;
    }
    case SearchType::kNickname:
      search.text = AsciiLower(*query);
      break;
  }
  return search;
}

std::string EscapeLike(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace menshen::accounts
