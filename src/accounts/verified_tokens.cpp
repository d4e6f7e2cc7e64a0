#include "accounts/verified_tokens.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <cstring>

namespace menshen::accounts {

VerifiedTokenCache::VerifiedTokenCache(std::size_t capacity)
    : per_shard_(std::max<std::size_t>(1, capacity / kShards)) {}

std::size_t VerifiedTokenCache::DigestHash::operator()(const Digest& d) const {
  // The digest is already uniformly distributed: any eight of its bytes are a good hash.
  std::size_t value = 0;
  std::memcpy(&value, d.data() + 8, sizeof value);
  return value;
}

VerifiedTokenCache::Digest VerifiedTokenCache::DigestOf(std::string_view token) {
  Digest digest{};
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
  return digest;
}

std::optional<Principal> VerifiedTokenCache::Find(std::string_view token, const std::shared_ptr<const void>& key_set,
                                                  std::int64_t now) {
  const auto digest = DigestOf(token);
  auto& shard = ShardOf(digest);
  std::lock_guard lock(shard.mutex);
  if (shard.key_set != key_set) return std::nullopt;
  const auto it = shard.entries.find(digest);
  if (it == shard.entries.end()) return std::nullopt;
  if (it->second.valid_until < now) {
    shard.entries.erase(it);  // a full verification answers token.expired from here on
    return std::nullopt;
  }
  return it->second.principal;
}

void VerifiedTokenCache::Remember(std::string_view token, const std::shared_ptr<const void>& key_set, std::int64_t now,
                                  std::int64_t valid_until, const Principal& principal) {
  const auto digest = DigestOf(token);
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
  shard.entries.insert_or_assign(digest, Entry{principal, valid_until});
}

}  // namespace menshen::accounts
