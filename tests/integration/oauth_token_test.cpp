// The token endpoint (client_credentials), introspection, revocation and discovery through the real binary,
// and the token endpoint's RFC-shaped answers to bad requests.
#include "oauth_fixture.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;

TEST_F(OAuthTest, ClientCredentialsIssuesAnAccessTokenThatIntrospects) {
  const auto [id, secret] = CreateM2m("Billing worker", {{"allowed_resources", {"https://api.example.com/"}}});
  const auto issued = Token(id, secret, "&scope=orders.read");
  ASSERT_EQ(issued.status, 200) << issued.raw.body;
  EXPECT_EQ(issued.raw.Header("cache-control"), "no-store");
  EXPECT_EQ(issued.body["token_type"], "Bearer");
  EXPECT_EQ(issued.body["expires_in"], 3600);
  EXPECT_EQ(issued.body["scope"], "orders.read");
  EXPECT_FALSE(issued.body.contains("refresh_token"));
  const auto token = issued.body["access_token"].get<std::string>();

  const auto introspected = Form("/oauth/introspect", "token=" + token, BasicHeader(id, secret));
  ASSERT_EQ(introspected.status, 200) << introspected.raw.body;
  EXPECT_EQ(introspected.raw.Header("cache-control"), "no-store");
  EXPECT_EQ(introspected.body["active"], true);
  EXPECT_EQ(introspected.body["client_id"], id);
  EXPECT_EQ(introspected.body["sub"], id);
  EXPECT_EQ(introspected.body["aud"], id);
  EXPECT_EQ(introspected.body["scope"], "orders.read");
  EXPECT_EQ(introspected.body["iss"], "http://127.0.0.1:" + std::to_string(server_->Port()));

  // No scope asked: every registered scope. A resource becomes the audience.
  const auto all = Token(id, secret, "&resource=https%3A%2F%2Fapi.example.com%2F");
  ASSERT_EQ(all.status, 200) << all.raw.body;
  EXPECT_EQ(all.body["scope"], "orders.read orders.write");
  const auto audience =
      Form("/oauth/introspect", "token=" + all.body["access_token"].get<std::string>(), BasicHeader(id, secret));
  EXPECT_EQ(audience.body["aud"], "https://api.example.com/");

  // client_secret_post is refused for a client registered with client_secret_basic.
  const auto post = Form("/oauth/token", "grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret);
  EXPECT_EQ(post.status, 401);
  EXPECT_EQ(post.body["error"], "invalid_client");
}

// A client that authenticates another way than it is registered for hears which way to use, as certified
// providers answer, and nothing about its secret: the answer is the same whether the secret was right or not.
TEST_F(OAuthTest, AClientUsingAnotherAuthenticationMethodHearsWhichOneItIsRegisteredFor) {
  const auto in_body = [](const std::string& id, const std::string& secret) {
    return Form("/oauth/token", "grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret);
  };
  const auto [basic_id, basic_secret] = CreateM2m("Basic by default");
  const auto right = in_body(basic_id, basic_secret);
  EXPECT_EQ(right.status, 401);
  EXPECT_EQ(right.body["error"], "invalid_client");
  EXPECT_EQ(right.body["error_description"],
            "client is registered for client_secret_basic; send the credentials in the Authorization header (HTTP "
            "Basic)");
  EXPECT_EQ(right.raw.Header("www-authenticate"), "Basic realm=\"menshen\"");
  EXPECT_EQ(in_body(basic_id, "not-the-secret").raw.body, right.raw.body);
  // A confidential client that sends no secret at all.
  const auto none = Form("/oauth/token", "grant_type=client_credentials&client_id=" + basic_id);
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.body["error_description"], right.body["error_description"]);

  const auto [post_id, post_secret] =
      CreateM2m("Posts its secret", {{"token_endpoint_auth_method", "client_secret_post"}});
  const auto basic = Token(post_id, post_secret);
  EXPECT_EQ(basic.status, 401);
  EXPECT_EQ(basic.body["error"], "invalid_client");
  EXPECT_EQ(basic.body["error_description"],
            "client is registered for client_secret_post; send client_id and client_secret in the request body");

  const auto created =
      Admin("POST", "/api/v1/admin/apps",
            {{"name", "Public phone app"}, {"type", "native"}, {"redirect_uris", {"com.example.p:/cb"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto public_id = created.body["data"]["id"].get<std::string>();
  const auto with_secret = in_body(public_id, "invented");
  EXPECT_EQ(with_secret.status, 401);
  EXPECT_EQ(with_secret.body["error"], "invalid_client");
  EXPECT_EQ(with_secret.body["error_description"],
            "client is registered for none (a public client); send client_id alone, without a secret");

  // The right method with a wrong secret, and an unknown client, still hear only that authentication failed.
  EXPECT_EQ(Token(basic_id, "not-the-secret").body["error_description"], "Client authentication failed");
  EXPECT_EQ(Token("no-such-client", "x").body["error_description"], "Client authentication failed");
}

TEST_F(OAuthTest, ClientSecretPostAndRotation) {
  const auto [id, secret] = CreateM2m("Poster", {{"token_endpoint_auth_method", "client_secret_post"}});
  const auto form = [&](const std::string& s) {
    return Form("/oauth/token", "grant_type=client_credentials&client_id=" + id + "&client_secret=" + s);
  };
  EXPECT_EQ(form(secret).status, 200);
  const auto rotated = Admin("POST", "/api/v1/admin/apps/" + id + "/secret");
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_EQ(rotated.raw.Header("cache-control"), "no-store");
  const auto fresh = rotated.body["data"]["client_secret"].get<std::string>();
  EXPECT_NE(fresh, secret);
  EXPECT_EQ(form(secret).body["error"], "invalid_client");
  EXPECT_EQ(form(fresh).status, 200);
}

TEST_F(OAuthTest, TokenEndpointAnswersBadRequestsInTheRfcShape) {
  const auto [id, secret] = CreateM2m("Strict client");
  const auto basic = BasicHeader(id, secret);

  const auto missing = Form("/oauth/token", "scope=orders.read", basic);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.body["error"], "invalid_request");
  EXPECT_TRUE(missing.body["error_description"].is_string());
  EXPECT_TRUE(missing.body["code"].is_number());
  EXPECT_TRUE(missing.body["message"].is_string());
  EXPECT_EQ(missing.raw.Header("cache-control"), "no-store");

  // message follows Accept-Language like every envelope; error and error_description stay the RFC's.
  const auto english = Form("/oauth/token", "scope=orders.read", basic + "Accept-Language: en\r\n");
  const auto chinese = Form("/oauth/token", "scope=orders.read", basic + "Accept-Language: zh-CN\r\n");
  EXPECT_NE(english.body["message"], chinese.body["message"]);
  EXPECT_EQ(english.body["error_description"], chinese.body["error_description"]);
  EXPECT_EQ(english.body["code"], chinese.body["code"]);

  const auto unsupported = Form("/oauth/token", "grant_type=implicit", basic);
  EXPECT_EQ(unsupported.status, 400);
  EXPECT_EQ(unsupported.body["error"], "unsupported_grant_type");
  // A grant the server has but this client does not.
  EXPECT_EQ(Form("/oauth/token", "grant_type=refresh_token&refresh_token=x", basic).body["error"],
            "unauthorized_client");
  // The password grant is off by default (RFC 9700 2.4): unsupported, whoever asks.
  EXPECT_EQ(Form("/oauth/token", "grant_type=password&username=a&password=b", basic).body["error"],
            "unsupported_grant_type");

  const auto unknown = Token("no-such-client", "whatever");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.body["error"], "invalid_client");
  EXPECT_NE(unknown.raw.Header("www-authenticate").find("Basic"), std::string::npos);

  const auto wrong = Token(id, secret + "x");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body["error"], "invalid_client");
  EXPECT_NE(wrong.raw.Header("www-authenticate").find("Basic"), std::string::npos);
  // Unknown client and wrong secret look alike.
  EXPECT_EQ(wrong.body["error_description"], unknown.body["error_description"]);

  EXPECT_EQ(Token(id, secret, "&scope=admin").body["error"], "invalid_scope");
  EXPECT_EQ(Token(id, secret, "&scope=orders.read&scope=orders.write").body["error"], "invalid_request");
  EXPECT_EQ(Token(id, secret, "&resource=relative").body["error"], "invalid_target");
  const auto json_body = Send("POST", "/oauth/token", R"({"grant_type":"client_credentials"})",
                              "Content-Type: application/json\r\n" + basic);
  EXPECT_EQ(json_body.status, 400);
  EXPECT_EQ(json_body.body["error"], "invalid_request");
  const auto mixed = Form("/oauth/token", "grant_type=client_credentials&client_secret=" + secret, basic);
  EXPECT_EQ(mixed.body["error"], "invalid_request");
  const auto nobody = Form("/oauth/token", "grant_type=client_credentials");
  EXPECT_EQ(nobody.status, 401);
  EXPECT_EQ(nobody.body["error"], "invalid_client");
}

TEST_F(OAuthTest, ClientCredentialsNeedsTheGrant) {
  const auto created = Admin("POST", "/api/v1/admin/apps",
                             {{"name", "Code only"},
                              {"type", "web"},
                              {"redirect_uris", {"https://code.example.com/cb"}},
                              {"grant_types", {"authorization_code"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.body["data"]["id"].get<std::string>();
  const auto secret = created.body["data"]["client_secret"].get<std::string>();
  const auto refused = Token(id, secret);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body["error"], "unauthorized_client");
}

TEST_F(OAuthTest, RevokedExpiredForeignAndDeletedTokensIntrospectInactive) {
  const auto [id, secret] = CreateM2m("Revoker");
  const auto [rs_id, rs_secret] = CreateM2m("Resource server");
  const auto token = Token(id, secret).body["access_token"].get<std::string>();
  auto introspect = [&](const std::string& t) {
    return Form("/oauth/introspect", "token=" + t + "&token_type_hint=access_token", BasicHeader(rs_id, rs_secret));
  };
  EXPECT_EQ(introspect(token).body["active"], true);

  // Revoking someone else's token is refused; an unknown token is fine (RFC 7009 2.2).
  EXPECT_EQ(Form("/oauth/revoke", "token=" + token, BasicHeader(rs_id, rs_secret)).body["error"], "invalid_request");
  const auto unknown = Form("/oauth/revoke", "token=not-a-token-at-all", BasicHeader(id, secret));
  EXPECT_EQ(unknown.status, 200);
  const auto revoked = Form("/oauth/revoke", "token=" + token, BasicHeader(id, secret));
  EXPECT_EQ(revoked.status, 200) << revoked.raw.body;
  EXPECT_EQ(introspect(token).body, json({{"active", false}}));
  EXPECT_EQ(introspect("garbage").body, json({{"active", false}}));

  // A user's own access token is not one of ours.
  EXPECT_EQ(introspect(admin_token_).body, json({{"active", false}}));

  // Deleting the app ends its tokens.
  const auto other = Token(id, secret).body["access_token"].get<std::string>();
  EXPECT_EQ(introspect(other).body["active"], true);
  ASSERT_EQ(Admin("DELETE", "/api/v1/admin/apps/" + id).status, 200);
  EXPECT_EQ(introspect(other).body, json({{"active", false}}));

  // Introspection needs an authenticated client and a token.
  EXPECT_EQ(Form("/oauth/introspect", "token=" + other).status, 401);
  EXPECT_EQ(Form("/oauth/introspect", "token=" + other, BasicHeader(rs_id, "wrong")).body["error"], "invalid_client");
  EXPECT_EQ(Form("/oauth/introspect", "", BasicHeader(rs_id, rs_secret)).body["error"], "invalid_request");
  EXPECT_EQ(Form("/oauth/revoke", "", BasicHeader(rs_id, rs_secret)).body["error"], "invalid_request");
}

TEST_F(OAuthTest, DiscoveryDescribesWhatExists) {
  const auto response = Request(server_->Port(), "GET", "/.well-known/openid-configuration");
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 200);
  const auto doc = json::parse(response->body);
  const std::string issuer = "http://127.0.0.1:" + std::to_string(server_->Port());
  EXPECT_EQ(doc["issuer"], issuer);
  EXPECT_EQ(doc["token_endpoint"], issuer + "/oauth/token");
  EXPECT_EQ(doc["introspection_endpoint"], issuer + "/oauth/introspect");
  EXPECT_EQ(doc["revocation_endpoint"], issuer + "/oauth/revoke");
  EXPECT_EQ(doc["jwks_uri"], issuer + "/.well-known/jwks.json");
  // RFC 9700 2.4: the password grant is not advertised unless the operator turns it on.
  EXPECT_EQ(doc["grant_types_supported"], json({"authorization_code", "client_credentials", "refresh_token"}));
  EXPECT_EQ(doc["token_endpoint_auth_methods_supported"], json({"client_secret_basic", "client_secret_post", "none"}));
  const auto metadata = Request(server_->Port(), "GET", "/.well-known/oauth-authorization-server");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(json::parse(metadata->body), doc);
  const auto jwks = Request(server_->Port(), "GET", "/.well-known/jwks.json");
  ASSERT_TRUE(jwks);
  EXPECT_EQ(jwks->status, 200);
}

TEST(OAuthConfigTest, ThePasswordGrantIsAdvertisedOnlyWhenTurnedOn) {
  ServerProcess server({"--set", "oauth.password_grant_enabled=true"});
  ASSERT_TRUE(server.Started());
  const auto response = Request(server.Port(), "GET", "/.well-known/openid-configuration");
  ASSERT_TRUE(response);
  EXPECT_EQ(json::parse(response->body)["grant_types_supported"],
            json({"authorization_code", "client_credentials", "refresh_token", "password"}));
}

// RFC 8707 2: a client names only the resource servers registered for it; anything else is invalid_target.
TEST_F(OAuthTest, ResourceIndicatorsAreLimitedToTheClientsAllowedList) {
  const auto [id, secret] = CreateM2m("Orders client", {{"allowed_resources", {"https://orders.example.com/api"}}});
  const auto shown = Admin("GET", "/api/v1/admin/apps/" + id);
  EXPECT_EQ(shown.body["data"]["allowed_resources"], json({"https://orders.example.com/api"})) << shown.body;

  const auto foreign = Token(id, secret, "&resource=https%3A%2F%2Fpayroll.example.com%2Fapi");
  EXPECT_EQ(foreign.status, 400);
  EXPECT_EQ(foreign.body["error"], "invalid_target") << foreign.raw.body;
  // A near miss is as foreign as any other: the comparison is exact.
  EXPECT_EQ(Token(id, secret, "&resource=https%3A%2F%2Forders.example.com%2Fapi%2F").body["error"], "invalid_target");
  // One allowed and one foreign: the request is refused whole.
  EXPECT_EQ(Token(id, secret, "&resource=https%3A%2F%2Forders.example.com%2Fapi&resource=https%3A%2F%2Fx.example.com")
                .body["error"],
            "invalid_target");

  const auto allowed = Token(id, secret, "&resource=https%3A%2F%2Forders.example.com%2Fapi");
  ASSERT_EQ(allowed.status, 200) << allowed.raw.body;
  const auto audience =
      Form("/oauth/introspect", "token=" + allowed.body["access_token"].get<std::string>(), BasicHeader(id, secret));
  EXPECT_EQ(audience.body["aud"], "https://orders.example.com/api");

  // A client without a list may name no resource at all; its tokens are for itself.
  const auto [plain_id, plain_secret] = CreateM2m("Plain client");
  EXPECT_EQ(Token(plain_id, plain_secret, "&resource=https%3A%2F%2Forders.example.com%2Fapi").body["error"],
            "invalid_target");
  EXPECT_EQ(Token(plain_id, plain_secret).status, 200);

  // The list is checked on create and PATCH.
  const auto bad = Admin("POST", "/api/v1/admin/apps",
                         {{"name", "Bad resources"}, {"type", "m2m"}, {"allowed_resources", {"no-scheme"}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"], "common.invalid_parameter");
  const auto patched =
      Admin("PATCH", "/api/v1/admin/apps/" + plain_id, {{"allowed_resources", {"https://ledger.example.com/"}}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Token(plain_id, plain_secret, "&resource=https%3A%2F%2Fledger.example.com%2F").status, 200);
}

TEST(OAuthConfigTest, ConfiguredIssuerIsTheTokensIss) {
  ServerProcess server({"--set", "oauth.issuer=https://id.example.com"});
  ASSERT_TRUE(server.Started());
  const auto response = Request(server.Port(), "GET", "/.well-known/openid-configuration");
  ASSERT_TRUE(response);
  const auto doc = json::parse(response->body);
  EXPECT_EQ(doc["issuer"], "https://id.example.com");
  EXPECT_EQ(doc["token_endpoint"], "https://id.example.com/oauth/token");
}

}  // namespace
}  // namespace menshen::testing
