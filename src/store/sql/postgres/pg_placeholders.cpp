#include "store/sql/postgres/pg_placeholders.hpp"

#include <cctype>

namespace menshen::store::sql {
namespace {

// The end (one past) of the quoted run starting at `at`, where `quote` closes it and a doubled quote escapes
// it. `backslash` is set for E'...' strings, where a backslash escapes the next character.
std::size_t SkipQuoted(std::string_view sql, std::size_t at, char quote, bool backslash) {
  std::size_t i = at + 1;
  while (i < sql.size()) {
    if (backslash && sql[i] == '\\') {
      i += 2;
      continue;
    }
    if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  return sql.size();
}

bool IsTagChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// A dollar-quoted string ($$...$$ or $tag$...$tag$) starting at `at`, or npos when `at` is not one.
std::size_t SkipDollarQuoted(std::string_view sql, std::size_t at) {
  std::size_t i = at + 1;
  while (i < sql.size() && IsTagChar(sql[i])) ++i;
  if (i >= sql.size() || sql[i] != '$') return std::string_view::npos;
  if (i > at + 1 && std::isdigit(static_cast<unsigned char>(sql[at + 1])) != 0) return std::string_view::npos;  // $1
  const std::string_view tag = sql.substr(at, i - at + 1);
  const auto close = sql.find(tag, i + 1);
  return close == std::string_view::npos ? sql.size() : close + tag.size();
}

}  // namespace

NumberedSql NumberPlaceholders(std::string_view sql) {
  NumberedSql out;
  out.sql.reserve(sql.size() + 16);
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    std::size_t end = i + 1;
    if (c == '\'') {
      const bool escaped = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i == 1 || !IsTagChar(sql[i - 2]));
      end = SkipQuoted(sql, i, '\'', escaped);
    } else if (c == '"') {
      end = SkipQuoted(sql, i, '"', false);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const auto newline = sql.find('\n', i);
      end = newline == std::string_view::npos ? sql.size() : newline;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const auto close = sql.find("*/", i + 2);
      end = close == std::string_view::npos ? sql.size() : close + 2;
    } else if (c == '$' && (i == 0 || !IsTagChar(sql[i - 1]))) {
      if (const auto skipped = SkipDollarQuoted(sql, i); skipped != std::string_view::npos) end = skipped;
    } else if (c == '?') {
      out.sql += '$';
      out.sql += std::to_string(++out.parameters);
      i = end;
      continue;
    }
    out.sql.append(sql.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace menshen::store::sql
