// A bounded pool of Redis connections. A caller takes one for a call and gives it back; when all are in use
// it waits up to the timeout, then gets kInfraCacheError rather than queueing without end. Connections open
// lazily, so a store can be built while Redis is down. A broken connection is dropped, and one the server
// has closed is noticed before it is handed out: after a Redis restart the next call opens a fresh one.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "store/kv/redis/redis_connection.hpp"

namespace menshen::store::kv {

class RedisPool {
 public:
  // A connection on loan; it goes back to the pool (or is dropped, when broken) at the end of its scope.
  class Lease {
   public:
    Lease(RedisPool& pool, std::unique_ptr<RedisConnection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    RedisConnection& operator*() const { return *connection_; }
    RedisConnection* operator->() const { return connection_.get(); }

   private:
    RedisPool* pool_;
    std::unique_ptr<RedisConnection> connection_;
  };

  RedisPool(RedisOptions options, std::size_t size);

  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<RedisConnection> connection);
  // Called with the mutex held: one fewer connection counts against the size.
  void Forget();

  const RedisOptions options_;
  const std::size_t size_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<RedisConnection>> idle_;  // the most recently used last
  std::size_t open_ = 0;                                // idle, on loan, or being opened
};

}  // namespace menshen::store::kv
