#include "store/kv/redis/redis_kv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "store/kv/redis/redis_client.hpp"

namespace menshen::store::kv {
namespace {

// Creates the key with its TTL only when INCRBY finds it absent, in one atomic step. The value comes back
// through GET, as text: Lua holds numbers as doubles, which would round counters beyond 2^53. INCRBY itself
// refuses a value that is not an integer, and an overflow, leaving the key as it was.
const RedisScript kIncrementWithTtl(R"lua(
local created = redis.call('EXISTS', KEYS[1]) == 0
redis.call('INCRBY', KEYS[1], ARGV[1])
if created then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return redis.call('GET', KEYS[1])
)lua");

// PERSIST answers 0 both for a missing key and for one without a TTL; the contract tells them apart.
const RedisScript kPersist(R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('PERSIST', KEYS[1])
return 1
)lua");

Error CacheError(std::string detail) { return Error{ErrorId::kInfraCacheError, {}, std::move(detail)}; }

Status CheckTtl(Duration ttl) {
  if (ttl < Duration::zero()) return std::unexpected(CacheError(fmt::format("negative ttl {}ms", ttl.count())));
  return {};
}

Error Unexpected(std::string_view command, const redisReply& reply) {
  return CacheError(fmt::format("Redis {}: unexpected reply of type {}", command, reply.type));
}

std::string_view Text(const redisReply& reply) { return {reply.str, reply.len}; }

Result<std::int64_t> ParseInteger(std::string_view command, const redisReply& reply) {
  if (reply.type == REDIS_REPLY_INTEGER) return static_cast<std::int64_t>(reply.integer);
  if (reply.type != REDIS_REPLY_STRING) return std::unexpected(Unexpected(command, reply));
  std::int64_t value = 0;
  const auto text = Text(reply);
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || text.empty()) {
    return std::unexpected(CacheError(fmt::format("Redis {}: the value is not an integer", command)));
  }
  return value;
}

// Integer replies of 0 or 1 (DEL, PEXPIRE, the scripts).
Result<bool> ParseFlag(std::string_view command, Result<RedisReply> reply) {
  if (!reply) return std::unexpected(reply.error());
  if ((*reply)->type != REDIS_REPLY_INTEGER) return std::unexpected(Unexpected(command, **reply));
  return (*reply)->integer > 0;
}

class RedisGeneration final : public Generation {
 public:
  RedisGeneration(std::shared_ptr<RedisClient> client, std::string key)
      : client_(std::move(client)), key_(std::move(key)) {}

  Result<std::int64_t> Current() override {
    auto reply = client_->Run({"GET", key_});
    if (!reply) return std::unexpected(reply.error());
    if ((*reply)->type == REDIS_REPLY_NIL) return 0;
    return ParseInteger("GET", **reply);
  }

  Result<std::int64_t> Bump() override {
    auto reply = client_->Run({"INCR", key_});
    if (!reply) return std::unexpected(reply.error());
    return ParseInteger("INCR", **reply);
  }

 private:
  std::shared_ptr<RedisClient> client_;
  std::string key_;
};

}  // namespace

RedisKv::RedisKv(RedisKvOptions options)
    : prefix_(std::move(options.prefix)),
      client_(std::make_shared<RedisClient>(RedisOptions{.url = std::move(options.url), .timeout = options.timeout},
                                            std::max<std::size_t>(options.pool_size, 1))) {}

RedisKv::~RedisKv() = default;

std::string RedisKv::Key(std::string_view key) const { return fmt::format("{}kv:{}", prefix_, key); }

Result<std::optional<std::string>> RedisKv::Get(std::string_view key) {
  auto reply = client_->Run({"GET", Key(key)});
  if (!reply) return std::unexpected(reply.error());
  if ((*reply)->type == REDIS_REPLY_NIL) return std::optional<std::string>();
  if ((*reply)->type != REDIS_REPLY_STRING) return std::unexpected(Unexpected("GET", **reply));
  return std::optional<std::string>(Text(**reply));
}

Status RedisKv::Set(std::string_view key, std::string_view value, Duration ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return ok;
  // A SET without PX clears any TTL the key had, as the contract asks.
  const std::string ms = std::to_string(ttl.count());
  auto reply =
      ttl == kNoExpiry ? client_->Run({"SET", Key(key), value}) : client_->Run({"SET", Key(key), value, "PX", ms});
  if (!reply) return std::unexpected(reply.error());
  if ((*reply)->type != REDIS_REPLY_STATUS) return std::unexpected(Unexpected("SET", **reply));
  return {};
}

Result<bool> RedisKv::SetIfAbsent(std::string_view key, std::string_view value, Duration ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return std::unexpected(ok.error());
  const std::string ms = std::to_string(ttl.count());
  auto reply = ttl == kNoExpiry ? client_->Run({"SET", Key(key), value, "NX"})
                                : client_->Run({"SET", Key(key), value, "NX", "PX", ms});
  if (!reply) return std::unexpected(reply.error());
  if ((*reply)->type == REDIS_REPLY_NIL) return false;
  if ((*reply)->type != REDIS_REPLY_STATUS) return std::unexpected(Unexpected("SET NX", **reply));
  return true;
}

Result<bool> RedisKv::Delete(std::string_view key) { return ParseFlag("DEL", client_->Run({"DEL", Key(key)})); }

Result<std::int64_t> RedisKv::Increment(std::string_view key, std::int64_t by, Duration ttl_on_create) {
  if (auto ok = CheckTtl(ttl_on_create); !ok) return std::unexpected(ok.error());
  const std::string amount = std::to_string(by);
  if (ttl_on_create == kNoExpiry) {
    auto reply = client_->Run({"INCRBY", Key(key), amount});
    if (!reply) return std::unexpected(reply.error());
    return ParseInteger("INCRBY", **reply);
  }
  auto reply = client_->Eval(kIncrementWithTtl, Key(key), {amount, std::to_string(ttl_on_create.count())});
  if (!reply) return std::unexpected(reply.error());
  return ParseInteger("INCRBY", **reply);
}

Result<bool> RedisKv::Expire(std::string_view key, Duration ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return std::unexpected(ok.error());
  if (ttl == kNoExpiry) return ParseFlag("PERSIST", client_->Eval(kPersist, Key(key), {}));
  return ParseFlag("PEXPIRE", client_->Run({"PEXPIRE", Key(key), std::to_string(ttl.count())}));
}

Result<KeyTtl> RedisKv::Ttl(std::string_view key) {
  auto reply = client_->Run({"PTTL", Key(key)});
  if (!reply) return std::unexpected(reply.error());
  if ((*reply)->type != REDIS_REPLY_INTEGER) return std::unexpected(Unexpected("PTTL", **reply));
  const auto ms = (*reply)->integer;
  if (ms == -2) return KeyTtl{};
  if (ms < 0) return KeyTtl{TtlState::kPersistent, Duration::zero()};
  // Redis answers 0 for a key in its last millisecond; a live key never reports zero (rounded up).
  return KeyTtl{TtlState::kExpiring, Duration(std::max<long long>(ms, 1))};
}

std::unique_ptr<Generation> RedisKv::OpenGeneration(std::string_view name) {
  return std::make_unique<RedisGeneration>(client_, fmt::format("{}gen:{}", prefix_, name));
}

Status RedisKv::Ping() {
  auto reply = client_->Run({"PING"});
  if (!reply) return std::unexpected(reply.error());
  return {};
}

}  // namespace menshen::store::kv
