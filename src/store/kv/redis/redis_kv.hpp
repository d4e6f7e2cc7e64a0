// The Kv on a Redis server (or Valkey, KeyDB: anything speaking its protocol), for several nodes that share
// codes, nonces, counters and revocations. Every key lives under `prefix` so that deployments can share a
// server: values under prefix + "kv:", generation counters under prefix + "gen:" (their own namespace).
// Each call takes a pooled connection; any failure (server down, timeout, error reply) is kInfraCacheError,
// answered within about the timeout, and the next call reconnects. Time is the server's: `ttl`s are sent
// as milliseconds (PX, PEXPIRE) and the store's own clock plays no part.
//
// Keys declared read-mostly, and the generation counters, are also kept in this node's memory (a
// RedisNearCache): a write to one goes out in a transaction with a message, on prefix + "forget", that has
// every node drop its copy. Reading them then costs no round trip, which is what lets revocation checks and
// the app cache stay as cheap on several nodes as on one.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "store/kv/kv.hpp"
#include "store/kv/redis/redis_url.hpp"

namespace menshen::store::kv {

class RedisClient;
class RedisNearCache;

struct RedisKvOptions {
  RedisUrl url;
  std::string prefix = "menshen:";
  std::size_t pool_size = 8;
  std::chrono::milliseconds timeout{1000};  // to connect, for each reply, and to wait for a free connection
  bool near_cache = true;                   // keep read-mostly keys and generations in memory (see above)
  std::size_t near_cache_entries = 100000;
  std::chrono::milliseconds heartbeat{500};  // how often the near cache proves its subscription alive
};

class RedisKv final : public Kv {
 public:
  // Connects lazily: a store built while Redis is down answers kInfraCacheError until it is back.
  explicit RedisKv(RedisKvOptions options);
  ~RedisKv() override;

  Result<std::optional<std::string>> Get(std::string_view key) override;
  Status Set(std::string_view key, std::string_view value, Duration ttl = kNoExpiry) override;
  Result<bool> SetIfAbsent(std::string_view key, std::string_view value, Duration ttl = kNoExpiry) override;
  Result<bool> Delete(std::string_view key) override;
  Result<std::int64_t> Increment(std::string_view key, std::int64_t by = 1,
                                 Duration ttl_on_create = kNoExpiry) override;
  Result<bool> Expire(std::string_view key, Duration ttl) override;
  Result<KeyTtl> Ttl(std::string_view key) override;
  // Current() answers from the near cache; without it, it is a GET.
  std::unique_ptr<Generation> OpenGeneration(std::string_view name) override;
  bool InProcess() const override { return false; }
  void DeclareReadMostly(std::string_view prefix) override;
  Status Ping() override;

 private:
  std::string Key(std::string_view key) const;
  std::string Channel() const { return prefix_ + "forget"; }
  // The near cache when `key` (without the prefix) is kept in it, else null.
  RedisNearCache* NearFor(std::string_view key) const;

  const std::string prefix_;
  std::shared_ptr<RedisClient> client_;   // shared with the generation handles
  std::shared_ptr<RedisNearCache> near_;  // likewise; null when the near cache is off
  std::vector<std::string> read_mostly_;  // declared before serving, read-only after
};

}  // namespace menshen::store::kv
