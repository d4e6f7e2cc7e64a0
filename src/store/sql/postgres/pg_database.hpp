// PostgreSQL behind the Database interface: a bounded pool of sessions. A caller waits for a free session up
// to pool_timeout, then gets kInfraDatabaseError; a session the server dropped is replaced when next taken, so
// that menshen rides out a database restart. Writers go one at a time (an in-process queue, then an advisory
// lock shared by every node), as the Database contract promises.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sql/database.hpp"
#include "store/sql/postgres/pg_connection.hpp"

namespace menshen::store::sql {

struct PgOptions {
  PgConnectionOptions connection;
  int pool_size = 4;
  std::chrono::milliseconds pool_timeout{2000};
};

class PgDatabase final : public Database {
 public:
  // Opens one session at once, so that a wrong URL or password is reported at start.
  static Result<std::unique_ptr<PgDatabase>> Open(const PgOptions& options);

  std::string_view Dialect() const override { return "postgres"; }

 private:
  explicit PgDatabase(PgOptions options) : options_(std::move(options)) {}
  Status DoWrite(const Work& work) override;
  Status DoRead(const Work& work) override;
  Status DoPing() override;
  Result<std::unique_ptr<PgConnection>> Acquire(Deadline deadline);
  void Release(std::unique_ptr<PgConnection> connection);
  Status Run(TxMode mode, const Work& work, Deadline deadline);

  PgOptions options_;
  std::timed_mutex write_queue_;
  std::mutex pool_mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  int open_ = 0;  // sessions idle or lent out
};

}  // namespace menshen::store::sql
