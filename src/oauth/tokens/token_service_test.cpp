// The token rules against a real SQLite file and the in-process key-value store, with a clock the test moves.
#include "oauth/tokens/token_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/test_temp_dir.hpp"
#include "store/kv/memory/memory_kv.hpp"
#include "store/sql/test_migrated_database.hpp"

namespace menshen::oauth {
namespace {

namespace sql = store::sql;
using std::chrono::seconds;

class TokenServiceTest : public ::testing::Test {
 protected:
  TokenServiceTest()
      : db_(sql::testing::OpenMigratedDatabase(dir_.Path() / "menshen.db")),
        keys_(keys::SigningKeys::Open(*db_, kek_, clock_, random_).value()),
        tokens_(apps_, *keys_, kv_, clock_, random_, TokenOptions{.issuer = "https://id.example.com"}) {}

  AppWithSecret MakeM2m(const std::string& name, AuthMethod method = AuthMethod::kClientSecretBasic) {
    auto created = apps_.Create(AppChanges{.name = name,
                                           .type = "m2m",
                                           .scopes = std::vector<std::string>{"a", "b"},
                                           .auth_method = std::string(ToString(method)),
                                           .access_token_ttl = 120},
                                "admin-1", {});
    EXPECT_TRUE(created.has_value()) << created.error().public_detail;
    return *created;
  }

  test_support::TempDir dir_{"menshen-oauth-tokens"};
  ManualClock clock_;
  SystemRandom random_;
  keys::KeyEncryptionKey kek_ = keys::KeyEncryptionKey::FromBytes(std::string(keys::kKekBytes, 'k')).value();
  std::unique_ptr<sql::Database> db_;
  std::unique_ptr<keys::SigningKeys> keys_;
  store::kv::MemoryKv kv_{clock_, 1000};
  audit::AuditLog audit_{*db_, clock_, random_};
  AppsService apps_{*db_, kv_, audit_, clock_, random_};
  TokenService tokens_;
};

TEST_F(TokenServiceTest, TokenIsActiveUntilItExpires) {
  const auto app = MakeM2m("Expiring");
  const auto issued = tokens_.ClientCredentials(app.app, "b", {}).value();
  EXPECT_EQ(issued.expires_in, 120);
  EXPECT_EQ(issued.scope, "b");
  auto claims = tokens_.Introspect(issued.access_token).value();
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->iss, "https://id.example.com");
  EXPECT_EQ(claims->sub, app.app.id);
  EXPECT_EQ(claims->aud, std::vector<std::string>{app.app.id});
  EXPECT_EQ(*claims->exp - *claims->iat, 120);
  clock_.Advance(seconds(120 + 31));  // past exp and the verifier's 30 s leeway
  EXPECT_FALSE(tokens_.Introspect(issued.access_token).value());
}

TEST_F(TokenServiceTest, RevocationIsPerTokenAndOnlyByItsClient) {
  const auto app = MakeM2m("Owner");
  const auto other = MakeM2m("Other");
  const auto first = tokens_.ClientCredentials(app.app, std::nullopt, {}).value().access_token;
  const auto second = tokens_.ClientCredentials(app.app, std::nullopt, {}).value().access_token;
  EXPECT_EQ(tokens_.Revoke(other.app, first).error().id, ErrorId::kOauth2InvalidRequest);
  EXPECT_TRUE(tokens_.Introspect(first).value());
  EXPECT_TRUE(tokens_.Revoke(app.app, first).has_value());
  EXPECT_FALSE(tokens_.Introspect(first).value());
  EXPECT_TRUE(tokens_.Introspect(second).value());
  EXPECT_TRUE(tokens_.Revoke(app.app, "garbage").has_value());
  EXPECT_TRUE(tokens_.Revoke(app.app, first).has_value());  // twice is fine
}

TEST_F(TokenServiceTest, ATokenOfAnotherIssuerIsInactive) {
  const auto app = MakeM2m("Issuer check");
  TokenService elsewhere(apps_, *keys_, kv_, clock_, random_, TokenOptions{.issuer = "https://other.example.com"});
  const auto foreign = elsewhere.ClientCredentials(app.app, std::nullopt, {}).value().access_token;
  EXPECT_FALSE(tokens_.Introspect(foreign).value());
}

TEST_F(TokenServiceTest, ResourcesBecomeTheAudience) {
  auto app = MakeM2m("Audience");
  app.app.allowed_resources = {"https://api.example.com", "urn:example:ledger"};
  const auto token =
      tokens_.ClientCredentials(app.app, std::nullopt, {"https://api.example.com", "urn:example:ledger"}).value();
  const auto claims = tokens_.Introspect(token.access_token).value();
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->aud, (std::vector<std::string>{"https://api.example.com", "urn:example:ledger"}));
  // RFC 8707 2: malformed or unlisted, a resource is invalid_target.
  EXPECT_EQ(tokens_.ClientCredentials(app.app, std::nullopt, {"no-scheme"}).error().id, ErrorId::kOauth2InvalidTarget);
  EXPECT_EQ(tokens_.ClientCredentials(app.app, std::nullopt, {"https://api.example.com/#x"}).error().id,
            ErrorId::kOauth2InvalidTarget);
  EXPECT_EQ(tokens_.ClientCredentials(app.app, std::nullopt, {"https://other.example.com"}).error().id,
            ErrorId::kOauth2InvalidTarget);
}

