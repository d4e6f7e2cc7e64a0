// OAuth through the real binary: the applications admin API, the token endpoint with client_credentials,
// introspection, revocation and discovery, and the token endpoint's answers to bad requests.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "raw_client.hpp"
#include "server_process.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(v >> shift) & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    for (int shift : {18, 12, 6}) out += kAlphabet[(v >> shift) & 63];
    out += '=';
  }
  return out;
}

struct Reply {
  int status = 0;
  json body;
  RawResponse raw;
};

class OAuthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess();
    ASSERT_TRUE(server_->Started());
    std::string password;
    for (int i = 0; i < 100 && password.empty(); ++i) {
      password = server_->RootPassword();
      if (password.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_FALSE(password.empty());
    const auto login = Json("POST", "/api/v1/auth/login", {{"account", "root"}, {"password", password}});
    ASSERT_EQ(login.status, 200) << login.body;
    admin_token_ = login.body["data"]["access_token"].get<std::string>();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static Reply Send(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& headers) {
    const auto response = Request(server_->Port(), method, path, body, headers);
    if (!response) return {};
    Reply reply{response->status, json::parse(response->body, nullptr, false), *response};
    return reply;
  }
  static Reply Json(const std::string& method, const std::string& path, const json& body = nullptr,
                    const std::string& token = {}) {
    std::string headers = "Content-Type: application/json\r\n";
    if (!token.empty()) headers += "Authorization: Bearer " + token + "\r\n";
    return Send(method, path, body.is_null() ? std::string{} : body.dump(), headers);
  }
  static Reply Admin(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Json(method, path, body, admin_token_);
  }
  static Reply Form(const std::string& path, const std::string& form, const std::string& extra_headers = {}) {
    return Send("POST", path, form, "Content-Type: application/x-www-form-urlencoded\r\n" + extra_headers);
  }
  static std::string BasicHeader(const std::string& id, const std::string& secret) {
    return "Authorization: Basic " + Base64(id + ":" + secret) + "\r\n";
  }
  // A machine-to-machine app with scopes; returns {client_id, client_secret}.
  static std::pair<std::string, std::string> CreateM2m(const std::string& name, json extra = json::object()) {
    json body = {{"name", name}, {"type", "m2m"}, {"scopes", {"orders.read", "orders.write"}}};
    body.update(extra);
    const auto created = Admin("POST", "/api/v1/admin/apps", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return {created.body["data"]["client_id"].get<std::string>(),
            created.body["data"].value("client_secret", std::string{})};
  }
  static Reply Token(const std::string& id, const std::string& secret, const std::string& form = {}) {
    return Form("/oauth/token", "grant_type=client_credentials" + form, BasicHeader(id, secret));
  }

  static ServerProcess* server_;
  static std::string admin_token_;
};
ServerProcess* OAuthTest::server_ = nullptr;
std::string OAuthTest::admin_token_;

TEST_F(OAuthTest, AdminCreatesReadsListsUpdatesAndDeletesAnApp) {
  const auto created = Admin("POST", "/api/v1/admin/apps",
                             {{"name", "Storefront"},
                              {"type", "web"},
                              {"description", "The shop"},
                              {"redirect_uris", {"https://shop.example.com/callback", "http://127.0.0.1:3000/cb"}},
                              {"scopes", {"openid", "profile"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto& app = created.body["data"];
  const auto id = app["id"].get<std::string>();
  EXPECT_EQ(app["client_id"], id);
  EXPECT_EQ(app["token_endpoint_auth_method"], "client_secret_basic");
  EXPECT_EQ(app["grant_types"], json({"authorization_code", "refresh_token"}));
  ASSERT_TRUE(app["client_secret"].is_string());
  EXPECT_EQ(app["client_secret"].get<std::string>().size(), 43u);
  EXPECT_EQ(created.raw.Header("cache-control"), "no-store");

  // The secret is shown once: reads never carry it.
  const auto read = Admin("GET", "/api/v1/admin/apps/" + id);
  ASSERT_EQ(read.status, 200);
  EXPECT_FALSE(read.body["data"].contains("client_secret"));
  EXPECT_EQ(read.body["data"]["description"], "The shop");

  const auto patched = Admin("PATCH", "/api/v1/admin/apps/" + id, {{"description", nullptr}, {"name", "Storefront 2"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_TRUE(patched.body["data"]["description"].is_null());
  EXPECT_EQ(patched.body["data"]["name"], "Storefront 2");
  EXPECT_FALSE(patched.body["data"].contains("client_secret"));

  EXPECT_EQ(Admin("DELETE", "/api/v1/admin/apps/" + id).status, 200);
  EXPECT_EQ(Admin("GET", "/api/v1/admin/apps/" + id).body["error"], "app.not_found");
  EXPECT_EQ(Admin("DELETE", "/api/v1/admin/apps/" + id).body["error"], "app.not_found");
  const auto missing = Admin("PATCH", "/api/v1/admin/apps/nope", {{"name", "x"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body["error"], "app.not_found");
}

TEST_F(OAuthTest, ListIsNewestFirstWithACursor) {
  for (int i = 0; i < 5; ++i) CreateM2m("Paged " + std::to_string(i));
  std::vector<std::string> names;
  std::string cursor;
  for (int page = 0; page < 20; ++page) {
    const auto path = "/api/v1/admin/apps?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor);
    const auto listed = Admin("GET", path);
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_LE(listed.body["data"]["items"].size(), 2u);
    for (const auto& item : listed.body["data"]["items"]) {
      EXPECT_FALSE(item.contains("client_secret"));
      names.push_back(item["name"]);
    }
    if (listed.body["data"]["next_cursor"].is_null()) break;
    cursor = listed.body["data"]["next_cursor"];
  }
  std::vector<std::string> paged;
  for (const auto& name : names) {
    if (name.starts_with("Paged ")) paged.push_back(name);
  }
  EXPECT_EQ(paged, (std::vector<std::string>{"Paged 4", "Paged 3", "Paged 2", "Paged 1", "Paged 0"}));
  EXPECT_EQ(Admin("GET", "/api/v1/admin/apps?limit=0").body["error"], "common.invalid_parameter");
  EXPECT_EQ(Admin("GET", "/api/v1/admin/apps?cursor=garbage").body["error"], "common.invalid_parameter");
  EXPECT_EQ(Admin("GET", "/api/v1/admin/apps?cursor=").status, 200);  // empty is no cursor
}

TEST_F(OAuthTest, AppRulesAnswerTheCatalogCodes) {
  auto create = [](const json& body) { return Admin("POST", "/api/v1/admin/apps", body).body["error"]; };
  EXPECT_EQ(create({{"type", "m2m"}}), "app.name_invalid");
  EXPECT_EQ(create({{"name", ""}, {"type", "m2m"}}), "app.name_invalid");
  EXPECT_EQ(create({{"name", "bad;name"}, {"type", "m2m"}}), "app.name_invalid");
  EXPECT_EQ(create({{"name", "Typed"}, {"type", "desktop"}}), "app.type_invalid");
  EXPECT_EQ(create({{"name", "Typed"}}), "app.type_invalid");
  std::string long_description;
  for (int i = 0; i < 141; ++i) long_description += "描";
  EXPECT_EQ(create({{"name", "Described"}, {"type", "m2m"}, {"description", long_description}}),
            "app.description_invalid");
  EXPECT_EQ(create({{"name", "Fragment"}, {"type", "web"}, {"redirect_uris", {"https://a.example/cb#x"}}}),
            "common.invalid_parameter");
  EXPECT_EQ(create({{"name", "Plain http"}, {"type", "web"}, {"redirect_uris", {"http://a.example/cb"}}}),
            "common.invalid_parameter");
  EXPECT_EQ(create({{"name", "Relative"}, {"type", "spa"}, {"redirect_uris", {"/cb"}}}), "common.invalid_parameter");
  EXPECT_EQ(create({{"name", "Public secret"},
                    {"type", "spa"},
                    {"redirect_uris", {"https://a.example/cb"}},
                    {"token_endpoint_auth_method", "client_secret_post"}}),
            "common.invalid_parameter");
  EXPECT_EQ(create({{"name", "Misspelt"}, {"type", "m2m"}, {"redirect_uri", {"https://a.example/cb"}}}),
            "common.invalid_parameter");

  CreateM2m("Ledger");
  const auto taken = Admin("POST", "/api/v1/admin/apps", {{"name", "ＬＥＤＧＥＲ"}, {"type", "m2m"}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.body["error"], "app.name_taken");
  const auto [other, unused] = CreateM2m("Ledger two");
  EXPECT_EQ(Admin("PATCH", "/api/v1/admin/apps/" + other, {{"name", "ledger"}}).body["error"], "app.name_taken");

  EXPECT_EQ(Admin("PATCH", "/api/v1/admin/apps/" + other, json::object()).body["error"], "common.missing_parameter");
  EXPECT_EQ(Admin("PATCH", "/api/v1/admin/apps/" + other, {{"type", "spa"}}).body["error"],
            "common.invalid_parameter");  // an m2m's client_credentials grant is not for a public client
  EXPECT_EQ(Admin("PATCH", "/api/v1/admin/apps", {{"name", "x"}}).body["error"], "app.id_required");
  EXPECT_EQ(Admin("DELETE", "/api/v1/admin/apps").body["error"], "app.id_required");
}

TEST_F(OAuthTest, PublicClientsGetNoSecret) {
  const auto created = Admin(
      "POST", "/api/v1/admin/apps",
      {{"name", "Phone app"}, {"type", "native"}, {"redirect_uris", {"com.example.phone:/cb", "http://127.0.0.1/cb"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body["data"]["token_endpoint_auth_method"], "none");
  EXPECT_FALSE(created.body["data"].contains("client_secret"));
  const auto id = created.body["data"]["id"].get<std::string>();
  EXPECT_EQ(Admin("POST", "/api/v1/admin/apps/" + id + "/secret").body["error"], "common.invalid_parameter");
  // A public client cannot authenticate with a secret it does not have, but may name itself (none).
  EXPECT_EQ(Form("/oauth/token", "grant_type=client_credentials&client_id=" + id).body["error"], "unauthorized_client");

  // Becoming confidential hands out a secret, once.
  const auto web = Admin("PATCH", "/api/v1/admin/apps/" + id,
                         {{"type", "web"}, {"redirect_uris", {"https://phone.example.com/cb"}}});
  ASSERT_EQ(web.status, 200) << web.body;
  EXPECT_EQ(web.body["data"]["token_endpoint_auth_method"], "client_secret_basic");
  ASSERT_TRUE(web.body["data"]["client_secret"].is_string());
  EXPECT_EQ(web.raw.Header("cache-control"), "no-store");
  const auto again = Admin("PATCH", "/api/v1/admin/apps/" + id, {{"description", "now a web app"}});
  EXPECT_FALSE(again.body["data"].contains("client_secret"));
}

TEST_F(OAuthTest, AdminApiNeedsAnAdministrator) {
  EXPECT_EQ(Json("GET", "/api/v1/admin/apps").status, 401);
  EXPECT_EQ(Json("GET", "/api/v1/admin/apps", nullptr, "not-a-token").body["error"], "token.invalid");
  const auto registered =
      Json("POST", "/api/v1/auth/register", {{"username", "plain_user"}, {"password", "plum orchard lantern 42"}});
  ASSERT_EQ(registered.status, 201) << registered.body;
  const auto login =
      Json("POST", "/api/v1/auth/login", {{"account", "plain_user"}, {"password", "plum orchard lantern 42"}});
  const auto token = login.body["data"]["access_token"].get<std::string>();
  const auto forbidden = Json("POST", "/api/v1/admin/apps", {{"name", "Sneaky"}, {"type", "m2m"}}, token);
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.body["error"], "authz.forbidden");
}

TEST_F(OAuthTest, ClientCredentialsIssuesAnAccessTokenThatIntrospects) {
  const auto [id, secret] = CreateM2m("Billing worker");
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

  const auto unsupported = Form("/oauth/token", "grant_type=password&username=a&password=b", basic);
  EXPECT_EQ(unsupported.status, 400);
  EXPECT_EQ(unsupported.body["error"], "unsupported_grant_type");

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
  EXPECT_EQ(Token(id, secret, "&resource=relative").body["error"], "invalid_request");
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
  EXPECT_EQ(doc["grant_types_supported"], json({"client_credentials"}));
  EXPECT_EQ(doc["token_endpoint_auth_methods_supported"], json({"client_secret_basic", "client_secret_post", "none"}));
  const auto metadata = Request(server_->Port(), "GET", "/.well-known/oauth-authorization-server");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(json::parse(metadata->body), doc);
  const auto jwks = Request(server_->Port(), "GET", "/.well-known/jwks.json");
  ASSERT_TRUE(jwks);
  EXPECT_EQ(jwks->status, 200);
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
