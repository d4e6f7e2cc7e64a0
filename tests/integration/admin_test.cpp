// The admin API through the real binary: who may act, searches and cursor pages, account states and what
// they do to sign-in, password resets and expiry, deletion, and the audit trail of all of it.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "json_api.hpp"
#include "raw_client.hpp"
#include "server_process.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "plum orchard lantern 42";
constexpr const char* kOtherPassword = "quiet harbour violin 77";

// One server and a signed-in root for the whole suite.
class AdminTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The suite registers more accounts from 127.0.0.1 than the per-address default allows.
    server_ = new ServerProcess({"--set", "accounts.max_registrations_per_ip=0"});
    ASSERT_TRUE(server_->Started());
    const auto [status, login] = Login("root", server_->RootPassword());
    ASSERT_EQ(status, 200) << login;
    root_token_ = new std::string(login["data"]["access_token"].get<std::string>());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete root_token_;
    server_ = nullptr;
    root_token_ = nullptr;
  }

  static std::pair<int, json> Call(const std::string& method, const std::string& path, const json& body = nullptr,
                                   const std::string& token = {}) {
    return CallJson(server_->Port(), method, path, body, token);
  }
  static std::pair<int, json> Admin(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Call(method, path, body, *root_token_);
  }
  static std::pair<int, json> Login(const std::string& account, const std::string& password) {
    return Call("POST", "/api/v1/auth/login", {{"account", account}, {"password", password}});
  }
  // Registers `username` and returns its id.
  static std::string Register(const std::string& username, const json& extra = json::object()) {
    json body = {{"username", username}, {"password", kPassword}};
    body.update(extra);
    const auto [status, created] = Call("POST", "/api/v1/auth/register", body);
    EXPECT_EQ(status, 201) << created;
    return created["data"]["id"].get<std::string>();
  }
  static std::string TokenOf(const std::string& account, const std::string& password = kPassword) {
    const auto [status, login] = Login(account, password);
    EXPECT_EQ(status, 200) << login;
    return login["data"]["access_token"].get<std::string>();
  }

  static ServerProcess* server_;
  static std::string* root_token_;
};
ServerProcess* AdminTest::server_ = nullptr;
std::string* AdminTest::root_token_ = nullptr;

TEST_F(AdminTest, OrdinaryUsersAndAnonymousCallersAreRefused) {
  Register("plain_user");
  const auto token = TokenOf("plain_user");
  EXPECT_EQ(Call("GET", "/api/v1/admin/users", nullptr, token).second["error"], "authz.forbidden");
  EXPECT_EQ(Call("GET", "/api/v1/admin/users", nullptr, token).first, 403);
  EXPECT_EQ(Call("GET", "/api/v1/admin/audit-events", nullptr, token).second["error"], "authz.forbidden");
  EXPECT_EQ(Call("POST", "/api/v1/admin/users", {{"username", "sneaky"}}, token).second["error"], "authz.forbidden");
  EXPECT_EQ(Call("GET", "/api/v1/admin/users").second["error"], "auth.login_required");
}

TEST_F(AdminTest, SearchByEveryTypeAndRefuseBadSearches) {
  const auto id = Register(
      "searchable", {{"email", "searchable@example.com"}, {"phone", "13900139000"}, {"nickname", "Searcher 100%"}});
  for (const auto& [type, query] : std::vector<std::pair<std::string, std::string>>{{"username", "SEARCHABLE"},
                                                                                    {"email", "searchable@EXAMPLE.com"},
                                                                                    {"phone", "13900139000"},
                                                                                    {"nickname", "Searcher 100%"}}) {
    const auto [status, page] = Admin(
        "GET", "/api/v1/admin/users?type=" + type + "&query=" + (type == "nickname" ? "Searcher%20100%25" : query));
    ASSERT_EQ(status, 200) << type << page;
    ASSERT_EQ(page["data"]["items"].size(), 1u) << type << page;
    EXPECT_EQ(page["data"]["items"][0]["id"], id);
  }
  // LIKE wildcards in the query are matched literally: "100%" is in the nickname, "%%" in none.
  EXPECT_EQ(Admin("GET", "/api/v1/admin/users?type=nickname&query=100%25").second["data"]["items"].size(), 1u);
  EXPECT_TRUE(Admin("GET", "/api/v1/admin/users?type=nickname&query=%25%25").second["data"]["items"].empty());
  EXPECT_EQ(Admin("GET", "/api/v1/admin/users?type=age&query=3").second["error"], "pool.user_search_type_invalid");
  EXPECT_EQ(Admin("GET", "/api/v1/admin/users?type=email&query=a%20b").second["error"], "pool.user_search_invalid");
  EXPECT_EQ(Admin("GET", "/api/v1/admin/users?type=username&query=a%01b").second["error"], "pool.user_search_invalid");
  EXPECT_EQ(Admin("GET", "/api/v1/admin/users?limit=0").second["error"], "common.invalid_parameter");
  EXPECT_EQ(Admin("GET", "/api/v1/admin/users?cursor=!!!").second["error"], "common.invalid_parameter");
}

