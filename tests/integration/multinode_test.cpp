// Three `menshen serve` processes over one PostgreSQL and one Redis, as behind a load balancer: whatever one node
// does, the next request on another node sees at once.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "browser.hpp"
#include "json_api.hpp"
#include "postgres_server.hpp"
#include "raw_client.hpp"
#include "server_process.hpp"
#include "support/redis_server.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "plum orchard lantern 42";
// RFC 7636 Appendix B.
constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr const char* kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
constexpr const char* kRedirectUri = "https://app.example.com/cb";

std::string Base64(const std::string& in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], kAlphabet[v & 63]};
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

class MultiNodeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    postgres_ = new test_support::PostgresServer();
    redis_ = new RedisServer();
    data_dir_ = MakeTempDir("menshen-nodes");
    // One issuer for all, as behind a load balancer: a token issued by one node names the address users reach.
    const std::vector<std::string> args = {"--set", "database.url=" + postgres_->CreateDatabase("menshen"),
                                           "--set", "kv.url=" + redis_->Url(),
                                           "--set", "accounts.max_registrations_per_ip=0",
                                           "--set", "oauth.issuer=http://localhost:8080"};
    // One data folder for all: the nodes share its key-encryption key, as they would share a kek_file. The
    // first node alone creates the schema, the root administrator and the signing key.
    for (int i = 0; i < 3; ++i) nodes_.push_back(std::make_unique<ServerProcess>(args, data_dir_));
  }
  static void TearDownTestSuite() {
    nodes_.clear();
    delete redis_;
    delete postgres_;
    std::filesystem::remove_all(data_dir_);
  }
  void SetUp() override {
    for (const auto& node : nodes_) ASSERT_TRUE(node->Started());
  }

  static std::uint16_t Node(int i) { return nodes_[static_cast<std::size_t>(i)]->Port(); }
  static std::pair<int, json> Register(int node, const std::string& username) {
    return CallJson(Node(node), "POST", "/api/v1/auth/register", {{"username", username}, {"password", kPassword}});
  }
  static std::pair<int, json> Login(int node, const std::string& account, const std::string& password = kPassword) {
    return CallJson(Node(node), "POST", "/api/v1/auth/login", {{"account", account}, {"password", password}});
  }
  static std::string RootToken() {
    std::string password;
    for (const auto& node : nodes_) {
      if (auto p = node->RootPassword(); !p.empty()) password = p;
    }
    return Login(0, "root", password).second["data"].value("access_token", "");
  }
  static RawResponse ClientCredentials(int node, const std::string& id, const std::string& secret) {
    const auto response = Request(Node(node), "POST", "/oauth/token", "grant_type=client_credentials",
                                  "Content-Type: application/x-www-form-urlencoded\r\nAuthorization: Basic " +
                                      Base64(id + ":" + secret) + "\r\n");
    return response.value_or(RawResponse{});
  }

  // A web app with the code grant and one redirect URI, made through node A's admin API; {id, secret}.
  static std::pair<std::string, std::string> CodeApp(const std::string& name) {
    const auto [status, created] = CallJson(Node(0), "POST", "/api/v1/admin/apps",
                                            {{"name", name},
                                             {"type", "web"},
                                             {"redirect_uris", {kRedirectUri}},
                                             {"grant_types", {"authorization_code", "refresh_token"}},
                                             {"scopes", {"openid", "profile"}}},
                                            RootToken());
    EXPECT_EQ(status, 201) << created;
    return {created["data"].value("client_id", ""), created["data"].value("client_secret", "")};
  }
  // Signs `username` in on node A's hosted pages as a browser would, consents, and returns the code.
  static std::string CodeFromNodeA(const std::string& client_id, const std::string& username) {
    Browser browser(Node(0));
    auto page = browser.Get("/oauth/authorize?response_type=code&client_id=" + client_id +
                            "&redirect_uri=" + Encode(kRedirectUri) + "&scope=openid%20profile&state=st-1" +
                            "&nonce=n-1&code_challenge=" + kChallenge + "&code_challenge_method=S256");
    if (page.status == 200 && page.body.find("name=\"password\"") != std::string::npos) {
      auto fields = HiddenFields(page.body);
      fields["account"] = username;
      fields["password"] = kPassword;
      page = browser.PostForm("/oauth/login", fields);
    }
    if (page.status == 200 && page.body.find("action=\"/oauth/consent\"") != std::string::npos) {
      auto fields = HiddenFields(page.body);
      fields["decision"] = "allow";
      page = browser.PostForm("/oauth/consent", fields);
    }
    EXPECT_EQ(page.status, 303) << page.body;
    EXPECT_EQ(QueryValue(page.Header("location"), "state"), "st-1") << page.Header("location");
    return QueryValue(page.Header("location"), "code");
  }
  static RawResponse RedeemCode(int node, const std::pair<std::string, std::string>& app, const std::string& code) {
    const auto response = Request(Node(node), "POST", "/oauth/token",
                                  "grant_type=authorization_code&code=" + Encode(code) +
                                      "&redirect_uri=" + Encode(kRedirectUri) + "&code_verifier=" + kVerifier,
                                  "Content-Type: application/x-www-form-urlencoded\r\nAuthorization: Basic " +
                                      Base64(app.first + ":" + app.second) + "\r\n");
    return response.value_or(RawResponse{});
  }
  static std::pair<int, json> UserInfo(int node, const std::string& access_token) {
    const auto response =
        Request(Node(node), "GET", "/oauth/userinfo", {}, "Authorization: Bearer " + access_token + "\r\n");
    if (!response) return {0, nullptr};
    return {response->status, json::parse(response->body, nullptr, false)};
  }

  static inline test_support::PostgresServer* postgres_ = nullptr;
  static inline RedisServer* redis_ = nullptr;
  static inline std::filesystem::path data_dir_;
  static inline std::vector<std::unique_ptr<ServerProcess>> nodes_;
};

