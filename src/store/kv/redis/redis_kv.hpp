// The Kv on a Redis server (or Valkey, KeyDB: anything speaking its protocol), for several nodes that share
// codes, nonces, counters and revocations. Every key lives under `prefix` so that deployments can share a
// server: values under prefix + "kv:", generation counters under prefix + "gen:" (their own namespace).
// Each call takes a pooled connection; any failure (server down, timeout, error reply) is kInfraCacheError,
// answered within about the timeout, and the next call reconnects. Time is the server's: `ttl`s are sent
// as milliseconds (PX, PEXPIRE) and the store's own clock plays no part.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "store/kv/kv.hpp"
#include "store/kv/redis/redis_url.hpp"

namespace menshen::store::kv {

class RedisClient;

struct RedisKvOptions {
  RedisUrl url;
  std::string prefix = "menshen:";
  std::size_t pool_size = 8;
  std::chrono::milliseconds timeout{1000};  // to connect, for each reply, and to wait for a free connection
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
  // Current() is a GET: one round trip per cached lookup that reads it.
  std::unique_ptr<Generation> OpenGeneration(std::string_view name) override;
  bool InProcess() const override { return false; }
  Status Ping() override;

 private:
  std::string Key(std::string_view key) const;

  const std::string prefix_;
  std::shared_ptr<RedisClient> client_;  // shared with the generation handles
};

}  // namespace menshen::store::kv
