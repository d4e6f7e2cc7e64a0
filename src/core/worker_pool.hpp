// A fixed set of threads with a bounded queue. When the queue is full, TryPost refuses at once so the
// server can shed load with 503 instead of queueing without bound.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace menshen {

class WorkerPool {
 public:
  using Job = std::move_only_function<void()>;

  WorkerPool(std::size_t threads, std::size_t max_queued);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is stopping; the job is then not run.
  bool TryPost(Job& job);
  std::size_t QueueDepth() const;
  std::size_t Busy() const;
  // Runs what is queued, then joins the threads.
  void Stop();

 private:
  void Loop();

  const std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> queue_;
  std::size_t busy_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace menshen
