// SQLite-specific behaviour beyond the shared contract.
#include "store/sql/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "store/sql/sqlite/sqlite_error.hpp"

namespace menshen::store::sql {
namespace {

TEST(SqliteErrorTest, MapsCodesToCatalogIds) {
  EXPECT_EQ(MapSqliteError(SQLITE_CONSTRAINT_UNIQUE, "UNIQUE constraint failed: t.c", "step").id,
            ErrorId::kCommonAlreadyExists);
  EXPECT_EQ(MapSqliteError(SQLITE_CONSTRAINT_PRIMARYKEY, "m", "step").id, ErrorId::kCommonAlreadyExists);
  EXPECT_EQ(MapSqliteError(SQLITE_BUSY, "database is locked", "begin").id, ErrorId::kCommonServiceUnavailable);
  EXPECT_EQ(MapSqliteError(SQLITE_BUSY_SNAPSHOT, "m", "step").id, ErrorId::kCommonServiceUnavailable);
  EXPECT_EQ(MapSqliteError(SQLITE_LOCKED, "m", "step").id, ErrorId::kCommonServiceUnavailable);
  EXPECT_EQ(MapSqliteError(SQLITE_CONSTRAINT_FOREIGNKEY, "m", "step").id, ErrorId::kInfraDatabaseError);
  const Error error = MapSqliteError(SQLITE_CORRUPT, "database disk image is malformed", "step");
  EXPECT_EQ(error.id, ErrorId::kInfraDatabaseError);
  EXPECT_TRUE(error.public_detail.empty());
  EXPECT_NE(error.internal_detail.find("malformed"), std::string::npos);
}

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("menshen-sqlite-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string path_;
};

std::string Pragma(Database& db, const std::string& name) {
  std::string value;
  EXPECT_TRUE(db.Read([&](Connection& c) -> Status {
    auto row = c.QueryOne("PRAGMA " + name);
    if (!row) return std::unexpected(row.error());
    value = (*row)->At(0).index() == 1 ? std::to_string((*row)->Int64(0)) : (*row)->Text(0);
    return {};
  }));
  return value;
}

TEST_F(SqliteDatabaseTest, OpensInWalWithForeignKeysAndBusyTimeout) {
  auto db = SqliteDatabase::Open({.path = path_, .busy_timeout = std::chrono::milliseconds(1234)});
  ASSERT_TRUE(db.has_value());
  EXPECT_EQ(Pragma(**db, "journal_mode"), "wal");
  EXPECT_EQ(Pragma(**db, "foreign_keys"), "1");
  EXPECT_EQ(Pragma(**db, "synchronous"), "1");  // NORMAL
  EXPECT_EQ(Pragma(**db, "busy_timeout"), "1234");
}

TEST_F(SqliteDatabaseTest, ForeignKeysAreEnforced) {
  auto db = SqliteDatabase::Open({.path = path_});
  ASSERT_TRUE(db.has_value());
  auto result = (*db)->Write([](Connection& c) -> Status {
    if (!c.ExecuteScript("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE k (p INTEGER REFERENCES p(id));"))
      return Fail(ErrorId::kInfraDatabaseError);
    auto inserted = c.Execute("INSERT INTO k VALUES (?)", {99});
    return inserted ? Status{} : std::unexpected(inserted.error());
  });
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().id, ErrorId::kInfraDatabaseError);
}

TEST_F(SqliteDatabaseTest, ReadTransactionsRefuseWrites) {
  auto db = SqliteDatabase::Open({.path = path_});
  ASSERT_TRUE(db.has_value());
  ASSERT_TRUE((*db)->Write([](Connection& c) { return c.ExecuteScript("CREATE TABLE t (x INTEGER)"); }));
  auto wrote = (*db)->Read([](Connection& c) -> Status {
    auto inserted = c.Execute("INSERT INTO t VALUES (1)");
    return inserted ? Status{} : std::unexpected(inserted.error());
  });
  EXPECT_FALSE(wrote.has_value());
}

TEST_F(SqliteDatabaseTest, PrepareTakesExactlyOneStatement) {
  auto db = SqliteDatabase::Open({.path = path_});
  ASSERT_TRUE(db.has_value());
  auto result = (*db)->Write([](Connection& c) -> Status {
    auto statement = c.Prepare("SELECT 1; SELECT 2");
    return statement ? Status{} : std::unexpected(statement.error());
  });
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().id, ErrorId::kInfraDatabaseError);
}

TEST_F(SqliteDatabaseTest, SecondProcessWriterWaitsInsteadOfFailing) {
  // Two Database objects on one file stand in for two processes: each has its own writer.
  auto first = SqliteDatabase::Open({.path = path_});
  auto second = SqliteDatabase::Open({.path = path_, .busy_timeout = std::chrono::seconds(10)});
  ASSERT_TRUE(first.has_value() && second.has_value());
  ASSERT_TRUE((*first)->Write([](Connection& c) { return c.ExecuteScript("CREATE TABLE t (x INTEGER)"); }));
  std::thread other([&] {
    for (int i = 0; i < 50; ++i) {
      EXPECT_TRUE((*second)->Write([](Connection& c) { return c.ExecuteScript("INSERT INTO t VALUES (2)"); }));
    }
  });
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE((*first)->Write([](Connection& c) { return c.ExecuteScript("INSERT INTO t VALUES (1)"); }));
  }
  other.join();
  EXPECT_EQ(Pragma(**first, "page_count").empty(), false);
}

TEST_F(SqliteDatabaseTest, OpenFailureIsAnError) {
  auto db = SqliteDatabase::Open({.path = (dir_ / "missing" / "deeper" / "t.db").string()});
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().id, ErrorId::kInfraDatabaseError);
}

}  // namespace
}  // namespace menshen::store::sql
