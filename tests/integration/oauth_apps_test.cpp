// The applications admin API through the real binary: create, read, list, update, delete, rotate, and the
// rules with their catalog codes.
#include "oauth_fixture.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;

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

}  // namespace
}  // namespace menshen::testing
