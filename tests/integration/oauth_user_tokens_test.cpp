// Tokens for users through the real binary: the password grant in two numbering profiles, refresh rotation
// and reuse, concurrent refreshes, ID tokens checked against the published JWKS, userinfo by scope and its
// RFC 6750 errors, refresh tokens at introspection and revocation, and discovery.
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <thread>

#include "jws_check.hpp"
#include "oauth_node.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;

std::int64_t HourAgo() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch() -
                                                          std::chrono::hours(1))
      .count();
}

class UserTokensTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { node_ = new Node(); }
  static void TearDownTestSuite() {
    delete node_;
    node_ = nullptr;
  }
  static inline Node* node_ = nullptr;
};

// Each account failure is invalid_grant with the catalog code of its real cause.
void ExpectRefused(const Reply& reply, const std::string& error, std::int64_t code, const std::string& what) {
  EXPECT_EQ(reply.status, error == "invalid_client" ? 401 : 400) << what << ": " << reply.raw.body;
  EXPECT_EQ(reply.body["error"], error) << what << ": " << reply.raw.body;
  EXPECT_EQ(reply.body["code"], code) << what << ": " << reply.raw.body;
  EXPECT_EQ(reply.raw.Header("cache-control"), "no-store") << what;
}

// Seed 000's password grant codes, with unknown users told apart as that table does.
TEST(PasswordGrantProfileTest, OAuth2ServerProfileAnswersEachAccountState) {
  const Node node({"--set", "catalog.profile=oauth2-server", "--set", "login.reveal_unknown_user=true", "--set",
                   "login.max_failures=2"});
  const auto app = node.PasswordApp("Seed zero client");
  const auto ok = node.Password(app, "nobody", kPassword);
  ExpectRefused(ok, "invalid_grant", 10001, "unknown user");

  node.Register("walter");
  ExpectRefused(node.Password(app, "walter", "wrong%20password"), "invalid_grant", 10006, "wrong password");
  ExpectRefused(node.Password(app, "walter", ""), "invalid_request", 10007, "empty password");
  ExpectRefused(node.Password(app, "walter", kPassword, "&scope=admin"), "invalid_scope", 10010, "scope");
  EXPECT_EQ(node.Password(app, "walter", kPassword).status, 200);

  const auto locked = node.Register("locked_user");
  ASSERT_EQ(node.Admin("POST", "/api/v1/admin/users/" + locked + "/lock").status, 200);
  ExpectRefused(node.Password(app, "locked_user", kPassword), "invalid_grant", 10004, "locked");

  const auto expired = node.Register("expired_user");
  ASSERT_EQ(node.Admin("PATCH", "/api/v1/admin/users/" + expired, {{"account_expires_at", HourAgo()}}).status, 200);
  ExpectRefused(node.Password(app, "expired_user", kPassword), "invalid_grant", 10008, "account expired");

  const auto aged = node.Register("aged_password");
  ASSERT_EQ(node.Admin("PATCH", "/api/v1/admin/users/" + aged, {{"password_expires_at", HourAgo()}}).status, 200);
  ExpectRefused(node.Password(app, "aged_password", kPassword), "invalid_grant", 10005, "password expired");

  // Two wrong guesses, then even the right password meets the lock.
  node.Register("guessed");
  for (int i = 0; i < 2; ++i) node.Password(app, "guessed", "wrong");
  ExpectRefused(node.Password(app, "guessed", kPassword), "invalid_grant", 10004, "temporary lock");

  const auto [m2m_id, m2m_secret] = [&] {
    const auto created =
        node.Admin("POST", "/api/v1/admin/apps", {{"name", "Machine"}, {"type", "m2m"}, {"scopes", {"jobs"}}});
    return std::pair{created.body["data"].value("client_id", ""), created.body["data"].value("client_secret", "")};
  }();
  ExpectRefused(node.Password({m2m_id, m2m_secret}, "walter", kPassword), "unauthorized_client", 10002,
                "grant not listed");
  ExpectRefused(node.Password({app.first, "wrong"}, "walter", kPassword), "invalid_client", 10013, "client secret");
}

