#include "store/sql/sqlite/sqlite_statement.hpp"

#include <fmt/format.h>

#include "store/sql/sqlite/sqlite_error.hpp"

namespace menshen::store::sql {
namespace {

struct Binder {
  sqlite3_stmt* statement;
  int index;

  int operator()(std::nullptr_t) const { return sqlite3_bind_null(statement, index); }
  int operator()(std::int64_t v) const { return sqlite3_bind_int64(statement, index, v); }
  int operator()(double v) const { return sqlite3_bind_double(statement, index, v); }
  int operator()(const std::string& v) const {
    return sqlite3_bind_text64(statement, index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  int operator()(const Blob& v) const {
    // A null pointer would bind NULL; an empty blob must stay an empty blob.
    if (v.empty()) return sqlite3_bind_zeroblob(statement, index, 0);
    return sqlite3_bind_blob64(statement, index, v.data(), v.size(), SQLITE_TRANSIENT);
  }
};

}  // namespace

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

Status SqliteStatement::Check(int rc, std::string_view what) const {
  if (rc == SQLITE_OK) return {};
  return std::unexpected(MapSqliteError(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_), what));
}

Status SqliteStatement::Bind(const Params& params) {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  const int expected = sqlite3_bind_parameter_count(statement_);
  if (static_cast<std::size_t>(expected) != params.size()) {
    return Fail(ErrorId::kInfraDatabaseError, {},
                fmt::format("statement wants {} parameters, got {}: {}", expected, params.size(), sql_));
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int rc = std::visit(Binder{statement_, static_cast<int>(i + 1)}, params[i]);
    if (auto ok = Check(rc, "bind"); !ok) return ok;
  }
  return {};
}

Result<bool> SqliteStatement::Step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(MapSqliteError(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_), "step"));
}

void SqliteStatement::Reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

int SqliteStatement::ColumnCount() const { return sqlite3_column_count(statement_); }

ColumnType SqliteStatement::Type(int index) const {
  switch (sqlite3_column_type(statement_, index)) {
    case SQLITE_INTEGER:
      return ColumnType::kInteger;
    case SQLITE_FLOAT:
      return ColumnType::kReal;
    case SQLITE_TEXT:
      return ColumnType::kText;
    case SQLITE_BLOB:
      return ColumnType::kBlob;
    default:
      return ColumnType::kNull;
  }
}

std::int64_t SqliteStatement::Int64(int index) const { return sqlite3_column_int64(statement_, index); }

double SqliteStatement::Double(int index) const { return sqlite3_column_double(statement_, index); }

std::string SqliteStatement::Text(int index) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, index));
  const int size = sqlite3_column_bytes(statement_, index);
  return text == nullptr ? std::string{} : std::string(text, static_cast<std::size_t>(size));
}

Blob SqliteStatement::Bytes(int index) const {
  const auto* data = static_cast<const std::byte*>(sqlite3_column_blob(statement_, index));
  const int size = sqlite3_column_bytes(statement_, index);
  return data == nullptr ? Blob{} : Blob(data, data + size);
}

}  // namespace menshen::store::sql
