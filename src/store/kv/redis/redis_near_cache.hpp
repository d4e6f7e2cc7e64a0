// What one node keeps of Redis in its own memory: keys read on nearly every request and written rarely
// (revocations, the generations that tell caches to reload). Every write to such a key publishes the key's
// name on a channel in the same transaction; every node subscribes, and forgets a key when its name arrives.
//
// A lookup first takes in whatever the subscription has already received (a read that does not wait), so once
// a write is acknowledged to one node, the next lookup on any node whose socket holds the message sees it.
// The subscription proves itself alive with a PING every heartbeat. When a heartbeat goes unanswered for
// longer than the timeout, or the connection breaks, the node forgets everything and answers nothing from
// memory (callers ask Redis, and fail closed when it cannot answer) until it has subscribed again. A node cut
// off from Redis without the connection breaking can therefore miss a write for at most heartbeat + timeout.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "store/kv/redis/redis_connection.hpp"

namespace menshen::store::kv {

struct RedisNearCacheOptions {
  RedisOptions redis;
  std::string channel;
  std::size_t max_entries = 100000;  // beyond this the cache starts over empty
  std::chrono::milliseconds heartbeat{500};
};

class RedisNearCache {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // Starts subscribing at once, on a thread of its own; until it has, every lookup misses.
  explicit RedisNearCache(RedisNearCacheOptions options);
  ~RedisNearCache();
  RedisNearCache(const RedisNearCache&) = delete;
  RedisNearCache& operator=(const RedisNearCache&) = delete;

  struct Lookup {
    bool hit = false;
    std::optional<std::string> value;  // on a hit: the value, or nothing when the key is absent
    // On a miss: pass it to Remember with what Redis answers. 0 when nothing may be remembered now.
    std::uint64_t epoch = 0;
  };
  Lookup Find(const std::string& key);
  // Remembers Redis's answer for `key`, read after the Find that gave `epoch`; unless something was forgotten
  // since (a write in between could have changed the key after Redis answered). `expires_at`: the key's TTL.
  void Remember(std::uint64_t epoch, const std::string& key, std::optional<std::string> value,
                std::optional<TimePoint> expires_at);
  // This node's own write: forgotten here at once, before the channel brings it back.
  void Forget(const std::string& key);

  // Whether lookups are answered from memory now.
  bool Live();

 private:
  struct Entry {
    std::optional<std::string> value;
    std::optional<TimePoint> expires_at;
  };

  void Run();
  bool Subscribe();
  // With the mutex held: applies what the subscription has received; on a broken connection, drops it.
  void AbsorbLocked(TimePoint now);
  void DropLocked();
  bool LiveLocked(TimePoint now) const;

  const RedisNearCacheOptions options_;
  const std::chrono::milliseconds silence_allowed_;  // heartbeat + timeout

  std::mutex mutex_;
  std::unique_ptr<RedisConnection> subscription_;  // null while not subscribed
  std::unordered_map<std::string, Entry> entries_;
  std::uint64_t epoch_ = 1;  // grows on every forget and every change of subscription
  TimePoint last_heard_{};
  TimePoint last_ping_{};

  int wake_fd_ = -1;  // an eventfd that ends the thread's wait at shutdown
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace menshen::store::kv
