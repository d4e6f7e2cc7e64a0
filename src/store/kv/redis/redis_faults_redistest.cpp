// The Redis driver beyond the contract: prefixes that keep deployments apart, credentials from the URL, a
// server that stops, restarts or drops connections, a full pool, and races between many threads.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

#include "store/kv/redis/redis_kv.hpp"
#include "store/kv/redis/redis_pool.hpp"
#include "support/redis_server.hpp"

namespace menshen::store::kv {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

RedisKv Store(const testing::RedisServer& server, std::string prefix = "menshen:", std::size_t pool_size = 8) {
  return RedisKv(RedisKvOptions{.url = ParseRedisUrl(server.Url()).value(),
                                .prefix = std::move(prefix),
                                .pool_size = pool_size,
                                .timeout = milliseconds(1000)});
}

template <class T>
void ExpectCacheError(const Result<T>& result, const char* what) {
  ASSERT_FALSE(result.has_value()) << what;
  EXPECT_EQ(result.error().id, ErrorId::kInfraCacheError) << what;
}

// Every call of the Kv, each timed: all must fail fast with the cache error.
void ExpectEveryCallFailsFast(RedisKv& kv) {
  auto generation = kv.OpenGeneration("apps");
  auto timed = [](auto call, const char* what) {
    const auto start = Clock::now();
    ExpectCacheError(call(), what);
    EXPECT_LT(Clock::now() - start, milliseconds(1000)) << what;
  };
  timed([&] { return kv.Get("k"); }, "Get");
  timed([&] { return kv.Set("k", "v", milliseconds(1000)); }, "Set");
  timed([&] { return kv.SetIfAbsent("k", "v"); }, "SetIfAbsent");
  timed([&] { return kv.Delete("k"); }, "Delete");
  timed([&] { return kv.Increment("n"); }, "Increment");
  timed([&] { return kv.Increment("n", 1, milliseconds(1000)); }, "Increment with TTL");
  timed([&] { return kv.Expire("k", kNoExpiry); }, "Expire");
  timed([&] { return kv.Ttl("k"); }, "Ttl");
  timed([&] { return generation->Current(); }, "Current");
  timed([&] { return generation->Bump(); }, "Bump");
  timed([&] { return kv.Ping(); }, "Ping");
}

TEST(RedisKvTest, TwoPrefixesOnOneServerDoNotSeeEachOthersKeys) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  auto blue = Store(server, "blue:");
  auto green = Store(server, "green:");
  ASSERT_TRUE(blue.Set("session", "b"));
  EXPECT_EQ(green.Get("session").value(), std::nullopt);
  EXPECT_EQ(green.SetIfAbsent("session", "g"), true);
  EXPECT_EQ(blue.Get("session").value(), "b");
  EXPECT_EQ(green.Increment("hits"), 1);
  EXPECT_EQ(blue.Increment("hits"), 1);
  EXPECT_EQ(blue.OpenGeneration("apps")->Bump(), 1);
  EXPECT_EQ(green.OpenGeneration("apps")->Current(), 0);
  EXPECT_EQ(green.Delete("session"), true);
  EXPECT_EQ(blue.Get("session").value(), "b");
  // Everything each wrote lies under its own prefix.
  const auto keys = server.Command({"KEYS", "*"}).value_or("");
  std::size_t seen = 0;
  for (std::size_t start = 0; start < keys.size(); start = keys.find('\n', start) + 1) {
    const auto line = keys.substr(start, keys.find('\n', start) - start);
    EXPECT_TRUE(line.starts_with("blue:") || line.starts_with("green:")) << line;
    ++seen;
    if (keys.find('\n', start) == std::string::npos) break;
  }
  EXPECT_EQ(seen, 4u) << keys;
}

TEST(RedisKvTest, PasswordAndDatabaseComeFromTheUrl) {
  testing::RedisServer server("correct-horse");
  ASSERT_TRUE(server.Running());
  RedisKv kv(RedisKvOptions{.url = ParseRedisUrl(server.Url() + "/3").value()});
  ASSERT_TRUE(kv.Set("k", "v"));
  EXPECT_EQ(kv.Get("k").value(), "v");
  EXPECT_NE(server.Command({"INFO", "keyspace"}).value_or("").find("db3:keys=1"), std::string::npos);

  RedisKv wrong(
      RedisKvOptions{.url = RedisUrl{.host = "127.0.0.1", .port = server.Port(), .password = "battery staple"}});
  auto refused = wrong.Get("k");
  ExpectCacheError(refused, "a wrong password");
  EXPECT_EQ(refused.error().internal_detail.find("battery"), std::string::npos) << refused.error().internal_detail;
  ExpectCacheError(RedisKv(RedisKvOptions{.url = RedisUrl{.host = "127.0.0.1", .port = server.Port()}}).Ping(),
                   "no password");
}

TEST(RedisKvTest, StoppedServerAnswersEveryCallWithTheCacheErrorWithinASecond) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  auto kv = Store(server);
  ASSERT_TRUE(kv.Set("k", "v"));
  server.Stop();
  ExpectEveryCallFailsFast(kv);
}

