#include "core/unicode_text.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace menshen {
namespace {

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

std::optional<std::string> Map(std::string_view text, int options) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t size =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()), static_cast<utf8proc_ssize_t>(text.size()),
                   &out, static_cast<utf8proc_option_t>(options));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(out);
  if (size < 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(size));
}

utf8proc_category_t Category(char32_t c) { return utf8proc_category(static_cast<utf8proc_int32_t>(c)); }

}  // namespace

std::optional<std::u32string> DecodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t c = 0;
    utf8proc_ssize_t used = utf8proc_iterate(p, left, &c);
    if (used <= 0 || c < 0) return std::nullopt;
    out.push_back(static_cast<char32_t>(c));
    p += used;
    left -= used;
  }
  return out;
}

std::optional<std::string> FoldCompatible(std::string_view text) {
  return Map(text, UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

std::optional<std::string> ComposeCanonical(std::string_view text) {
  return Map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

bool IsLetter(char32_t c) {
  switch (Category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return true;
    default:
      return false;
  }
}

bool IsDecimalDigit(char32_t c) { return Category(c) == UTF8PROC_CATEGORY_ND; }

bool IsCombiningMark(char32_t c) {
  auto category = Category(c);
  return category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC;
}

bool IsWhitespace(char32_t c) {
  auto category = Category(c);
  if (category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP) {
    return true;
  }
  return (c >= 0x09 && c <= 0x0D) || c == 0x85;
}

bool IsControl(char32_t c) { return Category(c) == UTF8PROC_CATEGORY_CC; }

bool IsBidiControl(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool IsDefaultIgnorable(char32_t c) { return utf8proc_get_property(static_cast<utf8proc_int32_t>(c))->ignorable; }

bool IsUnassignedOrPrivate(char32_t c) {
  auto category = Category(c);
  return category == UTF8PROC_CATEGORY_CN || category == UTF8PROC_CATEGORY_CO || category == UTF8PROC_CATEGORY_CS;
}

bool IsFormat(char32_t c) { return Category(c) == UTF8PROC_CATEGORY_CF; }

}  // namespace menshen
