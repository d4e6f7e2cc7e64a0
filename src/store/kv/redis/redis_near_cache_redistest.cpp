// The near cache, seen through two RedisKv on one server as two nodes would see it: a read of a read-mostly
// key costs no round trip, a write on one is seen by the next read on the other, and a subscription that
// breaks or falls silent is not trusted.
#include <gtest/gtest.h>

#include <atomic>
#include <charconv>
#include <thread>

#include "store/kv/kv_contract.hpp"
#include "store/kv/redis/redis_kv.hpp"
#include "support/redis_server.hpp"

namespace menshen::store::kv {
namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

constexpr std::string_view kNear = "revoked:";

std::unique_ptr<RedisKv> Node(const testing::RedisServer& server, milliseconds heartbeat = milliseconds(500),
                              milliseconds timeout = milliseconds(1000)) {
  auto kv = std::make_unique<RedisKv>(RedisKvOptions{
      .url = ParseRedisUrl(server.Url()).value(), .prefix = "near:", .timeout = timeout, .heartbeat = heartbeat});
  kv->DeclareReadMostly(kNear);
  return kv;
}

// How many GETs the server has answered since it started.
std::int64_t GetsServed(const testing::RedisServer& server) {
  const auto info = server.Command({"INFO", "commandstats"}).value_or("");
  const auto at = info.find("cmdstat_get:calls=");
  if (at == std::string::npos) return 0;
  std::int64_t calls = 0;
  const char* begin = info.data() + at + std::string_view("cmdstat_get:calls=").size();
  std::from_chars(begin, info.data() + info.size(), calls);
  return calls;
}

// Reads `key` on `kv` until a read is answered from memory (the subscription is up), at most two seconds.
bool WaitUntilKeptNear(const testing::RedisServer& server, RedisKv& kv, std::string_view key) {
  const auto deadline = SteadyClock::now() + std::chrono::seconds(2);
  while (SteadyClock::now() < deadline) {
    EXPECT_TRUE(kv.Get(key).has_value());
    const auto before = GetsServed(server);
    EXPECT_TRUE(kv.Get(key).has_value());
    if (GetsServed(server) == before) return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return false;
}

// The whole contract again with every key kept near: the cache changes no answer.
KvBackend NearEverywhere() {
  return {.name = "RedisNearEverywhere",
          .make = [](const Clock&, std::size_t) -> std::unique_ptr<Kv> {
            static testing::RedisServer server;
            static std::atomic<int> cases{0};
            EXPECT_TRUE(server.Running()) << "redis-server did not start";
            auto kv = std::make_unique<RedisKv>(RedisKvOptions{.url = ParseRedisUrl(server.Url()).value(),
                                                               .prefix = "near" + std::to_string(++cases) + ":",
                                                               .pool_size = 16});
            kv->DeclareReadMostly("");
            return kv;
          },
          .real_time = true,
          .enforces_key_cap = false};
}

INSTANTIATE_TEST_SUITE_P(RedisNearCache, KvContract, ::testing::Values(NearEverywhere()), KvBackendName);

TEST(RedisNearCacheTest, ReadsOfAReadMostlyKeyAreAnsweredFromMemoryAndOthersAreNot) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  auto node = Node(server);
  ASSERT_TRUE(node->Set("revoked:s1", "1"));
  ASSERT_TRUE(WaitUntilKeptNear(server, *node, "revoked:s1"));

  auto before = GetsServed(server);
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(node->Get("revoked:s1").value(), std::optional<std::string>("1"));
    ASSERT_EQ(node->Get("revoked:absent").value(), std::nullopt);
  }
  EXPECT_LE(GetsServed(server) - before, 1) << "one read of the absent key, then memory";

  before = GetsServed(server);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(node->Get("session:x").has_value());
  EXPECT_EQ(GetsServed(server) - before, 20) << "a key not declared read-mostly is read from Redis each time";
}

TEST(RedisNearCacheTest, AWriteAcknowledgedOnOneNodeIsSeenByTheNextReadOnAnother) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  auto a = Node(server);
  auto b = Node(server);
  ASSERT_TRUE(a->Set("revoked:k", "0"));
  ASSERT_TRUE(WaitUntilKeptNear(server, *a, "revoked:k"));
  ASSERT_TRUE(WaitUntilKeptNear(server, *b, "revoked:k"));
  auto a_generation = a->OpenGeneration("apps");
  auto b_generation = b->OpenGeneration("apps");

  for (int i = 1; i <= 300; ++i) {
    auto& writer = i % 2 == 0 ? *a : *b;
    auto& reader = i % 2 == 0 ? *b : *a;
    ASSERT_TRUE(writer.Set("revoked:k", std::to_string(i)));
    ASSERT_EQ(reader.Get("revoked:k").value(), std::optional<std::string>(std::to_string(i))) << "write " << i;
    ASSERT_EQ(writer.Get("revoked:k").value(), std::optional<std::string>(std::to_string(i))) << "write " << i;
    const auto bumped = (i % 2 == 0 ? *a_generation : *b_generation).Bump().value();
    ASSERT_EQ((i % 2 == 0 ? *b_generation : *a_generation).Current().value(), bumped) << "bump " << i;
  }
  ASSERT_TRUE(a->Delete("revoked:k").value());
  EXPECT_EQ(b->Get("revoked:k").value(), std::nullopt);
  ASSERT_TRUE(a->SetIfAbsent("revoked:k", "again").value());
  EXPECT_EQ(b->Get("revoked:k").value(), std::optional<std::string>("again"));
}