// menshen's own numbering, where an unknown user and a wrong password are one answer.
TEST(PasswordGrantProfileTest, DefaultProfileHidesWhichAccountsExist) {
  const Node node;
  const auto app = node.PasswordApp("Default client");
  const auto id = node.Register("dora");
  const auto unknown = node.Password(app, "nobody", kPassword);
  const auto wrong = node.Password(app, "dora", "wrong");
  ExpectRefused(unknown, "invalid_grant", 202002, "unknown user");
  ExpectRefused(wrong, "invalid_grant", 202002, "wrong password");
  EXPECT_EQ(unknown.body["error_description"], wrong.body["error_description"]);
  ASSERT_EQ(node.Admin("POST", "/api/v1/admin/users/" + id + "/disable").status, 200);
  ExpectRefused(node.Password(app, "dora", kPassword), "invalid_grant", 206004, "disabled");
  // The sign-in attempts reach the audit log.
  const auto audit = node.Admin("GET", "/api/v1/admin/audit-events?target_id=" + id);
  EXPECT_NE(audit.raw.body.find("oauth password grant"), std::string::npos) << audit.raw.body;
}

TEST_F(UserTokensTest, PasswordGrantIssuesTokensAndIdTokensVerifyAgainstTheJwks) {
  const auto user = node_->Register("ines", {{"email", "ines@example.com"}});
  const auto jwks = json::parse(Request(node_->Port(), "GET", "/.well-known/jwks.json")->body);
  for (const std::string alg : {"RS256", "ES256"}) {
    const auto app = node_->PasswordApp("Signer " + alg, {{"id_token_signed_response_alg", alg}});
    const auto issued = node_->Password(app, "ines", kPassword, "&scope=openid%20email");
    ASSERT_EQ(issued.status, 200) << issued.raw.body;
    EXPECT_EQ(issued.body["token_type"], "Bearer");
    EXPECT_EQ(issued.body["scope"], "openid email");
    EXPECT_EQ(issued.body["refresh_token"].get<std::string>().size(), 43u);
    const auto access = issued.body["access_token"].get<std::string>();

    const auto id_token = CheckJws(issued.body["id_token"].get<std::string>(), jwks);
    ASSERT_TRUE(id_token.has_value()) << alg;
    EXPECT_EQ(id_token->header["alg"], alg);
    EXPECT_EQ(id_token->payload["iss"], node_->Issuer());
    EXPECT_EQ(id_token->payload["sub"], user);
    EXPECT_EQ(id_token->payload["aud"], app.first);
    EXPECT_EQ(id_token->payload["azp"], app.first);
    EXPECT_EQ(id_token->payload["amr"], json({"pwd"}));
    EXPECT_TRUE(id_token->payload["auth_time"].is_number_integer());
    EXPECT_GT(id_token->payload["exp"].get<std::int64_t>(), id_token->payload["iat"].get<std::int64_t>());
    // at_hash: the left half of SHA-256 of the access token (OIDC Core 3.1.3.6), computed here independently.
    std::array<unsigned char, 32> digest{};
    EVP_Digest(access.data(), access.size(), digest.data(), nullptr, EVP_sha256(), nullptr);
    std::string half(reinterpret_cast<const char*>(digest.data()), 16);
    EXPECT_EQ(Base64UrlDecode(id_token->payload["at_hash"].get<std::string>()), half);

    // The access token is an RFC 9068 JWT naming the user and the client.
    const auto at = CheckJws(access, jwks);
    ASSERT_TRUE(at.has_value());
    EXPECT_EQ(at->header["typ"], "at+jwt");
    EXPECT_EQ(at->header["alg"], "ES256");
    EXPECT_EQ(at->payload["sub"], user);
    EXPECT_EQ(at->payload["client_id"], app.first);
    EXPECT_EQ(at->payload["scope"], "openid email");
    EXPECT_TRUE(at->payload["jti"].is_string());

    // A tampered ID token fails the same check.
    auto tampered = issued.body["id_token"].get<std::string>();
    tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(CheckJws(tampered, jwks).has_value());
  }
  // Without openid there is no ID token.
  const auto app = node_->PasswordApp("No openid");
  const auto plain = node_->Password(app, "ines", kPassword, "&scope=email");
  ASSERT_EQ(plain.status, 200);
  EXPECT_FALSE(plain.body.contains("id_token"));
}