TEST_F(AdminTest, CursorPagesVisitEveryUserOnceThenSayThereIsNoMore) {
  for (int i = 0; i < 7; ++i) Register("pager_" + std::to_string(i));
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  while (true) {
    const auto [status, page] =
        Admin("GET", "/api/v1/admin/users?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(status, 200) << page;
    ASSERT_LE(page["data"]["items"].size(), 3u);
    for (const auto& user : page["data"]["items"]) EXPECT_TRUE(seen.insert(user["id"].get<std::string>()).second);
    ++pages;
    if (page["data"]["next_cursor"].is_null()) break;
    cursor = page["data"]["next_cursor"].get<std::string>();
  }
  EXPECT_GE(seen.size(), 8u);  // the seven and root
  EXPECT_GE(pages, 3);
  // A cursor older than every record ("0.a", base64url): the page is empty and says why, still 200.
  const auto [status, past] = Admin("GET", "/api/v1/admin/users?cursor=MC5h");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(past["error"], "pagination.no_more_records") << past;
  EXPECT_TRUE(past["data"]["items"].empty());
}

TEST_F(AdminTest, BatchGetFindsKnownIdsAndRefusesMoreThanEighty) {
  const auto a = Register("batch_a");
  const auto b = Register("batch_b");
  const auto [status, found] = Admin("POST", "/api/v1/admin/users/batch-get", {{"ids", {a, b, "no-such-id"}}});
  ASSERT_EQ(status, 200) << found;
  EXPECT_EQ(found["data"]["items"].size(), 2u);
  EXPECT_EQ(found["data"]["missing"], json::array({"no-such-id"}));
  json many = json::array();
  for (int i = 0; i < 81; ++i) many.push_back("id-" + std::to_string(i));
  EXPECT_EQ(Admin("POST", "/api/v1/admin/users/batch-get", {{"ids", many}}).second["error"],
            "pagination.batch_limit_exceeded");
  many.erase(many.begin());
  EXPECT_EQ(Admin("POST", "/api/v1/admin/users/batch-get", {{"ids", many}}).first, 200);
  EXPECT_EQ(Admin("POST", "/api/v1/admin/users/batch-get", json::object()).second["error"], "common.missing_parameter");
  EXPECT_EQ(Admin("POST", "/api/v1/admin/users/batch-get", {{"ids", "a,b"}}).second["error"],
            "common.invalid_parameter");
}

TEST_F(AdminTest, LockEndsSessionsAndRefusesSignInUntilUnlocked) {
  const auto id = Register("lockable");
  const auto token = TokenOf("lockable");
  const auto [status, locked] = Admin("POST", "/api/v1/admin/users/" + id + "/lock");
  ASSERT_EQ(status, 200) << locked;
  EXPECT_EQ(locked["data"]["status"], "locked");
  // The token issued before the lock no longer works, and a new sign-in is refused.
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, token).second["error"], "token.revoked");
  const auto [login_status, login] = Login("lockable", kPassword);
  EXPECT_EQ(login["error"], "account.locked");
  EXPECT_EQ(login_status, 403);
  ASSERT_EQ(Admin("POST", "/api/v1/admin/users/" + id + "/unlock").first, 200);
  EXPECT_EQ(Login("lockable", kPassword).first, 200);
}

TEST_F(AdminTest, DisableAndEnable) {
  const auto id = Register("disable_me");
  ASSERT_EQ(Admin("POST", "/api/v1/admin/users/" + id + "/disable").first, 200);
  EXPECT_EQ(Login("disable_me", kPassword).second["error"], "account.disabled");
  ASSERT_EQ(Admin("POST", "/api/v1/admin/users/" + id + "/enable").first, 200);
  EXPECT_EQ(Login("disable_me", kPassword).first, 200);
  EXPECT_EQ(Admin("POST", "/api/v1/admin/users/no-such-id/disable").second["error"], "auth.user_not_found");
  EXPECT_EQ(Admin("POST", "/api/v1/admin/users/no-such-id/disable").first, 404);
}