TEST_F(TokenServiceTest, ClientAuthenticationNeedsTheRegisteredMethodAndSecret) {
  const auto app = MakeM2m("Authenticated");
  const auto& secret = *app.client_secret;
  const auto authenticated = apps_.AuthenticateClient({app.app.id, secret, AuthMethod::kClientSecretBasic});
  ASSERT_TRUE(authenticated.has_value());
  EXPECT_EQ((*authenticated)->id, app.app.id);
  EXPECT_EQ((*authenticated)->name, "Authenticated");
  // A wrong secret and an unknown client: which one it was is logged, not said.
  for (const ClientCredentials& bad : {ClientCredentials{app.app.id, secret + "x", AuthMethod::kClientSecretBasic},
                                       ClientCredentials{"unknown", secret, AuthMethod::kClientSecretBasic}}) {
    auto refused = apps_.AuthenticateClient(bad);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().id, ErrorId::kOauth2InvalidClient);
    EXPECT_TRUE(refused.error().public_detail.empty());
  }
  // Another method than the registered one: the method to use is said, whether the secret was right or not.
  for (const ClientCredentials& other : {ClientCredentials{app.app.id, secret, AuthMethod::kClientSecretPost},
                                         ClientCredentials{app.app.id, "wrong", AuthMethod::kClientSecretPost},
                                         ClientCredentials{app.app.id, "", AuthMethod::kNone}}) {
    auto refused = apps_.AuthenticateClient(other);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().id, ErrorId::kOauth2InvalidClient);
    EXPECT_EQ(refused.error().public_detail, RegisteredMethodHint(AuthMethod::kClientSecretBasic));
  }
}

// The unique index on the normalised name answers app.name_taken on either database.
TEST_F(TokenServiceTest, ATakenAppNameAnswersNameTaken) {
  MakeM2m("Ledger");
  auto again =
      apps_.Create(AppChanges{.name = "ledger", .type = "m2m", .scopes = std::vector<std::string>{"a"}}, "admin-1", {});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().id, ErrorId::kAppNameTaken);
}

TEST_F(TokenServiceTest, AdminActionsAreAudited) {
  // A microsecond between actions: audit ids begin with the time in microseconds, so they list in order.
  const auto app = MakeM2m("Audited");
  clock_.Advance(std::chrono::microseconds(1));
  ASSERT_TRUE(apps_.RotateSecret(app.app.id, "admin-1", {}).has_value());
  clock_.Advance(std::chrono::microseconds(1));
  ASSERT_TRUE(apps_.Delete(app.app.id, "admin-1", {}).has_value());
  clock_.Advance(std::chrono::microseconds(1));
  EXPECT_EQ(apps_.Delete(app.app.id, "admin-1", {}).error().id, ErrorId::kAppNotFound);
  auto rows = sql::ReadValue(*db_, [&](sql::Connection& c) {
                return c.Query(
                    "SELECT action, outcome, actor_id FROM audit_events WHERE target_id = ? "
                    "ORDER BY created_at, id",
                    {app.app.id});
              }).value();
  std::vector<std::string> seen;
  for (const auto& row : rows) seen.push_back(row.Text(0) + " " + row.Text(1) + " " + row.Text(2));
  EXPECT_EQ(seen, (std::vector<std::string>{"app.create success admin-1", "app.secret.rotate success admin-1",
                                            "app.delete success admin-1", "app.delete app.not_found admin-1"}));
}

