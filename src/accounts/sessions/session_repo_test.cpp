// The session repository's SQL against a migrated database (SQLite, and PostgreSQL in the _pg run):
// refresh-token rotation and the purge of long-expired tokens.
#include "accounts/sessions/session_repo.hpp"

#include <gtest/gtest.h>

#include "accounts/sessions/refresh_token_table.hpp"
#include "accounts/users/user_repo.hpp"
#include "core/test_temp_dir.hpp"
#include "store/sql/test_migrated_database.hpp"

namespace menshen::accounts {
namespace {

namespace sql = store::sql;

class SessionRepoTest : public ::testing::Test {
 protected:
  SessionRepoTest() : db_(sql::testing::OpenMigratedDatabase(dir_.Path() / "menshen.db")) {
    EXPECT_TRUE(db_->Write([](sql::Connection& c) -> Status {
                     if (auto user = InsertUser(c, User{.id = "user-1", .username = "alice"}); !user) return user;
                     return InsertSession(c, Session{.id = "s-1", .user_id = "user-1", .expires_at = 1000});
                   })
                    .has_value());
  }

  void Insert(const std::string& hash, std::int64_t expires_at) {
    ASSERT_TRUE(db_->Write([&](sql::Connection& c) {
      return tokens_.Insert(c, {.token_hash = hash, .family_id = "s-1", .expires_at = expires_at});
    }));
  }
  std::int64_t Purge(std::int64_t before, int limit) {
    return sql::WriteValue(*db_, [&](sql::Connection& c) { return tokens_.DeleteExpired(c, before, limit); }).value();
  }
  bool Exists(const std::string& hash) {
    return sql::ReadValue(*db_, [&](sql::Connection& c) { return tokens_.Find(c, hash); }).value().has_value();
  }

  test_support::TempDir dir_{"menshen-session-repo"};
  std::unique_ptr<sql::Database> db_;
  RefreshTokenTable tokens_{kSessionRefreshTables};
};

TEST_F(SessionRepoTest, RotationHasOneWinner) {
  Insert("h-1", 1000);
  auto rotate = [&] {
    return sql::WriteValue(*db_, [&](sql::Connection& c) { return tokens_.MarkRotated(c, "h-1", 5); }).value();
  };
  EXPECT_TRUE(rotate());
  EXPECT_FALSE(rotate());
}

TEST_F(SessionRepoTest, PurgeDeletesOnlyTokensExpiredBeforeTheTimeAndAtMostTheLimit) {
  for (int i = 1; i <= 4; ++i) Insert("old-" + std::to_string(i), 100 * i);
  Insert("live", 1000);
  EXPECT_EQ(Purge(100, 10), 0);  // expired at 100 is not before 100
  EXPECT_EQ(Purge(401, 3), 3);
  EXPECT_EQ(Purge(401, 3), 1);
  EXPECT_FALSE(Exists("old-4"));
  EXPECT_TRUE(Exists("live"));
}

}  // namespace
}  // namespace menshen::accounts
