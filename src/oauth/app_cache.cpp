#include "oauth/app_cache.hpp"

#include <charconv>

namespace menshen::oauth {
namespace {

constexpr std::string_view kGenerationKey = "oauth_apps_generation";

}  // namespace

Result<std::int64_t> AppCache::Generation() {
  auto stored = kv_.Get(kGenerationKey);
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return 0;
  std::int64_t generation = 0;
  const auto& text = **stored;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), generation);
  // Something else wrote the key: treat it as a generation never seen, so nothing stale is served.
  if (ec != std::errc{} || end != text.data() + text.size()) return -1;
  return generation;
}

Result<std::optional<App>> AppCache::Find(std::string_view id, const Loader& load) {
  auto shared = FindShared(id, load);
  if (!shared) return std::unexpected(shared.error());
  return **shared;
}

Result<AppCache::Shared> AppCache::FindShared(std::string_view id, const Loader& load) {
  auto generation = Generation();
  if (!generation) return std::unexpected(generation.error());
  if (*generation >= 0) {
    std::lock_guard lock(mutex_);
    if (const auto it = entries_.find(std::string(id)); it != entries_.end() && it->second.generation == *generation) {
      return it->second.app;
    }
  }
  // Read after the generation was: a write that commits in between bumps it, and the next call reads again.
  auto app = load(id);
  if (!app) return std::unexpected(app.error());
  auto shared = std::make_shared<const std::optional<App>>(std::move(*app));
  if (*generation < 0) return shared;
  std::lock_guard lock(mutex_);
  if (entries_.size() >= capacity_) entries_.clear();  // a burst of unknown ids: start over rather than grow
  entries_.insert_or_assign(std::string(id), Entry{*generation, shared});
  return shared;
}

Status AppCache::Invalidate() {
  {
    std::lock_guard lock(mutex_);
    entries_.clear();
  }
  auto bumped = kv_.Increment(kGenerationKey);
  if (!bumped) return std::unexpected(bumped.error());
  return {};
}

}  // namespace menshen::oauth
