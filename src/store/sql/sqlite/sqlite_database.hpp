// SQLite behind the Database interface: one writer connection behind a mutex, a small pool of
// reader connections. In WAL mode readers see the last committed snapshot and never block the writer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sql/database.hpp"
#include "store/sql/sqlite/sqlite_connection.hpp"

namespace menshen::store::sql {

struct SqliteOptions {
  std::string path;  // a file, or ":memory:"
  std::chrono::milliseconds busy_timeout{5000};
  int readers = 4;  // ignored for ":memory:", where every connection would be its own database
  std::size_t statement_cache_size = 64;
};

class SqliteDatabase final : public Database {
 public:
  static Result<std::unique_ptr<SqliteDatabase>> Open(const SqliteOptions& options);

  std::string_view Dialect() const override { return "sqlite"; }

 private:
  Status DoWrite(const Work& work) override;
  Status DoRead(const Work& work) override;
  Status DoPing() override;
  SqliteDatabase() = default;
  std::unique_ptr<SqliteConnection> AcquireReader();
  void ReleaseReader(std::unique_ptr<SqliteConnection> reader);

  std::mutex write_mutex_;
  std::unique_ptr<SqliteConnection> writer_;
  std::mutex pool_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;
  bool has_readers_ = false;
};

}  // namespace menshen::store::sql
