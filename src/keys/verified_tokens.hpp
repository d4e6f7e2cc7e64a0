// Tokens whose signature and claims have already been checked, kept until they expire: a client sends the
// same bearer token many times, and the signature verification is most of what such a request costs.
// Only the signature work is saved: callers still look up revocation on every request.
// Bounded (entries beyond the capacity push out others), keyed by the token's SHA-256, and emptied when
// the set of verification keys changes, so a withdrawn key stops working at once.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace menshen::keys {

using TokenDigest = std::array<unsigned char, 32>;
TokenDigest DigestOfToken(std::string_view token);

// `Value` is what a verification yields (a principal, a claim set), copied out on every hit.
template <class Value>
class VerifiedTokenCache {
 public:
  explicit VerifiedTokenCache(std::size_t capacity = 65536)
      : per_shard_(std::max<std::size_t>(1, capacity / kShards)) {}

  // The value of `token` if it was verified against `key_set` and is still valid at `now` (Unix seconds).
  // A shard holds on to its key set, so a new set can never reuse the address of an old one.
  std::optional<Value> Find(std::string_view token, const std::shared_ptr<const void>& key_set, std::int64_t now) {
    const auto digest = DigestOfToken(token);
    auto& shard = ShardOf(digest);
    std::lock_guard lock(shard.mutex);
    if (shard.key_set != key_set) return std::nullopt;
    const auto it = shard.entries.find(digest);
    if (it == shard.entries.end()) return std::nullopt;
    if (it->second.valid_until < now) {
      shard.entries.erase(it);  // a full verification answers "expired" from here on
      return std::nullopt;
    }
    return it->second.value;
  }

  // `valid_until`: the token's exp plus the leeway the verification allowed.
  void Remember(std::string_view token, const std::shared_ptr<const void>& key_set, std::int64_t now,
                std::int64_t valid_until, const Value& value) {
    const auto digest = DigestOfToken(token);
    auto& shard = ShardOf(digest);
    std::lock_guard lock(shard.mutex);
    if (shard.key_set != key_set) {
      shard.entries.clear();
      shard.key_set = key_set;
    }
    if (shard.entries.size() >= per_shard_) {
      // Full: drop what has expired, and if that is not enough, an arbitrary entry (it is only re-verified).
      std::erase_if(shard.entries, [&](const auto& item) { return item.second.valid_until < now; });
      if (shard.entries.size() >= per_shard_) shard.entries.erase(shard.entries.begin());
    }
    shard.entries.insert_or_assign(digest, Entry{value, valid_until});
  }

 private:
  struct DigestHash {
    // The digest is already uniformly distributed: any eight of its bytes are a good hash.
    std::size_t operator()(const TokenDigest& d) const {
      std::size_t value = 0;
      std::memcpy(&value, d.data() + 8, sizeof value);
      return value;
    }
  };
  struct Entry {
    Value value;
    std::int64_t valid_until = 0;
  };
  struct Shard {
    std::mutex mutex;
    std::shared_ptr<const void> key_set;
    std::unordered_map<TokenDigest, Entry, DigestHash> entries;
  };
  static constexpr std::size_t kShards = 16;

  Shard& ShardOf(const TokenDigest& digest) { return shards_[digest[0] % kShards]; }

  std::size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace menshen::keys
