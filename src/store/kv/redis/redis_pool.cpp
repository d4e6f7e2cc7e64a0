#include "store/kv/redis/redis_pool.hpp"

#include <fmt/format.h>

namespace menshen::store::kv {

RedisPool::Lease::~Lease() {
  if (connection_) pool_->Release(std::move(connection_));
}

RedisPool::RedisPool(RedisOptions options, std::size_t size) : options_(std::move(options)), size_(size) {
  idle_.reserve(size_);
}

void RedisPool::Forget() {
  --open_;
  freed_.notify_one();
}

Result<RedisPool::Lease> RedisPool::Acquire() {
  const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      // The liveness check is a system call: made outside the lock.
      lock.unlock();
      if (connection->LooksAlive()) return Lease(*this, std::move(connection));
      connection.reset();
      lock.lock();
      Forget();
      continue;
    }
    if (open_ < size_) break;
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= size_) {
      return Fail(
          ErrorId::kInfraCacheError, {},
          fmt::format("no Redis connection free within {}ms (kv.pool_size {})", options_.timeout.count(), size_));
    }
  }
  ++open_;
  lock.unlock();
  // Opened outside the lock: a slow connect must not hold up callers that find an idle connection.
  auto opened = RedisConnection::Open(options_);
  if (!opened) {
    lock.lock();
    Forget();
    return std::unexpected(opened.error());
  }
  return Lease(*this, std::move(*opened));
}

void RedisPool::Release(std::unique_ptr<RedisConnection> connection) {
  std::unique_lock lock(mutex_);
  if (connection->Broken()) {
    Forget();
    lock.unlock();
    return;  // `connection` is closed here, outside the lock
  }
  idle_.push_back(std::move(connection));
  freed_.notify_one();
}

}  // namespace menshen::store::kv
