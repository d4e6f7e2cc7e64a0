// Access tokens whose signature and claims have already been checked, kept until they expire: a client
// sends the same bearer token many times, and the ECDSA verification is most of what a request costs.
// Only the signature work is saved: revocation is still looked up on every request.
// Bounded (entries beyond the capacity push out others), keyed by the token's SHA-256, and emptied when
// the set of verification keys changes, so a withdrawn key stops working at once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "accounts/model.hpp"

namespace menshen::accounts {

// Who a valid access token speaks for.
struct Principal {
  std::string user_id;
  std::string session_id;
  Role role = Role::kUser;
};

class VerifiedTokenCache {
 public:
  explicit VerifiedTokenCache(std::size_t capacity = 65536);

  // The principal of `token` if it was verified against `key_set` and is still valid at `now` (Unix
  // seconds). A shard holds on to its key set, so a new set can never reuse the address of an old one.
  std::optional<Principal> Find(std::string_view token, const std::shared_ptr<const void>& key_set, std::int64_t now);
  // `valid_until`: the token's exp plus the leeway the verification allowed.
  void Remember(std::string_view token, const std::shared_ptr<const void>& key_set, std::int64_t now,
                std::int64_t valid_until, const Principal& principal);

 private:
  using Digest = std::array<unsigned char, 32>;
  struct DigestHash {
    std::size_t operator()(const Digest& d) const;
  };
  struct Entry {
    Principal principal;
    std::int64_t valid_until = 0;
  };
  struct Shard {
    std::mutex mutex;
    std::shared_ptr<const void> key_set;
    std::unordered_map<Digest, Entry, DigestHash> entries;
  };
  static constexpr std::size_t kShards = 16;

  static Digest DigestOf(std::string_view token);
  Shard& ShardOf(const Digest& digest) { return shards_[digest[0] % kShards]; }

  std::size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace menshen::accounts
