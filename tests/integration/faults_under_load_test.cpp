// Faults while clients keep calling: PostgreSQL or Redis stopped under load makes every call answer at once with
// the catalog's error, the node unready and then, once the store is back, serving again without a restart; a node
// killed with SIGKILL in the middle of a storm of registrations loses none of those it acknowledged.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "json_api.hpp"
#include "postgres_server.hpp"
#include "raw_client.hpp"
#include "server_process.hpp"
#include "support/redis_server.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr const char* kPassword = "plum orchard lantern 42";
constexpr int kClients = 4;

// One call of the load: when it was sent, how long its answer took, and what it was (status 0: no answer).
struct Outcome {
  int client = 0;
  Clock::time_point sent;
  Clock::duration took{};
  int status = 0;
  std::string error;  // the envelope's canonical id, "" on success
};

std::string ErrorOf(const json& body) {
  return body.is_object() && body.contains("error") && body["error"].is_string() ? body["error"].get<std::string>()
                                                                                 : std::string{};
}

// A few client threads that call in a loop, each on a fresh connection, until stopped; every outcome is kept.
class Load {
 public:
  using Call = std::function<std::pair<int, json>(int client, int round)>;

  Load(int clients, Call call) {
    for (int client = 0; client < clients; ++client) {
      threads_.emplace_back([this, client, call] {
        for (int round = 0; !stop_; ++round) {
          const auto sent = Clock::now();
          const auto [status, body] = call(client, round);
          Outcome outcome{client, sent, Clock::now() - sent, status, ErrorOf(body)};
          std::lock_guard lock(mutex_);
          outcomes_.push_back(std::move(outcome));
        }
      });
    }
  }
  ~Load() { Stop(); }
  Load(const Load&) = delete;
  Load& operator=(const Load&) = delete;

