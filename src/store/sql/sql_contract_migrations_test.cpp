// Migrations through the Database interface; part of the storage contract (see sql_contract.hpp).
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/sql/migrator.hpp"
#include "store/sql/sql_contract.hpp"

namespace menshen::store::sql {
namespace {

const std::vector<EmbeddedFile> kTwo = {
    {"README.md", "not a migration"},
    {"0001_accounts.sql", "CREATE TABLE accounts (id BIGINT PRIMARY KEY, name TEXT NOT NULL);"},
    {"0002_sessions.sql",
     "CREATE TABLE sessions (id BIGINT PRIMARY KEY, account BIGINT REFERENCES accounts (id));\n"
     "CREATE INDEX sessions_account ON sessions (account);"},
};

Migrator Make(Database& db, const std::vector<EmbeddedFile>& files) {
  static const ManualClock clock;
  return Migrator(db, files, clock);
}

std::vector<Row> Recorded(Database& db) {
  std::vector<Row> rows;
  EXPECT_TRUE(db.Read([&](Connection& c) -> Status {
    auto result = c.Query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version");
    if (result) rows = std::move(*result);
    return result ? Status{} : std::unexpected(result.error());
  }));
  return rows;
}

TEST_P(SqlContract, MigrationAppliesInOrderAndRecordsEach) {
  auto migrator = Make(*db_, kTwo);
  auto before = migrator.Inspect();
  ASSERT_TRUE(before.has_value()) << before.error().internal_detail;
  EXPECT_EQ(before->current, 0);
  EXPECT_EQ(before->latest, 2);
  EXPECT_EQ(before->pending, (std::vector<std::int64_t>{1, 2}));
  EXPECT_FALSE(before->IsCurrent());

  auto applied = migrator.Migrate();
  ASSERT_TRUE(applied.has_value()) << applied.error().internal_detail;
  EXPECT_EQ(*applied, (std::vector<std::int64_t>{1, 2}));
  Run("INSERT INTO accounts (id, name) VALUES (1, 'a')");
  Run("INSERT INTO sessions (id, account) VALUES (1, 1)");

  const auto rows = Recorded(*db_);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Text(1), "0001_accounts");
  EXPECT_EQ(rows[1].Text(1), "0002_sessions");
  EXPECT_EQ(rows[0].Text(2), Sha256Hex(kTwo[1].content));
  EXPECT_EQ(rows[0].Int64(3), 1'700'000'000);

  auto after = migrator.Inspect();
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(after->IsCurrent());
  EXPECT_EQ(after->current, 2);
}

TEST_P(SqlContract, MigrationRunningTwiceAppliesNothing) {
  ASSERT_TRUE(Make(*db_, kTwo).Migrate().has_value());
  auto again = Make(*db_, kTwo).Migrate();
  ASSERT_TRUE(again.has_value()) << again.error().internal_detail;
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(Recorded(*db_).size(), 2u);
}

TEST_P(SqlContract, MigrationAppliesOnlyWhatIsNew) {
  const std::vector<EmbeddedFile> first(kTwo.begin(), kTwo.begin() + 2);
  ASSERT_TRUE(Make(*db_, first).Migrate().has_value());
  auto state = Make(*db_, kTwo).Inspect();
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->current, 1);
  EXPECT_EQ(state->pending, (std::vector<std::int64_t>{2}));
  auto applied = Make(*db_, kTwo).Migrate();
  ASSERT_TRUE(applied.has_value());
  EXPECT_EQ(*applied, (std::vector<std::int64_t>{2}));
}

// Versions need not be consecutive, and a version below the current one that arrives later (from a branch
// merged after a higher number was released) is still applied.
TEST_P(SqlContract, MigrationAcceptsAGapAndFillsItLater) {
  const std::vector<EmbeddedFile> with_gap = {kTwo[1], {"0003_tags.sql", "CREATE TABLE tags (id BIGINT PRIMARY KEY);"}};
  auto first = Make(*db_, with_gap).Migrate();
  ASSERT_TRUE(first.has_value()) << first.error().internal_detail;
  EXPECT_EQ(*first, (std::vector<std::int64_t>{1, 3}));
  std::vector<EmbeddedFile> filled = with_gap;
  filled.push_back(kTwo[2]);
  auto state = Make(*db_, filled).Inspect();
  ASSERT_TRUE(state.has_value()) << state.error().internal_detail;
  EXPECT_EQ(state->current, 3);
  EXPECT_EQ(state->pending, (std::vector<std::int64_t>{2}));
  auto applied = Make(*db_, filled).Migrate();
  ASSERT_TRUE(applied.has_value()) << applied.error().internal_detail;
  EXPECT_EQ(*applied, (std::vector<std::int64_t>{2}));
  Run("INSERT INTO accounts (id, name) VALUES (1, 'a')");
  Run("INSERT INTO sessions (id, account) VALUES (1, 1)");
}

TEST_P(SqlContract, MigrationPicksTheFileOfItsDialect) {
  const std::string dialect(db_->Dialect());
  const std::vector<EmbeddedFile> files = {
      {"0001_base.sql", "CREATE TABLE base (id BIGINT PRIMARY KEY);"},
      {"0002_special.sql", "CREATE TABLE chosen_shared (id BIGINT);"},
      {"sqlite/0002_special.sql", "CREATE TABLE chosen_sqlite (id BIGINT);"},
      {"postgres/0002_special.sql", "CREATE TABLE chosen_postgres (id BIGINT);"},
  };
  ASSERT_TRUE(Make(*db_, files).Migrate().has_value());
  EXPECT_EQ(Count("chosen_" + dialect), 0);  // exists, empty
  auto shared = db_->Read([](Connection& c) -> Status {
    auto row = c.QueryOne("SELECT COUNT(*) FROM chosen_shared");
    return row ? Status{} : std::unexpected(row.error());
  });
  EXPECT_FALSE(shared.has_value());
}

TEST_P(SqlContract, MigrationRefusesADatabaseNewerThanTheBinary) {
  ASSERT_TRUE(Make(*db_, kTwo).Migrate().has_value());
  const std::vector<EmbeddedFile> older(kTwo.begin(), kTwo.begin() + 2);
  auto state = Make(*db_, older).Inspect();
  ASSERT_FALSE(state.has_value());
  EXPECT_NE(state.error().internal_detail.find("newer"), std::string::npos) << state.error().internal_detail;
  auto migrated = Make(*db_, older).Migrate();
  ASSERT_FALSE(migrated.has_value());
}

TEST_P(SqlContract, MigrationRefusesAMigrationChangedAfterItWasApplied) {
  ASSERT_TRUE(Make(*db_, kTwo).Migrate().has_value());
  auto edited = kTwo;
  edited[1].content = "CREATE TABLE accounts (id BIGINT PRIMARY KEY, name TEXT);";
  auto migrated = Make(*db_, edited).Migrate();
  ASSERT_FALSE(migrated.has_value());
  EXPECT_NE(migrated.error().internal_detail.find("0001_accounts was changed"), std::string::npos)
      << migrated.error().internal_detail;
}

TEST_P(SqlContract, MigrationFailedMigrationLeavesNoTrace) {
  const std::vector<EmbeddedFile> files = {
      kTwo[1],
      {"0002_broken.sql", "CREATE TABLE half (id BIGINT);\nCREATE TABLE broken (;"},
  };
  auto migrated = Make(*db_, files).Migrate();
  ASSERT_FALSE(migrated.has_value());
  EXPECT_NE(migrated.error().internal_detail.find("0002_broken"), std::string::npos);
  EXPECT_EQ(Recorded(*db_).size(), 1u);
  auto half = db_->Read([](Connection& c) -> Status {
    auto row = c.QueryOne("SELECT COUNT(*) FROM half");
    return row ? Status{} : std::unexpected(row.error());
  });
  EXPECT_FALSE(half.has_value()) << "the failed migration's first statement was kept";
}

}  // namespace
}  // namespace menshen::store::sql
