// Opens the configured database and brings its schema up to date: the one way every subcommand opens it.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/config/config.hpp"
#include "core/embedded.hpp"
#include "core/error.hpp"
#include "store/sql/database.hpp"

namespace menshen::app {

// The migrations compiled into this binary (migrations/).
std::span<const EmbeddedFile> Migrations();

// "sqlite:menshen.db" -> data_dir/menshen.db; absolute paths and ":memory:" as given.
std::filesystem::path SqlitePath(const Config& config, std::string_view sqlite_url);
// The database's file (database.url).
std::filesystem::path SqlitePath(const Config& config);

Result<std::unique_ptr<store::sql::Database>> OpenDatabase(const Config& config);

struct MigratedDatabase {
  std::unique_ptr<store::sql::Database> db;
  std::vector<std::int64_t> applied;  // the migrations applied by this call, oldest first
};

// OpenDatabase, then every migration of this binary that the database lacks. The error says which of the
// two steps failed (public_detail "cannot open the database" or "cannot migrate the database").
Result<MigratedDatabase> OpenMigratedDatabase(const Config& config, const Clock& clock);

}  // namespace menshen::app
