// The embedded default's Kv: every key lives in a SQLite file of its own and, mirrored, in memory. A write
// reaches the file (in its own transaction) before it is acknowledged, so a revocation, a consumed code or a
// lock-out in force survives a restart and a kill -9; reads are answered from the mirror, as fast as the
// in-process store. One process at a time holds the file (an exclusive lock): the mirror is the truth for reads.
//
// A separate file rather than a table of the main database: a key written by a caller that is itself inside
// a database transaction must not wait for that transaction's write lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.hpp"
#include "store/kv/kv.hpp"
#include "store/kv/memory/memory_kv.hpp"
#include "store/sql/database.hpp"

namespace menshen::store::kv {

struct SqliteKvOptions {
  std::string path;  // the file; created when missing
  std::size_t max_keys = 1'000'000;
  // How long opening waits for a file another process holds before it gives up.
  std::chrono::milliseconds busy_timeout{2000};
};

class SqliteKv final : public Kv {
 public:
  // Opens (or creates) the file and loads every live key into memory; expired rows are purged.
  static Result<std::unique_ptr<SqliteKv>> Open(const Clock& clock, const SqliteKvOptions& options);
  // Over any Database holding the table (tests use it to make writes fail).
  static Result<std::unique_ptr<SqliteKv>> Over(std::unique_ptr<sql::Database> db, const Clock& clock,
                                                std::size_t max_keys);

  Result<std::optional<std::string>> Get(std::string_view key) override;
  Status Set(std::string_view key, std::string_view value, Duration ttl = kNoExpiry) override;
  Result<bool> SetIfAbsent(std::string_view key, std::string_view value, Duration ttl = kNoExpiry) override;
  Result<bool> Delete(std::string_view key) override;
  Result<std::int64_t> Increment(std::string_view key, std::int64_t by = 1,
                                 Duration ttl_on_create = kNoExpiry) override;
  Result<bool> Expire(std::string_view key, Duration ttl) override;
  Result<KeyTtl> Ttl(std::string_view key) override;
  // Generations tell this process's caches that something changed; the caches start empty after a restart,
  // so the counters need not outlive the process.
  std::unique_ptr<Generation> OpenGeneration(std::string_view name) override;
  // Reads never leave memory; a write calls Database::Write, which moves an inline handler to a worker.
  bool InProcess() const override { return true; }

 private:
  // A key as it stands in memory: its value and, when it expires, its deadline.
  struct Snapshot {
    std::optional<std::string> value;
    Duration remaining{0};  // 0: no expiry
  };

  SqliteKv(std::unique_ptr<sql::Database> db, const Clock& clock, std::size_t max_keys);
  Status Load();
  Result<Snapshot> Read(std::string_view key);
  // Runs `change` on the mirror and, when `changed(result)` says it changed the key, writes the key's new
  // state to the file. When the file cannot be written the mirror is put back as it was and the error is
  // returned: nothing unsaved is acknowledged.
  template <class F, class Changed>
  auto Mutate(std::string_view key, F&& change, Changed&& changed) -> decltype(change());
  Status Persist(std::string_view key, const Snapshot& after);
  Status Restore(std::string_view key, const Snapshot& before);

  std::unique_ptr<sql::Database> db_;
  const Clock& clock_;
  MemoryKv mirror_;
  std::mutex write_mutex_;    // one writer at a time, so the file and the mirror change in the same order
  std::uint64_t writes_ = 0;  // guarded by write_mutex_; expired rows are purged every so many writes
};

}  // namespace menshen::store::kv
