#include "store/sql/migrator.hpp"

#include <fmt/format.h>

#include <chrono>
#include <map>

namespace menshen::store::sql {
namespace {

Error Refuse(std::string message) { return Error{ErrorId::kInfraDatabaseError, {}, std::move(message)}; }

}  // namespace

Migrator::Migrator(Database& db, std::span<const EmbeddedFile> files, const Clock& clock)
    : db_(db), files_(files), clock_(clock) {}

Status Migrator::EnsureTable() {
  if (table_ready_) return {};
  auto created = db_.Write([](Connection& c) -> Status {
    auto done = c.Execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    if (!done) return std::unexpected(done.error());
    return {};
  });
  if (created) table_ready_ = true;
  return created;
}

Result<std::vector<Migrator::Applied>> Migrator::LoadApplied() {
  if (auto ready = EnsureTable(); !ready) return std::unexpected(ready.error());
  std::vector<Applied> applied;
  auto read = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    if (!rows) return std::unexpected(rows.error());
    for (const auto& row : *rows) applied.push_back({row.Int64(0), row.Text(1), row.Text(2)});
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return applied;
}

Result<SchemaState> Migrator::Inspect() {
  auto known = SelectMigrations(files_, db_.Dialect());
  if (!known) return std::unexpected(known.error());
  auto applied = LoadApplied();
  if (!applied) return std::unexpected(applied.error());

  SchemaState state;
  std::map<std::int64_t, const Migration*> by_version;
  for (const auto& migration : *known) {
    by_version[migration.version] = &migration;
    state.latest = migration.version;
  }
  std::map<std::int64_t, bool> done;
  for (const auto& row : *applied) {
    state.current = std::max(state.current, row.version);
    done[row.version] = true;
    if (row.version > state.latest) {
      return std::unexpected(Refuse(fmt::format(
          "database schema is at version {} ({}), newer than this build knows (latest {}); run a newer menshen",
          row.version, row.name, state.latest)));
    }
    auto found = by_version.find(row.version);
    if (found == by_version.end()) {
      return std::unexpected(
          Refuse(fmt::format("database has migration {} ({}) that this build does not know", row.version, row.name)));
    }
    if (found->second->checksum != row.checksum) {
      return std::unexpected(
          Refuse(fmt::format("migration {} was changed after it was applied (checksum {} recorded, {} in this build)",
                             found->second->name, row.checksum, found->second->checksum)));
    }
  }
  for (const auto& migration : *known) {
    if (!done.contains(migration.version)) state.pending.push_back(migration.version);
  }
  return state;
}

Result<bool> Migrator::Apply(const Migration& migration) {
  return WriteValue(db_, [&](Connection& c) -> Result<bool> {
    // Another node may have applied it since Inspect: the write lock (on PostgreSQL an advisory lock that every
    // node's writers take) makes this check final.
    auto existing = c.QueryOne("SELECT checksum FROM schema_migrations WHERE version = ?", {migration.version});
    if (!existing) return std::unexpected(existing.error());
    if (existing->has_value()) return false;
    if (auto ran = c.ExecuteScript(migration.sql); !ran) {
      Error error = ran.error();
      error.internal_detail = fmt::format("migration {} failed: {}", migration.name, error.internal_detail);
      return std::unexpected(std::move(error));
    }
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
    auto recorded = c.Execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                              {migration.version, migration.name, migration.checksum, static_cast<std::int64_t>(now)});
    if (!recorded) return std::unexpected(recorded.error());
    return true;
  });
}

Result<std::vector<std::int64_t>> Migrator::Migrate() {
  auto state = Inspect();
  if (!state) return std::unexpected(state.error());
  auto known = SelectMigrations(files_, db_.Dialect());
  if (!known) return std::unexpected(known.error());
  std::vector<std::int64_t> applied;
  for (const auto& migration : *known) {
    if (std::find(state->pending.begin(), state->pending.end(), migration.version) == state->pending.end()) continue;
    auto ran = Apply(migration);
    if (!ran) return std::unexpected(ran.error());
    if (*ran) applied.push_back(migration.version);  // else another node was first
  }
  return applied;
}

}  // namespace menshen::store::sql
