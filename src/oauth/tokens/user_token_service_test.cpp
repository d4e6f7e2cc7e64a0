// The user-token rules against a real SQLite file and the in-process key-value store, with a clock the test
// moves: grants, refresh rotation and reuse, revocation, password grant, introspection and userinfo.
#include "oauth/tokens/user_token_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "accounts/users/user_repo.hpp"
#include "core/test_temp_dir.hpp"
#include "oauth/tokens/credential_grants.hpp"
#include "oauth/tokens/id_token.hpp"
#include "store/kv/memory/memory_kv.hpp"
#include "store/sql/test_migrated_database.hpp"

namespace menshen::oauth {
namespace {

namespace sql = store::sql;
using std::chrono::seconds;

ErrorId IdOf(const auto& result) { return result ? ErrorId::kCommonSuccess : result.error().id; }

class UserTokenServiceTest : public ::testing::Test {
 protected:
  UserTokenServiceTest()
      : db_(sql::testing::OpenMigratedDatabase(dir_.Path() / "menshen.db")),
        keys_(keys::SigningKeys::Open(*db_, kek_, clock_, random_).value()),
        account_tokens_(*keys_, kv_, clock_, random_, {}),
        access_(apps_, *keys_, kv_, clock_, random_, TokenOptions{.issuer = kIssuer}),
        service_(*db_, kv_, *keys_, access_, sign_in_, audit_, clock_, random_, UserTokenOptions{.issuer = kIssuer}) {
    EXPECT_TRUE(db_->Write([&](sql::Connection& c) {
                     return accounts::InsertUser(c, accounts::User{.id = "user-1",
                                                                   .username = "alice",
                                                                   .username_display = "Alice",
                                                                   .email = "alice@example.com",
                                                                   .phone = "+8613800138000",
                                                                   .nickname = "Ally",
                                                                   .created_at = Now(),
                                                                   .updated_at = Now()});
                   })
                    .has_value());
  }

  std::int64_t Now() const { return std::chrono::duration_cast<seconds>(clock_.Now().time_since_epoch()).count(); }

  App MakeApp(const std::string& name, std::vector<std::string> grants = {"password", "refresh_token"}) {
    auto created = apps_.Create(AppChanges{.name = name,
                                           .type = "web",
                                           .grant_types = std::move(grants),
                                           .scopes = std::vector<std::string>{"openid", "profile", "email", "phone"},
                                           .access_token_ttl = 300,
                                           .refresh_token_ttl = 7200},
                                "admin-1", {});
    EXPECT_TRUE(created.has_value()) << created.error().public_detail;
    return created->app;
  }

  UserGrant Grant(std::vector<std::string> scopes = {"openid", "profile"}) {
    return UserGrant{.user_id = "user-1",
                     .scopes = std::move(scopes),
                     .session_id = "idp-session-1",
                     .auth_time = Now() - 5,
                     .nonce = "n-0S6_WzA2Mj",
                     .amr = {"pwd"}};
  }

  void SetStatus(std::string_view status) {
    ASSERT_TRUE(db_->Write([&](sql::Connection& c) {
                     return sql::ToStatus(
                         c.Execute("UPDATE users SET status = ? WHERE id = 'user-1'", {std::string(status)}));
                   })
                    .has_value());
  }

