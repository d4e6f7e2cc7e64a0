// The in-process Kv: for one node, tests, and the zero-configuration start.
// Keys are spread over sharded maps, each behind its own mutex, so unrelated keys do not contend.
// Expired keys vanish from view at once and are freed lazily (when touched) and by a small sweep
// on every call, which walks each shard's expiry index in time order. A cap on the number of keys
// keeps memory bounded: when full, a new key is refused (kInfraCacheError) rather than growing.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "store/kv/kv.hpp"

namespace menshen::store::kv {

class MemoryKv final : public Kv {
 public:
  MemoryKv(const Clock& clock, std::size_t max_keys);

  Result<std::optional<std::string>> Get(std::string_view key) override;
  Status Set(std::string_view key, std::string_view value, Duration ttl = kNoExpiry) override;
  Result<bool> SetIfAbsent(std::string_view key, std::string_view value, Duration ttl = kNoExpiry) override;
  Result<bool> Delete(std::string_view key) override;
  Result<std::int64_t> Increment(std::string_view key, std::int64_t by = 1,
                                 Duration ttl_on_create = kNoExpiry) override;
  Result<bool> Expire(std::string_view key, Duration ttl) override;
  Result<KeyTtl> Ttl(std::string_view key) override;
  std::unique_ptr<Generation> OpenGeneration(std::string_view name) override;
  bool InProcess() const override { return true; }

  // Keys held, including expired ones not yet freed.
  std::size_t Size() const { return count_.load(); }

 private:
  using TimePoint = Clock::TimePoint;
  using ExpiryIndex = std::multimap<TimePoint, std::string>;

  struct Entry {
    std::string value;
    bool expires = false;
    ExpiryIndex::iterator expiry;  // valid when `expires`
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, Entry, StringHash, std::equal_to<>>;
  struct Shard {
    std::mutex mutex;
    Map entries;
    ExpiryIndex expiries;
  };

  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kSweepBudget = 8;  // expired keys freed per call, at most

  Shard& ShardOf(std::string_view key);
  // All below run with the shard's mutex held.
  Entry* FindLive(Shard& shard, std::string_view key, TimePoint now);
  void Erase(Shard& shard, Map::iterator it);
  void SetExpiry(Shard& shard, Map::iterator it, Duration ttl, TimePoint now);
  std::size_t Sweep(Shard& shard, TimePoint now, std::size_t budget);
  Result<Map::iterator> Insert(Shard& shard, std::string_view key, TimePoint now);
  bool TryReserve();

  const Clock& clock_;
  const std::size_t max_keys_;
  std::mutex generations_mutex_;  // guards the map; each counter is an atomic of its own
  std::unordered_map<std::string, std::shared_ptr<std::atomic<std::int64_t>>, StringHash, std::equal_to<>> generations_;
  std::atomic<std::size_t> count_{0};
  std::array<Shard, kShards> shards_;
};

}  // namespace menshen::store::kv