TEST(RedisNearCacheTest, ConcurrentReadersNeverSeeAWriteUndoneOnceAcknowledged) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  auto a = Node(server);
  auto b = Node(server);
  ASSERT_TRUE(a->Set("revoked:n", "0"));
  ASSERT_TRUE(WaitUntilKeptNear(server, *b, "revoked:n"));
  std::atomic<int> acknowledged{0};
  std::atomic<bool> done{false};
  std::atomic<int> stale{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      while (!done) {
        const int floor = acknowledged.load();
        const auto seen = b->Get("revoked:n");
        if (!seen || !seen->has_value()) continue;
        if (std::stoi(**seen) < floor) ++stale;
      }
    });
  }
  for (int i = 1; i <= 500; ++i) {
    ASSERT_TRUE(a->Set("revoked:n", std::to_string(i)));
    acknowledged = i;
  }
  done = true;
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(stale.load(), 0);
}

TEST(RedisNearCacheTest, ACopyExpiresWithItsKey) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  auto node = Node(server);
  ASSERT_TRUE(node->Set("revoked:warm", "1"));
  ASSERT_TRUE(WaitUntilKeptNear(server, *node, "revoked:warm"));
  ASSERT_TRUE(node->Set("revoked:t", "1", milliseconds(300)));
  ASSERT_EQ(node->Get("revoked:t").value(), std::optional<std::string>("1"));
  std::this_thread::sleep_for(milliseconds(400));
  EXPECT_EQ(node->Get("revoked:t").value(), std::nullopt);
}

TEST(RedisNearCacheTest, WhenRedisStopsNothingIsAnsweredFromMemoryAndAfterItsReturnWritesAreSeenAgain) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  auto a = Node(server, milliseconds(100));
  auto b = Node(server, milliseconds(100));
  ASSERT_TRUE(a->Set("revoked:x", "1"));
  ASSERT_TRUE(WaitUntilKeptNear(server, *b, "revoked:x"));

  server.Stop();
  const auto refused = b->Get("revoked:x");
  ASSERT_FALSE(refused.has_value()) << "a revocation that cannot be checked is not taken from memory";
  EXPECT_EQ(refused.error().id, ErrorId::kInfraCacheError);

  ASSERT_TRUE(server.Start());
  // The restarted server has no data; once b has subscribed again, a's writes reach it at once.
  ASSERT_TRUE(a->Set("revoked:x", "2"));
  ASSERT_TRUE(WaitUntilKeptNear(server, *b, "revoked:x"));
  ASSERT_TRUE(a->Set("revoked:x", "3"));
  EXPECT_EQ(b->Get("revoked:x").value(), std::optional<std::string>("3"));
}

TEST(RedisNearCacheTest, ASubscriptionThatFallsSilentIsNotTrustedBeyondHeartbeatAndTimeout) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  auto node = Node(server, milliseconds(100), milliseconds(300));
  ASSERT_TRUE(node->Set("revoked:y", "1"));
  ASSERT_TRUE(WaitUntilKeptNear(server, *node, "revoked:y"));

  // A server that stops answering without closing anything, as behind a dead network path.
  ASSERT_EQ(server.Command({"CLIENT", "PAUSE", "2000", "ALL"}).value_or(""), "OK");
  std::this_thread::sleep_for(milliseconds(600));
  const auto start = SteadyClock::now();
  const auto answer = node->Get("revoked:y");
  ASSERT_FALSE(answer.has_value()) << "answered from a copy nobody can vouch for";
  EXPECT_EQ(answer.error().id, ErrorId::kInfraCacheError);
  EXPECT_LT(SteadyClock::now() - start, milliseconds(1000));
  ASSERT_EQ(server.Command({"CLIENT", "UNPAUSE"}).value_or(""), "OK");
  EXPECT_TRUE(WaitUntilKeptNear(server, *node, "revoked:y"));
}

}  // namespace
}  // namespace menshen::store::kv