  static constexpr const char* kIssuer = "https://id.example.com";
  test_support::TempDir dir_{"menshen-user-tokens"};
  ManualClock clock_;
  SystemRandom random_;
  keys::KeyEncryptionKey kek_ = keys::KeyEncryptionKey::FromBytes(std::string(keys::kKekBytes, 'k')).value();
  std::unique_ptr<sql::Database> db_;
  std::unique_ptr<keys::SigningKeys> keys_;
  store::kv::MemoryKv kv_{clock_, 1000};
  audit::AuditLog audit_{*db_, clock_, random_};
  crypto::HashingPool hashing_{crypto::PasswordHasher(crypto::PasswordParams{.memory_bytes = 64 * 1024}), 1, 8};
  accounts::AccessTokens account_tokens_;
  accounts::AccountsOptions account_options_;
  accounts::AccountsStores account_stores_{*db_, kv_, hashing_, audit_, clock_, random_};
  accounts::Credentials credentials_{account_stores_, account_tokens_, account_options_};
  accounts::UserService users_{account_stores_, account_options_, credentials_};
  accounts::SessionService sessions_{account_stores_, account_tokens_, account_options_, users_};
  accounts::SignInService sign_in_{account_stores_, account_options_, sessions_, credentials_, users_};
  AppsService apps_{*db_, kv_, audit_, clock_, random_, AppsOptions{.password_grant_enabled = true}};
  TokenService access_;
  UserTokenService service_;
};

TEST_F(UserTokenServiceTest, IssueGivesAccessRefreshAndIdTokens) {
  const auto app = MakeApp("Issuer");
  const auto issued = service_.Issue(app, Grant()).value();
  EXPECT_FALSE(issued.grant_id.empty());
  EXPECT_EQ(issued.expires_in, 300);
  EXPECT_EQ(issued.scope, "openid profile");
  ASSERT_TRUE(issued.refresh_token.has_value());
  EXPECT_EQ(issued.refresh_token->size(), 43u);  // 256 random bits, base64url
  ASSERT_TRUE(issued.id_token.has_value());

  const auto access = service_.Introspect(issued.access_token).value();
  ASSERT_TRUE(access.has_value());
  EXPECT_FALSE(access->refresh_token);
  EXPECT_EQ(access->claims->sub, "user-1");
  EXPECT_EQ(access->claims->sid, "idp-session-1");
  EXPECT_EQ(access->claims->extra.at("client_id"), app.id);
  EXPECT_EQ(access->claims->extra.at("grant_id"), issued.grant_id);
  EXPECT_EQ(*access->claims->exp - *access->claims->iat, 300);

  const auto refresh = service_.Introspect(*issued.refresh_token).value();
  ASSERT_TRUE(refresh.has_value());
  EXPECT_TRUE(refresh->refresh_token);
  EXPECT_EQ(refresh->claims->sub, "user-1");
  EXPECT_EQ(refresh->claims->extra.at("scope"), "openid profile");
  EXPECT_EQ(*refresh->claims->exp - *refresh->claims->iat, 7200);

  // The ID token verifies against the RS256 key and carries what OIDC Core 3.1.3.6 and 2 ask for.
  const auto id = crypto::VerifyJwt(*keys_->VerificationKeys(), *issued.id_token, clock_, {.issuer = kIssuer});
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->aud, std::vector<std::string>{app.id});
  EXPECT_EQ(id->extra["azp"], app.id);
  EXPECT_EQ(id->extra["nonce"], "n-0S6_WzA2Mj");
  EXPECT_EQ(id->extra["at_hash"], AtHash(issued.access_token));
  EXPECT_EQ(id->extra["auth_time"], Now() - 5);
  EXPECT_EQ(id->extra["amr"], nlohmann::json({"pwd"}));
}

TEST_F(UserTokenServiceTest, NoOpenidNoIdTokenAndNoRefreshGrantNoRefreshToken) {
  const auto app = MakeApp("Plain", {"password"});
  const auto issued = service_.Issue(app, Grant({"profile"})).value();
  EXPECT_FALSE(issued.id_token.has_value());
  EXPECT_FALSE(issued.refresh_token.has_value());
  EXPECT_EQ(IdOf(service_.Issue(app, Grant({"admin"}))), ErrorId::kOauth2InvalidScope);
}

TEST_F(UserTokenServiceTest, RefreshRotatesAndReuseEndsTheGrant) {
  const auto app = MakeApp("Rotator");
  const auto first = service_.Issue(app, Grant()).value();
  clock_.Advance(seconds(10));
  const auto second = service_.Refresh(app, *first.refresh_token, "openid").value();
  EXPECT_EQ(second.grant_id, first.grant_id);
  EXPECT_EQ(second.scope, "openid");
  EXPECT_NE(*second.refresh_token, *first.refresh_token);
  EXPECT_TRUE(second.id_token.has_value());
  // The old token is rotated: inactive at introspection.
  EXPECT_FALSE(service_.Introspect(*first.refresh_token).value().has_value());
  // A scope beyond the grant is refused and changes nothing.
  EXPECT_EQ(IdOf(service_.Refresh(app, *second.refresh_token, "openid email")), ErrorId::kOauth2InvalidScope);
  ASSERT_TRUE(service_.Introspect(*second.refresh_token).value().has_value());

  // The first token again: the grant ends, with the access tokens issued from it.
  EXPECT_EQ(IdOf(service_.Refresh(app, *first.refresh_token, std::nullopt)), ErrorId::kOauth2InvalidGrant);
  EXPECT_EQ(IdOf(service_.Refresh(app, *second.refresh_token, std::nullopt)), ErrorId::kOauth2InvalidGrant);
  EXPECT_FALSE(service_.Introspect(second.access_token).value().has_value());
  EXPECT_FALSE(service_.Introspect(first.access_token).value().has_value());
  EXPECT_EQ(IdOf(service_.UserInfo(second.access_token)), ErrorId::kTokenRevoked);
}

TEST_F(UserTokenServiceTest, RefreshIsBoundToItsClientAndExpires) {
  const auto app = MakeApp("Owner");
  const auto other = MakeApp("Stranger");
  const auto issued = service_.Issue(app, Grant()).value();
  EXPECT_EQ(IdOf(service_.Refresh(other, *issued.refresh_token, std::nullopt)), ErrorId::kOauth2InvalidGrant);
  // Another client's attempt did not end the grant.
  EXPECT_TRUE(service_.Introspect(*issued.refresh_token).value().has_value());
  EXPECT_EQ(IdOf(service_.Revoke(other, *issued.refresh_token)), ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(IdOf(service_.Refresh(app, "", std::nullopt)), ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(IdOf(service_.Refresh(app, std::string(300, 'a'), std::nullopt)), ErrorId::kOauth2InvalidGrant);
  const auto code_only = MakeApp("No refresh", {"password"});
  EXPECT_EQ(IdOf(service_.Refresh(code_only, *issued.refresh_token, std::nullopt)), ErrorId::kOauth2UnauthorizedClient);

  clock_.Advance(seconds(7200));
  EXPECT_FALSE(service_.Introspect(*issued.refresh_token).value().has_value());
  EXPECT_EQ(IdOf(service_.Refresh(app, *issued.refresh_token, std::nullopt)), ErrorId::kOauth2RefreshTokenExpired);
}

TEST_F(UserTokenServiceTest, PurgeDeletesRefreshTokensADayAfterTheyExpire) {
  const auto app = MakeApp("Purged");
  const auto first = service_.Issue(app, Grant()).value();
  clock_.Advance(seconds(100));
  const auto second = service_.Refresh(app, *first.refresh_token, std::nullopt).value();
  // The first token expires at 7200 s, the second at 7300 s; each is kept a day longer.
  clock_.Advance(seconds(7100 + 24 * 3600 - 1));
  EXPECT_EQ(service_.PurgeExpiredRefreshTokens().value(), 0);
  // Within that day the server still knows the tokens: an expired one is told apart from an unknown one.
  EXPECT_EQ(IdOf(service_.Refresh(app, *second.refresh_token, std::nullopt)), ErrorId::kOauth2RefreshTokenExpired);
  clock_.Advance(seconds(2));
  EXPECT_EQ(service_.PurgeExpiredRefreshTokens().value(), 1);
  clock_.Advance(seconds(100));
  EXPECT_EQ(service_.PurgeExpiredRefreshTokens().value(), 1);
  EXPECT_EQ(service_.PurgeExpiredRefreshTokens().value(), 0);
  EXPECT_EQ(IdOf(service_.Refresh(app, *second.refresh_token, std::nullopt)), ErrorId::kOauth2InvalidGrant);
}

TEST_F(UserTokenServiceTest, ConcurrentUsesOfOneRefreshTokenHaveOneWinner) {
  const auto app = MakeApp("Racer");
  const auto issued = service_.Issue(app, Grant()).value();
  std::atomic<int> won{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto result = service_.Refresh(app, *issued.refresh_token, std::nullopt);
      if (result) {
        ++won;
      } else if (result.error().id == ErrorId::kOauth2InvalidGrant) {
        ++refused;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(refused.load(), 7);
}

TEST_F(UserTokenServiceTest, RevokeGrantEndsEverythingAtOnce) {
  const auto app = MakeApp("Revoker");
  const auto issued = service_.Issue(app, Grant()).value();
  ASSERT_TRUE(service_.UserInfo(issued.access_token).has_value());
  ASSERT_TRUE(service_.RevokeGrant(issued.grant_id).has_value());
  EXPECT_FALSE(service_.Introspect(issued.access_token).value().has_value());
  EXPECT_FALSE(service_.Introspect(*issued.refresh_token).value().has_value());
  EXPECT_EQ(IdOf(service_.Refresh(app, *issued.refresh_token, std::nullopt)), ErrorId::kOauth2InvalidGrant);
  EXPECT_EQ(IdOf(service_.UserInfo(issued.access_token)), ErrorId::kTokenRevoked);
  // Unknown and repeated revocations succeed.
  EXPECT_TRUE(service_.RevokeGrant(issued.grant_id).has_value());
  EXPECT_TRUE(service_.RevokeGrant("no-such-grant").has_value());

  // Revoking a refresh token (RFC 7009) revokes its grant.
  const auto next = service_.Issue(app, Grant()).value();
  ASSERT_TRUE(service_.Revoke(app, *next.refresh_token).has_value());
  EXPECT_FALSE(service_.Introspect(next.access_token).value().has_value());
}

TEST_F(UserTokenServiceTest, RevokeSessionGrantsEndsOnlyThatSessionsGrants) {
  const auto app = MakeApp("Session ender");
  const auto first = service_.Issue(app, Grant()).value();
  const auto second = service_.Issue(app, Grant({"openid"})).value();
  auto other_session = Grant();
  other_session.session_id = "idp-session-2";
  const auto other = service_.Issue(app, other_session).value();
  ASSERT_TRUE(service_.RevokeSessionGrants("user-2", "idp-session-1").has_value());  // another user's: nothing
  EXPECT_TRUE(service_.Introspect(first.access_token).value().has_value());
  ASSERT_TRUE(service_.RevokeSessionGrants("user-1", "idp-session-1").has_value());
  EXPECT_FALSE(service_.Introspect(first.access_token).value().has_value());
  EXPECT_FALSE(service_.Introspect(*second.refresh_token).value().has_value());
  EXPECT_TRUE(service_.Introspect(other.access_token).value().has_value());
  EXPECT_TRUE(service_.Introspect(*other.refresh_token).value().has_value());
  EXPECT_TRUE(service_.RevokeSessionGrants("user-1", "").has_value());
}

TEST_F(UserTokenServiceTest, UserInfoAnswersByScopeAndAccountState) {
  const auto app = MakeApp("Profile reader");
  const auto profile = service_.Issue(app, Grant({"openid", "profile", "email", "phone"})).value();
  const auto claims = service_.UserInfo(profile.access_token).value();
  EXPECT_EQ(claims["sub"], "user-1");
  EXPECT_EQ(claims["preferred_username"], "Alice");
  EXPECT_EQ(claims["email"], "alice@example.com");
  EXPECT_EQ(claims["phone_number"], "+8613800138000");
  const auto bare = service_.Issue(app, Grant({"openid"})).value();
  EXPECT_EQ(service_.UserInfo(bare.access_token).value(), nlohmann::json({{"sub", "user-1"}}));
  const auto no_openid = service_.Issue(app, Grant({"profile"})).value();
  EXPECT_EQ(IdOf(service_.UserInfo(no_openid.access_token)), ErrorId::kAuthzScopeInsufficient);
  EXPECT_EQ(IdOf(service_.UserInfo("not.a.token")), ErrorId::kTokenInvalid);

  SetStatus("disabled");
  EXPECT_EQ(IdOf(service_.UserInfo(profile.access_token)), ErrorId::kAccountDisabled);
  EXPECT_FALSE(service_.Introspect(profile.access_token).value().has_value());
  EXPECT_EQ(IdOf(service_.Refresh(app, *profile.refresh_token, std::nullopt)), ErrorId::kAccountDisabled);
  SetStatus("active");
  EXPECT_TRUE(service_.UserInfo(profile.access_token).has_value());

  clock_.Advance(seconds(300 + 31));
  EXPECT_EQ(IdOf(service_.UserInfo(profile.access_token)), ErrorId::kTokenExpired);
}

TEST_F(UserTokenServiceTest, PasswordGrantNeedsTheGrantAndCredentials) {
  const auto app = MakeApp("Password app");
  const auto m2m = apps_.Create(AppChanges{.name = "Machine", .type = "m2m"}, "admin-1", {}).value().app;
  const auto hash = hashing_.Hasher().Hash("correct horse battery").value();
  ASSERT_TRUE(db_->Write([&](sql::Connection& c) {
                   return sql::ToStatus(c.Execute("UPDATE users SET password_hash = ? WHERE id = 'user-1'", {hash}));
                 })
                  .has_value());
  const audit::RequestContext context{.ip = "127.0.0.1"};
  const auto issued = service_.Password(app, "alice", "correct horse battery", "openid email", context).value();
  EXPECT_EQ(issued.scope, "openid email");
  EXPECT_TRUE(issued.id_token.has_value());
  EXPECT_EQ(service_.UserInfo(issued.access_token).value()["email"], "alice@example.com");
  EXPECT_EQ(IdOf(service_.Password(app, "alice", "wrong", std::nullopt, context)), ErrorId::kAuthInvalidCredentials);
  EXPECT_EQ(IdOf(service_.Password(app, "alice", "", std::nullopt, context)), ErrorId::kPasswordRequired);
  EXPECT_EQ(IdOf(service_.Password(app, std::nullopt, "x", std::nullopt, context)), ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(IdOf(service_.Password(app, "alice", "correct horse battery", "admin", context)),
            ErrorId::kOauth2InvalidScope);
  EXPECT_EQ(IdOf(service_.Password(m2m, "alice", "correct horse battery", std::nullopt, context)),
            ErrorId::kOauth2UnauthorizedClient);
  SetStatus("locked");
  EXPECT_EQ(IdOf(service_.Password(app, "alice", "correct horse battery", std::nullopt, context)),
            ErrorId::kAccountLocked);
}

// RFC 9700 4.14.2: the grants end with the credentials, in the accounts transaction, and at once for access
// tokens; a client named to keep keeps its grant.
TEST_F(UserTokenServiceTest, GrantsEndWhenTheAccountIsTakenAwayButNamedClientsMayKeepTheirs) {
  GrantsEndWithCredentials grants_end(kv_, clock_);
  credentials_.AddListener(grants_end);
  const auto app = MakeApp("Ended");
  const auto kept_app = MakeApp("Kept");
  const auto ended = service_.Issue(app, Grant()).value();
  const auto kept = service_.Issue(kept_app, Grant()).value();

  ASSERT_TRUE(db_->Write([&](sql::Connection& c) -> Status {
                   auto after =
                       grants_end.InTransaction(c, {.user_id = "user-1", .keep_client_ids = {kept_app.id}}, Now());
                   if (!after) return std::unexpected(after.error());
                   return (*after)();
                 })
                  .has_value());
  EXPECT_EQ(IdOf(service_.Refresh(app, *ended.refresh_token, std::nullopt)), ErrorId::kOauth2InvalidGrant);
  EXPECT_EQ(IdOf(access_.VerifyActive(ended.access_token)), ErrorId::kTokenRevoked);
  EXPECT_TRUE(access_.VerifyActive(kept.access_token).has_value());

  // Through the accounts service: a disabled account's every grant ends, and stays ended once enabled again.
  const auto later = service_.Refresh(kept_app, *kept.refresh_token, std::nullopt).value();
  ASSERT_TRUE(credentials_.EndAllSessions("user-1", accounts::CredentialChange::kDisabled).has_value());
  EXPECT_EQ(IdOf(service_.Refresh(kept_app, *later.refresh_token, std::nullopt)), ErrorId::kOauth2InvalidGrant);
  EXPECT_EQ(IdOf(access_.VerifyActive(later.access_token)), ErrorId::kTokenRevoked);
}

TEST_F(UserTokenServiceTest, ARefreshTokenUnusedPastTheIdleLimitIsRefused) {
  UserTokenService idle(*db_, kv_, *keys_, access_, sign_in_, audit_, clock_, random_,
                        UserTokenOptions{.issuer = kIssuer, .refresh_idle_timeout = std::chrono::hours(1)});
  const auto app = MakeApp("Idle");
  auto refresh = *idle.Issue(app, Grant()).value().refresh_token;
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(std::chrono::minutes(59));
    auto next = idle.Refresh(app, refresh, std::nullopt);
    ASSERT_TRUE(next.has_value()) << i;
    refresh = *next->refresh_token;
  }
  clock_.Advance(std::chrono::hours(1));
  EXPECT_FALSE(idle.Introspect(refresh).value().has_value());
  EXPECT_EQ(IdOf(idle.Refresh(app, refresh, std::nullopt)), ErrorId::kOauth2RefreshTokenExpired);
  // The idle grant has ended: its refresh token stays refused.
  EXPECT_EQ(IdOf(idle.Refresh(app, refresh, std::nullopt)), ErrorId::kOauth2InvalidGrant);
}

}  // namespace
}  // namespace menshen::oauth
