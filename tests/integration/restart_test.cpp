// What decides security outlives the process: a server killed with SIGKILL and started again on the same data
// folder still refuses a token revoked before the kill, and still holds a lock-out that was in force.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "json_api.hpp"
#include "server_process.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "plum orchard lantern 42";

std::pair<int, json> Login(const ServerProcess& server, const std::string& account, const std::string& password,
                           const std::string& from = "127.0.0.1") {
  return CallJson(server.Port(), "POST", "/api/v1/auth/login", {{"account", account}, {"password", password}}, {},
                  from);
}

class RestartTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(data_dir_); }
  // Kills the running server with SIGKILL, as a crash would, and starts another on the same folder.
  std::unique_ptr<ServerProcess> Crash(std::unique_ptr<ServerProcess> server) {
    EXPECT_EQ(server->Stop(SIGKILL), 128 + SIGKILL);
    server.reset();
    auto next = std::make_unique<ServerProcess>(std::vector<std::string>{}, data_dir_);
    EXPECT_TRUE(next->Started());
    return next;
  }
  std::filesystem::path data_dir_ = MakeTempDir("menshen-restart");
};

TEST_F(RestartTest, ATokenRevokedByLogoutStaysRevokedAfterACrash) {
  auto server = std::make_unique<ServerProcess>(std::vector<std::string>{}, data_dir_);
  ASSERT_TRUE(server->Started());
  ASSERT_EQ(CallJson(server->Port(), "POST", "/api/v1/auth/register", {{"username", "leaver"}, {"password", kPassword}})
                .first,
            201);
  const auto token = Login(*server, "leaver", kPassword).second["data"]["access_token"].get<std::string>();
  ASSERT_EQ(CallJson(server->Port(), "POST", "/api/v1/auth/logout", nullptr, token).first, 200);

  server = Crash(std::move(server));
  const auto [status, body] = CallJson(server->Port(), "GET", "/api/v1/me", nullptr, token);
  EXPECT_EQ(status, 401) << body;
  EXPECT_EQ(body["error"], "token.revoked");
}

TEST_F(RestartTest, ALockOutInForceHoldsAfterACrash) {
  auto server = std::make_unique<ServerProcess>(std::vector<std::string>{}, data_dir_);
  ASSERT_TRUE(server->Started());
  ASSERT_EQ(CallJson(server->Port(), "POST", "/api/v1/auth/register", {{"username", "target"}, {"password", kPassword}})
                .first,
            201);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Login(*server, "target", "wrong guess", "127.0.0.2").first, 401);
  ASSERT_EQ(Login(*server, "target", kPassword, "127.0.0.2").second["error"], "account.temporarily_locked");

  server = Crash(std::move(server));
  const auto [status, body] = Login(*server, "target", kPassword, "127.0.0.2");
  EXPECT_EQ(status, 403) << body;
  EXPECT_EQ(body["error"], "account.temporarily_locked");
  // The lock is the attacker's source's alone, after the restart as before.
  EXPECT_EQ(Login(*server, "target", kPassword, "127.0.0.3").first, 200);
}

TEST_F(RestartTest, ASecondServerOnTheSameDataFolderRefusesToStart) {
  ServerProcess first({}, data_dir_);
  ASSERT_TRUE(first.Started());
  ServerProcess second({}, data_dir_);
  EXPECT_FALSE(second.Started());
  EXPECT_EQ(second.Stop(SIGTERM, std::chrono::seconds(5)), 1);
  bool said_why = false;
  for (const auto& line : second.Lines()) said_why |= line.find("kv.url") != std::string::npos;
  EXPECT_TRUE(said_why);
  // The first server goes on serving.
  EXPECT_EQ(CallJson(first.Port(), "GET", "/healthz").first, 200);
}

}  // namespace
}  // namespace menshen::testing
