// The server on Redis (kv.url = redis://...): revocations live there, a Redis outage refuses what needs it
// with the catalog's cache error and makes the node unready, and the node recovers without a restart.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "json_api.hpp"
#include "raw_client.hpp"
#include "server_process.hpp"
#include "support/redis_server.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kPassword = "plum orchard lantern 42";

class KvRedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Running());
    // Seed 003's profile, whose table has a row of its own for a cache failure.
    server_.emplace(std::vector<std::string>{"--set", "kv.url=" + redis_.Url(), "--set",
                                             "catalog.profile=account-billing", "--set", "kv.prefix=it:"});
    ASSERT_TRUE(server_->Started());
  }

  std::pair<int, json> Call(const std::string& method, const std::string& path, const json& body = nullptr,
                            const std::string& token = {}) {
    return CallJson(server_->Port(), method, path, body, token);
  }
  std::string SignIn(const std::string& username) {
    const auto [status, login] = Call("POST", "/api/v1/auth/login", {{"account", username}, {"password", kPassword}});
    EXPECT_EQ(status, 200) << login;
    return login["data"]["access_token"].get<std::string>();
  }
  int Ready() {
    const auto response = Request(server_->Port(), "GET", "/readyz");
    return response ? response->status : 0;
  }

  RedisServer redis_;
  std::optional<ServerProcess> server_;
};

TEST_F(KvRedisTest, LogoutRevokesTheAccessTokenThroughRedis) {
  ASSERT_EQ(Call("POST", "/api/v1/auth/register", {{"username", "leaver"}, {"password", kPassword}}).first, 201);
  const auto gone = SignIn("leaver");
  const auto kept = SignIn("leaver");
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, gone).first, 200);
  EXPECT_EQ(Call("POST", "/api/v1/auth/logout", nullptr, gone).first, 200);
  const auto [status, refused] = Call("GET", "/api/v1/me", nullptr, gone);
  EXPECT_EQ(status, 401) << refused;
  EXPECT_EQ(refused["error"], "token.revoked");
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, kept).first, 200);
  // The revocation is in Redis, under the configured prefix.
  const auto keys = redis_.Command({"KEYS", "it:kv:*"});
  ASSERT_TRUE(keys.has_value());
  EXPECT_FALSE(keys->empty()) << "nothing was written to Redis";
}

TEST_F(KvRedisTest, RedisDownRefusesWithTheCacheErrorAndRecoversWithoutARestart) {
  ASSERT_EQ(Call("POST", "/api/v1/auth/register", {{"username", "weather"}, {"password", kPassword}}).first, 201);
  const auto token = SignIn("weather");
  ASSERT_EQ(Call("GET", "/api/v1/me", nullptr, token).first, 200);
  EXPECT_EQ(Ready(), 200);

  redis_.Stop();
  // Whether the token is revoked cannot be checked: it is refused, quickly, with the cache error.
  const auto start = SteadyClock::now();
  const auto [status, refused] = Call("GET", "/api/v1/me", nullptr, token);
  EXPECT_LT(SteadyClock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(status, 503) << refused;
  EXPECT_EQ(refused["code"], 1000) << refused;
  EXPECT_EQ(refused["error"], "infra.cache_error");
  EXPECT_EQ(Ready(), 503);

  ASSERT_TRUE(redis_.Start());
  EXPECT_EQ(Ready(), 200);
  const auto [back, me] = Call("GET", "/api/v1/me", nullptr, token);
  EXPECT_EQ(back, 200) << me;
  EXPECT_EQ(me["data"]["username"], "weather");
}

TEST(KvRedisStartTest, UnreachableRedisAtStartLeavesTheNodeUnreadyUntilItAnswers) {
  RedisServer redis;
  ASSERT_TRUE(redis.Running());
  redis.Stop();
  ServerProcess server({"--set", "kv.url=" + redis.Url()});
  ASSERT_TRUE(server.Started());
  const auto ready = [&] {
    const auto response = Request(server.Port(), "GET", "/readyz");
    return response ? response->status : 0;
  };
  EXPECT_EQ(ready(), 503);
  ASSERT_TRUE(redis.Start());
  EXPECT_EQ(ready(), 200);
}

}  // namespace
}  // namespace menshen::testing
