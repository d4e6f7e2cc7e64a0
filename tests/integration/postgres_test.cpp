// menshen on PostgreSQL through the real binary: `menshen migrate`, accounts that survive a restart of
// menshen, and a database that goes away and comes back while menshen keeps running.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include "json_api.hpp"
#include "postgres_server.hpp"
#include "server_process.hpp"

namespace menshen::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kPassword = "plum orchard lantern 42";

class PostgresServe : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = postgres_.CreateDatabase("menshen");
    data_dir_ = MakeTempDir("menshen-it-pg");  // shared by both runs: the key-encryption key lives here
  }
  void TearDown() override {
    if (!postgres_.Running()) postgres_.Start();
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }

  std::unique_ptr<ServerProcess> StartMenshen() {
    auto server = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--set", "database.url=" + url_, "--set", "accounts.max_registrations_per_ip=0"},
        data_dir_);
    EXPECT_TRUE(server->Started());
    return server;
  }

  static std::pair<int, json> Login(const ServerProcess& server, const std::string& account) {
    return CallJson(server.Port(), "POST", "/api/v1/auth/login", {{"account", account}, {"password", kPassword}});
  }

  test_support::PostgresServer postgres_;
  std::string url_;
  std::filesystem::path data_dir_;
};

TEST_F(PostgresServe, MigrateThenServeAndAnAccountOutlivesARestartOfMenshen) {
  const auto [code, output] =
      RunMenshen({"migrate", "--data-dir", data_dir_.string(), "--set", "database.url=" + url_});
  ASSERT_EQ(code, 0) << output;
  EXPECT_NE(output.find("applied"), std::string::npos) << output;
  const auto [code_again, output_again] =
      RunMenshen({"migrate", "--data-dir", data_dir_.string(), "--set", "database.url=" + url_});
  EXPECT_EQ(code_again, 0);
  EXPECT_NE(output_again.find("applied 0 migration(s)"), std::string::npos) << output_again;

  auto first = StartMenshen();
  ASSERT_TRUE(first->Started());
  const auto [registered, created] =
      CallJson(first->Port(), "POST", "/api/v1/auth/register", {{"username", "pg_user"}, {"password", kPassword}});
  ASSERT_EQ(registered, 201) << created;
  const auto [taken, again] =
      CallJson(first->Port(), "POST", "/api/v1/auth/register", {{"username", "PG_User"}, {"password", kPassword}});
  EXPECT_EQ(again["error"], "identity.registration_rejected") << again;  // taken, without saying which
  ASSERT_EQ(Login(*first, "pg_user").first, 200);
  EXPECT_EQ(first->Stop(SIGTERM), 0);

  auto second = StartMenshen();
  ASSERT_TRUE(second->Started());
  const auto [status, login] = Login(*second, "pg_user");
  ASSERT_EQ(status, 200) << login;
  const auto [me_status, me] =
      CallJson(second->Port(), "GET", "/api/v1/me", nullptr, login["data"]["access_token"].get<std::string>());
  EXPECT_EQ(me_status, 200);
  EXPECT_EQ(me["data"]["id"], created["data"]["id"]);
}

TEST_F(PostgresServe, WhileTheDatabaseIsDownRequestsAnswer503AtOnceAndServiceResumesWhenItReturns) {
  auto server = StartMenshen();
  ASSERT_TRUE(server->Started());
  ASSERT_EQ(CallJson(server->Port(), "POST", "/api/v1/auth/register", {{"username", "steady"}, {"password", kPassword}})
                .first,
            201);
  ASSERT_EQ(CallJson(server->Port(), "GET", "/readyz").first, 200);

  postgres_.Stop();
  for (int round = 0; round < 3; ++round) {
    const auto start = std::chrono::steady_clock::now();
    const auto [ready, not_ready] = CallJson(server->Port(), "GET", "/readyz");
    const auto [status, refused] = Login(*server, "steady");
    const auto [registered, failed] =
        CallJson(server->Port(), "POST", "/api/v1/auth/register", {{"username", "later"}, {"password", kPassword}});
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms) << "three requests against a stopped database";
    EXPECT_EQ(ready, 503) << not_ready;
    EXPECT_EQ(status, 503) << refused;
    EXPECT_EQ(refused["error"], "infra.database_error") << refused;
    EXPECT_EQ(registered, 503) << failed;
    EXPECT_EQ(failed["error"], "infra.database_error") << failed;
    EXPECT_EQ(failed.dump().find("127.0.0.1"), std::string::npos) << "no connection detail reaches the client";
  }

  postgres_.Start();
  int ready = 0;
  for (int attempt = 0; attempt < 50 && ready != 200; ++attempt) {
    ready = CallJson(server->Port(), "GET", "/readyz").first;
    if (ready != 200) std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(ready, 200);
  EXPECT_EQ(Login(*server, "steady").first, 200);
}

}  // namespace
}  // namespace menshen::testing
