// Short-lived shared state: one-time codes, nonces, counters for rate limits and login failures,
// revocations. Keys and values are strings; every call answers a Result so a networked
// implementation (Redis) can report failure the same way as the in-process one.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace menshen::store::kv {

using Duration = std::chrono::milliseconds;
// A TTL of zero means the key does not expire. A negative TTL is refused (kInfraCacheError):
// a deadline already past must not turn into "forever".
inline constexpr Duration kNoExpiry{0};

enum class TtlState { kMissing, kPersistent, kExpiring };

struct KeyTtl {
  TtlState state = TtlState::kMissing;
  Duration remaining{0};  // rounded up; meaningful when state is kExpiring
};

// A named counter that only grows, for caches to tell whether anything they hold has changed: read on
// every cached lookup, bumped after every write. Counters are their own namespace (Get does not see
// them) and never expire.
class Generation {
 public:
  virtual ~Generation() = default;
  // 0 until the first Bump.
  virtual Result<std::int64_t> Current() = 0;
  // The new value.
  virtual Result<std::int64_t> Bump() = 0;
};

class Kv {
 public:
  virtual ~Kv() = default;

  virtual Result<std::optional<std::string>> Get(std::string_view key) = 0;
  // Stores `value`, replacing any earlier value and TTL.
  virtual Status Set(std::string_view key, std::string_view value, Duration ttl = kNoExpiry) = 0;
  // Stores `value` only when the key is absent (or expired); true when this call stored it.
  // Exactly one of many concurrent callers wins: use it to consume nonces and one-time codes.
  virtual Result<bool> SetIfAbsent(std::string_view key, std::string_view value, Duration ttl = kNoExpiry) = 0;
  // True when a live key was removed.
  virtual Result<bool> Delete(std::string_view key) = 0;
  // Atomically adds `by` to the integer at `key` and returns the new value. A missing key starts
  // at 0 and gets `ttl_on_create`; an existing key keeps its TTL (a fixed window for rate limits).
  // A value that is not an integer, or an overflow, is kInfraCacheError.
  virtual Result<std::int64_t> Increment(std::string_view key, std::int64_t by = 1,
                                         Duration ttl_on_create = kNoExpiry) = 0;
  // Gives a live key a new TTL (kNoExpiry: none); false when the key is missing.
  virtual Result<bool> Expire(std::string_view key, Duration ttl) = 0;
  virtual Result<KeyTtl> Ttl(std::string_view key) = 0;
  // The counter `name`; every handle opened on this store with the same name sees the same counter.
  // Cheap to read: the in-process store answers from an atomic, without a lock.
  virtual std::unique_ptr<Generation> OpenGeneration(std::string_view name) = 0;
  // True when every call is answered from this process's memory, never over the network: a handler that
  // reads nothing else may then run on an I/O thread (http::Dispatch::kInline).
  virtual bool InProcess() const = 0;
  // Keys under `prefix` are read on nearly every request and written rarely (revocations): a networked store
  // may keep them in this process's memory, as long as a write on any node is seen by the next read on every
  // node. Declare before serving; a store in this process has nothing to do.
  virtual void DeclareReadMostly(std::string_view /*prefix*/) {}
  // Whether the store answers now, for readiness checks. A store in this process always does.
  virtual Status Ping() { return {}; }
};

}  // namespace menshen::store::kv