TEST_F(AdminTest, AccountExpiryAndPasswordExpiry) {
  const auto id = Register("expiring");
  const auto past = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch() - std::chrono::hours(1))
                        .count();
  ASSERT_EQ(Admin("PATCH", "/api/v1/admin/users/" + id, {{"account_expires_at", past}}).first, 200);
  EXPECT_EQ(Login("expiring", kPassword).second["error"], "account.expired");
  ASSERT_EQ(Admin("PATCH", "/api/v1/admin/users/" + id, {{"account_expires_at", nullptr}}).first, 200);
  EXPECT_EQ(Login("expiring", kPassword).first, 200);

  ASSERT_EQ(Admin("PATCH", "/api/v1/admin/users/" + id, {{"password_expires_at", past}}).first, 200);
  const auto [status, expired] = Login("expiring", kPassword);
  EXPECT_EQ(expired["error"], "password.expired") << expired;
  // The one way forward: change it, proving the old one.
  const auto change = [](const std::string& old_pw, const std::string& new_pw) {
    return Call("POST", "/api/v1/auth/change-password",
                {{"account", "expiring"}, {"old_password", old_pw}, {"new_password", new_pw}});
  };
  EXPECT_EQ(change("wrong password", kOtherPassword).second["error"], "auth.invalid_credentials");
  EXPECT_EQ(change(kPassword, kPassword).second["error"], "password.policy_violation");
  ASSERT_EQ(change(kPassword, kOtherPassword).first, 200);
  EXPECT_EQ(Login("expiring", kOtherPassword).first, 200);
}

TEST_F(AdminTest, TemporaryPasswordMustBeChangedAtFirstSignIn) {
  const auto id = Register("forgetful");
  const auto token = TokenOf("forgetful");
  ASSERT_EQ(
      Admin("POST", "/api/v1/admin/users/" + id + "/password", {{"password", kOtherPassword}, {"temporary", true}})
          .first,
      200);
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, token).second["error"], "token.revoked");
  EXPECT_EQ(Login("forgetful", kPassword).second["error"], "auth.invalid_credentials");
  EXPECT_EQ(Login("forgetful", kOtherPassword).second["error"], "password.expired");
  ASSERT_EQ(Call("POST", "/api/v1/auth/change-password",
                 {{"account", "forgetful"}, {"old_password", kOtherPassword}, {"new_password", kPassword}})
                .first,
            200);
  EXPECT_EQ(Login("forgetful", kPassword).first, 200);
  EXPECT_EQ(Admin("POST", "/api/v1/admin/users/" + id + "/password", {{"password", "short"}}).second["error"],
            "password.policy_violation");
}

// A stolen administrator's token must not become the account for good: the reset needs no current password.
TEST_F(AdminTest, AdministratorsCannotResetTheirOwnPasswordThroughTheAdminRoute) {
  const auto root_id = Admin("GET", "/api/v1/me").second["data"]["id"].get<std::string>();
  const auto [status, refused] =
      Admin("POST", "/api/v1/admin/users/" + root_id + "/password", {{"password", kOtherPassword}});
  EXPECT_EQ(status, 403) << refused;
  EXPECT_EQ(refused["error"], "authz.forbidden");
  EXPECT_NE(refused.value("detail", "").find("/api/v1/me/password"), std::string::npos) << refused;
  ASSERT_EQ(Call("POST", "/api/v1/admin/users",
                 {{"username", "self_resetter"}, {"password", kPassword}, {"role", "admin"}}, *root_token_)
                .first,
            201);
  const auto admin = TokenOf("self_resetter");
  const auto admin_id = Call("GET", "/api/v1/me", nullptr, admin).second["data"]["id"].get<std::string>();
  EXPECT_EQ(Call("POST", "/api/v1/admin/users/" + admin_id + "/password", {{"password", kOtherPassword}}, admin).first,
            403);
  // The old password still signs in: nothing was changed.
  EXPECT_EQ(Login("self_resetter", kPassword).first, 200);
}

