#include "app/storage.hpp"

#include "store/sql/migrator.hpp"
#include "store/sql/postgres/pg_database.hpp"
#include "store/sql/sqlite/sqlite_database.hpp"

namespace menshen::app {
namespace migrations {
std::span<const EmbeddedFile> EmbeddedFiles();
}  // namespace migrations

std::span<const EmbeddedFile> Migrations() { return migrations::EmbeddedFiles(); }

std::filesystem::path SqlitePath(const Config& config) { return SqlitePath(config, config.database.url); }

std::filesystem::path SqlitePath(const Config& config, std::string_view url) {
  url.remove_prefix(url.find(':') + 1);
  const std::filesystem::path path(url);
  if (url == ":memory:" || path.is_absolute()) return path;
  return std::filesystem::path(config.data_dir) / path;
}

Result<std::unique_ptr<store::sql::Database>> OpenDatabase(const Config& config) {
  const auto& database = config.database;
  if (database.url.starts_with("postgres://") || database.url.starts_with("postgresql://")) {
    auto db = store::sql::PgDatabase::Open({.connection = {.url = database.url,
                                                           .connect_timeout = database.connect_timeout,
                                                           .statement_timeout = database.statement_timeout},
                                            .pool_size = database.pool_size,
                                            .pool_timeout = database.pool_timeout});
    if (!db) return std::unexpected(db.error());
    return std::unique_ptr<store::sql::Database>(std::move(*db));
  }
  if (!database.url.starts_with("sqlite:")) {
    return Fail(ErrorId::kInfraDatabaseError, {}, "database.url must be sqlite:, postgres:// or postgresql://");
  }
  const auto path = SqlitePath(config);
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  auto db = store::sql::SqliteDatabase::Open(store::sql::SqliteOptions{
      .path = path.string(), .busy_timeout = config.database.busy_timeout, .readers = config.database.pool_size});
  if (!db) return std::unexpected(db.error());
  return std::unique_ptr<store::sql::Database>(std::move(*db));
}

Result<MigratedDatabase> OpenMigratedDatabase(const Config& config, const Clock& clock) {
  auto db = OpenDatabase(config);
  if (!db) return Fail(db.error().id, "cannot open the database", db.error().internal_detail);
  store::sql::Migrator migrator(**db, Migrations(), clock);
  auto applied = migrator.Migrate();
  if (!applied) return Fail(applied.error().id, "cannot migrate the database", applied.error().internal_detail);
  return MigratedDatabase{std::move(*db), std::move(*applied)};
}

}  // namespace menshen::app