TEST_F(MultiNodeTest, RegisteredOnASignedInOnBTheTokenWorksOnCAndALogoutOnCEndsItOnA) {
  ASSERT_EQ(Register(0, "traveller").first, 201);
  const auto [status, login] = Login(1, "traveller");
  ASSERT_EQ(status, 200) << login;
  const auto token = login["data"]["access_token"].get<std::string>();
  EXPECT_EQ(CallJson(Node(2), "GET", "/api/v1/me", nullptr, token).second["data"]["username"], "traveller");
  ASSERT_EQ(CallJson(Node(2), "POST", "/api/v1/auth/logout", nullptr, token).first, 200);
  const auto [refused_status, refused] = CallJson(Node(0), "GET", "/api/v1/me", nullptr, token);
  EXPECT_EQ(refused_status, 401) << refused;
  EXPECT_EQ(refused["error"], "token.revoked");
}

TEST_F(MultiNodeTest, FiftyParallelWrongPasswordsOverThreeNodesCheckThePasswordOnlyUpToTheLimit) {
  ASSERT_EQ(Register(0, "besieged").first, 201);
  std::atomic<int> checked{0};
  std::atomic<int> locked{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] {
      const auto error = Login(i % 3, "besieged", "wrong guess").second.value("error", "");
      if (error == "auth.invalid_credentials") ++checked;
      if (error == "account.temporarily_locked") ++locked;
    });
  }
  for (auto& t : threads) t.join();
  // login.max_failures is 5: five guesses were compared with the password, every other one was refused unseen.
  EXPECT_EQ(checked.load(), 5);
  EXPECT_EQ(locked.load(), 45);
  EXPECT_EQ(Login(1, "besieged").second["error"], "account.temporarily_locked");
}

TEST_F(MultiNodeTest, ARefreshTokenRotatedOnAAndReplayedOnBEndsTheFamilyEverywhere) {
  ASSERT_EQ(Register(0, "rotator").first, 201);
  const auto login = Login(0, "rotator").second["data"];
  const auto first = login["refresh_token"].get<std::string>();
  const auto [rotated_status, rotated] = CallJson(Node(0), "POST", "/api/v1/auth/refresh", {{"refresh_token", first}});
  ASSERT_EQ(rotated_status, 200) << rotated;
  const auto second = rotated["data"]["refresh_token"].get<std::string>();
  const auto access = rotated["data"]["access_token"].get<std::string>();

  EXPECT_EQ(CallJson(Node(1), "POST", "/api/v1/auth/refresh", {{"refresh_token", first}}).second["error"],
            "token.invalid");
  EXPECT_EQ(CallJson(Node(2), "POST", "/api/v1/auth/refresh", {{"refresh_token", second}}).second["error"],
            "token.invalid");
  EXPECT_EQ(CallJson(Node(2), "GET", "/api/v1/me", nullptr, access).second["error"], "token.revoked");
}

