// RedisKv holds to the Kv contract, against a redis-server that this test binary starts.
#include <gtest/gtest.h>

#include <atomic>

#include "store/kv/kv_contract.hpp"
#include "store/kv/redis/redis_kv.hpp"
#include "support/redis_server.hpp"

namespace menshen::store::kv {
namespace {

// One server for the whole binary; each case gets a prefix of its own, so cases never see each other's keys.
testing::RedisServer& SharedServer() {
  static testing::RedisServer server;
  return server;
}

KvBackend RedisBackend() {
  return {.name = "Redis",
          .make = [](const Clock&, std::size_t) -> std::unique_ptr<Kv> {
            static std::atomic<int> cases{0};
            auto& server = SharedServer();
            EXPECT_TRUE(server.Running()) << "redis-server did not start";
            return std::make_unique<RedisKv>(RedisKvOptions{.url = ParseRedisUrl(server.Url()).value(),
                                                            .prefix = "contract" + std::to_string(++cases) + ":",
                                                            .pool_size = 16});
          },
          .real_time = true,
          .enforces_key_cap = false};
}

INSTANTIATE_TEST_SUITE_P(RedisKv, KvContract, ::testing::Values(RedisBackend()), KvBackendName);

}  // namespace
}  // namespace menshen::store::kv
