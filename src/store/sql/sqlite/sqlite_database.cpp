#include "store/sql/sqlite/sqlite_database.hpp"

namespace menshen::store::sql {

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const SqliteOptions& options) {
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase());
  SqliteConnectionOptions connection_options{options.busy_timeout, options.statement_cache_size, false};
  // The writer opens first: it switches the file to WAL before any reader looks at it.
  auto writer = SqliteConnection::Open(options.path, connection_options);
  if (!writer) return std::unexpected(writer.error());
  db->writer_ = std::move(*writer);
  const bool in_memory = options.path.empty() || options.path == ":memory:";
  if (!in_memory) {
    connection_options.read_only = true;
    for (int i = 0; i < options.readers; ++i) {
      auto reader = SqliteConnection::Open(options.path, connection_options);
      if (!reader) return std::unexpected(reader.error());
      db->idle_readers_.push_back(std::move(*reader));
    }
  }
  db->has_readers_ = !db->idle_readers_.empty();
  return db;
}

Status SqliteDatabase::DoWrite(const Work& work) {
  std::lock_guard lock(write_mutex_);
  return RunInTransaction(*writer_, TxMode::kWrite, work);
}

Status SqliteDatabase::DoRead(const Work& work) {
  if (!has_readers_) {
    std::lock_guard lock(write_mutex_);
    return RunInTransaction(*writer_, TxMode::kRead, work);
  }
  struct Lease {
    SqliteDatabase* db;
    std::unique_ptr<SqliteConnection> reader;
    ~Lease() { db->ReleaseReader(std::move(reader)); }
  } lease{this, AcquireReader()};
  return RunInTransaction(*lease.reader, TxMode::kRead, work);
}

Status SqliteDatabase::DoPing() {
  return Read([](Connection& connection) -> Status {
    auto row = connection.QueryOne("SELECT 1");
    if (!row) return std::unexpected(row.error());
    return {};
  });
}

std::unique_ptr<SqliteConnection> SqliteDatabase::AcquireReader() {
  std::unique_lock lock(pool_mutex_);
  reader_returned_.wait(lock, [this] { return !idle_readers_.empty(); });
  auto reader = std::move(idle_readers_.back());
  idle_readers_.pop_back();
  return reader;
}

void SqliteDatabase::ReleaseReader(std::unique_ptr<SqliteConnection> reader) {
  {
    std::lock_guard lock(pool_mutex_);
    idle_readers_.push_back(std::move(reader));
  }
  reader_returned_.notify_one();
}

}  // namespace menshen::store::sql
