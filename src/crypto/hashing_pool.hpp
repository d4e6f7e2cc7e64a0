// Password hashing on its own small, bounded pool. argon2id is memory-hard by design: running it on the
// request workers would let a login storm starve every other endpoint and multiply memory use. With its own
// pool, memory is bounded by threads x memory cost, and a full queue answers 503 at once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/worker_pool.hpp"
#include "crypto/password.hpp"

namespace menshen::crypto {

class HashingPool {
 public:
  HashingPool(PasswordHasher hasher, std::size_t threads, std::size_t max_queued);

  // Block the calling (worker) thread until the pool has done the work; common.service_unavailable when
  // the queue is full.
  Result<std::string> Hash(std::string_view password);
  Result<bool> Verify(std::string_view password, const std::string& encoded);
  bool NeedsRehash(const std::string& encoded) const { return hasher_.NeedsRehash(encoded); }
  const PasswordHasher& Hasher() const { return hasher_; }

 private:
  template <class Work>
  auto Run(Work work) -> decltype(work());

  PasswordHasher hasher_;
  WorkerPool pool_;
};

}  // namespace menshen::crypto
