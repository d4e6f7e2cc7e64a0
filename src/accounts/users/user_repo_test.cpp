// The users table's SQL on a migrated database (SQLite, and PostgreSQL in the _pg run): taken identifiers
// answer their own catalog errors on both drivers, and searches and pages read the same rows.
#include "accounts/users/user_repo.hpp"

#include <gtest/gtest.h>

#include "core/test_temp_dir.hpp"
#include "store/sql/test_migrated_database.hpp"

namespace menshen::accounts {
namespace {

namespace sql = store::sql;

class UserRepoTest : public ::testing::Test {
 protected:
  UserRepoTest() : db_(sql::testing::OpenMigratedDatabase(dir_.Path() / "menshen.db")) {
    EXPECT_TRUE(Insert(User{.id = "u1", .username = "alice", .email = "alice@example.com", .phone = "+8613800000000"})
                    .has_value());
  }

  Status Insert(const User& user) {
    return db_->Write([&](sql::Connection& c) { return InsertUser(c, user); });
  }

  test_support::TempDir dir_{"menshen-user-repo"};
  std::unique_ptr<sql::Database> db_;
};

TEST_F(UserRepoTest, ATakenUsernameEmailOrPhoneAnswersItsOwnError) {
  auto username = Insert(User{.id = "u2", .username = "alice"});
  ASSERT_FALSE(username.has_value());
  EXPECT_EQ(username.error().id, ErrorId::kIdentityUsernameTaken);
  auto email = Insert(User{.id = "u2", .username = "bob", .email = "alice@example.com"});
  ASSERT_FALSE(email.has_value());
  EXPECT_EQ(email.error().id, ErrorId::kIdentityEmailTaken);
  auto phone = Insert(User{.id = "u2", .username = "bob", .phone = "+8613800000000"});
  ASSERT_FALSE(phone.has_value());
  EXPECT_EQ(phone.error().id, ErrorId::kIdentityPhoneTaken);
  EXPECT_TRUE(Insert(User{.id = "u2", .username = "bob"}).has_value());
}

TEST_F(UserRepoTest, AnUpdateToATakenEmailAnswersEmailTaken) {
  ASSERT_TRUE(Insert(User{.id = "u2", .username = "bob"}).has_value());
  auto updated = sql::WriteValue(*db_, [](sql::Connection& c) {
    const ColumnUpdate change{"email", std::string("alice@example.com")};
    return UpdateUserColumns(c, "u2", {&change, 1}, 100);
  });
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().id, ErrorId::kIdentityEmailTaken);
}

TEST_F(UserRepoTest, ADeletedUsersUsernameIsFreeAgain) {
  ASSERT_TRUE(db_->Write([](sql::Connection& c) { return MarkUserDeleted(c, "u1", 100); }).has_value());
  EXPECT_TRUE(Insert(User{.id = "u2", .username = "alice"}).has_value());
}

TEST_F(UserRepoTest, SearchMatchesLiteralWildcardsAndPagesNewestFirst) {
  ASSERT_TRUE(Insert(User{.id = "u2", .username = "al_x", .nickname = "Al", .created_at = 2}).has_value());
  ASSERT_TRUE(Insert(User{.id = "u3", .username = "alxx", .nickname = "Alf", .created_at = 3}).has_value());
  auto list = [&](const UserSearch& search, const std::optional<audit::PageCursor>& after, int limit) {
    auto page = sql::ReadValue(*db_, [&](sql::Connection& c) { return ListUsers(c, search, after, limit); });
    EXPECT_TRUE(page.has_value());
    std::vector<std::string> ids;
    for (const auto& user : page->items) ids.push_back(user.id);
    return std::pair{ids, page->next};
  };
  // "_" is a character to find, not LIKE's any-character.
  EXPECT_EQ(list({.type = SearchType::kUsername, .text = "al_"}, std::nullopt, 10).first,
            (std::vector<std::string>{"u2"}));
  EXPECT_EQ(list({.type = SearchType::kNickname, .text = "al"}, std::nullopt, 10).first,
            (std::vector<std::string>{"u3", "u2"}));
  const auto [first, next] = list({}, std::nullopt, 2);
  EXPECT_EQ(first, (std::vector<std::string>{"u3", "u2"}));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(list({}, next, 2).first, (std::vector<std::string>{"u1"}));
}

}  // namespace
}  // namespace menshen::accounts