TEST_F(UserTokensTest, RefreshRotatesAndAReusedTokenEndsTheGrant) {
  node_->Register("rafa");
  const auto app = node_->PasswordApp("Rotating client");
  const auto first = node_->Password(app, "rafa", kPassword);
  ASSERT_EQ(first.status, 200) << first.raw.body;
  const auto refresh1 = first.body["refresh_token"].get<std::string>();
  const auto access1 = first.body["access_token"].get<std::string>();

  const auto second = node_->Refresh(app, refresh1, "&scope=openid%20profile");
  ASSERT_EQ(second.status, 200) << second.raw.body;
  EXPECT_EQ(second.body["scope"], "openid profile");
  EXPECT_TRUE(second.body.contains("id_token"));
  const auto refresh2 = second.body["refresh_token"].get<std::string>();
  const auto access2 = second.body["access_token"].get<std::string>();
  EXPECT_NE(refresh2, refresh1);
  EXPECT_EQ(node_->Introspect(app, refresh2).body["active"], true);
  EXPECT_EQ(node_->Introspect(app, refresh1).body, json({{"active", false}}));
  // Beyond the grant is refused; another client's use is refused and changes nothing.
  ExpectRefused(node_->Refresh(app, refresh2, "&scope=admin"), "invalid_scope", 205006, "scope beyond");
  const auto other = node_->PasswordApp("Other client");
  ExpectRefused(node_->Refresh(other, refresh2), "invalid_grant", 205003, "another client");
  ASSERT_EQ(node_->UserInfo(access2).status, 200);

  // The rotated token comes back: the whole grant ends, its access tokens with it, at once.
  ExpectRefused(node_->Refresh(app, refresh1), "invalid_grant", 205003, "reuse");
  ExpectRefused(node_->Refresh(app, refresh2), "invalid_grant", 205003, "after reuse");
  EXPECT_EQ(node_->Introspect(app, access2).body, json({{"active", false}}));
  EXPECT_EQ(node_->Introspect(app, access1).body, json({{"active", false}}));
  const auto refused = node_->UserInfo(access2);
  EXPECT_EQ(refused.status, 401);
  EXPECT_NE(refused.raw.Header("www-authenticate").find("error=\"invalid_token\""), std::string::npos);

  ExpectRefused(node_->Refresh(app, ""), "invalid_request", 205001, "no token");
  ExpectRefused(node_->Refresh(app, "never-issued"), "invalid_grant", 205003, "unknown");
}

