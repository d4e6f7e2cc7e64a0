// For the domain tests: a SQLite file with every migration of the source tree applied in version order
// (migrations/*.sql and migrations/sqlite/*.sql, paths from the source root, where the tests run), so that
// a new migration reaches every test at once and no test keeps a list of its own.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "store/sql/sqlite/sqlite_database.hpp"

namespace menshen::store::sql::testing {

inline std::vector<std::filesystem::path> SqliteMigrationFiles() {
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"migrations", "migrations/sqlite"}) {
    for (const auto& item : std::filesystem::directory_iterator(dir)) {
      if (item.is_regular_file() && item.path().extension() == ".sql") files.push_back(item.path());
    }
  }
  // File names begin with their four-digit version, so the names sort in the order the migrator applies.
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.filename() < b.filename(); });
  return files;
}

inline std::unique_ptr<Database> OpenMigratedSqlite(const std::filesystem::path& file) {
  auto db = SqliteDatabase::Open({.path = file.string()});
  EXPECT_TRUE(db.has_value());
  const auto files = SqliteMigrationFiles();
  EXPECT_FALSE(files.empty()) << "no migrations found: the tests run from the source root";
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_FALSE(text.str().empty()) << path;
    EXPECT_TRUE((*db)->Write([&](Connection& c) { return c.ExecuteScript(text.str()); }).has_value()) << path;
  }
  return std::move(*db);
}

}  // namespace menshen::store::sql::testing
