#include "store/sql/postgres/pg_error.hpp"

#include <fmt/format.h>

namespace menshen::store::sql {
namespace {

std::string Field(const PGresult* result, int field) {
  const char* value = PQresultErrorField(result, field);
  return value == nullptr ? std::string{} : std::string(value);
}

std::string TrimEnd(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

std::string KeyColumns(std::string_view detail) {
  constexpr std::string_view kPrefix = "Key (";
  const auto start = detail.find(kPrefix);
  if (start == std::string_view::npos) return {};
  const auto end = detail.find(")=(", start);
  if (end == std::string_view::npos) return {};
  return std::string(detail.substr(start + kPrefix.size(), end - start - kPrefix.size()));
}

Error MapPgResultError(const PGresult* result, std::string_view context) {
  const std::string state = Field(result, PG_DIAG_SQLSTATE);
  if (state == "23505") {
    // SQLite's wording, "UNIQUE constraint failed: users.username", so callers match either driver alike.
    const std::string table = Field(result, PG_DIAG_TABLE_NAME);
    const std::string columns = KeyColumns(Field(result, PG_DIAG_MESSAGE_DETAIL));
    std::string named;
    std::size_t from = 0;
    while (from <= columns.size() && !columns.empty()) {
      const auto comma = columns.find(", ", from);
      const auto column = columns.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
      if (!named.empty()) named += ", ";
      named += table.empty() ? column : table + "." + column;
      if (comma == std::string::npos) break;
      from = comma + 2;
    }
    return Error{ErrorId::kCommonAlreadyExists,
                 {},
                 fmt::format("{}: UNIQUE constraint failed: {} (constraint {}, postgres 23505)", context, named,
                             Field(result, PG_DIAG_CONSTRAINT_NAME))};
  }
  std::string message = Field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = PQresultErrorMessage(result);  // made by libpq: no fields
  std::string detail = fmt::format("{}: {} (postgres {})", context, TrimEnd(std::move(message)), state);
  if (state == "40001" || state == "40P01" || state == "55P03") {
    return Error{ErrorId::kCommonServiceUnavailable, {}, std::move(detail)};
  }
  return Error{ErrorId::kInfraDatabaseError, {}, std::move(detail)};
}

Error PgConnectionError(std::string_view message, std::string_view context) {
  return Error{ErrorId::kInfraDatabaseError, {}, fmt::format("{}: {}", context, TrimEnd(std::string(message)))};
}

}  // namespace menshen::store::sql
