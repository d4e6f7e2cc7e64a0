#include "store/sql/postgres/pg_database.hpp"

#include <fmt/format.h>

namespace menshen::store::sql {

Result<std::unique_ptr<PgDatabase>> PgDatabase::Open(const PgOptions& options) {
  std::unique_ptr<PgDatabase> db(new PgDatabase(options));
  auto first = PgConnection::Open(options.connection);
  if (!first) return std::unexpected(first.error());
  db->idle_.push_back(std::move(*first));
  db->open_ = 1;
  return db;
}

Result<std::unique_ptr<PgConnection>> PgDatabase::Acquire(Deadline deadline) {
  std::unique_ptr<PgConnection> connection;
  {
    std::unique_lock lock(pool_mutex_);
    const bool free =
        returned_.wait_until(lock, deadline, [this] { return !idle_.empty() || open_ < options_.pool_size; });
    if (!free) {
      return Fail(ErrorId::kInfraDatabaseError, {},
                  fmt::format("no free database connection within {} ms (pool of {})", options_.pool_timeout.count(),
                              options_.pool_size));
    }
    if (idle_.empty()) {
      ++open_;
    } else {
      connection = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  // A stale idle session is not dropped here: Begin replaces it in place, keeping its place in the pool.
  if (connection != nullptr) return connection;
  auto opened = PgConnection::Open(options_.connection);
  if (!opened) {
    {
      std::lock_guard lock(pool_mutex_);
      --open_;
    }
    returned_.notify_one();
    return std::unexpected(opened.error());
  }
  return std::move(*opened);
}

void PgDatabase::Release(std::unique_ptr<PgConnection> connection) {
  // A broken session, or one left inside a transaction after a failed rollback, is closed, not reused.
  const bool keep = connection->Reusable();
  if (!keep) connection.reset();
  {
    std::lock_guard lock(pool_mutex_);
    if (keep) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;
    }
  }
  returned_.notify_one();
}

Status PgDatabase::Run(TxMode mode, const Work& work, Deadline deadline) {
  auto connection = Acquire(deadline);
  if (!connection) return std::unexpected(connection.error());
  struct Lease {
    PgDatabase* db;
    std::unique_ptr<PgConnection> connection;
    ~Lease() { db->Release(std::move(connection)); }
  } lease{this, std::move(*connection)};
  return RunInTransaction(*lease.connection, mode, work);
}

Status PgDatabase::DoWrite(const Work& work) {
  const auto deadline = std::chrono::steady_clock::now() + options_.pool_timeout;
  // Writers wait here rather than each holding a session while it waits for the advisory lock, which would
  // leave none for readers.
  std::unique_lock queue(write_queue_, std::defer_lock);
  if (!queue.try_lock_until(deadline)) {
    return Fail(ErrorId::kInfraDatabaseError, {},
                fmt::format("no turn to write within {} ms", options_.pool_timeout.count()));
  }
  return Run(TxMode::kWrite, work, deadline);
}

Status PgDatabase::DoRead(const Work& work) {
  return Run(TxMode::kRead, work, std::chrono::steady_clock::now() + options_.pool_timeout);
}

Status PgDatabase::DoPing() {
  return Read([](Connection& connection) -> Status { return ToStatus(connection.QueryOne("SELECT 1")); });
}

}  // namespace menshen::store::sql