TEST_F(MultiNodeTest, AnAppDeletedOnAStopsAuthenticatingOnCAtOnce) {
  const auto root = RootToken();
  ASSERT_FALSE(root.empty());
  const auto [created_status, created] = CallJson(
      Node(0), "POST", "/api/v1/admin/apps", {{"name", "Fleet"}, {"type", "m2m"}, {"scopes", {"fleet.read"}}}, root);
  ASSERT_EQ(created_status, 201) << created;
  const auto id = created["data"]["client_id"].get<std::string>();
  const auto secret = created["data"]["client_secret"].get<std::string>();
  // Node C caches the app on first use.
  ASSERT_EQ(ClientCredentials(2, id, secret).status, 200);
  ASSERT_EQ(CallJson(Node(0), "DELETE", "/api/v1/admin/apps/" + id, nullptr, root).first, 200);
  const auto refused = ClientCredentials(2, id, secret);
  EXPECT_EQ(refused.status, 401) << refused.body;
  EXPECT_NE(refused.body.find("invalid_client"), std::string::npos) << refused.body;
}

TEST_F(MultiNodeTest, ACodeIssuedOnAIsRedeemedOnBAndItsAccessTokenWorksOnC) {
  const auto [registered, account] = Register(0, "relying");
  ASSERT_EQ(registered, 201) << account;
  const auto app = CodeApp("Relay");
  const auto code = CodeFromNodeA(app.first, "relying");
  ASSERT_FALSE(code.empty());

  const auto redeemed = RedeemCode(1, app, code);
  ASSERT_EQ(redeemed.status, 200) << redeemed.body;
  const auto tokens = json::parse(redeemed.body, nullptr, false);
  EXPECT_TRUE(tokens.contains("id_token")) << tokens;
  const auto [status, claims] = UserInfo(2, tokens.value("access_token", ""));
  ASSERT_EQ(status, 200) << claims;
  EXPECT_EQ(claims["sub"], account["data"]["id"]) << claims;
  EXPECT_EQ(claims["preferred_username"], "relying") << claims;
  // Spent on B, the code is spent everywhere.
  EXPECT_EQ(RedeemCode(0, app, code).status, 400);
}

TEST_F(MultiNodeTest, OneCodeRedeemedAtOnceOnBAndOnCHasOneWinnerWhoseTokensAreThenRevoked) {
  ASSERT_EQ(Register(0, "racer").first, 201);
  const auto app = CodeApp("Race");
  for (int round = 0; round < 3; ++round) {
    const auto code = CodeFromNodeA(app.first, "racer");
    ASSERT_FALSE(code.empty());
    std::barrier start(2);
    RawResponse on_b, on_c;
    std::thread b([&] {
      start.arrive_and_wait();
      on_b = RedeemCode(1, app, code);
    });
    std::thread c([&] {
      start.arrive_and_wait();
      on_c = RedeemCode(2, app, code);
    });
    b.join();
    c.join();
    const auto& winner = on_b.status == 200 ? on_b : on_c;
    const auto& loser = on_b.status == 200 ? on_c : on_b;
    ASSERT_EQ(winner.status, 200) << "round " << round << ": " << on_b.body << " / " << on_c.body;
    EXPECT_EQ(loser.status, 400) << "round " << round << ": " << loser.body;
    EXPECT_EQ(json::parse(loser.body, nullptr, false).value("error", ""), "invalid_grant") << loser.body;
    // RFC 6749 4.1.2: a code used twice may have been stolen, so what it gave is revoked, on every node.
    const auto tokens = json::parse(winner.body, nullptr, false);
    for (int node = 0; node < 3; ++node) {
      const auto [status, refused] = UserInfo(node, tokens.value("access_token", ""));
      EXPECT_EQ(status, 401) << "round " << round << ", node " << node << ": " << refused;
    }
    const auto refreshed =
        Request(Node(0), "POST", "/oauth/token",
                "grant_type=refresh_token&refresh_token=" + Encode(tokens.value("refresh_token", "")),
                "Content-Type: application/x-www-form-urlencoded\r\nAuthorization: Basic " +
                    Base64(app.first + ":" + app.second) + "\r\n");
    ASSERT_TRUE(refreshed.has_value());
    EXPECT_EQ(json::parse(refreshed->body, nullptr, false).value("error", ""), "invalid_grant") << refreshed->body;
  }
}

}  // namespace
}  // namespace menshen::testing
