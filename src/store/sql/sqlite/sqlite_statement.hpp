// The SQLite driver's prepared statement.
#pragma once

#include <sqlite3.h>

#include <string>

#include "store/sql/statement.hpp"

namespace menshen::store::sql {

class SqliteStatement final : public Statement {
 public:
  // Takes ownership of `statement`, which belongs to `db`.
  SqliteStatement(sqlite3* db, sqlite3_stmt* statement, std::string sql)
      : db_(db), statement_(statement), sql_(std::move(sql)) {}
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement() override;

  Status Bind(const Params& params) override;
  Result<bool> Step() override;
  void Reset() override;
  const std::string& Sql() const override { return sql_; }

  int ColumnCount() const override;
  ColumnType Type(int index) const override;
  std::int64_t Int64(int index) const override;
  double Double(int index) const override;
  std::string Text(int index) const override;
  Blob Bytes(int index) const override;

 private:
  Status Check(int rc, std::string_view what) const;

  sqlite3* db_;
  sqlite3_stmt* statement_;
  std::string sql_;
};

}  // namespace menshen::store::sql