TEST_F(AdminTest, CreatedUsersWithAndWithoutPassword) {
  const auto [status, created] = Admin("POST", "/api/v1/admin/users", {{"username", "made_by_admin"}});
  ASSERT_EQ(status, 201) << created;
  EXPECT_FALSE(created["data"]["has_password"].get<bool>());
  // Without a password it answers like an unknown account (login.reveal_unknown_user is false).
  EXPECT_EQ(Login("made_by_admin", kPassword).second["error"], "auth.invalid_credentials");
  EXPECT_EQ(Admin("POST", "/api/v1/admin/users", {{"username", "made_by_admin"}}).second["error"],
            "identity.username_taken");
  const auto [s2, with_pw] =
      Admin("POST", "/api/v1/admin/users", {{"username", "staff_member"}, {"password", kPassword}, {"role", "admin"}});
  ASSERT_EQ(s2, 201) << with_pw;
  EXPECT_EQ(with_pw["data"]["role"], "admin");
  // An admin may manage users but not other admins or root.
  const auto staff = TokenOf("staff_member");
  const auto plain = Register("managed_by_staff");
  EXPECT_EQ(Call("POST", "/api/v1/admin/users/" + plain + "/lock", nullptr, staff).first, 200);
  const auto root_id = Admin("GET", "/api/v1/me").second["data"]["id"].get<std::string>();
  EXPECT_EQ(Call("POST", "/api/v1/admin/users/" + root_id + "/lock", nullptr, staff).second["error"],
            "authz.forbidden");
  EXPECT_EQ(
      Call("POST", "/api/v1/admin/users", {{"username", "another_admin"}, {"role", "admin"}}, staff).second["error"],
      "authz.forbidden");
}

TEST_F(AdminTest, NobodyDeletesRootAndDeletedUsersAreGone) {
  const auto root_id = Admin("GET", "/api/v1/me").second["data"]["id"].get<std::string>();
  const auto [status, refused] = Admin("DELETE", "/api/v1/admin/users/" + root_id);
  EXPECT_EQ(refused["error"], "pool.root_user_undeletable");
  EXPECT_EQ(status, 403);
  EXPECT_EQ(Admin("DELETE", "/api/v1/admin/users/no-such-id").second["error"], "pool.user_delete_failed");

  const auto id = Register("leaving", {{"email", "leaving@example.com"}});
  const auto token = TokenOf("leaving");
  ASSERT_EQ(Admin("DELETE", "/api/v1/admin/users/" + id).first, 200);
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, token).second["error"], "token.revoked");
  EXPECT_EQ(Login("leaving", kPassword).second["error"], "auth.invalid_credentials");
  EXPECT_EQ(Admin("DELETE", "/api/v1/admin/users/" + id).second["error"], "pool.user_delete_failed");
  // The record stays visible to admins as a tombstone, and no action applies to it any more.
  EXPECT_EQ(Admin("GET", "/api/v1/admin/users/" + id).second["data"]["status"], "deleted");
  EXPECT_EQ(Admin("POST", "/api/v1/admin/users/" + id + "/unlock").second["error"], "account.deleted");
  // The identifiers are free again.
  EXPECT_FALSE(Register("leaving", {{"email", "leaving@example.com"}}).empty());
}

TEST_F(AdminTest, PatchChecksEveryField) {
  const auto id = Register("patchable");
  const auto [status, patched] =
      Admin("PATCH", "/api/v1/admin/users/" + id, {{"nickname", "Patched"}, {"email", "Patched@Example.com"}});
  ASSERT_EQ(status, 200) << patched;
  EXPECT_EQ(patched["data"]["nickname"], "Patched");
  EXPECT_EQ(patched["data"]["email"], "Patched@example.com");  // the domain folds, the local part stays
  EXPECT_EQ(Admin("PATCH", "/api/v1/admin/users/" + id, {{"shoe_size", "42"}}).second["error"],
            "profile.field_invalid");
  EXPECT_EQ(Admin("PATCH", "/api/v1/admin/users/" + id, {{"email", "nope"}}).second["error"], "identity.email_invalid");
  EXPECT_EQ(Admin("PATCH", "/api/v1/admin/users/" + id, {{"username", "root"}}).second["error"],
            "identity.username_taken");
  EXPECT_EQ(Admin("PATCH", "/api/v1/admin/users/" + id, json::object()).second["error"], "common.missing_parameter");
  // The refused patches changed nothing.
  EXPECT_EQ(Admin("GET", "/api/v1/admin/users/" + id).second["data"]["username"], "patchable");
}