TEST(RedisKvTest, SilentServerIsCutOffAtTheTimeout) {
  // A socket that completes the handshake (the kernel's backlog) but never answers: a hung server.
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{.sin_family = AF_INET, .sin_port = 0, .sin_addr = {htonl(INADDR_LOOPBACK)}, .sin_zero = {}};
  socklen_t length = sizeof(address);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(listener, 16), 0);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  RedisKv kv(RedisKvOptions{.url = RedisUrl{.host = "127.0.0.1", .port = ntohs(address.sin_port)},
                            .timeout = milliseconds(200)});
  const auto start = Clock::now();
  ExpectCacheError(kv.Get("k"), "Get");
  ExpectCacheError(kv.Increment("k", 1, milliseconds(100)), "Increment");
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
  close(listener);
}

TEST(RedisKvTest, RestartedServerIsServedAgainByTheSameStore) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  auto kv = Store(server);
  ASSERT_TRUE(kv.Set("k", "v"));
  ASSERT_EQ(kv.Increment("n", 1, milliseconds(60'000)), 1);  // the script is now loaded on the server

  // Restarted while idle: pooled connections are dead, and the first call still succeeds.
  server.Stop();
  ASSERT_TRUE(server.Start());
  EXPECT_EQ(kv.Get("k").value(), std::nullopt) << "the server keeps nothing across a restart";
  // The new server lacks the script: EVALSHA falls back to EVAL.
  EXPECT_EQ(kv.Increment("n", 1, milliseconds(60'000)), 1);

  // Restarted after calls failed while it was down.
  server.Stop();
  ExpectCacheError(kv.Set("k", "v"), "Set while down");
  ASSERT_TRUE(server.Start());
  EXPECT_TRUE(kv.Set("k", "v"));
  EXPECT_EQ(kv.Get("k").value(), "v");
  EXPECT_EQ(kv.Ttl("n").value().state, TtlState::kMissing);
  EXPECT_TRUE(kv.Ping());
}

TEST(RedisKvTest, KilledClientConnectionsAreReplaced) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  auto kv = Store(server, "menshen:", 4);
  // Several threads at once, so that the pool holds several open connections.
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&kv, t] {
      for (int i = 0; i < 50; ++i) EXPECT_TRUE(kv.Increment("warm" + std::to_string(t)));
    });
  }
  for (auto& thread : threads) thread.join();
  const auto killed = server.Command({"CLIENT", "KILL", "TYPE", "normal"});
  ASSERT_TRUE(killed.has_value());
  EXPECT_GE(std::stoi(*killed), 1);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(kv.Increment("after"), i + 1) << i;
}

TEST(RedisKvTest, FullPoolAnswersTheCacheErrorAfterTheTimeout) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  RedisPool pool(RedisOptions{.url = ParseRedisUrl(server.Url()).value(), .timeout = milliseconds(300)}, 1);
  auto held = pool.Acquire();
  ASSERT_TRUE(held.has_value());
  const auto start = Clock::now();
  auto waited = pool.Acquire();
  const auto elapsed = Clock::now() - start;
  ExpectCacheError(waited, "a second connection from a pool of one");
  EXPECT_GE(elapsed, milliseconds(250));
  EXPECT_LT(elapsed, milliseconds(1000));
}

TEST(RedisKvTest, FiftyThreadsRacingSetIfAbsentHaveExactlyOneWinner) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  auto kv = Store(server);
  std::atomic<bool> go{false};
  std::atomic<int> winners{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 50; ++t) {
    threads.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();
      auto won = kv.SetIfAbsent("code:once", std::to_string(t), milliseconds(60'000));
      if (!won) ++errors;
      if (won && *won) ++winners;
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(winners.load(), 1);
}

TEST(RedisKvTest, FiftyThreadsIncrementingCountExactlyFiftyInOneWindow) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  auto kv = Store(server);
  std::atomic<bool> go{false};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 50; ++t) {
    threads.emplace_back([&] {
      while (!go.load()) std::this_thread::yield();
      if (!kv.Increment("fails", 1, milliseconds(60'000))) ++errors;
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(kv.Get("fails").value(), "50");
  auto ttl = kv.Ttl("fails").value();
  EXPECT_EQ(ttl.state, TtlState::kExpiring);
  EXPECT_GT(ttl.remaining, milliseconds(50'000)) << "the window is the first call's";
}

TEST(RedisKvTest, CountersBeyondDoublePrecisionStayExact) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Running());
  auto kv = Store(server);
  ASSERT_TRUE(kv.Set("big", "9007199254740993"));  // 2^53 + 1: a double cannot hold it
  EXPECT_EQ(kv.Increment("big", 1, milliseconds(60'000)), 9007199254740994);
  EXPECT_EQ(kv.Get("big").value(), "9007199254740994");
}

}  // namespace
}  // namespace menshen::store::kv
