#include "store/kv/sqlite/sqlite_kv.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <utility>

#include "core/blocking.hpp"
#include "store/sql/sqlite/sqlite_database.hpp"

namespace menshen::store::kv {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

// expires_at is Unix milliseconds; 0 is "never". WITHOUT ROWID: the key is the only index a lookup needs.
// The exclusive lock, held from the first write until the process ends, keeps a second server away from a
// file whose mirror it would not see.
constexpr std::string_view kSchema = R"sql(
PRAGMA locking_mode = EXCLUSIVE;
CREATE TABLE IF NOT EXISTS kv (
  key BLOB PRIMARY KEY,
  value BLOB NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_expires_at ON kv(expires_at) WHERE expires_at > 0;
)sql";

// Expired rows are never read (the mirror decides what is live); they are deleted a batch at a time.
constexpr std::uint64_t kPurgeEvery = 256;
constexpr int kPurgeBatch = 256;

std::int64_t UnixMillis(Clock::TimePoint t) { return duration_cast<milliseconds>(t.time_since_epoch()).count(); }

std::string AsString(const sql::Blob& bytes) { return {reinterpret_cast<const char*>(bytes.data()), bytes.size()}; }

}  // namespace

Result<std::unique_ptr<SqliteKv>> SqliteKv::Open(const Clock& clock, const SqliteKvOptions& options) {
  // No reader connections: the file is read once, at start, and the exclusive lock would shut them out.
  auto db = sql::SqliteDatabase::Open({.path = options.path, .busy_timeout = options.busy_timeout, .readers = 0});
  if (!db) {
    return Fail(db.error().id, {},
                "cannot open the key-value file (is another server using it?): " + db.error().internal_detail);
  }
  return Over(std::move(*db), clock, options.max_keys);
}

Result<std::unique_ptr<SqliteKv>> SqliteKv::Over(std::unique_ptr<sql::Database> db, const Clock& clock,
                                                 std::size_t max_keys) {
  if (auto created = db->Write([](sql::Connection& c) { return c.ExecuteScript(kSchema); }); !created) {
    return Fail(created.error().id, {},
                "cannot take the key-value file (is another server using it?): " + created.error().internal_detail);
  }
  std::unique_ptr<SqliteKv> kv(new SqliteKv(std::move(db), clock, max_keys));
  if (auto loaded = kv->Load(); !loaded) return std::unexpected(loaded.error());
  return kv;
}

SqliteKv::SqliteKv(std::unique_ptr<sql::Database> db, const Clock& clock, std::size_t max_keys)
    : db_(std::move(db)), clock_(clock), mirror_(clock, max_keys) {}

Status SqliteKv::Load() {
  const std::int64_t now = UnixMillis(clock_.Now());
  auto rows = sql::ReadValue(*db_, [](sql::Connection& c) { return c.Query("SELECT key, value, expires_at FROM kv"); });
  if (!rows) return std::unexpected(rows.error());
  for (const auto& row : *rows) {
    const std::int64_t expires_at = row.Int64(2);
    if (expires_at != 0 && expires_at <= now) continue;
    const Duration ttl = expires_at == 0 ? kNoExpiry : Duration(expires_at - now);
    if (auto set = mirror_.Set(AsString(row.Bytes(0)), AsString(row.Bytes(1)), ttl); !set) {
      return Fail(set.error().id, {}, "the key-value file holds more live keys than kv.max_keys");
    }
  }
  return db_->Write([now](sql::Connection& c) {
    return sql::ToStatus(c.Execute("DELETE FROM kv WHERE expires_at > 0 AND expires_at <= ?", {now}));
  });
}

Result<SqliteKv::Snapshot> SqliteKv::Read(std::string_view key) {
  auto value = mirror_.Get(key);
  if (!value) return std::unexpected(value.error());
  auto ttl = mirror_.Ttl(key);
  if (!ttl) return std::unexpected(ttl.error());
  // The key may expire between the two reads: then it is gone.
  if (!*value || ttl->state == TtlState::kMissing) return Snapshot{};
  return Snapshot{.value = std::move(*value),
                  .remaining = ttl->state == TtlState::kExpiring ? ttl->remaining : Duration(0)};
}

