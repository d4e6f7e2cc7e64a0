// For the domain tests: a SQLite file with the named migration files applied (paths from the source root,
// where the tests run), so that a test creates only the tables it reads.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <sstream>

#include "store/sql/sqlite_database.hpp"

namespace menshen::store::sql::testing {

inline std::unique_ptr<Database> OpenMigratedSqlite(const std::filesystem::path& file,
                                                    std::initializer_list<const char*> migrations) {
  auto db = SqliteDatabase::Open({.path = file.string()});
  EXPECT_TRUE(db.has_value());
  for (const char* path : migrations) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_FALSE(text.str().empty()) << path;
    EXPECT_TRUE((*db)->Write([&](Connection& c) { return c.ExecuteScript(text.str()); }).has_value()) << path;
  }
  return std::move(*db);
}

}  // namespace menshen::store::sql::testing
