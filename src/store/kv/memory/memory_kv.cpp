#include "store/kv/memory/memory_kv.hpp"

#include <fmt/format.h>

#include <charconv>

namespace menshen::store::kv {
namespace {

Error CacheError(std::string detail) { return Error{ErrorId::kInfraCacheError, {}, std::move(detail)}; }

class LocalGeneration final : public Generation {
 public:
  explicit LocalGeneration(std::shared_ptr<std::atomic<std::int64_t>> counter) : counter_(std::move(counter)) {}
  // Acquire and release pair a reader with the bump that followed the write it must see.
  Result<std::int64_t> Current() override { return counter_->load(std::memory_order_acquire); }
  Result<std::int64_t> Bump() override { return counter_->fetch_add(1, std::memory_order_acq_rel) + 1; }

 private:
  std::shared_ptr<std::atomic<std::int64_t>> counter_;
};

Status CheckTtl(Duration ttl) {
  if (ttl < Duration::zero()) return std::unexpected(CacheError(fmt::format("negative ttl {}ms", ttl.count())));
  return {};
}

}  // namespace

MemoryKv::MemoryKv(const Clock& clock, std::size_t max_keys) : clock_(clock), max_keys_(max_keys) {}

MemoryKv::Shard& MemoryKv::ShardOf(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

void MemoryKv::Erase(Shard& shard, Map::iterator it) {
  if (it->second.expires) shard.expiries.erase(it->second.expiry);
  shard.entries.erase(it);
  count_.fetch_sub(1);
}

MemoryKv::Entry* MemoryKv::FindLive(Shard& shard, std::string_view key, TimePoint now) {
  auto it = shard.entries.find(key);
  if (it == shard.entries.end()) return nullptr;
  if (it->second.expires && it->second.expiry->first <= now) {
    Erase(shard, it);
    return nullptr;
  }
  return &it->second;
}

void MemoryKv::SetExpiry(Shard& shard, Map::iterator it, Duration ttl, TimePoint now) {
  Entry& entry = it->second;
  if (entry.expires) shard.expiries.erase(entry.expiry);
  entry.expires = ttl > Duration::zero();
  if (entry.expires) entry.expiry = shard.expiries.emplace(now + ttl, it->first);
}

std::size_t MemoryKv::Sweep(Shard& shard, TimePoint now, std::size_t budget) {
  std::size_t freed = 0;
  while (freed < budget && !shard.expiries.empty() && shard.expiries.begin()->first <= now) {
    Erase(shard, shard.entries.find(shard.expiries.begin()->second));
    ++freed;
  }
  return freed;
}

bool MemoryKv::TryReserve() {
  std::size_t current = count_.load();
  while (current < max_keys_) {
    if (count_.compare_exchange_weak(current, current + 1)) return true;
  }
  return false;
}

Result<MemoryKv::Map::iterator> MemoryKv::Insert(Shard& shard, std::string_view key, TimePoint now) {
  if (!TryReserve()) {
    // Full: free every expired key we can reach. Other shards are only tried, never waited
    // for, so two full shards cannot deadlock on each other.
    Sweep(shard, now, shard.expiries.size());
    for (auto& other : shards_) {
      if (&other == &shard) continue;
      std::unique_lock lock(other.mutex, std::try_to_lock);
      if (lock.owns_lock()) Sweep(other, now, other.expiries.size());
    }
    if (!TryReserve()) return std::unexpected(CacheError(fmt::format("key limit {} reached", max_keys_)));
  }
  return shard.entries.emplace(std::string(key), Entry{}).first;
}

Result<std::optional<std::string>> MemoryKv::Get(std::string_view key) {
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  const auto now = clock_.Now();
  Sweep(shard, now, kSweepBudget);
  if (Entry* entry = FindLive(shard, key, now)) return std::optional<std::string>(entry->value);
  return std::optional<std::string>();
}

Status MemoryKv::Set(std::string_view key, std::string_view value, Duration ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return ok;
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  const auto now = clock_.Now();
  Sweep(shard, now, kSweepBudget);
  auto it = shard.entries.find(key);
  if (it == shard.entries.end()) {
    auto inserted = Insert(shard, key, now);
    if (!inserted) return std::unexpected(inserted.error());
    it = *inserted;
  }
  it->second.value = std::string(value);
  SetExpiry(shard, it, ttl, now);
  return {};
}

Result<bool> MemoryKv::SetIfAbsent(std::string_view key, std::string_view value, Duration ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return std::unexpected(ok.error());
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  const auto now = clock_.Now();
  Sweep(shard, now, kSweepBudget);
  if (FindLive(shard, key, now) != nullptr) return false;
  auto inserted = Insert(shard, key, now);
  if (!inserted) return std::unexpected(inserted.error());
  (*inserted)->second.value = std::string(value);
  SetExpiry(shard, *inserted, ttl, now);
  return true;
}

Result<bool> MemoryKv::Delete(std::string_view key) {
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  const auto now = clock_.Now();
  Sweep(shard, now, kSweepBudget);
  if (FindLive(shard, key, now) == nullptr) return false;
  Erase(shard, shard.entries.find(key));
  return true;
}

Result<std::int64_t> MemoryKv::Increment(std::string_view key, std::int64_t by, Duration ttl_on_create) {
  if (auto ok = CheckTtl(ttl_on_create); !ok) return std::unexpected(ok.error());
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  const auto now = clock_.Now();
  Sweep(shard, now, kSweepBudget);
  if (Entry* entry = FindLive(shard, key, now)) {
    std::int64_t current = 0;
    const auto* end = entry->value.data() + entry->value.size();
    auto [ptr, ec] = std::from_chars(entry->value.data(), end, current);
    if (ec != std::errc{} || ptr != end || entry->value.empty()) {
      return std::unexpected(CacheError(fmt::format("value at '{}' is not an integer", key)));
    }
    std::int64_t next = 0;
    if (__builtin_add_overflow(current, by, &next)) {
      return std::unexpected(CacheError(fmt::format("increment of '{}' overflows", key)));
    }
    entry->value = std::to_string(next);
    return next;
  }
  auto inserted = Insert(shard, key, now);
  if (!inserted) return std::unexpected(inserted.error());
  (*inserted)->second.value = std::to_string(by);
  SetExpiry(shard, *inserted, ttl_on_create, now);
  return by;
}

Result<bool> MemoryKv::Expire(std::string_view key, Duration ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return std::unexpected(ok.error());
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  const auto now = clock_.Now();
  Sweep(shard, now, kSweepBudget);
  if (FindLive(shard, key, now) == nullptr) return false;
  SetExpiry(shard, shard.entries.find(key), ttl, now);
  return true;
}

Result<KeyTtl> MemoryKv::Ttl(std::string_view key) {
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  const auto now = clock_.Now();
  Sweep(shard, now, kSweepBudget);
  const Entry* entry = FindLive(shard, key, now);
  if (entry == nullptr) return KeyTtl{};
  if (!entry->expires) return KeyTtl{TtlState::kPersistent, Duration::zero()};
  return KeyTtl{TtlState::kExpiring, std::chrono::ceil<Duration>(entry->expiry->first - now)};
}

std::unique_ptr<Generation> MemoryKv::OpenGeneration(std::string_view name) {
  std::lock_guard lock(generations_mutex_);
  auto it = generations_.find(name);
  if (it == generations_.end()) {
    it = generations_.emplace(std::string(name), std::make_shared<std::atomic<std::int64_t>>(0)).first;
  }
  return std::make_unique<LocalGeneration>(it->second);
}

}  // namespace menshen::store::kv