TEST_F(AdminTest, AuditTrailListsSignInsAndAdminActions) {
  const auto id = Register("audited");
  Login("audited", "wrong password");
  TokenOf("audited");
  ASSERT_EQ(Admin("POST", "/api/v1/admin/users/" + id + "/lock").first, 200);
  const auto [status, events] = Admin("GET", "/api/v1/admin/audit-events?target_id=" + id + "&limit=100");
  ASSERT_EQ(status, 200) << events;
  std::multiset<std::string> actions;
  for (const auto& event : events["data"]["items"]) {
    const auto outcome = event["outcome"].get<std::string>();
    actions.insert(event["action"].get<std::string>() + ":" + (outcome == "success" ? "success" : "failure"));
    EXPECT_FALSE(event["request_id"].is_null());
  }
  EXPECT_TRUE(actions.contains("login:failure")) << events;
  EXPECT_TRUE(actions.contains("login:success")) << events;
  EXPECT_TRUE(actions.contains("admin.user.lock:success")) << events;
  // Newest first.
  EXPECT_EQ(events["data"]["items"][0]["action"], "admin.user.lock");
}

TEST_F(AdminTest, AnotherUsersSessionIsNotYours) {
  Register("owner_a");
  Register("owner_b");
  const auto a = TokenOf("owner_a");
  const auto b = TokenOf("owner_b");
  const auto sessions = Call("GET", "/api/v1/me/sessions", nullptr, a).second["data"]["items"];
  ASSERT_FALSE(sessions.empty()) << sessions;
  const auto session = sessions[0]["id"].get<std::string>();
  EXPECT_EQ(Call("DELETE", "/api/v1/me/sessions/" + session, nullptr, b).second["error"], "authz.not_owner");
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, a).first, 200);
}

TEST(AdminConfigTest, RegistrationSwitchesAndPerAddressLimit) {
  {
    ServerProcess closed({"--set", "accounts.registration_enabled=false"});
    ASSERT_TRUE(closed.Started());
    const auto response =
        Request(closed.Port(), "POST", "/api/v1/auth/register",
                json{{"username", "late"}, {"password", kPassword}}.dump(), "Content-Type: application/json\r\n");
    ASSERT_TRUE(response);
    EXPECT_EQ(json::parse(response->body)["error"], "identity.registration_disabled");
  }
  ServerProcess limited({"--set", "accounts.max_registrations_per_ip=2"});
  ASSERT_TRUE(limited.Started());
  std::vector<std::string> errors;
  for (int i = 0; i < 3; ++i) {
    const auto response = Request(limited.Port(), "POST", "/api/v1/auth/register",
                                  json{{"username", "burst" + std::to_string(i)}, {"password", kPassword}}.dump(),
                                  "Content-Type: application/json\r\n");
    ASSERT_TRUE(response);
    const auto error = json::parse(response->body)["error"];
    errors.push_back(error.is_string() ? error.get<std::string>() : "");
  }
  EXPECT_EQ(errors, (std::vector<std::string>{"", "", "limit.registration_too_frequent"}));
}

TEST(AdminConfigTest, ASignInBeyondTheSessionLimitEndsTheOldest) {
  ServerProcess server({"--set", "login.max_sessions_per_user=2"});
  ASSERT_TRUE(server.Started());
  auto login = [&] {
    return CallJson(server.Port(), "POST", "/api/v1/auth/login",
                    {{"account", "root"}, {"password", server.RootPassword()}})
        .second["data"]["access_token"]
        .get<std::string>();
  };
  const auto first = login();
  const auto second = login();
  const auto third = login();
  EXPECT_EQ(CallJson(server.Port(), "GET", "/api/v1/me", nullptr, first).second["error"], "token.revoked");
  EXPECT_EQ(CallJson(server.Port(), "GET", "/api/v1/me", nullptr, second).first, 200);
  const auto [status, sessions] = CallJson(server.Port(), "GET", "/api/v1/me/sessions", nullptr, third);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(sessions["data"]["items"].size(), 2u);
}

TEST(AdminConfigTest, ExpiredAccessTokenAnswersTokenExpired) {
  ServerProcess server({"--set", "login.access_token_ttl=1s"});
  ASSERT_TRUE(server.Started());
  const auto login = Request(server.Port(), "POST", "/api/v1/auth/login",
                             json{{"account", "root"}, {"password", server.RootPassword()}}.dump(),
                             "Content-Type: application/json\r\n");
  ASSERT_TRUE(login);
  const auto token = json::parse(login->body)["data"]["access_token"].get<std::string>();
  // Past the lifetime and the verification leeway.
  std::this_thread::sleep_for(std::chrono::milliseconds(7500));
  const auto me = Request(server.Port(), "GET", "/api/v1/me", "", "Authorization: Bearer " + token + "\r\n");
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 401);
  EXPECT_EQ(json::parse(me->body)["error"], "token.expired");
}

}  // namespace
}  // namespace menshen::testing
