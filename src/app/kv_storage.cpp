#include "app/kv_storage.hpp"

#include <filesystem>

#include "app/storage.hpp"
#include "store/kv/memory/memory_kv.hpp"
#include "store/kv/sqlite/sqlite_kv.hpp"

namespace menshen::app {

Result<std::unique_ptr<store::kv::Kv>> OpenKv(const Config& config, const Clock& clock) {
  const std::string& url = config.kv.url;
  if (url == "memory:") return std::make_unique<store::kv::MemoryKv>(clock, config.kv.max_keys);
  if (url.starts_with("sqlite:")) {
    const auto path = SqlitePath(config, url);
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    auto kv = store::kv::SqliteKv::Open(clock, {.path = path.string(), .max_keys = config.kv.max_keys});
    if (!kv) return std::unexpected(kv.error());
    return std::unique_ptr<store::kv::Kv>(std::move(*kv));
  }
  return Fail(ErrorId::kInfraCacheError, {}, "kv.url names a store this build does not know");
}

}  // namespace menshen::app
