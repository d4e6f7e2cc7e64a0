// How long users' tokens live, through the real binary: an application's grant ends with the credentials it
// was given under (RFC 9700 4.14.2), and sessions and refresh tokens left unused end at the idle limit.
#include <chrono>
#include <string>
#include <thread>

#include "oauth_node.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;

constexpr const char* kNewPassword = "quiet harbour violin 77";

struct Tokens {
  std::string access;
  std::string refresh;
};

Tokens SignIn(const Node& node, const std::pair<std::string, std::string>& app, const std::string& username) {
  const auto issued = node.Password(app, username, kPassword, "&scope=openid%20profile");
  EXPECT_EQ(issued.status, 200) << issued.raw.body;
  return {issued.body.value("access_token", ""), issued.body.value("refresh_token", "")};
}

// The grant is over: the refresh token is refused, the access token introspects inactive and userinfo
// answers 401, all at once.
void ExpectGrantEnded(const Node& node, const std::pair<std::string, std::string>& app, const Tokens& tokens,
                      const std::string& what) {
  const auto refreshed = node.Refresh(app, tokens.refresh);
  EXPECT_EQ(refreshed.status, 400) << what << ": " << refreshed.raw.body;
  EXPECT_EQ(refreshed.body["error"], "invalid_grant") << what << ": " << refreshed.raw.body;
  EXPECT_EQ(node.Introspect(app, tokens.access).body, json({{"active", false}})) << what;
  EXPECT_EQ(node.Introspect(app, tokens.refresh).body, json({{"active", false}})) << what;
  EXPECT_EQ(node.UserInfo(tokens.access).status, 401) << what;
}

class GrantLifetimeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { node_ = new Node(); }
  static void TearDownTestSuite() {
    delete node_;
    node_ = nullptr;
  }
  static inline Node* node_ = nullptr;
};

TEST_F(GrantLifetimeTest, ChangingOnesPasswordEndsTheApplicationsGrants) {
  const auto app = node_->PasswordApp("Grant ends on change");
  node_->Register("changer");
  const auto tokens = SignIn(*node_, app, "changer");
  ASSERT_EQ(node_->Introspect(app, tokens.access).body["active"], true);
  ASSERT_EQ(node_->UserInfo(tokens.access).status, 200);

  const auto session = node_->Json("POST", "/api/v1/auth/login", {{"account", "changer"}, {"password", kPassword}});
  ASSERT_EQ(session.status, 200) << session.body;
  const auto token = session.body["data"].value("access_token", "");
  const auto changed =
      node_->Json("POST", "/api/v1/me/password", {{"old_password", kPassword}, {"new_password", kNewPassword}}, token);
  ASSERT_EQ(changed.status, 200) << changed.body;
  ExpectGrantEnded(*node_, app, tokens, "after /me/password");
  // The new password signs in and gets a grant that works.
  const auto fresh = node_->Password(app, "changer", "quiet%20harbour%20violin%2077");
  ASSERT_EQ(fresh.status, 200) << fresh.raw.body;
  EXPECT_EQ(node_->Refresh(app, fresh.body.value("refresh_token", "")).status, 200);
}

TEST_F(GrantLifetimeTest, AnAdministratorsResetEndsTheGrants) {
  const auto app = node_->PasswordApp("Grant ends on reset");
  const auto id = node_->Register("reset_user");
  const auto tokens = SignIn(*node_, app, "reset_user");
  const auto reset = node_->Admin("POST", "/api/v1/admin/users/" + id + "/password", {{"password", kNewPassword}});
  ASSERT_EQ(reset.status, 200) << reset.body;
  ExpectGrantEnded(*node_, app, tokens, "after an admin reset");
}

TEST_F(GrantLifetimeTest, DisablingLockingOrDeletingEndsTheGrantsForGood) {
  const auto app = node_->PasswordApp("Grant ends on disable");
  const auto disabled = node_->Register("disabled_user");
  const auto locked = node_->Register("locked_user");
  const auto deleted = node_->Register("deleted_user");
  const auto disabled_tokens = SignIn(*node_, app, "disabled_user");
  const auto locked_tokens = SignIn(*node_, app, "locked_user");
  const auto deleted_tokens = SignIn(*node_, app, "deleted_user");

  ASSERT_EQ(node_->Admin("POST", "/api/v1/admin/users/" + disabled + "/disable").status, 200);
  ExpectGrantEnded(*node_, app, disabled_tokens, "disabled");
  // Enabling the account again does not bring the old grant back: the user signs in anew.
  ASSERT_EQ(node_->Admin("POST", "/api/v1/admin/users/" + disabled + "/enable").status, 200);
  ExpectGrantEnded(*node_, app, disabled_tokens, "disabled, then enabled");

  ASSERT_EQ(node_->Admin("POST", "/api/v1/admin/users/" + locked + "/lock").status, 200);
  ASSERT_EQ(node_->Admin("POST", "/api/v1/admin/users/" + locked + "/unlock").status, 200);
  ExpectGrantEnded(*node_, app, locked_tokens, "locked, then unlocked");

  ASSERT_EQ(node_->Admin("DELETE", "/api/v1/admin/users/" + deleted).status, 200);
  ExpectGrantEnded(*node_, app, deleted_tokens, "deleted");
}

// A limit of 3 s and uses 1 s apart: every use is within it, whatever the rounding to whole seconds.
TEST(IdleTimeoutTest, RefreshWorksWhileUsedAndFailsOnceIdlePastTheLimit) {
  const Node node({"--set", "login.session_idle_timeout=3s", "--set", "oauth.refresh_token_idle_timeout=3s"});
  const auto app = node.PasswordApp("Idle client");
  node.Register("idler");

  auto login = node.Json("POST", "/api/v1/auth/login", {{"account", "idler"}, {"password", kPassword}});
  ASSERT_EQ(login.status, 200) << login.body;
  auto session_refresh = login.body["data"].value("refresh_token", "");
  auto session_access = login.body["data"].value("access_token", "");
  auto grant = SignIn(node, app, "idler");

  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const auto rotated = node.Json("POST", "/api/v1/auth/refresh", {{"refresh_token", session_refresh}});
    ASSERT_EQ(rotated.status, 200) << "use " << i << ": " << rotated.body;
    session_refresh = rotated.body["data"].value("refresh_token", "");
    session_access = rotated.body["data"].value("access_token", "");
    const auto refreshed = node.Refresh(app, grant.refresh);
    ASSERT_EQ(refreshed.status, 200) << "use " << i << ": " << refreshed.raw.body;
    grant = {refreshed.body.value("access_token", ""), refreshed.body.value("refresh_token", "")};
  }

  std::this_thread::sleep_for(std::chrono::milliseconds(4200));
  const auto idle_session = node.Json("POST", "/api/v1/auth/refresh", {{"refresh_token", session_refresh}});
  EXPECT_EQ(idle_session.status, 401) << idle_session.body;
  EXPECT_EQ(idle_session.body["error"], "token.expired") << idle_session.body;
  // The last access token lives on until it expires: only refreshing is over.
  EXPECT_EQ(node.Json("GET", "/api/v1/me", nullptr, session_access).status, 200);

  const auto idle_grant = node.Refresh(app, grant.refresh);
  EXPECT_EQ(idle_grant.status, 400) << idle_grant.raw.body;
  EXPECT_EQ(idle_grant.body["error"], "invalid_grant") << idle_grant.raw.body;
  EXPECT_EQ(node.Introspect(app, grant.refresh).body, json({{"active", false}}));
}

}  // namespace
}  // namespace menshen::testing
