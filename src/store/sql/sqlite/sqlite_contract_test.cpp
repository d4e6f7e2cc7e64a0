// The storage contract run against SQLite: a file in a temporary folder, and ":memory:".
#include <filesystem>
#include <string>

#include "store/sql/sql_contract.hpp"
#include "store/sql/sqlite/sqlite_database.hpp"

namespace menshen::store::sql {
namespace {

std::string FreshFile() {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("menshen-store-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  std::filesystem::create_directories(dir);
  return (dir / "menshen.db").string();
}

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path) {
  auto db = SqliteDatabase::Open({.path = path, .busy_timeout = std::chrono::seconds(10), .readers = 3});
  if (!db) return std::unexpected(db.error());
  return std::unique_ptr<Database>(std::move(*db));
}

SqlBackend FileBackend() {
  return {.name = "SqliteFile", .fresh = FreshFile, .open = OpenSqlite, .drop = [](const std::string& path) {
            std::filesystem::remove_all(std::filesystem::path(path).parent_path());
          }};
}

SqlBackend MemoryBackend() {
  return {.name = "SqliteMemory",
          .fresh = [] { return std::string(":memory:"); },
          .open = OpenSqlite,
          .drop = [](const std::string&) {},
          .durable = false,
          .concurrent_readers = false};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SqlContract, ::testing::Values(FileBackend(), MemoryBackend()), BackendName);

}  // namespace
}  // namespace menshen::store::sql
