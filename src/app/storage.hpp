// Opens the configured database and brings its schema up to date.
#pragma once

#include <filesystem>
#include <memory>
#include <span>

#include "core/config.hpp"
#include "core/embedded.hpp"
#include "core/error.hpp"
#include "store/sql/database.hpp"

namespace menshen::app {

// The migrations compiled into this binary (migrations/).
std::span<const EmbeddedFile> Migrations();

// "sqlite:menshen.db" -> data_dir/menshen.db; absolute paths and ":memory:" as given.
std::filesystem::path SqlitePath(const Config& config);

Result<std::unique_ptr<store::sql::Database>> OpenDatabase(const Config& config);

}  // namespace menshen::app
