// Account enumeration and the audit of failed sign-ins, through the real binary with the default
// login.reveal_unknown_user = false: whatever state a known account is in, a caller without its password gets
// the answer an unknown name gets, and registration does not say which identifier is taken.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "json_api.hpp"
#include "raw_client.hpp"
#include "server_process.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kPassword = "plum orchard lantern 42";

class EnumerationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess();
    ASSERT_TRUE(server_->Started());
    std::string password;
    for (int i = 0; i < 100 && password.empty(); ++i) {
      password = server_->RootPassword();
      if (password.empty()) std::this_thread::sleep_for(20ms);
    }
    const auto [status, login] = Login("root", password, "127.0.0.1");
    ASSERT_EQ(status, 200) << login;
    root_token_ = new std::string(login["data"]["access_token"].get<std::string>());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete root_token_;
  }
  static std::pair<int, json> Login(const std::string& account, const std::string& password, const std::string& from) {
    return CallJson(server_->Port(), "POST", "/api/v1/auth/login", {{"account", account}, {"password", password}}, {},
                    from);
  }
  static std::pair<int, json> Admin(const std::string& method, const std::string& path, const json& body = nullptr) {
    return CallJson(server_->Port(), method, path, body, *root_token_);
  }
  static std::pair<int, json> Register(const json& body, const std::string& from = "127.0.0.1") {
    return CallJson(server_->Port(), "POST", "/api/v1/auth/register", body, {}, from);
  }
  // What the caller sees, but for the request id that differs on every response.
  static std::pair<int, json> Seen(std::pair<int, json> reply) {
    reply.second.erase("request_id");
    return reply;
  }
  static std::string Create(const json& body) {
    const auto [status, created] = Admin("POST", "/api/v1/admin/users", body);
    EXPECT_EQ(status, 201) << created;
    return created["data"]["id"].get<std::string>();
  }

  static ServerProcess* server_;
  static std::string* root_token_;
};
ServerProcess* EnumerationTest::server_ = nullptr;
std::string* EnumerationTest::root_token_ = nullptr;

TEST_F(EnumerationTest, AccountsInEveryStateAnswerAWrongPasswordLikeAnUnknownName) {
  Create({{"username", "no_password_yet"}});
  Admin("POST", "/api/v1/admin/users/" + Create({{"username", "locked_one"}, {"password", kPassword}}) + "/lock");
  Admin("POST", "/api/v1/admin/users/" + Create({{"username", "disabled_one"}, {"password", kPassword}}) + "/disable");
  Create({{"username", "plain_one"}, {"password", kPassword}});
  const auto unknown = Seen(Login("nobody_by_that_name", "wrong guess", "127.0.0.2"));
  EXPECT_EQ(unknown.first, 401);
  EXPECT_EQ(unknown.second["error"], "auth.invalid_credentials");
  for (const auto* account : {"no_password_yet", "locked_one", "disabled_one", "plain_one"}) {
    EXPECT_EQ(Seen(Login(account, "wrong guess", "127.0.0.2")), unknown) << account;
  }
  // Once the password is proven, the account's state may be told: it reveals nothing to a guesser.
  EXPECT_EQ(Login("locked_one", kPassword, "127.0.0.2").second["error"], "account.locked");
  EXPECT_EQ(Login("disabled_one", kPassword, "127.0.0.2").second["error"], "account.disabled");
}

TEST_F(EnumerationTest, AThrottledAccountAnswersLikeAThrottledUnknownName) {
  Create({{"username", "guarded"}, {"password", kPassword}});
  std::vector<std::pair<int, json>> known, unknown;
  for (int i = 0; i < 7; ++i) {
    known.push_back(Seen(Login("guarded", "wrong guess", "127.0.0.3")));
    unknown.push_back(Seen(Login("never_registered", "wrong guess", "127.0.0.3")));
  }
  EXPECT_EQ(known, unknown);
  EXPECT_EQ(known[4].second["error"], "auth.invalid_credentials");
  EXPECT_EQ(known[5].first, 403);
  EXPECT_EQ(known[5].second["error"], "account.temporarily_locked");
}

TEST_F(EnumerationTest, ATakenIdentifierIsRefusedWithoutSayingWhich) {
  ASSERT_EQ(Register({{"username", "taken_name"},
                      {"email", "taken@example.com"},
                      {"phone", "13800138001"},
                      {"password", kPassword}})
                .first,
            201);
  const auto by_name = Seen(Register({{"username", "TAKEN_NAME"}, {"password", kPassword}}));
  EXPECT_EQ(by_name.first, 409);
  EXPECT_EQ(by_name.second["error"], "identity.registration_rejected");
  for (const auto& body : {json{{"email", "Taken@Example.com"}, {"password", kPassword}},
                           json{{"username", "fresh_name"}, {"phone", "+86 138 0013 8001"}, {"password", kPassword}},
                           json{{"username", "taken_name"}, {"email", "taken@example.com"}, {"password", kPassword}}}) {
    EXPECT_EQ(Seen(Register(body)), by_name) << body;
  }
}

TEST_F(EnumerationTest, FailedSignInsToUnknownNamesAreAudited) {
  const std::string typed = "ghost_of_a_user";
  EXPECT_EQ(Login(typed, "secret guess 1", "127.0.0.4").second["error"], "auth.invalid_credentials");
  const auto [status, events] = Admin("GET", "/api/v1/admin/audit-events?action=login&limit=100");
  ASSERT_EQ(status, 200) << events;
  const json* found = nullptr;
  for (const auto& event : events["data"]["items"]) {
    if (event["detail"].is_string() && event["detail"].get<std::string>().find(typed) != std::string::npos) {
      found = &event;
    }
  }
  ASSERT_NE(found, nullptr) << events;
  EXPECT_EQ((*found)["outcome"], "auth.user_not_found");
  EXPECT_EQ((*found)["ip"], "127.0.0.4");
  EXPECT_EQ((*found)["detail"], "account as typed: " + typed);
  EXPECT_EQ(events.dump().find("secret guess"), std::string::npos);
}

}  // namespace
}  // namespace menshen::testing
