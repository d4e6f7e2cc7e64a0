#include "accounts/users/account_state.hpp"

#include <gtest/gtest.h>

namespace menshen::accounts {
namespace {

using std::chrono::days;
using std::chrono::seconds;

constexpr std::int64_t kDay = 24 * 3600;
constexpr std::int64_t kCreated = 1'700'000'000;

ErrorId IdOf(const Status& status) { return status ? ErrorId::kCommonSuccess : status.error().id; }

User Active() { return User{.id = "u1", .status = AccountStatus::kActive, .created_at = kCreated}; }

TEST(AccountState, APasswordAgesOutAtMaxAgeCountedFromItsLastChange) {
  auto user = Active();
  const seconds max_age = days(90);
  EXPECT_FALSE(PasswordExpired(user, max_age, kCreated + 90 * kDay - 1));
  EXPECT_TRUE(PasswordExpired(user, max_age, kCreated + 90 * kDay));
  user.password_changed_at = kCreated + 30 * kDay;
  EXPECT_FALSE(PasswordExpired(user, max_age, kCreated + 90 * kDay));
  EXPECT_EQ(IdOf(CheckCanSignIn(user, max_age, kCreated + 120 * kDay)), ErrorId::kPasswordExpired);
  // Zero: passwords do not age.
  EXPECT_FALSE(PasswordExpired(user, seconds(0), kCreated + 3650 * kDay));
}

TEST(AccountState, AnAdministratorsTemporaryPasswordIsDueAtOnce) {
  auto user = Active();
  user.password_expires_at = kCreated + 10;
  EXPECT_EQ(IdOf(CheckCanSignIn(user, seconds(0), kCreated + 9)), ErrorId::kCommonSuccess);
  EXPECT_EQ(IdOf(CheckCanSignIn(user, seconds(0), kCreated + 10)), ErrorId::kPasswordExpired);
}

TEST(AccountState, ATemporaryLockEndsAtItsTime) {
  auto user = Active();
  user.locked_until = kCreated + 600;
  EXPECT_EQ(IdOf(CheckCanSignIn(user, seconds(0), kCreated + 599)), ErrorId::kAccountLocked);
  EXPECT_EQ(IdOf(CheckCanSignIn(user, seconds(0), kCreated + 600)), ErrorId::kCommonSuccess);
}

TEST(AccountState, TheAccountsOwnStateComesBeforeItsPasswordsAge) {
  auto user = Active();
  const auto late = kCreated + 400 * kDay;
  user.status = AccountStatus::kDisabled;
  EXPECT_EQ(IdOf(CheckCanSignIn(user, days(90), late)), ErrorId::kAccountDisabled);
  user.status = AccountStatus::kActive;
  user.account_expires_at = kCreated + 300 * kDay;
  EXPECT_EQ(IdOf(CheckCanSignIn(user, days(90), late)), ErrorId::kAccountExpired);
}

}  // namespace
}  // namespace menshen::accounts
