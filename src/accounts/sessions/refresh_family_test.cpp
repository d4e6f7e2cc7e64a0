// The refresh-token family against a real SQLite file: rotation, reuse, and two concurrent rotations of one
// token, of which exactly one wins and the other ends the family (RFC 9700 4.14.2).
#include "accounts/sessions/refresh_family.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "accounts/sessions/session_repo.hpp"
#include "accounts/users/user_repo.hpp"
#include "core/test_temp_dir.hpp"
#include "store/sql/test_migrated_database.hpp"

namespace menshen::accounts {
namespace {

namespace sql = store::sql;

class RefreshFamilyTest : public ::testing::Test {
 protected:
  RefreshFamilyTest() : db_(sql::testing::OpenMigratedDatabase(dir_.Path() / "menshen.db")) {
    EXPECT_TRUE(db_->Write([&](sql::Connection& c) -> Status {
                     if (auto user = InsertUser(c, User{.id = "user-1", .username = "alice"}); !user) return user;
                     if (auto s = InsertSession(c, Session{.id = "s-1", .user_id = "user-1", .expires_at = 1000}); !s) {
                       return s;
                     }
                     return family_.Issue(c, Token("h-1"));
                   })
                    .has_value());
  }

  static RefreshToken Token(std::string hash) {
    return {.token_hash = std::move(hash), .family_id = "s-1", .issued_at = 10, .expires_at = 1000};
  }
  // The family is live while its session is not revoked.
  static Result<bool> LiveSession(sql::Connection& c, const RefreshToken& token) {
    auto session = FindSession(c, token.family_id);
    if (!session) return std::unexpected(session.error());
    return session->has_value() && !(*session)->revoked_at;
  }
  RefreshState Present(const std::string& hash, std::int64_t now = 20) {
    return sql::WriteValue(*db_, [&](sql::Connection& c) { return family_.Present(c, hash, {}, now, LiveSession); })
        .value()
        .state;
  }
  bool Rotate(const std::string& from, const std::string& to) {
    return sql::WriteValue(*db_, [&](sql::Connection& c) { return family_.Rotate(c, Token(from), Token(to), 20); })
        .value();
  }
  bool SessionEnded() {
    return sql::ReadValue(*db_, [](sql::Connection& c) { return FindSession(c, "s-1"); })
        .value()
        ->revoked_at.has_value();
  }

  test_support::TempDir dir_{"menshen-refresh-family"};
  std::unique_ptr<sql::Database> db_;
  ManualClock clock_;
  SystemRandom random_;
  audit::AuditLog audit_{*db_, clock_, random_};
  RefreshFamily family_{kSessionRefreshTables, audit_};
};

TEST_F(RefreshFamilyTest, ARotatedTokenPresentedAgainEndsTheFamily) {
  EXPECT_EQ(Present("h-1"), RefreshState::kCurrent);
  EXPECT_TRUE(Rotate("h-1", "h-2"));
  EXPECT_EQ(Present("h-2"), RefreshState::kCurrent);
  EXPECT_EQ(Present("h-1"), RefreshState::kReused);
  EXPECT_TRUE(SessionEnded());
  // After the family ended, every token of it is refused quietly: no second alarm.
  EXPECT_EQ(Present("h-2"), RefreshState::kEnded);
  EXPECT_EQ(Present("h-1"), RefreshState::kEnded);
}

TEST_F(RefreshFamilyTest, UnknownAndExpiredTokensLeaveTheFamilyAlone) {
  EXPECT_EQ(Present("nope"), RefreshState::kUnknown);
  EXPECT_EQ(Present("h-1", 1000), RefreshState::kExpired);
  EXPECT_FALSE(SessionEnded());
}

// What PostgreSQL under READ COMMITTED allows: both uses read the token unrotated before either writes. The
// conditional update's result decides, and the loser ends the family.
TEST_F(RefreshFamilyTest, ARotationThatLostTheRaceEndsTheFamily) {
  EXPECT_EQ(Present("h-1"), RefreshState::kCurrent);
  EXPECT_EQ(Present("h-1"), RefreshState::kCurrent);
  EXPECT_TRUE(Rotate("h-1", "h-2"));
  EXPECT_FALSE(Rotate("h-1", "h-3"));
  EXPECT_TRUE(SessionEnded());
  EXPECT_EQ(Present("h-2"), RefreshState::kEnded);
  EXPECT_EQ(Present("h-3"), RefreshState::kUnknown);  // the loser's token was never issued
}

TEST_F(RefreshFamilyTest, TwoConcurrentRotationsOfOneTokenHaveExactlyOneWinner) {
  // Each thread reads the token, waits until the other has read it too, then rotates: both pass Present, so
  // only the conditional update can tell them apart.
  std::latch both_read(2);
  std::atomic<int> won{0}, lost{0};
  auto use = [&](const std::string& next) {
    auto seen =
        sql::ReadValue(*db_, [&](sql::Connection& c) { return family_.Present(c, "h-1", {}, 20, LiveSession); });
    ASSERT_TRUE(seen.has_value());
    ASSERT_EQ(seen->state, RefreshState::kCurrent);
    both_read.arrive_and_wait();
    auto rotated =
        sql::WriteValue(*db_, [&](sql::Connection& c) { return family_.Rotate(c, seen->token, Token(next), 20); });
    ASSERT_TRUE(rotated.has_value());
    ++(*rotated ? won : lost);
  };
  std::thread first(use, "h-a"), second(use, "h-b");
  first.join();
  second.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(lost.load(), 1);
  EXPECT_TRUE(SessionEnded());
}

TEST_F(RefreshFamilyTest, ManyConcurrentUsesInOneTransactionEachHaveOneWinnerAndTheRestAreReuse) {
  std::atomic<int> won{0}, reused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto outcome = sql::WriteValue(*db_, [&](sql::Connection& c) -> Result<bool> {
        auto seen = family_.Present(c, "h-1", {}, 20, LiveSession);
        if (!seen) return std::unexpected(seen.error());
        if (seen->state == RefreshState::kReused) return false;
        if (seen->state != RefreshState::kCurrent) return Fail(ErrorId::kTokenInvalid);
        auto rotated = family_.Rotate(c, seen->token, Token("next-" + std::to_string(i)), 20);
        if (!rotated) return std::unexpected(rotated.error());
        if (!*rotated) return false;
        return true;
      });
      ++(!outcome ? other : *outcome ? won : reused);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 1);
  // The first loser sees a rotated token and ends the family; the rest find it ended.
  EXPECT_EQ(reused.load() + other.load(), 7);
  EXPECT_GE(reused.load(), 1);
  EXPECT_TRUE(SessionEnded());
}

}  // namespace
}  // namespace menshen::accounts
