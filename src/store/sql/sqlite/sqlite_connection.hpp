// One SQLite connection with its own statement cache. Used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <string>

#include "store/sql/connection.hpp"
#include "store/sql/statement_cache.hpp"

namespace menshen::store::sql {

struct SqliteConnectionOptions {
  std::chrono::milliseconds busy_timeout{5000};
  std::size_t statement_cache_size = 64;
  bool read_only = false;  // readers refuse writes (PRAGMA query_only)
};

class SqliteConnection final : public Connection {
 public:
  // Opens (creating if needed) `path` and applies the pragmas every connection needs.
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                        const SqliteConnectionOptions& options);
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection() override;

  Result<StatementHandle> Prepare(std::string_view sql) override;
  Status ExecuteScript(std::string_view sql) override;
  std::int64_t LastInsertId() const override;
  std::int64_t RowsChanged() const override;
  Status Begin(TxMode mode) override;
  Status Commit() override;
  Status Rollback() override;
  bool InTransaction() const override;
  std::string_view Dialect() const override { return "sqlite"; }
  StatementCacheStats CacheStats() const override { return cache_.Stats(); }

 private:
  SqliteConnection(sqlite3* db, std::size_t cache_size) : db_(db), cache_(cache_size) {}
  Status Exec(const std::string& sql, std::string_view what);

  sqlite3* db_;
  StatementCache cache_;
};

}  // namespace menshen::store::sql
