// Sign-in rules that depend on time, through the accounts services with a clock the test moves, a real SQLite file
// and the in-process key-value store: a lock that ends after login.lock_duration, the per-source failure
// limit (login.max_ip_failures within its window), and password_max_age.
#include <gtest/gtest.h>

#include <memory>

#include "accounts/sessions/session_service.hpp"
#include "accounts/signin/sign_in_service.hpp"
#include "accounts/users/credentials.hpp"
#include "accounts/users/user_repo.hpp"
#include "accounts/users/user_service.hpp"
#include "core/test_temp_dir.hpp"
#include "store/kv/memory/memory_kv.hpp"
#include "store/sql/test_migrated_database.hpp"

namespace menshen::accounts {
namespace {

namespace sql = store::sql;
using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kPassword = "Violet-Harbour-Lantern-72";

ErrorId IdOf(const auto& result) { return result ? ErrorId::kCommonSuccess : result.error().id; }

class SignInClockTest : public ::testing::Test {
 protected:
  SignInClockTest()
      : db_(sql::testing::OpenMigratedDatabase(dir_.Path() / "menshen.db")),
        keys_(keys::SigningKeys::Open(*db_, kek_, clock_, random_).value()),
        tokens_(*keys_, kv_, clock_, random_, {}) {}

  std::int64_t Now() const { return std::chrono::duration_cast<seconds>(clock_.Now().time_since_epoch()).count(); }

  // The accounts services under `options`, built as the module builds them.
  struct Services {
    Services(const AccountsStores& stores, const AccessTokens& tokens, AccountsOptions chosen)
        : options(std::move(chosen)),
          credentials(stores, tokens, options),
          users(stores, options, credentials),
          sessions(stores, tokens, options, users),
          sign_in(stores, options, sessions, credentials, users) {}
    AccountsOptions options;
    Credentials credentials;
    UserService users;
    SessionService sessions;
    SignInService sign_in;
  };

  // Sign-in under these options, with alice (password kPassword, set now) as its one user.
  SignInService& Start(AccountsOptions options) {
    services_ = std::make_unique<Services>(stores_, tokens_, std::move(options));
    const auto hash = hashing_.Hasher().Hash(kPassword).value();
    EXPECT_TRUE(db_->Write([&](sql::Connection& c) {
                     return InsertUser(c, User{.id = "user-1",
                                               .username = "alice",
                                               .password_hash = hash,
                                               .password_changed_at = Now(),
                                               .created_at = Now(),
                                               .updated_at = Now()});
                   })
                    .has_value());
    return services_->sign_in;
  }
  ErrorId SignIn(std::string_view account, std::string_view password, std::string_view ip = "10.0.0.2") {
    return IdOf(services_->sign_in.Login(account, password, audit::RequestContext{.ip = std::string(ip)}));
  }

  test_support::TempDir dir_{"menshen-sign-in-clock"};
  ManualClock clock_;
  SystemRandom random_;
  keys::KeyEncryptionKey kek_ = keys::KeyEncryptionKey::FromBytes(std::string(keys::kKekBytes, 'k')).value();
  std::unique_ptr<sql::Database> db_;
  std::unique_ptr<keys::SigningKeys> keys_;
  store::kv::MemoryKv kv_{clock_, 10'000};
  audit::AuditLog audit_{*db_, clock_, random_};
  crypto::HashingPool hashing_{crypto::PasswordHasher(crypto::PasswordParams{.memory_bytes = 64 * 1024}), 1, 8};
  AccessTokens tokens_;
  AccountsStores stores_{*db_, kv_, hashing_, audit_, clock_, random_};
  std::unique_ptr<Services> services_;
};

TEST_F(SignInClockTest, ALockOutEndsAfterTheLockDuration) {
  Start({.throttle = {.max_failures = 3, .lock_duration = minutes(15)}});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(SignIn("alice", "wrong password"), ErrorId::kAuthInvalidCredentials);
  // Locked out: even the right password is not compared.
  EXPECT_EQ(SignIn("alice", kPassword), ErrorId::kAccountTemporarilyLocked);
  clock_.Advance(minutes(15) - seconds(1));
  EXPECT_EQ(SignIn("alice", kPassword), ErrorId::kAccountTemporarilyLocked);
  clock_.Advance(seconds(2));
  EXPECT_EQ(SignIn("alice", kPassword), ErrorId::kCommonSuccess);
}

TEST_F(SignInClockTest, ASourcePastItsFailureLimitIsRefusedForEveryAccountUntilTheWindowEnds) {
  Start({.throttle = {.max_failures = 3, .max_ip_failures = 4, .ip_window = minutes(10)}});
  // Guesses spread over many names, never enough on one to lock it.
  for (const auto* name : {"bob", "carol", "dave", "erin"}) {
    EXPECT_EQ(SignIn(name, "guess"), ErrorId::kAuthInvalidCredentials);
  }
  EXPECT_EQ(SignIn("alice", kPassword), ErrorId::kAuthzIpRestricted);
  // Only that source: the owner elsewhere signs in.
  EXPECT_EQ(SignIn("alice", kPassword, "10.0.0.3"), ErrorId::kCommonSuccess);
  clock_.Advance(minutes(10) - seconds(1));
  EXPECT_EQ(SignIn("alice", kPassword), ErrorId::kAuthzIpRestricted);
  clock_.Advance(seconds(2));
  EXPECT_EQ(SignIn("alice", kPassword), ErrorId::kCommonSuccess);
}

TEST_F(SignInClockTest, APasswordOlderThanTheMaximumAgeMustBeChangedBeforeTheNextSignIn) {
  auto& service = Start({.password_max_age = days(90)});
  clock_.Advance(days(90) - seconds(1));
  EXPECT_EQ(SignIn("alice", kPassword), ErrorId::kCommonSuccess);
  clock_.Advance(seconds(1));
  EXPECT_EQ(SignIn("alice", kPassword), ErrorId::kPasswordExpired);
  // The way out: the old password with a new one, which signs in and starts a new age.
  constexpr const char* kNewPassword = "Quartz-Meadow-Tunnel-38";
  EXPECT_EQ(IdOf(service.ChangeExpiredPassword("alice", kPassword, kNewPassword, {.ip = "10.0.0.2"})),
            ErrorId::kCommonSuccess);
  EXPECT_EQ(SignIn("alice", kNewPassword), ErrorId::kCommonSuccess);
  clock_.Advance(days(90));
  EXPECT_EQ(SignIn("alice", kNewPassword), ErrorId::kPasswordExpired);
}

}  // namespace
}  // namespace menshen::accounts
