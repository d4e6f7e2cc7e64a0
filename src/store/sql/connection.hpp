// One link to the database: prepare, run and step through statements, and transactions.
// Drivers implement the pure virtual part; callers also get a few conveniences built on it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "store/sql/statement.hpp"
#include "store/sql/statement_cache.hpp"
#include "store/sql/value.hpp"

namespace menshen::store::sql {

// kWrite takes the write lock at BEGIN, so that a writer never fails half-way when upgrading.
enum class TxMode { kRead, kWrite };

class Connection {
 public:
  virtual ~Connection() = default;

  // A statement for `sql` (portable SQL, `?` placeholders), from the cache when possible.
  virtual Result<StatementHandle> Prepare(std::string_view sql) = 0;
  // Runs several `;`-separated statements without parameters (migrations).
  virtual Status ExecuteScript(std::string_view sql) = 0;

  // Prefer `INSERT ... RETURNING id`, which both SQLite and PostgreSQL understand.
  virtual std::int64_t LastInsertId() const = 0;
  // Rows inserted, updated or deleted by the last finished statement.
  virtual std::int64_t RowsChanged() const = 0;

  virtual Status Begin(TxMode mode) = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  virtual bool InTransaction() const = 0;

  // "sqlite" or "postgres": selects dialect-specific migrations.
  virtual std::string_view Dialect() const = 0;
  virtual StatementCacheStats CacheStats() const = 0;

  // Runs a statement to completion; returns the number of rows changed.
  Result<std::int64_t> Execute(std::string_view sql, const Params& params = {});
  // Runs a query and copies out every row.
  Result<std::vector<Row>> Query(std::string_view sql, const Params& params = {});
  // The first row of a query, or nullopt when there is none.
  Result<std::optional<Row>> QueryOne(std::string_view sql, const Params& params = {});
};

}  // namespace menshen::store::sql