Status SqliteKv::Persist(std::string_view key, const Snapshot& after) {
  const std::int64_t now = UnixMillis(clock_.Now());
  const bool purge = ++writes_ % kPurgeEvery == 0;
  return db_->Write([&](sql::Connection& c) -> Status {
    if (!after.value) {
      if (auto gone = c.Execute("DELETE FROM kv WHERE key = ?", {sql::ToBlob(key)}); !gone) {
        return std::unexpected(gone.error());
      }
    } else {
      const std::int64_t expires_at = after.remaining == Duration(0) ? 0 : now + after.remaining.count();
      auto stored = c.Execute(
          "INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
          {sql::ToBlob(key), sql::ToBlob(*after.value), expires_at});
      if (!stored) return std::unexpected(stored.error());
    }
    if (!purge) return {};
    return sql::ToStatus(
        c.Execute("DELETE FROM kv WHERE key IN (SELECT key FROM kv WHERE expires_at > 0 AND expires_at <= ? LIMIT ?)",
                  {now, std::int64_t{kPurgeBatch}}));
  });
}

Status SqliteKv::Restore(std::string_view key, const Snapshot& before) {
  if (!before.value) return sql::ToStatus(mirror_.Delete(key));
  return mirror_.Set(key, *before.value, before.remaining);
}

template <class F, class Changed>
auto SqliteKv::Mutate(std::string_view key, F&& change, Changed&& changed) -> decltype(change()) {
  // Before the mirror changes: a handler on an I/O thread moves to a worker here, with nothing done yet.
  MayBlock();
  std::lock_guard lock(write_mutex_);
  auto before = Read(key);
  if (!before) return std::unexpected(before.error());
  auto result = change();
  if (!result || !changed(*result)) return result;
  auto after = Read(key);
  Status saved = after ? Persist(key, *after) : Status(std::unexpected(after.error()));
  if (!saved) {
    if (auto back = Restore(key, *before); !back) {
      // The mirror now holds a change the file lacks until the next write of this key or a restart, which
      // forgets it: the caller still hears that the write failed, so nothing relies on it.
      spdlog::error("kv: could not undo an unsaved change in memory: {}", back.error().internal_detail);
    }
    return std::unexpected(saved.error());
  }
  return result;
}

Result<std::optional<std::string>> SqliteKv::Get(std::string_view key) { return mirror_.Get(key); }

Result<KeyTtl> SqliteKv::Ttl(std::string_view key) { return mirror_.Ttl(key); }

Status SqliteKv::Set(std::string_view key, std::string_view value, Duration ttl) {
  auto set = Mutate(
      key,
      [&]() -> Result<bool> {
        if (auto stored = mirror_.Set(key, value, ttl); !stored) return std::unexpected(stored.error());
        return true;
      },
      [](bool) { return true; });
  if (!set) return std::unexpected(set.error());
  return {};
}

Result<bool> SqliteKv::SetIfAbsent(std::string_view key, std::string_view value, Duration ttl) {
  return Mutate(
      key, [&] { return mirror_.SetIfAbsent(key, value, ttl); }, [](bool stored) { return stored; });
}

Result<bool> SqliteKv::Delete(std::string_view key) {
  return Mutate(
      key, [&] { return mirror_.Delete(key); }, [](bool removed) { return removed; });
}

Result<std::int64_t> SqliteKv::Increment(std::string_view key, std::int64_t by, Duration ttl_on_create) {
  return Mutate(
      key, [&] { return mirror_.Increment(key, by, ttl_on_create); }, [](std::int64_t) { return true; });
}

Result<bool> SqliteKv::Expire(std::string_view key, Duration ttl) {
  return Mutate(
      key, [&] { return mirror_.Expire(key, ttl); }, [](bool found) { return found; });
}

std::unique_ptr<Generation> SqliteKv::OpenGeneration(std::string_view name) { return mirror_.OpenGeneration(name); }

}  // namespace menshen::store::kv
