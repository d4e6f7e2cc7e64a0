#include "app/kv_storage.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "app/storage.hpp"
#include "store/kv/memory/memory_kv.hpp"
#include "store/kv/redis/redis_kv.hpp"
#include "store/kv/sqlite/sqlite_kv.hpp"

namespace menshen::app {

Result<std::unique_ptr<store::kv::Kv>> OpenKv(const Config& config, const Clock& clock) {
  const auto& kv = config.kv;
  if (kv.url == "memory:") return std::make_unique<store::kv::MemoryKv>(clock, kv.max_keys);
  if (kv.url.starts_with("sqlite:")) {
    const auto path = SqlitePath(config, kv.url);
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    auto sqlite = store::kv::SqliteKv::Open(clock, {.path = path.string(), .max_keys = kv.max_keys});
    if (!sqlite) return Fail(sqlite.error().id, "cannot open the kv store (kv.url)", sqlite.error().internal_detail);
    return std::unique_ptr<store::kv::Kv>(std::move(*sqlite));
  }
  if (kv.url.starts_with("redis://")) {
    auto url = store::kv::ParseRedisUrl(kv.url);
    if (!url) return Fail(url.error().id, "cannot open the kv store (kv.url)", url.error().internal_detail);
    const std::string where = url->Redacted();
    auto redis = std::make_unique<store::kv::RedisKv>(
        store::kv::RedisKvOptions{.url = std::move(*url),
                                  .prefix = kv.prefix,
                                  .pool_size = static_cast<std::size_t>(kv.pool_size),
                                  .timeout = kv.timeout});
    if (auto ping = redis->Ping(); !ping) {
      spdlog::warn("the kv store does not answer yet (not ready until it does): {}", ping.error().internal_detail);
    } else {
      spdlog::info("kv store: {} (prefix \"{}\")", where, kv.prefix);
    }
    return std::unique_ptr<store::kv::Kv>(std::move(redis));
  }
  return Fail(ErrorId::kInfraCacheError, "cannot open the kv store (kv.url)",
              "kv.url is none of sqlite:, memory: and redis://");
}

}  // namespace menshen::app
