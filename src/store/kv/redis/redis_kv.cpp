#include "store/kv/redis/redis_kv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <vector>

#include "store/kv/redis/redis_client.hpp"
#include "store/kv/redis/redis_near_cache.hpp"

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

Result<std::int64_t> ParseInteger(std::string_view command, std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || text.empty()) {
    return std::unexpected(CacheError(fmt::format("Redis {}: the value is not an integer", command)));
  }
  return value;
}

Result<std::int64_t> ParseInteger(std::string_view command, const redisReply& reply) {
  if (reply.type == REDIS_REPLY_INTEGER) return static_cast<std::int64_t>(reply.integer);
  if (reply.type != REDIS_REPLY_STRING) return std::unexpected(Unexpected(command, reply));
  return ParseInteger(command, Text(reply));
}

// A reply, and what owns it: a command's own reply, or one element of a transaction's EXEC reply.
class Answer {
 public:
  Answer(RedisReply owner, const redisReply& reply) : owner_(std::move(owner)), reply_(&reply) {}
  explicit Answer(RedisReply owner) : owner_(std::move(owner)), reply_(owner_.get()) {}
  const redisReply& operator*() const { return *reply_; }
  const redisReply* operator->() const { return reply_; }

 private:
  RedisReply owner_;
  const redisReply* reply_;
};

Result<Answer> Plain(Result<RedisReply> reply) {
  if (!reply) return std::unexpected(reply.error());
  return Answer(std::move(*reply));
}

// `command` on `full_key`, in one transaction with the message that has every node's near cache forget the key:
// a node that saw the write's reply can never be followed by one that still answers the old value. The
// reply is the command's own.
Result<Answer> WriteAndForget(RedisClient& client, RedisNearCache& near, std::string_view channel,
                              const std::string& full_key, std::vector<std::string_view> command) {
  const std::string_view name = command.front();
  const std::vector<std::vector<std::string_view>> transaction{
      {"MULTI"}, std::move(command), {"PUBLISH", channel, full_key}, {"EXEC"}};
  auto replies = client.Pipeline(transaction);
  near.Forget(full_key);
  if (!replies) return std::unexpected(replies.error());
  for (const auto& reply : *replies) {
    if (reply->type == REDIS_REPLY_ERROR) {
      return std::unexpected(CacheError(fmt::format("Redis {}: {}", name, Text(*reply))));
    }
  }
  RedisReply& exec = replies->back();
  if (exec->type != REDIS_REPLY_ARRAY || exec->elements != 2) return std::unexpected(Unexpected("EXEC", *exec));
  const redisReply& own = *exec->element[0];
  if (own.type == REDIS_REPLY_ERROR) return std::unexpected(CacheError(fmt::format("Redis {}: {}", name, Text(own))));
  return Answer(std::move(exec), own);
}

// GET of a key kept near: from memory, or from Redis (with its TTL, so that the copy expires with the key).
Result<std::optional<std::string>> NearGet(RedisClient& client, RedisNearCache& near, const std::string& full_key) {
  auto lookup = near.Find(full_key);
  if (lookup.hit) return std::move(lookup.value);
  const auto sent = std::chrono::steady_clock::now();
  const std::vector<std::vector<std::string_view>> commands{{"GET", full_key}, {"PTTL", full_key}};
  auto replies = client.Pipeline(commands);
  if (!replies) return std::unexpected(replies.error());
  const redisReply& value = *(*replies)[0];
  const redisReply& ttl = *(*replies)[1];
  if (value.type == REDIS_REPLY_ERROR) return std::unexpected(CacheError(fmt::format("Redis GET: {}", Text(value))));
  if (value.type == REDIS_REPLY_NIL) {
    near.Remember(lookup.epoch, full_key, std::nullopt, std::nullopt);
    return std::optional<std::string>();
  }
  if (value.type != REDIS_REPLY_STRING) return std::unexpected(Unexpected("GET", value));
  std::optional<std::string> found(Text(value));
  // -1: no TTL. -2: expired between the two commands; then the copy is not kept.
  if (ttl.type == REDIS_REPLY_INTEGER && ttl.integer >= -1) {
    const auto expires_at =
        ttl.integer == -1 ? std::optional<RedisNearCache::TimePoint>()
                          : std::optional<RedisNearCache::TimePoint>(sent + std::chrono::milliseconds(ttl.integer));
    near.Remember(lookup.epoch, full_key, found, expires_at);
  }
  return found;
}

