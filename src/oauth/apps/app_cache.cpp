#include "oauth/apps/app_cache.hpp"

namespace menshen::oauth {
namespace {

constexpr std::string_view kGenerationName = "oauth_apps";

}  // namespace

AppCache::AppCache(store::kv::Kv& kv, std::size_t capacity)
    : generation_(kv.OpenGeneration(kGenerationName)), capacity_(capacity) {}

Result<std::optional<App>> AppCache::Find(std::string_view id, const Loader& load) {
  auto shared = FindShared(id, load);
  if (!shared) return std::unexpected(shared.error());
  return **shared;
}

Result<AppCache::Shared> AppCache::FindShared(std::string_view id, const Loader& load) {
  auto generation = generation_->Current();
  if (!generation) return std::unexpected(generation.error());
  {
    std::lock_guard lock(mutex_);
    if (const auto it = entries_.find(id); it != entries_.end() && it->second.generation == *generation) {
      return it->second.app;
    }
  }
  // Read after the generation was: a write that commits in between bumps it, and the next call reads again.
  auto app = load(id);
  if (!app) return std::unexpected(app.error());
  auto shared = std::make_shared<const std::optional<App>>(std::move(*app));
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
  auto bumped = generation_->Bump();
  if (!bumped) return std::unexpected(bumped.error());
  return {};
}

}  // namespace menshen::oauth
