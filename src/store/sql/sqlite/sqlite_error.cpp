#include "store/sql/sqlite/sqlite_error.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

namespace menshen::store::sql {

Error MapSqliteError(int extended_code, std::string_view message, std::string_view context) {
  std::string detail = fmt::format("{}: {} (sqlite {})", context, message, extended_code);
  if (extended_code == SQLITE_CONSTRAINT_UNIQUE || extended_code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Error{ErrorId::kCommonAlreadyExists, {}, std::move(detail)};
  }
  const int primary = extended_code & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Error{ErrorId::kCommonServiceUnavailable, {}, std::move(detail)};
  }
  return Error{ErrorId::kInfraDatabaseError, {}, std::move(detail)};
}

}  // namespace menshen::store::sql
