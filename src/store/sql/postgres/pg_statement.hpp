// The PostgreSQL driver's prepared statement: bound values go as text (blobs as bytes), results come back as
// text and are read per column type, so that repositories see the same values as from SQLite.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/sql/postgres/pg_link.hpp"
#include "store/sql/statement.hpp"

namespace menshen::store::sql {

class PgConnection;

class PgStatement final : public Statement {
 public:
  // `description` is the server's description of the prepared statement `name`.
  PgStatement(PgConnection* connection, std::uint64_t generation, std::string sql, std::string name,
              PgResult description);
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;
  ~PgStatement() override;

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
  // The raw text of a column of the current row.
  std::string_view Raw(int index) const;

  PgConnection* connection_;
  std::uint64_t generation_;
  std::string sql_;
  std::string name_;
  PgResult description_;
  int parameters_;
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
  std::vector<int> formats_;
  PgResult result_;
  int row_ = -1;
};

}  // namespace menshen::store::sql
