// Registered apps as the token endpoints read them: every token, introspection and revocation request
// authenticates a client, and the app changes rarely, so its row is read once and then served from memory.
// A write anywhere bumps a generation counter in the shared key-value store (store::kv::Generation); an
// entry read under an older generation is read again, so a rotated secret or a deleted app stops working
// on every node at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"
#include "oauth/model.hpp"
#include "store/kv/kv.hpp"

namespace menshen::oauth {

class AppCache {
 public:
  using Loader = std::function<Result<std::optional<App>>(std::string_view id)>;
  using Shared = std::shared_ptr<const std::optional<App>>;

  explicit AppCache(store::kv::Kv& kv, std::size_t capacity = 10000);

  // The app as of the current generation: from memory when it was read under it, else from `load`.
  // An absent app is remembered too, so that guessing client ids costs no database reads.
  Result<std::optional<App>> Find(std::string_view id, const Loader& load);
  // The same entry without copying the app, for callers that only look at it.
  Result<Shared> FindShared(std::string_view id, const Loader& load);

  // Call after a write to any app has committed.
  Status Invalidate();

 private:
  struct Entry {
    std::int64_t generation = 0;
    Shared app;
  };

  std::unique_ptr<store::kv::Generation> generation_;
  std::size_t capacity_;
  std::mutex mutex_;
  struct IdHash {
    using is_transparent = void;  // look up by string_view without building a string
    std::size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
  };
  std::unordered_map<std::string, Entry, IdHash, std::equal_to<>> entries_;
};

}  // namespace menshen::oauth