TEST(GrantRulesTest, SupportedGrantAndScopes) {
  EXPECT_EQ(SupportedGrant(std::nullopt, true).error().id, ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(SupportedGrant("", true).error().id, ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(SupportedGrant("implicit", true).error().id, ErrorId::kOauth2UnsupportedGrantType);
  EXPECT_EQ(SupportedGrant("urn:ietf:params:oauth:grant-type:device_code", true).error().id,
            ErrorId::kOauth2UnsupportedGrantType);
  EXPECT_EQ(SupportedGrant("client_credentials", false).value(), GrantType::kClientCredentials);
  EXPECT_EQ(SupportedGrant("refresh_token", false).value(), GrantType::kRefreshToken);
  EXPECT_EQ(SupportedGrant("password", true).value(), GrantType::kPassword);
  EXPECT_EQ(SupportedGrant("authorization_code", false).value(), GrantType::kAuthorizationCode);

  App app;
  app.scopes = {"read", "write"};
  EXPECT_EQ(GrantedScopes(app, std::nullopt).value(), app.scopes);
  EXPECT_EQ(GrantedScopes(app, "write  read write").value(), (std::vector<std::string>{"write", "read"}));
  EXPECT_EQ(GrantedScopes(app, "read admin").error().id, ErrorId::kOauth2InvalidScope);
  EXPECT_EQ(GrantedScopes(app, "re\"ad").error().id, ErrorId::kOauth2InvalidScope);
}

// RFC 9700 2.4: the password grant MUST NOT be used, so it is off unless the operator turns it on.
TEST(GrantRulesTest, ThePasswordGrantIsOffUnlessTurnedOn) {
  const auto refused = SupportedGrant("password", false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().id, ErrorId::kOauth2UnsupportedGrantType);
  EXPECT_EQ(refused.error().public_detail.find("password"), std::string::npos) << refused.error().public_detail;
  EXPECT_EQ(std::ranges::count(EnabledGrants(false), GrantType::kPassword), 0);
  EXPECT_EQ(std::ranges::count(EnabledGrants(true), GrantType::kPassword), 1);

  AppChanges wants{.grant_types = std::vector<std::string>{"password", "refresh_token"}};
  const auto off = CheckPasswordGrantWanted(wants, false);
  ASSERT_FALSE(off);
  EXPECT_EQ(off.error().id, ErrorId::kCommonInvalidParameter);
  EXPECT_NE(off.error().public_detail.find("oauth.password_grant_enabled"), std::string::npos);
  EXPECT_TRUE(CheckPasswordGrantWanted(wants, true));
  EXPECT_TRUE(CheckPasswordGrantWanted(AppChanges{.name = "renamed"}, false));
  EXPECT_TRUE(
      CheckPasswordGrantWanted(AppChanges{.grant_types = std::vector<std::string>{"authorization_code"}}, false));
}

TEST(GrantRulesTest, ARefreshMayOnlyNarrowTheGrantedScopes) {
  const std::vector<std::string> granted{"openid", "profile", "email"};
  EXPECT_EQ(NarrowScopes(granted, std::nullopt).value(), granted);
  EXPECT_EQ(NarrowScopes(granted, "").value(), granted);
  EXPECT_EQ(NarrowScopes(granted, "email openid").value(), (std::vector<std::string>{"email", "openid"}));
  EXPECT_EQ(NarrowScopes(granted, "openid phone").error().id, ErrorId::kOauth2InvalidScope);
  EXPECT_EQ(NarrowScopes({}, "openid").error().id, ErrorId::kOauth2InvalidScope);
  EXPECT_EQ(JoinScopes({"openid", "email"}), "openid email");
  EXPECT_EQ(JoinScopes({}), "");
}

}  // namespace
}  // namespace menshen::oauth