TEST_F(UserTokensTest, ConcurrentUsesOfOneRefreshTokenHaveExactlyOneWinner) {
  node_->Register("racer");
  const auto app = node_->PasswordApp("Racing client");
  const auto issued = node_->Password(app, "racer", kPassword);
  ASSERT_EQ(issued.status, 200);
  const auto refresh = issued.body["refresh_token"].get<std::string>();
  std::atomic<int> won{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      const auto reply = node_->Refresh(app, refresh);
      if (reply.status == 200) ++won;
      if (reply.status == 400 && reply.body["error"] == "invalid_grant") ++refused;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(refused.load(), 5);
}

TEST_F(UserTokensTest, UserInfoAnswersByScope) {
  const auto user = node_->Register("Yuki", {{"email", "Yuki@Example.com"}, {"phone", "13800138011"}});
  const auto app = node_->PasswordApp("Profile client");
  const auto token = [&](const std::string& scope) {
    const auto issued = node_->Password(app, "yuki", kPassword, "&scope=" + scope);
    EXPECT_EQ(issued.status, 200) << issued.raw.body;
    return issued.body.value("access_token", "");
  };
  const auto all = node_->UserInfo(token("openid%20profile%20email%20phone"));
  ASSERT_EQ(all.status, 200) << all.raw.body;
  EXPECT_EQ(all.raw.Header("cache-control"), "no-store");
  EXPECT_EQ(all.body["sub"], user);
  EXPECT_EQ(all.body["preferred_username"], "Yuki");
  EXPECT_TRUE(all.body["updated_at"].is_number_integer());
  EXPECT_EQ(all.body["email"], "Yuki@example.com");
  EXPECT_EQ(all.body["email_verified"], false);
  EXPECT_EQ(all.body["phone_number"], "+8613800138011");
  EXPECT_EQ(all.body["phone_number_verified"], false);

  const auto sub_only = node_->UserInfo(token("openid"));
  EXPECT_EQ(sub_only.body, json({{"sub", user}}));
  const auto email = node_->UserInfo(token("openid%20email"));
  EXPECT_TRUE(email.body.contains("email"));
  EXPECT_FALSE(email.body.contains("preferred_username"));
  EXPECT_FALSE(email.body.contains("phone_number"));

  // POST with the token in the form (RFC 6750 2.2).
  const auto posted = node_->Form("/oauth/userinfo", "access_token=" + token("openid%20profile"));
  ASSERT_EQ(posted.status, 200) << posted.raw.body;
  EXPECT_EQ(posted.body["preferred_username"], "Yuki");
}

TEST_F(UserTokensTest, UserInfoErrorsFollowRfc6750) {
  const auto id = node_->Register("erin");
  const auto app = node_->PasswordApp("Error client");
  const auto issued = node_->Password(app, "erin", kPassword, "&scope=openid%20profile");
  const auto token = issued.body.value("access_token", "");

  const auto none = node_->Send("GET", "/oauth/userinfo", "", "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.raw.Header("www-authenticate"), "Bearer realm=\"menshen\"");
  EXPECT_EQ(none.body["code"], 202005);

  const auto garbage = node_->UserInfo("not-a-token");
  EXPECT_EQ(garbage.status, 401);
  EXPECT_EQ(garbage.body["error"], "invalid_token");
  EXPECT_EQ(garbage.body["code"], 204002);
  EXPECT_TRUE(garbage.raw.Header("www-authenticate").starts_with("Bearer realm=\"menshen\", error=\"invalid_token\""));

  const auto no_openid =
      node_->UserInfo(node_->Password(app, "erin", kPassword, "&scope=profile").body.value("access_token", ""));
  EXPECT_EQ(no_openid.status, 403);
  EXPECT_EQ(no_openid.body["error"], "insufficient_scope");
  EXPECT_EQ(no_openid.body["code"], 211003);
  EXPECT_NE(no_openid.raw.Header("www-authenticate").find("error=\"insufficient_scope\""), std::string::npos);
  EXPECT_NE(no_openid.raw.Header("www-authenticate").find("scope=\"openid\""), std::string::npos);

  const auto both =
      node_->Send("POST", "/oauth/userinfo", "access_token=" + token,
                  "Content-Type: application/x-www-form-urlencoded\r\nAuthorization: Bearer " + token + "\r\n");
  EXPECT_EQ(both.status, 400);
  EXPECT_EQ(both.body["error"], "invalid_request");

  // A client's own token (client_credentials) speaks for no user.
  const auto m2m =
      node_->Admin("POST", "/api/v1/admin/apps", {{"name", "Userinfo m2m"}, {"type", "m2m"}, {"scopes", {"openid"}}});
  const auto cc =
      node_->Form("/oauth/token", "grant_type=client_credentials",
                  Basic(m2m.body["data"].value("client_id", ""), m2m.body["data"].value("client_secret", "")));
  EXPECT_EQ(node_->UserInfo(cc.body.value("access_token", "")).body["error"], "invalid_token");

  // Disabling the account ends its grants (RFC 9700 4.14.2): the tokens are refused at once, at userinfo and
  // introspection, and stay refused once the account is enabled again.
  ASSERT_EQ(node_->UserInfo(token).status, 200);
  ASSERT_EQ(node_->Admin("POST", "/api/v1/admin/users/" + id + "/disable").status, 200);
  const auto disabled = node_->UserInfo(token);
  EXPECT_EQ(disabled.status, 401);
  EXPECT_EQ(disabled.body["error"], "invalid_token");
  EXPECT_EQ(disabled.body["code"], 204003);  // token.revoked
  EXPECT_EQ(node_->Introspect(app, token).body, json({{"active", false}}));
  ASSERT_EQ(node_->Admin("POST", "/api/v1/admin/users/" + id + "/enable").status, 200);
  EXPECT_EQ(node_->UserInfo(token).status, 401);
}

TEST_F(UserTokensTest, RefreshTokensIntrospectAndRevokingOneEndsItsGrant) {
  const auto user = node_->Register("otto");
  const auto app = node_->PasswordApp("Revoking client");
  const auto issued = node_->Password(app, "otto", kPassword, "&scope=openid");
  const auto refresh = issued.body.value("refresh_token", "");
  const auto access = issued.body.value("access_token", "");

  // The hint is only a hint: a wrong one still finds the token.
  const auto found = node_->Introspect(app, refresh, "&token_type_hint=access_token");
  ASSERT_EQ(found.body["active"], true) << found.raw.body;
  EXPECT_EQ(found.body["sub"], user);
  EXPECT_EQ(found.body["client_id"], app.first);
  EXPECT_EQ(found.body["scope"], "openid");
  EXPECT_FALSE(found.body.contains("token_type"));
  const auto access_found = node_->Introspect(app, access, "&token_type_hint=refresh_token");
  EXPECT_EQ(access_found.body["active"], true);
  EXPECT_EQ(access_found.body["sub"], user);
  EXPECT_EQ(access_found.body["token_type"], "Bearer");

  // Another client may not revoke it; its own client may, and the grant's access token ends too.
  const auto other = node_->PasswordApp("Not the owner");
  EXPECT_EQ(node_->Form("/oauth/revoke", "token=" + refresh, Basic(other.first, other.second)).body["error"],
            "invalid_request");
  const auto revoked =
      node_->Form("/oauth/revoke", "token=" + refresh + "&token_type_hint=refresh_token", Basic(app.first, app.second));
  EXPECT_EQ(revoked.status, 200) << revoked.raw.body;
  EXPECT_EQ(node_->Introspect(app, refresh).body, json({{"active", false}}));
  EXPECT_EQ(node_->Introspect(app, access).body, json({{"active", false}}));
  EXPECT_EQ(node_->UserInfo(access).status, 401);
  ExpectRefused(node_->Refresh(app, refresh), "invalid_grant", 205003, "revoked");
  // Revoking it again, or an unknown token, is fine (RFC 7009 2.2).
  EXPECT_EQ(node_->Form("/oauth/revoke", "token=" + refresh, Basic(app.first, app.second)).status, 200);
}

TEST_F(UserTokensTest, AppsChooseTheirIdTokenAlgorithm) {
  const auto created = node_->Admin("POST", "/api/v1/admin/apps",
                                    {{"name", "Alg default"}, {"type", "web"}, {"grant_types", {"password"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body["data"]["id_token_signed_response_alg"], "RS256");
  EXPECT_EQ(created.body["data"]["grant_types"], json({"password"}));
  const auto id = created.body["data"].value("id", "");
  const auto es = node_->Admin("PATCH", "/api/v1/admin/apps/" + id, {{"id_token_signed_response_alg", "ES256"}});
  EXPECT_EQ(es.body["data"]["id_token_signed_response_alg"], "ES256");
  EXPECT_EQ(node_->Admin("GET", "/api/v1/admin/apps/" + id).body["data"]["id_token_signed_response_alg"], "ES256");
  for (const char* refused : {"HS256", "none", "EdDSA"}) {
    const auto bad = node_->Admin("PATCH", "/api/v1/admin/apps/" + id, {{"id_token_signed_response_alg", refused}});
    EXPECT_EQ(bad.status, 400) << refused;
    EXPECT_EQ(bad.body["error"], "common.invalid_parameter") << refused;
    EXPECT_NE(bad.body.value("detail", "").find("RS256 or ES256"), std::string::npos) << bad.body;
  }
  // refresh_token alone issues nothing.
  const auto lonely = node_->Admin("POST", "/api/v1/admin/apps",
                                   {{"name", "Refresh alone"}, {"type", "web"}, {"grant_types", {"refresh_token"}}});
  EXPECT_EQ(lonely.status, 400);
}

TEST_F(UserTokensTest, DiscoveryDescribesUserTokens) {
  const auto doc = json::parse(Request(node_->Port(), "GET", "/.well-known/openid-configuration")->body);
  EXPECT_EQ(doc["userinfo_endpoint"], node_->Issuer() + "/oauth/userinfo");
  EXPECT_EQ(doc["grant_types_supported"],
            json({"authorization_code", "client_credentials", "refresh_token", "password"}));
  EXPECT_EQ(doc["id_token_signing_alg_values_supported"], json({"RS256", "ES256"}));
  EXPECT_EQ(doc["subject_types_supported"], json({"public"}));
  EXPECT_EQ(doc["scopes_supported"], json({"openid", "profile", "email", "phone"}));
  for (const char* claim : {"sub", "email", "phone_number", "preferred_username", "at_hash", "auth_time"}) {
    EXPECT_NE(std::ranges::find(doc["claims_supported"], claim), doc["claims_supported"].end()) << claim;
  }
  EXPECT_FALSE(doc.contains("token_endpoint_auth_signing_alg_values_supported"));
}

}  // namespace
}  // namespace menshen::testing