Result<std::optional<std::string>> PlainGet(RedisClient& client, const std::string& full_key) {
  auto reply = client.Run({"GET", full_key});
  if (!reply) return std::unexpected(reply.error());
  if ((*reply)->type == REDIS_REPLY_NIL) return std::optional<std::string>();
  if ((*reply)->type != REDIS_REPLY_STRING) return std::unexpected(Unexpected("GET", **reply));
  return std::optional<std::string>(Text(**reply));
}

// `command` on `full_key`: alone, or with the message to forget it when the key is kept near (`near` not null).
Result<Answer> Write(RedisClient& client, RedisNearCache* near, std::string_view channel, const std::string& full_key,
                     std::vector<std::string_view> command) {
  if (near != nullptr) return WriteAndForget(client, *near, channel, full_key, std::move(command));
  return Plain(client.Run(command));
}

// Integer replies of 0 or 1 (DEL, PEXPIRE, the scripts).
Result<bool> ParseFlag(std::string_view command, Result<Answer> reply) {
  if (!reply) return std::unexpected(reply.error());
  if ((*reply)->type != REDIS_REPLY_INTEGER) return std::unexpected(Unexpected(command, **reply));
  return (*reply)->integer > 0;
}

class RedisGeneration final : public Generation {
 public:
  RedisGeneration(std::shared_ptr<RedisClient> client, std::shared_ptr<RedisNearCache> near, std::string channel,
                  std::string key)
      : client_(std::move(client)), near_(std::move(near)), channel_(std::move(channel)), key_(std::move(key)) {}

  Result<std::int64_t> Current() override {
    auto value = near_ ? NearGet(*client_, *near_, key_) : PlainGet(*client_, key_);
    if (!value) return std::unexpected(value.error());
    if (!value->has_value()) return 0;
    return ParseInteger("GET", **value);
  }

  Result<std::int64_t> Bump() override {
    auto reply =
        near_ ? WriteAndForget(*client_, *near_, channel_, key_, {"INCR", key_}) : Plain(client_->Run({"INCR", key_}));
    if (!reply) return std::unexpected(reply.error());
    return ParseInteger("INCR", **reply);
  }

 private:
  std::shared_ptr<RedisClient> client_;
  std::shared_ptr<RedisNearCache> near_;
  std::string channel_;
  std::string key_;
};

}  // namespace

RedisKv::RedisKv(RedisKvOptions options)
    : prefix_(std::move(options.prefix)),
      client_(std::make_shared<RedisClient>(RedisOptions{.url = options.url, .timeout = options.timeout},
                                            std::max<std::size_t>(options.pool_size, 1))) {
  if (options.near_cache) {
    near_ = std::make_shared<RedisNearCache>(
        RedisNearCacheOptions{.redis = RedisOptions{.url = std::move(options.url), .timeout = options.timeout},
                              .channel = Channel(),
                              .max_entries = std::max<std::size_t>(options.near_cache_entries, 1),
                              .heartbeat = options.heartbeat});
  }
}

RedisKv::~RedisKv() = default;

std::string RedisKv::Key(std::string_view key) const { return fmt::format("{}kv:{}", prefix_, key); }

void RedisKv::DeclareReadMostly(std::string_view prefix) {
  if (std::ranges::find(read_mostly_, prefix) == read_mostly_.end()) read_mostly_.emplace_back(prefix);
}

RedisNearCache* RedisKv::NearFor(std::string_view key) const {
  if (!near_) return nullptr;
  const bool read_mostly =
      std::ranges::any_of(read_mostly_, [&](const std::string& prefix) { return key.starts_with(prefix); });
  return read_mostly ? near_.get() : nullptr;
}