  void Stop() {
    stop_ = true;
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  std::vector<Outcome> Outcomes() const {
    std::lock_guard lock(mutex_);
    return outcomes_;
  }
  // Waits up to `limit` until `count` calls sent after `since` ended as `wanted` says; true when they did.
  bool WaitFor(int count, Clock::time_point since, const std::function<bool(const Outcome&)>& wanted,
               Clock::duration limit) const {
    const auto give_up = Clock::now() + limit;
    while (Clock::now() < give_up) {
      int seen = 0;
      for (const auto& outcome : Outcomes()) seen += outcome.sent > since && wanted(outcome) ? 1 : 0;
      if (seen >= count) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

 private:
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<Outcome> outcomes_;
};

bool Answered(const Outcome& outcome) { return outcome.status != 0; }
bool Succeeded(const Outcome& outcome) { return outcome.status == 200 || outcome.status == 201; }

std::pair<int, json> Register(std::uint16_t port, const std::string& username) {
  return CallJson(port, "POST", "/api/v1/auth/register", {{"username", username}, {"password", kPassword}});
}
std::pair<int, json> Login(std::uint16_t port, const std::string& account) {
  return CallJson(port, "POST", "/api/v1/auth/login", {{"account", account}, {"password", kPassword}});
}
int Ready(std::uint16_t port) { return CallJson(port, "GET", "/readyz").first; }
int ReadyWithin(std::uint16_t port, Clock::duration limit) {
  const auto give_up = Clock::now() + limit;
  int ready = Ready(port);
  while (ready != 200 && Clock::now() < give_up) {
    std::this_thread::sleep_for(50ms);
    ready = Ready(port);
  }
  return ready;
}

// Runs the load across a stop and a start of a store the node needs (`stop`, `start`), and checks what the
// clients saw: before and after, success; while the store was down, `error` (HTTP 503) within a second each.
void OutageUnderLoad(std::uint16_t port, Load& load, const std::function<void()>& stop,
                     const std::function<void()>& start, const std::string& error) {
  ASSERT_TRUE(load.WaitFor(kClients, Clock::time_point::min(), Succeeded, 15s)) << "the load never succeeded";
  stop();
  const auto stopped = Clock::now();
  EXPECT_EQ(Ready(port), 503);
  EXPECT_TRUE(load.WaitFor(5 * kClients, stopped, Answered, 10s)) << "calls hang while the store is down";
  EXPECT_EQ(Ready(port), 503);
  const auto restart = Clock::now();
  start();
  // Every client (each calls one route) succeeds again, without a restart of menshen.
  for (int client = 0; client < kClients; ++client) {
    EXPECT_TRUE(load.WaitFor(
        1, restart, [client](const Outcome& o) { return o.client == client && Succeeded(o); }, 15s))
        << "client " << client << " did not recover";
  }
  load.Stop();
  EXPECT_EQ(ReadyWithin(port, 5s), 200);

  int while_down = 0;
  for (const auto& outcome : load.Outcomes()) {
    const bool down = outcome.sent > stopped && outcome.sent + outcome.took < restart;
    if (down) {
      ++while_down;
      EXPECT_EQ(outcome.status, 503) << "client " << outcome.client << ": " << outcome.error;
      EXPECT_EQ(outcome.error, error) << "client " << outcome.client;
      EXPECT_LT(outcome.took, 1s) << "client " << outcome.client;
    } else {
      // Calls that met the stop or the start in flight: success, or the same error; never anything else.
      EXPECT_TRUE(Succeeded(outcome) || (outcome.status == 503 && outcome.error == error))
          << "client " << outcome.client << ": " << outcome.status << " " << outcome.error;
    }
  }
  EXPECT_GE(while_down, 5 * kClients);
  EXPECT_EQ(CallJson(port, "GET", "/healthz").first, 200);
}

TEST(FaultsUnderLoadTest, PostgresStoppedUnderLoadAnswersTheDatabaseErrorAtOnceAndRecoversWithoutARestart) {
  auto& postgres = test_support::SharedPostgres();
  ServerProcess node(
      {"--set", "database.url=" + postgres.CreateDatabase("outage"), "--set", "accounts.max_registrations_per_ip=0"});
  ASSERT_TRUE(node.Started());
  const auto port = node.Port();
  ASSERT_EQ(Register(port, "steady").first, 201);
  // Half the clients sign in (reads), half register (writes).
  Load load(kClients, [port](int client, int round) {
    if (client % 2 == 0) return Login(port, "steady");
    return Register(port, "load" + std::to_string(client) + "r" + std::to_string(round));
  });
  OutageUnderLoad(
      port, load, [&] { postgres.Stop(); }, [&] { postgres.Start(); }, "infra.database_error");
  if (!postgres.Running()) postgres.Start();
}

TEST(FaultsUnderLoadTest, RedisStoppedUnderLoadFailsClosedWithTheCacheErrorAndRecoversWithoutARestart) {
  RedisServer redis;
  ASSERT_TRUE(redis.Running());
  ServerProcess node({"--set", "kv.url=" + redis.Url(), "--set", "accounts.max_registrations_per_ip=0"});
  ASSERT_TRUE(node.Started());
  const auto port = node.Port();
  ASSERT_EQ(Register(port, "weather").first, 201);
  const auto [signed_in, login] = Login(port, "weather");
  ASSERT_EQ(signed_in, 200) << login;
  const auto token = login["data"]["access_token"].get<std::string>();
  // Half the clients use a token (is it revoked?), half sign in (is the account locked out?): both need Redis.
  Load load(kClients, [port, token](int client, int) {
    if (client % 2 == 0) return CallJson(port, "GET", "/api/v1/me", nullptr, token);
    return Login(port, "weather");
  });
  OutageUnderLoad(
      port, load, [&] { redis.Stop(); }, [&] { ASSERT_TRUE(redis.Start()); }, "infra.cache_error");
}

// Registers accounts from several clients, kills the node with SIGKILL while they go on, starts a node again on
// the same data, and signs in to every account whose registration was acknowledged.
void NoAcknowledgedRegistrationIsLostToAKill(const std::vector<std::string>& args) {
  const auto data_dir = MakeTempDir("menshen-storm");
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  {
    ServerProcess node(args, data_dir);
    ASSERT_TRUE(node.Started());
    const auto port = node.Port();
    Load storm(kClients, [&, port](int client, int round) {
      const auto username = "storm" + std::to_string(client) + "r" + std::to_string(round);
      auto reply = Register(port, username);
      if (reply.first == 201) {
        std::lock_guard lock(mutex);
        acknowledged.push_back(username);
      }
      return reply;
    });
    ASSERT_TRUE(storm.WaitFor(5 * kClients, Clock::time_point::min(), Succeeded, 15s));
    EXPECT_EQ(node.Stop(SIGKILL), 128 + SIGKILL);
    storm.Stop();
    // Only acknowledged or unanswered: a registration is never half refused.
    for (const auto& outcome : storm.Outcomes()) {
      EXPECT_TRUE(outcome.status == 201 || outcome.status == 0) << outcome.status << " " << outcome.error;
    }
  }
  ServerProcess again(args, data_dir);
  ASSERT_TRUE(again.Started());
  std::atomic<std::size_t> next{0};
  std::set<std::string> refused;
  std::vector<std::thread> checkers;
  for (int i = 0; i < kClients; ++i) {
    checkers.emplace_back([&] {
      for (auto at = next++; at < acknowledged.size(); at = next++) {
        if (Login(again.Port(), acknowledged[at]).first != 200) {
          std::lock_guard lock(mutex);
          refused.insert(acknowledged[at]);
        }
      }
    });
  }
  for (auto& checker : checkers) checker.join();
  EXPECT_GE(acknowledged.size(), 5u * kClients);
  EXPECT_TRUE(refused.empty()) << refused.size() << " of " << acknowledged.size() << " acknowledged accounts lost, "
                               << "such as " << *refused.begin();
  std::error_code ignored;  // a folder that cannot be removed is left to the system's temp cleaning
  std::filesystem::remove_all(data_dir, ignored);
}

TEST(FaultsUnderLoadTest, AKillMidStormLosesNoAcknowledgedRegistrationOnTheEmbeddedDefault) {
  NoAcknowledgedRegistrationIsLostToAKill({"--set", "accounts.max_registrations_per_ip=0"});
}

TEST(FaultsUnderLoadTest, AKillMidStormLosesNoAcknowledgedRegistrationOnPostgresAndRedis) {
  RedisServer redis;
  ASSERT_TRUE(redis.Running());
  NoAcknowledgedRegistrationIsLostToAKill(
      {"--set", "database.url=" + test_support::SharedPostgres().CreateDatabase("storm"), "--set",
       "kv.url=" + redis.Url(), "--set", "accounts.max_registrations_per_ip=0"});
}

}  // namespace
}  // namespace menshen::testing
