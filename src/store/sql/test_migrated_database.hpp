// For the repository and domain tests: a database with every migration of the source tree applied. SQLite
// (a file at `sqlite_file`) by default; with MENSHEN_TEST_DATABASE=postgres (the `_pg` CTest entries), a fresh
// PostgreSQL database cloned from one migrated through the real Migrator, on a server the test binary starts
// once, so each test still gets an empty database of its own. MigratedTestDatabase opens one database more
// than once.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "postgres_server.hpp"
#include "store/sql/migrator.hpp"
#include "store/sql/postgres/pg_database.hpp"
#include "store/sql/sqlite/test_migrated_sqlite.hpp"

namespace menshen::store::sql::testing {

inline bool TestsUsePostgres() {
  const char* choice = std::getenv("MENSHEN_TEST_DATABASE");
  return choice != nullptr && std::string_view(choice) == "postgres";
}

inline std::unique_ptr<Database> OpenPostgres(const std::string& url) {
  auto db = PgDatabase::Open({.connection = {.url = url}});
  EXPECT_TRUE(db.has_value()) << (db ? "" : db.error().internal_detail);
  return db ? std::move(*db) : nullptr;
}

// Migrates a template database once per test binary; the migrations are read as the binary embeds them
// (paths relative to migrations/, so postgres/NNNN files replace shared ones).
inline const std::string& MigratedPostgresTemplate() {
  static const std::string name = [] {
    const std::string template_name = "migrated_template";
    auto db = OpenPostgres(test_support::SharedPostgres().CreateDatabase(template_name));
    static std::vector<std::string> texts;
    std::vector<std::string> names;
    for (const auto& item : std::filesystem::recursive_directory_iterator("migrations")) {
      if (item.path().extension() != ".sql") continue;
      std::ifstream in(item.path());
      std::stringstream text;
      text << in.rdbuf();
      texts.push_back(text.str());
      names.push_back(std::filesystem::relative(item.path(), "migrations").generic_string());
    }
    std::vector<EmbeddedFile> files;
    for (std::size_t i = 0; i < texts.size(); ++i) files.push_back({names[i], texts[i]});
    const SystemClock clock;
    auto applied = Migrator(*db, files, clock).Migrate();
    EXPECT_TRUE(applied.has_value()) << (applied ? "" : applied.error().internal_detail);
    return template_name;
  }();
  return name;
}

// A fresh database cloned from the migrated template; returns its URL.
inline std::string CreateMigratedPostgres() {
  static std::atomic<int> counter{0};
  const auto& from = MigratedPostgresTemplate();
  return test_support::SharedPostgres().CreateDatabase("test_" + std::to_string(++counter), from);
}

inline std::unique_ptr<Database> OpenMigratedDatabase(const std::filesystem::path& sqlite_file) {
  if (!TestsUsePostgres()) return OpenMigratedSqlite(sqlite_file);
  return OpenPostgres(CreateMigratedPostgres());
}

// A migrated database that a test opens more than once, as two nodes sharing it would: each Open() is a
// handle of its own (its own SQLite connections, its own PostgreSQL pool) on the same data.
class MigratedTestDatabase {
 public:
  explicit MigratedTestDatabase(std::filesystem::path sqlite_file) : sqlite_file_(std::move(sqlite_file)) {
    if (TestsUsePostgres()) {
      postgres_url_ = CreateMigratedPostgres();
    } else {
      OpenMigratedSqlite(sqlite_file_);  // the migrating handle closes here; Open() makes the test's own
    }
  }

  std::unique_ptr<Database> Open() const {
    if (!postgres_url_.empty()) return OpenPostgres(postgres_url_);
    auto db = SqliteDatabase::Open({.path = sqlite_file_.string()});
    EXPECT_TRUE(db.has_value()) << (db ? "" : db.error().internal_detail);
    return db ? std::move(*db) : nullptr;
  }

 private:
  std::filesystem::path sqlite_file_;
  std::string postgres_url_;
};

}  // namespace menshen::store::sql::testing
