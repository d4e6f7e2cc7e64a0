// One PostgreSQL session with its own statement cache. Used by one thread at a time. At the start of a
// transaction, a session the server has dropped (a restart, a terminated backend) is replaced once: nothing
// of the caller's work has run yet, so nothing can be lost or run twice.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "store/sql/connection.hpp"
#include "store/sql/postgres/pg_link.hpp"
#include "store/sql/statement_cache.hpp"

namespace menshen::store::sql {

struct PgConnectionOptions {
  std::string url;
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds statement_timeout{5000};
  std::size_t statement_cache_size = 64;
};

class PgConnection final : public Connection {
 public:
  static Result<std::unique_ptr<PgConnection>> Open(const PgConnectionOptions& options);
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection() override;

  Result<StatementHandle> Prepare(std::string_view sql) override;
  // Migrations: no statement timeout, since an index on a large table may take minutes.
  Status ExecuteScript(std::string_view sql) override;
  // PostgreSQL has no rowid: always 0. Use INSERT ... RETURNING.
  std::int64_t LastInsertId() const override { return 0; }
  std::int64_t RowsChanged() const override { return rows_changed_; }
  Status Begin(TxMode mode) override;
  Status Commit() override;
  Status Rollback() override;
  bool InTransaction() const override { return link_ != nullptr && link_->InTransaction(); }
  std::string_view Dialect() const override { return "postgres"; }
  StatementCacheStats CacheStats() const override { return cache_.Stats(); }

  // For the pool: false when this session cannot be used again.
  bool Reusable();

  // For PgStatement: runs the prepared statement `name` of session `generation`.
  Result<PgResult> RunPrepared(const std::string& name, std::uint64_t generation, int count, const char* const* values,
                               const int* lengths, const int* formats);
  // For PgStatement: the server may free `name` (sent with the next BEGIN).
  void Forget(const std::string& name, std::uint64_t generation);

 private:
  explicit PgConnection(PgConnectionOptions options)
      : options_(std::move(options)), cache_(options_.statement_cache_size) {}
  Status Reconnect();
  Deadline StatementDeadline() const;
  Status Transaction(const std::string& sql, std::string_view context);

  PgConnectionOptions options_;
  std::unique_ptr<PgLink> link_;
  std::uint64_t generation_ = 0;  // bumped per session: statements of an older one are dead
  std::uint64_t next_name_ = 0;
  std::vector<std::string> forgotten_;
  std::int64_t rows_changed_ = 0;
  StatementCache cache_;
};

}  // namespace menshen::store::sql
