#include "crypto/hashing_pool.hpp"

#include <future>

#include "core/blocking.hpp"

namespace menshen::crypto {

HashingPool::HashingPool(PasswordHasher hasher, std::size_t threads, std::size_t max_queued)
    : hasher_(hasher), pool_(threads, max_queued) {}

template <class Work>
auto HashingPool::Run(Work work) -> decltype(work()) {
  MayBlock();  // argon2id takes tens of milliseconds: never on the I/O thread
  using Out = decltype(work());
  std::promise<Out> promise;
  auto future = promise.get_future();
  WorkerPool::Job job = [&promise, &work] { promise.set_value(work()); };
  if (!pool_.TryPost(job)) {
    return Fail(ErrorId::kCommonServiceUnavailable, "too many sign-ins at once; retry shortly");
  }
  return future.get();
}

Result<std::string> HashingPool::Hash(std::string_view password) {
  return Run([&]() -> Result<std::string> { return hasher_.Hash(password); });
}

Result<bool> HashingPool::Verify(std::string_view password, const std::string& encoded) {
  return Run([&]() -> Result<bool> { return hasher_.Verify(password, encoded); });
}

}  // namespace menshen::crypto