Result<std::optional<std::string>> RedisKv::Get(std::string_view key) {
  const std::string full = Key(key);
  if (auto* near = NearFor(key)) return NearGet(*client_, *near, full);
  return PlainGet(*client_, full);
}

Status RedisKv::Set(std::string_view key, std::string_view value, Duration ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return ok;
  const std::string full = Key(key);
  // A SET without PX clears any TTL the key had, as the contract asks.
  const std::string ms = std::to_string(ttl.count());
  std::vector<std::string_view> command{"SET", full, value};
  if (ttl != kNoExpiry) command.insert(command.end(), {"PX", ms});
  auto reply = Write(*client_, NearFor(key), Channel(), full, std::move(command));
  if (!reply) return std::unexpected(reply.error());
  if ((*reply)->type != REDIS_REPLY_STATUS) return std::unexpected(Unexpected("SET", **reply));
  return {};
}

Result<bool> RedisKv::SetIfAbsent(std::string_view key, std::string_view value, Duration ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return std::unexpected(ok.error());
  const std::string full = Key(key);
  const std::string ms = std::to_string(ttl.count());
  std::vector<std::string_view> command{"SET", full, value, "NX"};
  if (ttl != kNoExpiry) command.insert(command.end(), {"PX", ms});
  auto reply = Write(*client_, NearFor(key), Channel(), full, std::move(command));
  if (!reply) return std::unexpected(reply.error());
  if ((*reply)->type == REDIS_REPLY_NIL) return false;
  if ((*reply)->type != REDIS_REPLY_STATUS) return std::unexpected(Unexpected("SET NX", **reply));
  return true;
}

Result<bool> RedisKv::Delete(std::string_view key) {
  const std::string full = Key(key);
  return ParseFlag("DEL", Write(*client_, NearFor(key), Channel(), full, {"DEL", full}));
}

Result<std::int64_t> RedisKv::Increment(std::string_view key, std::int64_t by, Duration ttl_on_create) {
  if (auto ok = CheckTtl(ttl_on_create); !ok) return std::unexpected(ok.error());
  const std::string full = Key(key);
  const std::string amount = std::to_string(by);
  auto* near = NearFor(key);
  Result<Answer> reply = std::unexpected(CacheError("not sent"));
  if (ttl_on_create == kNoExpiry) {
    reply = Write(*client_, near, Channel(), full, {"INCRBY", full, amount});
  } else if (near != nullptr) {
    // Inside a transaction a script goes by its text: EVALSHA's fallback cannot run there.
    reply = WriteAndForget(*client_, *near, Channel(), full,
                           {"EVAL", kIncrementWithTtl.text, "1", full, amount, std::to_string(ttl_on_create.count())});
  } else {
    reply = Plain(client_->Eval(kIncrementWithTtl, full, {amount, std::to_string(ttl_on_create.count())}));
  }
  if (!reply) return std::unexpected(reply.error());
  return ParseInteger("INCRBY", **reply);
}

Result<bool> RedisKv::Expire(std::string_view key, Duration ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return std::unexpected(ok.error());
  const std::string full = Key(key);
  auto* near = NearFor(key);
  if (ttl != kNoExpiry) {
    return ParseFlag("PEXPIRE", Write(*client_, near, Channel(), full, {"PEXPIRE", full, std::to_string(ttl.count())}));
  }
  if (near != nullptr)
    return ParseFlag("PERSIST", WriteAndForget(*client_, *near, Channel(), full, {"EVAL", kPersist.text, "1", full}));
  return ParseFlag("PERSIST", Plain(client_->Eval(kPersist, full, {})));
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
  return std::make_unique<RedisGeneration>(client_, near_, Channel(), fmt::format("{}gen:{}", prefix_, name));
}
Status RedisKv::Ping() {
  auto reply = client_->Run({"PING"});
  if (!reply) return std::unexpected(reply.error());
  return {};
}

}  // namespace menshen::store::kv
